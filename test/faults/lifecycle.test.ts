/**
 * The Security Hub lifecycle never closes what it could not see (issue 12, points 1
 * and 2), against a private emulator's Security Hub.
 */
import { paginateGetFindings, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runAudit } from '../../lib/audit/service.js';
import type { AuditConfigInput } from '../../lib/config/schema.js';
import type { Snapshot } from '../../lib/inventory/types.js';
import { findingId } from '../../lib/report/asff.js';
import { writeSecurityHubFindings } from '../../lib/report/security-hub.js';
import { startEmulator } from '../../scripts/emulator.mjs';
import { config, loadExample, RULES } from '../support/fixtures.js';
import { find, west } from '../support/landing-zone.js';
import { CREDENTIALS, REGION } from './support.js';

const ACCOUNT = '123456789012';
let emulator: { url: string; stop: () => Promise<void> };
let client: SecurityHubClient;
let clock = new Date('2026-11-22T03:00:00.000Z');

async function write(snapshot: Snapshot, configInput: AuditConfigInput = {}) {
  const now = clock;
  clock = new Date(clock.getTime() + 3_600_000);
  const { results } = runAudit(snapshot, { rules: RULES, config: config(configInput), now });
  return writeSecurityHubFindings(results, {
    client,
    accountId: ACCOUNT,
    partition: 'aws',
    region: REGION,
    now,
  });
}

async function recordState(id: string): Promise<string | undefined> {
  for await (const page of paginateGetFindings({ client }, { MaxResults: 100 })) {
    const found = page.Findings?.find((f) => f.Id === id);
    if (found) return found.RecordState;
  }
  return undefined;
}

/** The example as collected when one EC2 operation was denied: its list absent, the failure recorded. */
function denied(operation: string, list: 'VpcEndpoints' | 'VpnConnections'): Snapshot {
  const snapshot = loadExample();
  delete west(snapshot).ec2?.[list];
  snapshot.errors = [
    ...(snapshot.errors ?? []),
    {
      region: REGION,
      service: 'ec2',
      operation,
      code: 'UnauthorizedOperation',
      message: 'You are not authorized',
    },
  ];
  return snapshot;
}

/** How many archived findings there are; fails if one of them had not said NOT_AVAILABLE. */
async function archivedNotAvailable(): Promise<number> {
  let count = 0;
  for await (const page of paginateGetFindings({ client }, { MaxResults: 100 }))
    for (const finding of page.Findings ?? [])
      if (finding.RecordState === 'ARCHIVED') {
        expect(finding.Compliance?.Status, finding.Id).toBe('NOT_AVAILABLE');
        count += 1;
      }
  return count;
}

beforeAll(async () => {
  emulator = await startEmulator();
  client = new SecurityHubClient({ region: REGION, endpoint: emulator.url, credentials: CREDENTIALS });
}, 120_000);

afterAll(async () => {
  client?.destroy();
  await emulator?.stop();
});

beforeEach(async () => {
  await fetch(`${emulator.url}/moto-api/reset`, { method: 'POST' });
});

describe('Security Hub lifecycle under incomplete collections', () => {
  it('a suppressed NOT_AVAILABLE result still protects its rule’s findings (point 1)', async () => {
    // Prepare: a complete run stores NET.1's findings for every endpoint.
    const first = await write(loadExample());
    expect(first.imported).toBeGreaterThan(0);
    // Act: DescribeVpcEndpoints denied, and NET.1 suppressed on the account.
    const second = await write(denied('DescribeVpcEndpoints', 'VpcEndpoints'), {
      suppressions: [
        { ruleId: 'NET.1', resourceId: ACCOUNT, reason: 'endpoint read access pending (CHG-1)' },
      ],
    });
    // Assess: nothing archived but findings that themselves said NOT_AVAILABLE (DNS.1's, whose
    // cause, the forwarders, gave way to the failed call), and NET.1's findings still active.
    expect(second.archived).toBe(await archivedNotAvailable());
    expect(
      await recordState(
        findingId({ ruleId: 'NET.1', region: REGION, resourceId: 'vpce-0a1b2c3d4e5f60101' }, ACCOUNT),
      ),
    ).toBe('ACTIVE');
  });

  it('a NOT_AVAILABLE finding whose cause is gone is archived, though its rule is incomplete for another reason (point 2)', async () => {
    // Prepare: a complete run, then one with DescribeVpnConnections denied: VPN.2 is NOT_AVAILABLE on the account.
    await write(loadExample());
    const other = findingId(
      { ruleId: 'VPN.2', region: REGION, resourceId: 'vpn-0b1c2d3e4f5a60002' },
      ACCOUNT,
    );
    expect(await recordState(other)).toBe('ACTIVE');
    await write(denied('DescribeVpnConnections', 'VpnConnections'));
    const stale = findingId({ ruleId: 'VPN.2', region: REGION, resourceId: ACCOUNT }, ACCOUNT);
    expect(await recordState(stale)).toBe('ACTIVE');
    // Act: access restored; one connection reports no telemetry, so VPN.2 is NOT_AVAILABLE there,
    // and the other connection is not in the answer (VPN.2 cannot tell deleted from unseen).
    const restored = loadExample();
    const ec2 = west(restored).ec2;
    delete find(ec2?.VpnConnections, (c) => c.VpnConnectionId === 'vpn-0b1c2d3e4f5a60001').VgwTelemetry;
    if (ec2)
      ec2.VpnConnections = ec2.VpnConnections?.filter((c) => c.VpnConnectionId !== 'vpn-0b1c2d3e4f5a60002');
    const second = await write(restored);
    // Assess
    expect(await recordState(stale)).toBe('ARCHIVED');
    expect(second.archived).toBeGreaterThan(0);
    // The rule's other finding, which this incomplete run could not re-judge, stays.
    expect(await recordState(other)).toBe('ACTIVE');
  });
});

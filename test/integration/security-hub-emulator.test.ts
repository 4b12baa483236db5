/**
 * The finding lifecycle against the local AWS emulator's Security Hub, end to end
 * through `hna audit --security-hub`: first import, identical re-run, a fix, a
 * deleted resource, and a run whose collection failed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { paginateGetFindings, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { runAudit } from '../../lib/audit/service.js';
import type { Snapshot } from '../../lib/inventory/types.js';
import { findingId, sendable, toAsff } from '../../lib/report/asff.js';
import { runHna } from '../support/cli-harness.js';
import { config, loadExample, RULES } from '../support/fixtures.js';
import { find, west } from '../support/landing-zone.js';

const endpoint = inject('awsEndpoint');
const dir = mkdtempSync(join(tmpdir(), 'hna-hub-'));
let clock = new Date('2026-11-22T03:00:00.000Z');

async function audit(snapshot: Snapshot) {
  const file = join(dir, `snapshot-${clock.getTime()}.json`);
  writeFileSync(file, JSON.stringify(snapshot));
  const now = clock;
  const { code, stderr } = await runHna(
    ['audit', '--snapshot', file, '--security-hub', '--endpoint-url', endpoint, '--fail-on', 'never'],
    {
      now: () => now,
    },
  );
  clock = new Date(clock.getTime() + 3_600_000);
  const line = /security hub eu-west-1: (\d+) imported, (\d+) unchanged, (\d+) archived, (\d+) failed/.exec(
    stderr,
  );
  if (code !== 0 || line === null) throw new Error(`audit failed (${code}): ${stderr}`);
  const [, imported, unchanged, archived, failed] = line.map(Number);
  return { imported, unchanged, archived, failed };
}

async function stored() {
  const client = new SecurityHubClient({ region: 'eu-west-1', endpoint });
  const findings = [];
  for await (const page of paginateGetFindings({ client }, { MaxResults: 100 }))
    findings.push(...(page.Findings ?? []));
  return new Map(
    findings.filter((f) => f.Region === 'eu-west-1' || f.Region === undefined).map((f) => [f.Id, f]),
  );
}

const sentIds = (snapshot: Snapshot) =>
  new Set(
    sendable(runAudit(snapshot, { rules: RULES, config: config(), now: clock }).results)
      .filter((r) => r.region === 'eu-west-1')
      .map((r) => findingId(r, '123456789012')),
  );

describe('Security Hub lifecycle against the emulator', () => {
  beforeAll(async () => {
    await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  });

  it('imports, leaves unchanged, updates exactly what changed, archives what is gone, and never closes on an incomplete scan', async () => {
    // 1. First run: every sendable result becomes a finding.
    const original = loadExample();
    const expected = sentIds(original);
    expect(await audit(original)).toEqual({ imported: expected.size, unchanged: 0, archived: 0, failed: 0 });

    // The stored findings, field by field.
    const afterFirst = await stored();
    const agent = 'arn:aws:datasync:eu-west-1:123456789012:agent/agent-0b0addf0c6e7a0002';
    const offlineId = findingId(
      { ruleId: 'DSYNC.3', region: 'eu-west-1', resourceId: agent },
      '123456789012',
    );
    const offline = afterFirst.get(offlineId);
    const result = runAudit(original, {
      rules: RULES,
      config: config(),
      now: new Date('2026-11-22T03:00:00.000Z'),
    }).results.find((r) => r.ruleId === 'DSYNC.3' && r.resourceId === agent);
    if (result === undefined) throw new Error('the example lost its offline agent');
    const local = toAsff(result, {
      accountId: '123456789012',
      partition: 'aws',
      now: new Date('2026-11-22T03:00:00.000Z'),
    });
    for (const field of [
      'Id',
      'ProductArn',
      'GeneratorId',
      'AwsAccountId',
      'Title',
      'Description',
      'Compliance',
      'FindingProviderFields',
      'Resources',
      'Remediation',
      'ProductFields',
      'RecordState',
      'CreatedAt',
      'UpdatedAt',
    ] as const) {
      expect(offline?.[field], field).toEqual(local[field]);
    }

    // 2. The same snapshot again: nothing sent.
    expect(await audit(original)).toEqual({ imported: 0, unchanged: expected.size, archived: 0, failed: 0 });

    // 3. The agent comes back online: exactly that finding is updated, to PASSED.
    const fixed = loadExample();
    find(west(fixed).datasync?.Agents, (a) => a.AgentArn === agent).Status = 'ONLINE';
    expect(await audit(fixed)).toEqual({ imported: 1, unchanged: expected.size - 1, archived: 0, failed: 0 });
    const updated = (await stored()).get(offlineId);
    expect(updated?.Compliance?.Status).toBe('PASSED');
    expect(updated?.CreatedAt).toBe(offline?.CreatedAt);
    expect(Date.parse(updated?.UpdatedAt ?? '')).toBeGreaterThan(Date.parse(offline?.UpdatedAt ?? ''));

    // 4. A VPN connection is deleted: its findings are archived, and only those.
    const deleted = loadExample();
    find(west(deleted).datasync?.Agents, (a) => a.AgentArn === agent).Status = 'ONLINE';
    const ec2 = west(deleted).ec2;
    if (ec2)
      ec2.VpnConnections = ec2.VpnConnections?.filter((c) => c.VpnConnectionId !== 'vpn-0b1c2d3e4f5a60001');
    const gone = [...sentIds(fixed)].filter((id) => !sentIds(deleted).has(id));
    expect(gone.length).toBeGreaterThan(0);
    const fourth = await audit(deleted);
    expect(fourth.archived).toBe(gone.length);
    const afterDelete = await stored();
    for (const id of gone) expect(afterDelete.get(id)?.RecordState, id).toBe('ARCHIVED');

    // 5. EC2 endpoints could not be read: the rules that need them archive nothing.
    const failed = loadExample();
    const failedEc2 = west(failed).ec2;
    if (failedEc2) {
      delete failedEc2.VpcEndpoints;
      failedEc2.VpnConnections = [];
    }
    failed.errors = [
      {
        region: 'eu-west-1',
        service: 'ec2',
        operation: 'DescribeVpcEndpoints',
        code: 'RequestLimitExceeded',
        message: 'Rate exceeded',
      },
      {
        region: 'eu-west-1',
        service: 'ec2',
        operation: 'DescribeVpnConnections',
        code: 'RequestLimitExceeded',
        message: 'Rate exceeded',
      },
    ];
    const active = [...(await stored()).values()].filter((f) => f.RecordState === 'ACTIVE');
    // A finding that said NOT_AVAILABLE asserts nothing of its resource: when this run no longer
    // produces it (its rule now NOT_AVAILABLE on the account, for the failed call), it may go.
    const notAvailable = new Set(
      active.filter((f) => f.Compliance?.Status === 'NOT_AVAILABLE').map((f) => f.Id),
    );
    const before = active.filter((f) => !notAvailable.has(f.Id)).map((f) => f.Id);
    expect(before.length).toBeGreaterThan(0);
    const fifth = await audit(failed);
    const after = await stored();
    for (const id of before) expect(after.get(id)?.RecordState, id).toBe('ACTIVE');
    const archived = active.filter((f) => after.get(f.Id)?.RecordState === 'ARCHIVED').map((f) => f.Id);
    expect(archived.every((id) => notAvailable.has(id))).toBe(true);
    expect(fifth.archived).toBe(archived.length);
  });
});

/**
 * Faults between hna and AWS (issue 12), proven against the emulator through the fault
 * proxy: throttling, 5xx pages and resets change nothing the audit says; AccessDenied on
 * one operation changes only the rules that read it; the identity call survives
 * throttling; a gateway's HTML page is recorded with its HTTP status.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveIdentity } from '../../lib/collect/clients.js';
import { CollectionLog } from '../../lib/collect/log.js';
import { RULES } from '../../lib/rules/index.js';
import { startEmulator } from '../../scripts/emulator.mjs';
import { type FaultPlan, startFaultProxy } from '../support/fault-proxy.js';
import {
  type Collected,
  CREDENTIALS,
  collectAndAudit,
  failedCalls,
  REGION,
  seedAccount,
  servedOnly,
  verdicts,
} from './support.js';

let emulator: { url: string; stop: () => Promise<void> };
let baseline: Collected;

async function throughProxy(plan: FaultPlan) {
  const proxy = await startFaultProxy(emulator.url, plan);
  try {
    return { ...(await collectAndAudit(proxy.url)), counts: proxy.counts };
  } finally {
    await proxy.stop();
  }
}

beforeAll(async () => {
  emulator = await startEmulator();
  await seedAccount(emulator.url);
  baseline = await collectAndAudit(emulator.url);
}, 120_000);

afterAll(async () => {
  await emulator?.stop();
});

describe('collection under injected faults', () => {
  it('the fault-free baseline judges the seeded account', () => {
    expect(baseline.results.length).toBeGreaterThan(20);
    expect(baseline.results.some((r) => r.status === 'PASSED')).toBe(true);
  });

  it.each([1, 2, 3])('30%% throttling of every call ends in the same audit (seed %i)', async (seed) => {
    // Act
    const run = await throughProxy({ seed, throttle: 0.3, only: servedOnly });
    // Assess
    expect(run.counts.throttled).toBeGreaterThan(5);
    expect(verdicts(run.results)).toEqual(verdicts(baseline.results));
    expect(failedCalls(run.snapshot)).toEqual(failedCalls(baseline.snapshot));
    const stats = run.log.stats();
    expect(stats.reduce((n, s) => n + s.throttled, 0)).toBe(run.counts.throttled);
    expect(stats.reduce((n, s) => n + s.retries, 0)).toBeGreaterThanOrEqual(run.counts.throttled);
  });

  it.each([4, 5])('50%% throttling of every call ends in the same audit (seed %i)', async (seed) => {
    const run = await throughProxy({ seed, throttle: 0.5, only: servedOnly });
    expect(run.counts.throttled).toBeGreaterThan(10);
    expect(verdicts(run.results)).toEqual(verdicts(baseline.results));
  });

  it.each([6, 7])('resets and 5xx gateway pages at 20%% end in the same audit (seed %i)', async (seed) => {
    const run = await throughProxy({ seed, reset: 0.1, serverError: 0.1, only: servedOnly });
    expect(run.counts.resets + run.counts.serverErrors).toBeGreaterThan(3);
    expect(verdicts(run.results)).toEqual(verdicts(baseline.results));
    expect(failedCalls(run.snapshot)).toEqual(failedCalls(baseline.snapshot));
  });

  it('AccessDenied on one operation changes only the rules that read its list, to NOT_AVAILABLE naming it', async () => {
    // Act
    const run = await throughProxy({ seed: 8, deny: ['ec2:DescribeVpnConnections'] });
    // Assess
    expect(failedCalls(run.snapshot)).toEqual(
      [...failedCalls(baseline.snapshot), 'ec2:DescribeVpnConnections UnauthorizedOperation'].sort(),
    );
    const before = verdicts(baseline.results);
    const after = verdicts(run.results);
    const readers = new Set(
      RULES.filter((rule) => (rule.inputs as readonly string[]).includes('ec2.VpnConnections')).map(
        (r) => r.id,
      ),
    );
    const changed = Object.keys({ ...before, ...after }).filter((key) => before[key] !== after[key]);
    expect(changed.length).toBeGreaterThan(0);
    for (const key of changed) {
      const ruleId = key.split(' ')[0] as string;
      expect(readers.has(ruleId), `${key} changed but its rule does not read ec2.VpnConnections`).toBe(true);
      if (after[key] !== undefined) {
        expect(after[key]).toMatch(/^NOT_AVAILABLE: .*DescribeVpnConnections/);
      }
    }
  });

  it('the identity call survives two throttles in a row (50% throttled STS, ten seeds)', async () => {
    for (let seed = 10; seed < 20; seed += 1) {
      const proxy = await startFaultProxy(emulator.url, {
        seed,
        throttle: 0.5,
        only: (request) => request.service === 'sts',
      });
      try {
        const identity = await resolveIdentity({ endpoint: proxy.url, credentials: CREDENTIALS }, REGION);
        expect(identity.accountId).toBe('123456789012');
      } finally {
        await proxy.stop();
      }
    }
  });

  it('a gateway HTML page is recorded with its HTTP status and operation, not as SyntaxError', async () => {
    // Act
    const run = await throughProxy({
      seed: 9,
      serverError: 1,
      only: (request) => request.operation === 'DescribeVpnGateways',
    });
    // Assess
    const error = run.snapshot.errors?.find((e) => e.operation === 'DescribeVpnGateways');
    expect(error).toMatchObject({ service: 'ec2', code: 'HTTP 502' });
    expect(error?.message).toContain('not an AWS response');
    expect(run.log.failureSummary()).toContain('ec2:DescribeVpnGateways × 1 (HTTP 502)');
  });
});

describe('the collection log', () => {
  it('names failed calls by operation and count', () => {
    const log = new CollectionLog();
    log.fail(
      { service: 'ec2', operation: 'DescribeVpnConnections' },
      { name: 'UnauthorizedOperation', message: 'x' },
    );
    log.fail(
      { service: 'ec2', operation: 'DescribeVpnConnections' },
      { name: 'UnauthorizedOperation', message: 'x' },
    );
    log.fail(
      { service: 'datasync', operation: 'ListAgents' },
      { name: 'AccessDeniedException', message: 'x' },
    );
    expect(log.failureSummary()).toEqual([
      'ec2:DescribeVpnConnections × 2 (UnauthorizedOperation)',
      'datasync:ListAgents × 1 (AccessDeniedException)',
    ]);
  });
});

/**
 * Security Hub writes against the local emulator: calls and findings sent for a
 * first audit, an identical re-run, and a run where 1% of the results changed.
 * Run: npm run bench:security-hub
 */
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { runAudit } from '../lib/audit/service.js';
import { parseConfig } from '../lib/config/load.js';
import { writeSecurityHubFindings } from '../lib/report/security-hub.js';
import { RULES, ruleIds } from '../lib/rules/index.js';
import { startEmulator } from '../scripts/emulator.mjs';
import { table, writeSection } from './report.js';
import { generate } from './scale-data.js';

const emulator = await startEmulator();
try {
  const config = parseConfig({ sourceCidrs: ['10.20.0.0/16'] }, 'bench', ruleIds());
  const region = 'eu-west-1';
  const calls: Record<string, number> = {};
  const client = new SecurityHubClient({
    region,
    endpoint: emulator.url,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      calls[context.commandName ?? '?'] = (calls[context.commandName ?? '?'] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
  let clock = Date.parse('2026-11-22T03:00:00.000Z');
  const audit = async (snapshot: ReturnType<typeof generate>) => {
    for (const key of Object.keys(calls)) delete calls[key];
    const now = new Date(clock);
    clock += 3_600_000;
    const results = runAudit(snapshot, { rules: RULES, config, now }).results.filter(
      (r) => r.region === region,
    );
    const counts = await writeSecurityHubFindings(results, {
      client,
      accountId: '123456789012',
      partition: 'aws',
      region,
      now,
    });
    return {
      results: results.length,
      counts,
      imports: calls.BatchImportFindingsCommand ?? 0,
      reads: calls.GetFindingsCommand ?? 0,
    };
  };
  const snapshot = generate(1);
  const first = await audit(snapshot);
  const again = await audit(snapshot);
  // 1% of the results change: that many DataSync agents go offline (each changes exactly its DSYNC.3 result).
  const changed = generate(1);
  const agents = changed.regions?.[region]?.datasync?.Agents ?? [];
  const target = Math.round(first.results / 100);
  for (const agent of agents.slice(0, target)) agent.Status = 'OFFLINE';
  const third = await audit(changed);
  const row = (name: string, r: Awaited<ReturnType<typeof audit>>) => [
    name,
    r.results,
    r.counts.imported,
    r.counts.unchanged,
    r.counts.archived,
    r.counts.failed,
    r.reads,
    r.imports,
  ];
  const body = `## Security Hub writes

One region of the 1x synthetic organization (see Evaluation scale) written with the lifecycle writer to the local emulator's Security Hub; calls counted on the client. Reproduce: \`npm run bench:security-hub\`.

${table(
  [
    'run',
    'results',
    'imported',
    'unchanged',
    'archived',
    'failed',
    'GetFindings calls',
    'BatchImportFindings calls',
  ],
  [
    row('first audit', first),
    row('identical re-run', again),
    row(`${Math.min(target, agents.length)} results changed (1%)`, third),
  ],
)}

Targets: the re-run imports 0 — **${again.counts.imported === 0 ? 'met' : 'NOT met'}**; the 1% run imports exactly the changed findings — **${third.counts.imported === Math.min(target, agents.length) ? 'met' : 'NOT met'}**.`;
  console.log(body);
  writeSection('security-hub', body);
} finally {
  await emulator.stop();
}

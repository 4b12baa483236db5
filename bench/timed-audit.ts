/** The audit both evaluation benchmarks time: the full catalog, the same configuration, in this process. */
import { runAudit } from '../lib/audit/service.js';
import { parseConfig } from '../lib/config/load.js';
import type { Snapshot } from '../lib/inventory/types.js';
import { RULES, ruleIds } from '../lib/rules/index.js';

export function timedAudit(snapshot: Snapshot) {
  const config = parseConfig(
    { sourceCidrs: ['10.20.0.0/16'], vpn: { remoteCidrs: ['172.16.0.0/16'] } },
    'bench',
    ruleIds(),
  );
  const started = process.hrtime.bigint();
  const report = runAudit(snapshot, { rules: RULES, config, now: new Date('2026-11-22T03:00:00.000Z') });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { report, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

/**
 * One region at the quota's edge: the bundled landing zone replicated 100, 200, 400 and
 * 800 times in one account and region, the full catalog evaluated on each in a fresh
 * process: time, peak memory and the longest evidence string, with the growth per ×2.
 * Run: npm run bench:region
 */
import { execFileSync } from 'node:child_process';
import { RULES } from '../lib/rules/index.js';
import { replicateRegion } from './region-data.js';
import { table, writeSection } from './report.js';
import { timedAudit } from './timed-audit.js';

const GROWTH_TARGET = 2.25;
const EVIDENCE_TARGET = 2000;

interface Run {
  copies: number;
  ms: number;
  maxRssMb: number;
  results: number;
  longestEvidence: number;
  longestRule: string;
  vpcs: number;
  endpoints: number;
  buckets: number;
}

if (process.argv.includes('--child')) {
  const copies = Number(process.argv[process.argv.indexOf('--child') + 1]);
  const snapshot = replicateRegion(copies);
  const { report, ms, maxRssMb } = timedAudit(snapshot);
  let longest = { length: 0, rule: '' };
  for (const result of report.results)
    if ((result.evidence?.length ?? 0) > longest.length)
      longest = { length: result.evidence?.length ?? 0, rule: result.ruleId };
  const ec2 = snapshot.regions?.['eu-west-1']?.ec2;
  const run: Run = {
    copies,
    ms,
    maxRssMb,
    results: report.results.length,
    longestEvidence: longest.length,
    longestRule: longest.rule,
    vpcs: ec2?.Vpcs?.length ?? 0,
    endpoints: ec2?.VpcEndpoints?.length ?? 0,
    buckets: snapshot.s3?.Buckets?.length ?? 0,
  };
  console.log(JSON.stringify(run));
} else {
  const sizes = (process.env.HNA_BENCH_COPIES ?? '100,200,400,800').split(',').map(Number);
  const runs = sizes.map((copies) => {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'bench/region.ts', '--child', String(copies)],
      { maxBuffer: 1 << 24 },
    );
    return JSON.parse(String(out).trim().split('\n').pop() as string) as Run;
  });
  const growths = runs.map((r, i) => {
    const previous = runs[i - 1];
    return previous === undefined ? undefined : r.ms / previous.ms / (r.copies / previous.copies / 2);
  });
  const rows = runs.map((r, i) => [
    r.copies,
    `${r.vpcs} / ${r.endpoints} / ${r.buckets}`,
    r.results,
    (r.ms / 1000).toFixed(2),
    growths[i] === undefined ? '' : `×${(growths[i] as number).toFixed(2)}`,
    r.maxRssMb.toFixed(0),
    `${r.longestEvidence} (${r.longestRule})`,
  ]);
  const growthMet = growths.every((g) => g === undefined || g <= GROWTH_TARGET);
  const evidenceMet = runs.every((r) => r.longestEvidence <= EVIDENCE_TARGET);
  const body = `## One region at the quota's edge

The bundled landing zone's eu-west-1 (a production VPC with its staging, endpoint, task and database subnets, two VPN connections on a virtual private gateway, DRS, DataSync, endpoint-pinned backup buckets, a database; an analytics VPC behind a transit gateway) replicated in **one** account and region, each copy with its own ids, CIDR blocks, bucket and database names, and its staging subnet answering through a Network Firewall endpoint both ways (\`bench/region-data.ts\`); the full catalog (${RULES.length} rules) evaluated in a fresh process. Time of \`runAudit\` alone, peak resident memory of the whole process, and the longest evidence string of any result. Growth is the time ratio per doubling of the copies. Reproduce: \`npm run bench:region\`.

${table(['copies', 'VPCs / endpoints / buckets', 'results', 'time (s)', 'growth per ×2', 'peak RSS (MB)', 'longest evidence (rule)'], rows)}

Targets: growth ≤ ×${GROWTH_TARGET} per ×2 at every step — **${growthMet ? 'met' : 'NOT met'}**; no evidence string over ${EVIDENCE_TARGET.toLocaleString('en')} characters — **${evidenceMet ? 'met' : 'NOT met'}**.`;
  console.log(body);
  writeSection('region', body);
}

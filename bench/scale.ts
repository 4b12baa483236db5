/**
 * Evaluation at organization scale: synthetic, realistic snapshots at 1x, 4x and
 * 16x a base size (16x: 2,000 VPCs, 40,000 subnets, 20,000 groups with 200,000
 * rules, 5,000 endpoints, 2,000 agents, 5,000 DRS source servers, 5,000 buckets),
 * the full catalog evaluated on each in a fresh process, time and peak memory.
 * Run: npm run bench:scale
 */
import { execFileSync } from 'node:child_process';
import { RULES } from '../lib/rules/index.js';
import { table, writeSection } from './report.js';
import { count, generate, REGIONS } from './scale-data.js';
import { timedAudit } from './timed-audit.js';

if (process.argv.includes('--child')) {
  const scale = Number(process.argv[process.argv.indexOf('--child') + 1]);
  const snapshot = generate(scale);
  const { report, ms, maxRssMb } = timedAudit(snapshot);
  console.log(
    JSON.stringify({
      scale,
      ms,
      maxRssMb,
      unavailable: [
        ...new Set(
          report.results.filter((r) => r.status === 'NOT_AVAILABLE').map((r) => `${r.ruleId}: ${r.evidence}`),
        ),
      ].slice(0, 5),
      results: report.results.length,
      counts: count(snapshot),
      summary: report.summary,
    }),
  );
} else {
  const scales = (process.env.HNA_BENCH_SCALES ?? '1,4,16').split(',').map(Number);
  const runs = scales.map((scale) => {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'bench/scale.ts', '--child', String(scale)],
      { maxBuffer: 1 << 24 },
    );
    return JSON.parse(String(out).trim().split('\n').pop() as string) as {
      scale: number;
      ms: number;
      maxRssMb: number;
      results: number;
      counts: ReturnType<typeof count>;
      summary: Record<string, number>;
    };
  });
  const rows = runs.map((r, i) => {
    const previous = runs[i - 1];
    const growth = previous
      ? `×${(r.ms / previous.ms).toFixed(2)} for ×${r.scale / previous.scale} input`
      : '';
    const c = r.counts;
    return [
      `${r.scale}x`,
      `${c.vpcs} / ${c.subnets} / ${c.groups} (${c.rules}) / ${c.endpoints} / ${c.agents} / ${c.servers} / ${c.buckets}`,
      `${c.transitGateways} / ${c.tgwAttachments} / ${c.tgwRoutes}`,
      `${r.summary.FAILED ?? 0} / ${r.summary.WARNING ?? 0} / ${r.summary.NOT_AVAILABLE ?? 0}`,
      r.results,
      (r.ms / 1000).toFixed(2),
      r.maxRssMb.toFixed(0),
      growth,
    ];
  });
  const largest = runs[runs.length - 1];
  const timeMet = largest !== undefined && largest.ms < 10_000;
  const memoryMet = largest !== undefined && largest.maxRssMb < 1536;
  const silent = runs.every(
    (r) => (r.summary.FAILED ?? 0) + (r.summary.WARNING ?? 0) + (r.summary.NOT_AVAILABLE ?? 0) === 0,
  );
  const growthMet = runs.every(
    (r, i) =>
      i === 0 || r.ms / (runs[i - 1] as typeof r).ms <= 4.5 * (r.scale / (runs[i - 1] as typeof r).scale / 4),
  );
  const body = `## Evaluation scale

Synthetic snapshots over ${REGIONS.length} regions (VPCs each with 20 subnets in three zones, a main route table with VPN, transit gateway and NAT routes, an ACL, 10 groups of 11 rules, 2–3 interface endpoints, a DataSync agent, a DRS template and 2–3 source servers, 2–3 endpoint-pinned backup buckets), and in each region one transit gateway that every VPC attaches to (a subnet in each zone) and sends the data centre to: a spokes table routing it to the Direct Connect gateway attachment, an on-premises table with a propagated route per VPC, two transit virtual interfaces, and the Direct Connect gateway's associations with allowed prefixes; the full catalog (${RULES.length} rules) evaluated in a fresh process, so every question from the data centre crosses the hub. Time of \`runAudit\` alone, peak resident memory of the whole process (snapshot included); the synthetic organization is healthy, so FAILED / WARNING / NOT_AVAILABLE stay at 0 (a non-zero count would be a false alarm). Reproduce: \`npm run bench:scale\`.

${table(['size', 'VPCs / subnets / groups (rules) / endpoints / agents / DRS servers / buckets', 'transit gateways / VPC attachments / hub routes', 'FAILED / WARNING / NOT_AVAILABLE', 'results', 'time (s)', 'peak RSS (MB)', 'growth'], rows)}

Targets at 16x: under 10 s — **${timeMet ? 'met' : 'NOT met'}**; under 1.5 GB — **${memoryMet ? 'met' : 'NOT met'}**; growth ×4 input → at most ×4.5 time — **${growthMet ? 'met' : 'NOT met'}**; no FAILED, WARNING or NOT_AVAILABLE on the healthy organization — **${silent ? 'met' : 'NOT met'}**.`;
  console.log(body);
  writeSection('scale', body);
}

import { describe, expect, it } from 'vitest';
import { auditSnapshots } from '../lib/audit/service.js';
import { runHna } from './support/cli-harness.js';
import { config, NOW, RULES } from './support/fixtures.js';
import {
  behindTransitGateway,
  DNS_FORWARDERS,
  HEALTHY_CONFIG,
  healthy,
  healthyNetwork,
  IDS,
  NET_IDS,
} from './support/landing-zone.js';

describe('the healthy landing zone', () => {
  it('gives no FAILED and no WARNING at all (false alarms are defects)', () => {
    // Act
    const report = auditSnapshots([healthy(), healthyNetwork()], {
      rules: RULES,
      config: config(HEALTHY_CONFIG),
      now: NOW,
    });
    // Assess
    const alarms = report.results.filter((r) => r.status === 'FAILED' || r.status === 'WARNING');
    expect(alarms.map((r) => `${r.ruleId} ${r.resourceId}: ${r.evidence}`)).toEqual([]);
    expect(report.summary.NOT_AVAILABLE).toBe(0);
    expect(report.summary.PASSED).toBeGreaterThan(0);
  });

  it('is also silent when the source networks are inferred instead of configured', () => {
    const report = auditSnapshots([healthy(), healthyNetwork()], {
      rules: RULES,
      // The forwarders are what AWS cannot see (DNS.1, DNS.2, DNS.4 need them whatever the sources).
      config: config({ vpn: { remoteCidrs: ['172.16.0.0/16'] }, dns: { forwarders: DNS_FORWARDERS } }),
      now: NOW,
    });
    const alarms = report.results.filter(
      (r) => r.status === 'FAILED' || r.status === 'WARNING' || r.status === 'NOT_AVAILABLE',
    );
    expect(alarms.map((r) => `${r.ruleId} ${r.resourceId}: ${r.evidence}`)).toEqual([]);
    expect(report.summary.PASSED).toBeGreaterThan(0);
  });
});

/** The healthy network account whose production table sends the data centre to a blackhole. */
function productionBlackholed() {
  const network = healthyNetwork();
  const table = network.regions?.['eu-west-1']?.ec2?.TransitGatewayRouteTables?.find(
    (t) => t.TransitGatewayRouteTableId === NET_IDS.tableProduction,
  );
  if (table === undefined) throw new Error('the network example lost its production table');
  table.Routes = [{ DestinationCidrBlock: '10.20.0.0/16', State: 'blackhole', Type: 'static' }];
  return network;
}

describe('the healthy landing zone moved behind the transit gateway (issue 14)', () => {
  const audit = () =>
    auditSnapshots([behindTransitGateway(), healthyNetwork()], {
      rules: RULES,
      config: config(HEALTHY_CONFIG),
      now: NOW,
    });

  it('stays silent, with every path of the production VPC followed through the hub', () => {
    const report = audit();
    const alarms = report.results.filter(
      (r) => r.status === 'FAILED' || r.status === 'WARNING' || r.status === 'NOT_AVAILABLE',
    );
    expect(alarms.map((r) => `${r.ruleId} ${r.resourceId}: ${r.evidence}`)).toEqual([]);
    // The replication port is judged through the hub's tables, not past them.
    const replication = report.results.find((r) => r.ruleId === 'DRS.2' && r.resourceId === IDS.staging);
    const hops = replication?.path?.paths.flatMap((p) => p.hops.map((h) => h.hop)) ?? [];
    expect(hops).toEqual(expect.arrayContaining(['tgw-route', 'tgw-return-route', 'tgw-attachment-az']));
    expect(
      report.results.find((r) => r.ruleId === 'NET.4' && r.resourceId === NET_IDS.attachMain),
    ).toMatchObject({ status: 'PASSED', accountId: '123456789012' });
  });

  it('fails the replication path when the hub sends the data centre to a blackhole: no PASSED through closed tables', () => {
    const network = productionBlackholed();
    const report = auditSnapshots([behindTransitGateway(), network], {
      rules: RULES,
      config: config(HEALTHY_CONFIG),
      now: NOW,
    });
    const passedThroughHub = report.results.filter(
      (r) =>
        r.status === 'PASSED' &&
        r.path?.paths.some(
          (p) =>
            // The production VPC's paths (the analytics VPC has its own, healthy, table).
            p.target !== NET_IDS.analyticsSubnet &&
            p.network === '10.20.0.0/16' &&
            p.hops.some((h) => h.hop === 'route' && h.entries.some((e) => e.includes(NET_IDS.tgw))),
        ),
    );
    expect(passedThroughHub.map((r) => `${r.ruleId} ${r.resourceId}`)).toEqual([]);
    // …and the rules that crossed the hub before now fail there.
    const replication = report.results.find((r) => r.ruleId === 'DRS.2' && r.resourceId === IDS.staging);
    expect(replication?.status).toBe('FAILED');
    expect(replication?.evidence).toContain('blackhole');
    expect(
      report.results.find((r) => r.ruleId === 'NET.4' && r.resourceId === NET_IDS.attachMain),
    ).toMatchObject({
      status: 'FAILED',
      evidence: expect.stringContaining(`${NET_IDS.tableProduction}: 10.20.0.0/16 -> blackhole`),
    });
  });
});

/** `npm run demo`'s audit, as JSON: the landing zone and its network account with the shipped configuration. */
const EXAMPLE_AS_JSON = [
  'audit',
  '--snapshot',
  'examples/hybrid-landing-zone.json',
  '--snapshot',
  'examples/network-account.json',
  '--config',
  'examples/hna.config.json',
  '--format',
  'json',
];

describe('the bundled example, audited as a user would', () => {
  it('carries non-empty evidence on every result, PASSED included (hna audit --format json)', async () => {
    // Act
    const run = await runHna([...EXAMPLE_AS_JSON, '--fail-on', 'never']);
    // Assess
    expect(run.code).toBe(0);
    const { results } = JSON.parse(run.stdout) as {
      results: { ruleId: string; status: string; evidence?: string }[];
    };
    expect(results.length).toBeGreaterThan(60);
    expect(results.filter((r) => !r.evidence?.trim()).map((r) => `${r.ruleId} ${r.status}`)).toEqual([]);
    expect(new Set(results.map((r) => r.ruleId)).size, 'the example exercises every rule').toBe(RULES.length);
  });
});

describe('the bundled example with its network account (hna audit --snapshot … --snapshot …)', () => {
  it('catches the one deliberate break of each transit-gateway and Direct Connect rule, in the owning account', async () => {
    const run = await runHna([...EXAMPLE_AS_JSON, '--rule', 'NET.4,NET.5,NET.6,NET.7']);
    expect(run.code).toBe(1);
    const { results } = JSON.parse(run.stdout) as {
      results: { ruleId: string; status: string; resourceId: string; accountId: string; evidence: string }[];
    };
    const of = (ruleId: string, resourceId: string) =>
      results.find((r) => r.ruleId === ruleId && r.resourceId === resourceId);
    expect(of('NET.4', NET_IDS.attachAnalytics)).toMatchObject({
      status: 'FAILED',
      accountId: '123456789012',
      evidence: expect.stringContaining(`${NET_IDS.tableAnalytics}: 10.20.0.0/16 -> blackhole`),
    });
    expect(of('NET.5', NET_IDS.attachAnalytics)).toMatchObject({
      status: 'FAILED',
      accountId: '123456789012',
      evidence: expect.stringContaining(`none in eu-west-1a, where endpoint`),
    });
    expect(of('NET.6', NET_IDS.association)).toMatchObject({
      status: 'FAILED',
      accountId: NET_IDS.account,
      evidence: expect.stringContaining('do not cover 10.60.0.0/16'),
    });
    expect(of('NET.7', NET_IDS.vifB)).toMatchObject({ status: 'WARNING', accountId: NET_IDS.account });
    // The production VPC's attachment is healthy, and the working interface passes.
    expect(of('NET.5', NET_IDS.attachMain)).toBeUndefined();
    expect(of('NET.7', NET_IDS.vifA)).toMatchObject({ status: 'PASSED' });
  });

  it('hna reach names the transit-gateway route that closes the analytics path', async () => {
    const run = await runHna([
      'reach',
      '--snapshot',
      'examples/hybrid-landing-zone.json',
      '--snapshot',
      'examples/network-account.json',
      '--region',
      'eu-west-1',
      '--from',
      '10.20.0.0/16',
      '--to',
      'vpce-0a1b2c3d4e5f60106',
      '--port',
      '443',
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/tgw-return-route\s+blocked\s+tgw-rtb-0b1c2d3e4f5a60002/);
    expect(run.stdout).toContain('closed: tgw-rtb-0b1c2d3e4f5a60002: 10.20.0.0/16 -> blackhole');
  });
});

describe('routing rules through the hub (issue 14)', () => {
  it('DRS.3 does not pass a private route into a hub whose table sends the data centre to a blackhole', () => {
    const network = productionBlackholed();
    const report = auditSnapshots([behindTransitGateway(), network], {
      rules: RULES.filter((rule) => rule.id === 'DRS.3'),
      config: config(HEALTHY_CONFIG),
      now: NOW,
    });
    expect(report.results.length).toBeGreaterThan(0);
    for (const result of report.results) {
      expect(result.status, result.evidence).toBe('FAILED');
      expect(result.evidence).toContain(`${NET_IDS.tableProduction}: 10.20.0.0/16 -> blackhole`);
    }
  });
});

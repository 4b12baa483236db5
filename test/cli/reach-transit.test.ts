/**
 * `hna reach` across a spoke account and the network account that owns its transit
 * gateway (issue 14): the path follows the hub's route tables, and names the
 * transit-gateway route that closes it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shareNetwork } from '../../lib/inventory/shared-network.js';
import type { Snapshot } from '../../lib/inventory/types.js';
import { runHna } from '../support/cli-harness.js';
import { inventory, type Spec, TARGET } from '../support/transit-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'hna-transit-'));

/** The fixture split as AWS would answer it: the spoke's VPC in one account, the hub in the network account. */
function accounts(spec: Spec = {}) {
  const region = inventory(spec);
  const ec2 = region.ec2 ?? {};
  const spoke: Snapshot = {
    version: 1,
    accountId: '111111111111',
    regions: {
      'eu-west-1': {
        ec2: {
          Vpcs: ec2.Vpcs ?? [],
          Subnets: ec2.Subnets ?? [],
          RouteTables: ec2.RouteTables ?? [],
          NetworkAcls: ec2.NetworkAcls ?? [],
          SecurityGroups: ec2.SecurityGroups ?? [],
          ManagedPrefixLists: [],
          TransitGateways: [],
        },
      },
    },
  };
  const network: Snapshot = {
    version: 1,
    accountId: '222222222222',
    regions: {
      'eu-west-1': {
        ec2: {
          TransitGateways: ec2.TransitGateways ?? [],
          TransitGatewayAttachments: ec2.TransitGatewayAttachments ?? [],
          TransitGatewayVpcAttachments: ec2.TransitGatewayVpcAttachments ?? [],
          TransitGatewayRouteTables: ec2.TransitGatewayRouteTables ?? [],
        },
      },
    },
  };
  const write = (name: string, snapshot: Snapshot) => {
    const file = join(dir, `${name}-${Math.random().toString(16).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(snapshot));
    return file;
  };
  return { spoke: write('spoke', spoke), network: write('network', network), snapshots: [spoke, network] };
}

const ask = (files: string[]) =>
  runHna([
    'reach',
    ...files.flatMap((f) => ['--snapshot', f]),
    '--region',
    'eu-west-1',
    '--from',
    '10.20.0.0/16',
    '--to',
    TARGET,
    '--security-groups',
    'sg-1',
    '--port',
    '443',
    '--format',
    'json',
  ]);

describe('hna reach across a spoke and the network account', () => {
  it('follows the hub’s route tables when both snapshots are given', async () => {
    const { spoke, network } = accounts();
    const run = await ask([spoke, network]);
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout);
    expect(answer.verdict).toBe('open');
    expect(answer.hops.map((h: { hop: string }) => h.hop)).toContain('tgw-route');
  });

  it('names the transit-gateway route that closes the path', async () => {
    const { spoke, network } = accounts({ onPremises: [['10.50.0.0/16', 'blackhole']] });
    const run = await ask([spoke, network]);
    expect(run.code).toBe(1);
    const answer = JSON.parse(run.stdout);
    expect(answer.verdict).toBe('blocked');
    const closing = answer.hops.find((h: { hop: string }) => h.hop === 'tgw-route');
    expect(closing.closed[0].by).toBe('tgw-rtb-onprem: 10.50.0.0/16 -> blackhole');
  });

  it('with the spoke alone keeps the opaque path and says the transit gateway is not in the snapshot', async () => {
    const { spoke } = accounts({ onPremises: [['10.50.0.0/16', 'blackhole']] });
    const run = await runHna([
      'reach',
      '--snapshot',
      spoke,
      '--region',
      'eu-west-1',
      '--from',
      '10.20.0.0/16',
      '--to',
      TARGET,
      '--security-groups',
      'sg-1',
      '--port',
      '443',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'note: transit gateway tgw-hub not in the snapshot: assumed to route privately',
    );
  });

  it('shares only the transit-gateway lists: every other resource stays with its account', () => {
    const { snapshots } = accounts();
    const [spoke, network] = shareNetwork(snapshots);
    expect(spoke?.regions?.['eu-west-1']?.ec2?.TransitGatewayRouteTables?.length).toBe(3);
    expect(network?.regions?.['eu-west-1']?.ec2?.Subnets).toBeUndefined();
    expect(spoke?.accountId).toBe('111111111111');
  });
});

describe('hna audit across a spoke and the network account', () => {
  it('judges each account with the shared transit gateway, and marks every result with its account', async () => {
    const { spoke, network } = accounts();
    const run = await runHna([
      'audit',
      '--snapshot',
      spoke,
      '--snapshot',
      network,
      '--format',
      'json',
      '--fail-on',
      'never',
    ]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      accounts: string[];
      results: { accountId: string; resourceId: string }[];
    };
    expect(report.accounts).toEqual(['111111111111', '222222222222']);
    expect(report.results.length).toBeGreaterThan(0);
    expect(
      report.results.every((r) => r.accountId === '111111111111' || r.accountId === '222222222222'),
    ).toBe(true);
    const table = await runHna(['audit', '--snapshot', spoke, '--snapshot', network, '--fail-on', 'never']);
    expect(table.stdout).toContain('hna audit — accounts 111111111111, 222222222222');
  });

  it('refuses --security-hub with several snapshots, saying why', async () => {
    const { spoke, network } = accounts();
    const run = await runHna(['audit', '--snapshot', spoke, '--snapshot', network, '--security-hub']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "hna audit: --security-hub: with several snapshots, write each account's findings",
    );
  });

  it('refuses the same account twice, naming both files, for audit and reach alike', async () => {
    const { spoke } = accounts();
    const again = accounts().spoke;
    const audit = await runHna(['audit', '--snapshot', spoke, '--snapshot', again]);
    expect(audit.code).toBe(2);
    expect(audit.stderr.trim().split('\n')).toEqual([
      `hna audit: --snapshot ${again}: account 111111111111 is already given by ${spoke}; give each account once (hna collect --regions r1,r2 collects its regions together)`,
    ]);
    const reach = await ask([spoke, again]);
    expect(reach.code).toBe(2);
    expect(reach.stderr).toContain('account 111111111111 is already given by');
  });
});

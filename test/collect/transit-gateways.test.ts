/**
 * Transit gateways against the emulator (issue 14): gateways, attachments, VPC attachments
 * with their subnets, and route tables with their routes (active and blackhole),
 * associations and propagations, with the calls counted.
 */

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AssociateTransitGatewayRouteTableCommand,
  CreateRouteCommand,
  CreateSubnetCommand,
  CreateTransitGatewayCommand,
  CreateTransitGatewayRouteCommand,
  CreateTransitGatewayRouteTableCommand,
  CreateTransitGatewayVpcAttachmentCommand,
  CreateVpcCommand,
  DescribeRouteTablesCommand,
  EC2Client,
  EnableTransitGatewayRouteTablePropagationCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectionLog } from '../../lib/collect/log.js';
import { collectTransitGateways } from '../../lib/collect/transit-gateways.js';
import { parseSnapshot } from '../../lib/inventory/read.js';
import { startEmulator } from '../../scripts/emulator.mjs';
import { runHna } from '../support/cli-harness.js';
import { fakePagingHub } from '../support/paging-tgw.js';

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
let emulator: { url: string; stop: () => Promise<void> };
let ids: Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator();
  const ec2 = new EC2Client({ region: 'eu-west-1', endpoint: emulator.url, credentials });
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.50.0.0/16' }));
  const VpcId = vpc.Vpc?.VpcId as string;
  const subnetA = await ec2.send(
    new CreateSubnetCommand({ VpcId, CidrBlock: '10.50.1.0/24', AvailabilityZone: 'eu-west-1a' }),
  );
  const subnetB = await ec2.send(
    new CreateSubnetCommand({ VpcId, CidrBlock: '10.50.2.0/24', AvailabilityZone: 'eu-west-1b' }),
  );
  const gateway = await ec2.send(new CreateTransitGatewayCommand({ Description: 'network account hub' }));
  const TransitGatewayId = gateway.TransitGateway?.TransitGatewayId as string;
  const attachment = await ec2.send(
    new CreateTransitGatewayVpcAttachmentCommand({
      TransitGatewayId,
      VpcId,
      SubnetIds: [subnetA.Subnet?.SubnetId as string, subnetB.Subnet?.SubnetId as string],
    }),
  );
  const TransitGatewayAttachmentId = attachment.TransitGatewayVpcAttachment
    ?.TransitGatewayAttachmentId as string;
  const table = await ec2.send(new CreateTransitGatewayRouteTableCommand({ TransitGatewayId }));
  const TransitGatewayRouteTableId = table.TransitGatewayRouteTable?.TransitGatewayRouteTableId as string;
  await ec2.send(
    new AssociateTransitGatewayRouteTableCommand({ TransitGatewayRouteTableId, TransitGatewayAttachmentId }),
  );
  await ec2.send(
    new EnableTransitGatewayRouteTablePropagationCommand({
      TransitGatewayRouteTableId,
      TransitGatewayAttachmentId,
    }),
  );
  await ec2.send(
    new CreateTransitGatewayRouteCommand({
      TransitGatewayRouteTableId,
      DestinationCidrBlock: '10.50.0.0/16',
      TransitGatewayAttachmentId,
    }),
  );
  await ec2.send(
    new CreateTransitGatewayRouteCommand({
      TransitGatewayRouteTableId,
      DestinationCidrBlock: '10.99.0.0/16',
      Blackhole: true,
    }),
  );
  // The VPC sends a data centre (10.99.0.0/16) to the hub, whose table for its attachment holds a blackhole.
  const tables = await ec2.send(
    new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [VpcId] }] }),
  );
  await ec2.send(
    new CreateRouteCommand({
      RouteTableId: tables.RouteTables?.[0]?.RouteTableId as string,
      DestinationCidrBlock: '10.99.0.0/16',
      TransitGatewayId,
    }),
  );
  ids = {
    VpcId,
    TransitGatewayId,
    TransitGatewayAttachmentId,
    TransitGatewayRouteTableId,
    SubnetA: subnetA.Subnet?.SubnetId as string,
  };
  ec2.destroy();
}, 120_000);

afterAll(async () => {
  await emulator?.stop();
});

describe('collecting transit gateways', () => {
  it('reads gateways, attachments, VPC attachments and route tables with routes, associations and propagations', async () => {
    // Act
    const log = new CollectionLog();
    const client = new EC2Client({ region: 'eu-west-1', endpoint: emulator.url, credentials });
    const lists = await collectTransitGateways(client, 'eu-west-1', log);
    client.destroy();
    // Assess
    expect(log.errors).toEqual([]);
    expect(lists.TransitGateways?.map((g) => g.TransitGatewayId)).toContain(ids.TransitGatewayId);
    expect(
      lists.TransitGatewayAttachments?.find(
        (a) => a.TransitGatewayAttachmentId === ids.TransitGatewayAttachmentId,
      ),
    ).toMatchObject({
      ResourceType: 'vpc',
      ResourceId: ids.VpcId,
    });
    expect(
      lists.TransitGatewayVpcAttachments?.find(
        (a) => a.TransitGatewayAttachmentId === ids.TransitGatewayAttachmentId,
      )?.SubnetIds,
    ).toHaveLength(2);
    const table = lists.TransitGatewayRouteTables?.find(
      (t) => t.TransitGatewayRouteTableId === ids.TransitGatewayRouteTableId,
    );
    expect(table?.Routes?.map((r) => `${r.DestinationCidrBlock} ${r.State}`).sort()).toEqual([
      '10.50.0.0/16 active',
      '10.99.0.0/16 blackhole',
    ]);
    expect(table?.Associations?.map((a) => a.TransitGatewayAttachmentId)).toEqual([
      ids.TransitGatewayAttachmentId,
    ]);
    expect(table?.Propagations?.map((p) => p.TransitGatewayAttachmentId)).toEqual([
      ids.TransitGatewayAttachmentId,
    ]);
    // The fewest calls: one per list, and three per route table.
    const tables = lists.TransitGatewayRouteTables?.length ?? 0;
    expect(log.callCounts()).toEqual({
      'ec2:DescribeTransitGatewayAttachments': 1,
      'ec2:DescribeTransitGatewayRouteTables': 1,
      'ec2:DescribeTransitGateways': 1,
      'ec2:DescribeTransitGatewayVpcAttachments': 1,
      'ec2:GetTransitGatewayRouteTableAssociations': tables,
      'ec2:GetTransitGatewayRouteTablePropagations': tables,
      'ec2:SearchTransitGatewayRoutes': tables,
    });
  });
});

describe('a table with more routes than one SearchTransitGatewayRoutes answer', () => {
  it('splits the search until every answer is whole, and lists every route once', async () => {
    const { ec2, routes } = fakePagingHub(2500);
    try {
      const log = new CollectionLog();
      const lists = await collectTransitGateways(
        new EC2Client({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
        'eu-west-1',
        log,
      );
      const onPremises = lists.TransitGatewayRouteTables?.find(
        (t) => t.TransitGatewayRouteTableId === 'tgw-rtb-onprem',
      );
      expect(onPremises?.Routes?.map((r) => r.DestinationCidrBlock).sort()).toEqual(
        routes['tgw-rtb-onprem']?.map((r) => r.DestinationCidrBlock).sort(),
      );
      expect(log.errors).toEqual([]);
      expect(lists.TransitGatewayAttachments).toHaveLength(2501);
    } finally {
      ec2.restore();
    }
  });
});

describe('collected from the emulator, then audited as a user would', () => {
  it('hna collect, then NET.4 and hna reach name the hub route that closes the path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hna-hub-'));
    const snapshot = join(dir, 'snapshot.json');
    const config = join(dir, 'hna.config.json');
    writeFileSync(config, JSON.stringify({ sourceCidrs: ['10.99.0.0/16'] }));
    const collect = await runHna([
      'collect',
      '--endpoint-url',
      emulator.url,
      '--regions',
      'eu-west-1',
      '--out',
      snapshot,
    ]);
    expect(collect.code).toBe(0);
    const audit = await runHna([
      'audit',
      '--snapshot',
      snapshot,
      '--config',
      config,
      '--rule',
      'NET.4',
      '--format',
      'json',
    ]);
    const results = JSON.parse(audit.stdout).results as {
      resourceId: string;
      status: string;
      evidence: string;
    }[];
    // The table the snapshot says the attachment uses (the emulator keeps its gateway's default one).
    const read = parseSnapshot(readFileSync(snapshot, 'utf8'), snapshot);
    const west = read.regions?.['eu-west-1']?.ec2;
    const used = west?.TransitGatewayAttachments?.find(
      (a) => a.TransitGatewayAttachmentId === ids.TransitGatewayAttachmentId,
    )?.Association?.TransitGatewayRouteTableId as string;
    const closing =
      used === ids.TransitGatewayRouteTableId ? `${used}: 10.99.0.0/16 -> blackhole` : `no route in ${used}`;
    expect(results.find((r) => r.resourceId === ids.TransitGatewayAttachmentId)).toMatchObject({
      status: 'FAILED',
      evidence: expect.stringContaining(closing),
    });
    const group = west?.SecurityGroups?.find((g) => g.VpcId === ids.VpcId)?.GroupId as string;
    const reach = await runHna([
      'reach',
      '--snapshot',
      snapshot,
      '--region',
      'eu-west-1',
      '--from',
      '10.99.0.0/16',
      '--to',
      ids.SubnetA as string,
      '--security-groups',
      group,
      '--port',
      '443',
    ]);
    expect(reach.code).toBe(1);
    expect(reach.stdout).toMatch(/tgw-return-route\s+blocked/);
    expect(reach.stdout).toContain(`closed: ${closing}`);
  }, 120_000);
});

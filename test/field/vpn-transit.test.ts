/**
 * VPN.5 and VPN.7 when the VPN to Alibaba Cloud is attached to the network account's
 * transit gateway (issue 14; Transit Gateway VPN attachments): the production VPC routes
 * the remote networks to the hub, whose table for the VPC's attachment must send them to
 * the VPN attachment, and the VPN attachment's table must route the VPC back.
 */

import { describe, expect, it } from 'vitest';
import type { RuleResult } from '../../lib/catalog/rule.js';
import type { Snapshot } from '../../lib/inventory/types.js';
import { databaseReachable } from '../../lib/rules/vpn/database-reachable.js';
import { staticRoutesCoverRemote } from '../../lib/rules/vpn/static-routes-cover-remote.js';
import { vpcRoutesToRemote } from '../../lib/rules/vpn/vpc-routes-to-remote.js';
import { ATTACH_VPN, alibabaOnHub, TABLE_REMOTE, toAttachment, VPN_ON_HUB } from '../support/alibaba-hub.js';
import { evaluate } from '../support/fixtures.js';
import { routeTable } from '../support/hub-table.js';
import { HEALTHY_CONFIG, IDS, NET_IDS, west } from '../support/landing-zone.js';

const CONFIG = { ...HEALTHY_CONFIG, vpn: { remoteCidrs: ['172.16.0.0/16'] } };
const one = (results: RuleResult[], id: string) => {
  const result = results.find((r) => r.resourceId === id);
  if (result === undefined) throw new Error(`no result for ${id}: ${JSON.stringify(results)}`);
  return result;
};

describe('VPN.5 vpc-routes-to-remote through a VPN on the transit gateway', () => {
  it('passes when the hub sends the remote networks to the VPN attachment, naming its routes', () => {
    const result = one(evaluate(vpcRoutesToRemote, alibabaOnHub(), CONFIG), IDS.dbTable);
    expect(result.status, result.evidence).toBe('PASSED');
    expect(result.evidence).toContain(`${NET_IDS.tableProduction}: 172.16.0.0/16 -> ${ATTACH_VPN}`);
  });

  it('fails on a blackhole for the remote cloud in the VPC attachment’s table', () => {
    const snapshots = alibabaOnHub((_s, n) => {
      const table = routeTable(n, NET_IDS.tableProduction);
      table.Routes = (table.Routes ?? []).map((r) =>
        r.DestinationCidrBlock === '172.16.0.0/16'
          ? { DestinationCidrBlock: '172.16.0.0/16', State: 'blackhole', Type: 'static' }
          : r,
      );
    });
    const result = one(evaluate(vpcRoutesToRemote, snapshots, CONFIG), IDS.dbTable);
    expect(result.status).toBe('FAILED');
    expect(result.evidence).toContain(`${NET_IDS.tableProduction}: 172.16.0.0/16 -> blackhole`);
    expect(result.remediation).toContain('to the VPN attachment');
  });

  it('fails when the hub sends the DTS range to the Direct Connect gateway instead of the VPN', () => {
    const snapshots = alibabaOnHub((_s, n) => {
      const table = routeTable(n, NET_IDS.tableProduction);
      table.Routes = (table.Routes ?? []).map((r) =>
        r.DestinationCidrBlock === '100.104.0.0/16' ? toAttachment('100.104.0.0/16', NET_IDS.attachDx) : r,
      );
    });
    const result = one(evaluate(vpcRoutesToRemote, snapshots, CONFIG), IDS.dbTable);
    expect(result.status).toBe('FAILED');
    expect(result.evidence).toContain(
      `100.104.0.0/16 -> ${NET_IDS.attachDx}: the answers leave by ${NET_IDS.attachDx} (direct-connect-gateway), not by the VPN`,
    );
  });

  it('is NOT_AVAILABLE, never PASSED, for the spoke alone: the remote cloud is routed into a hub it cannot see', () => {
    const [spoke] = alibabaOnHub();
    const result = one(evaluate(vpcRoutesToRemote, [spoke as Snapshot], CONFIG), IDS.dbTable);
    expect(result.status).toBe('NOT_AVAILABLE');
    expect(result.evidence).toContain(`routes 172.16.0.0/16, 100.104.0.0/16 to ${NET_IDS.tgw}`);
  });
});

describe('VPN.7 database-reachable through a VPN on the transit gateway', () => {
  it('passes through the hub’s hops when both tables route both ways', () => {
    const result = one(evaluate(databaseReachable, alibabaOnHub(), CONFIG), 'orders-db');
    expect(result.status, result.evidence).toBe('PASSED');
    const hops = result.path?.paths.flatMap((p) => p.hops.map((h) => h.hop)) ?? [];
    expect(hops).toEqual(expect.arrayContaining(['tgw-return-route', 'tgw-route', 'tgw-attachment-az']));
  });

  it('fails when the VPN attachment’s table has no route back to the VPC', () => {
    const snapshots = alibabaOnHub((_s, n) => {
      routeTable(n, TABLE_REMOTE).Routes = [];
    });
    const result = one(evaluate(databaseReachable, snapshots, CONFIG), 'orders-db');
    expect(result.status).toBe('FAILED');
    expect(result.evidence).toContain(`no route to 10.50.5.0/24 in ${TABLE_REMOTE}`);
  });
});

describe('VPN.4 static-routes-cover-remote for the connection on the transit gateway', () => {
  it('reads its static routes from the hub’s tables, where AWS keeps them', () => {
    const result = one(evaluate(staticRoutesCoverRemote, alibabaOnHub(), CONFIG), VPN_ON_HUB);
    expect(result.status, result.evidence).toBe('PASSED');
    expect(result.evidence).toContain(`(in the route tables of ${NET_IDS.tgw})`);
    expect(result.accountId).toBe(NET_IDS.account);
  });

  it('fails when the hub routes the remote cloud but not the DTS range to it, with the hub’s fix', () => {
    const snapshots = alibabaOnHub((_s, n) => {
      const table = routeTable(n, NET_IDS.tableProduction);
      table.Routes = (table.Routes ?? []).filter((r) => r.DestinationCidrBlock !== '100.104.0.0/16');
    });
    const result = one(evaluate(staticRoutesCoverRemote, snapshots, CONFIG), VPN_ON_HUB);
    expect(result.status).toBe('FAILED');
    expect(result.evidence).toContain('none covering 100.104.0.0/16');
    expect(result.remediation).toContain('create-transit-gateway-route');
    expect(result.commands).toBeUndefined();
  });

  it('is NOT_AVAILABLE when the hub’s tables are not in the snapshot, never FAILED for an empty Routes', () => {
    const [, network] = alibabaOnHub();
    const region = west(network as Snapshot);
    if (region.ec2) region.ec2.TransitGatewayRouteTables = [];
    const result = one(
      evaluate(staticRoutesCoverRemote, network as Snapshot, {
        ...CONFIG,
        vpn: { remoteCidrs: ['172.16.0.0/16'], remoteConnections: [VPN_ON_HUB] },
      }),
      VPN_ON_HUB,
    );
    expect(result.status).toBe('NOT_AVAILABLE');
    expect(result.evidence).toContain('whose route tables hold its static routes');
  });
});

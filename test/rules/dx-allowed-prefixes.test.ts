import { describe, expect, it } from 'vitest';
import type { RegionInventory } from '../../lib/inventory/types.js';
import { dxAllowedPrefixes } from '../../lib/rules/net/dx-allowed-prefixes.js';
import { evaluate } from '../support/fixtures.js';
import { hubTable, routeTable } from '../support/hub-table.js';
import {
  behindTransitGateway,
  HEALTHY_CONFIG,
  healthyNetwork,
  NET_IDS,
  west,
} from '../support/landing-zone.js';

function association(region: RegionInventory) {
  const found = region.directconnect?.DirectConnectGatewayAssociations?.find(
    (a) => a.associationId === NET_IDS.association,
  );
  if (found === undefined) throw new Error('the network account lost its association');
  return found;
}

hubTable(
  dxAllowedPrefixes,
  [NET_IDS.association],
  [
    {
      name: 'the example’s allowed prefixes: the production VPC only, the analytics VPC never learnt',
      change: ({ networkRegion }) => {
        association(networkRegion).allowedPrefixesToDirectConnectGateway = [{ cidr: '10.50.0.0/16' }];
      },
      resourceId: NET_IDS.association,
      status: 'FAILED',
      evidence: `do not cover 10.60.0.0/16 (vpc-0a1b2c3d4e5f60002, routed to ${NET_IDS.attachAnalytics})`,
      remediation: '--add-allowed-prefixes-to-direct-connect-gateway',
    },
    {
      name: 'a prefix narrower than the VPC',
      change: ({ networkRegion }) => {
        association(networkRegion).allowedPrefixesToDirectConnectGateway = [
          { cidr: '10.50.0.0/17' },
          { cidr: '10.60.0.0/16' },
        ];
      },
      resourceId: NET_IDS.association,
      status: 'FAILED',
      evidence: 'do not cover 10.50.0.0/16 (vpc-0a1b2c3d4e5f60001, routed to',
    },
    {
      name: 'the network account alone judges as with the spoke given: what its table routes to each VPC',
      change: ({ networkRegion }) => {
        association(networkRegion).allowedPrefixesToDirectConnectGateway = [{ cidr: '10.50.0.0/16' }];
      },
      given: 'network alone',
      resourceId: NET_IDS.association,
      status: 'FAILED',
      evidence: `10.60.0.0/16 (vpc-0a1b2c3d4e5f60002, routed to ${NET_IDS.attachAnalytics})`,
    },
    {
      name: 'the Direct Connect attachment’s table without its routes',
      change: ({ networkRegion }) => {
        delete routeTable(networkRegion, NET_IDS.tableOnPremises).Routes;
      },
      resourceId: NET_IDS.association,
      status: 'NOT_AVAILABLE',
      evidence: `the routes of ${NET_IDS.tableOnPremises} are not in the snapshot`,
    },
    {
      name: 'associations not collected',
      change: ({ networkRegion }) => {
        delete networkRegion.directconnect;
      },
      given: 'network alone',
      resourceId: NET_IDS.account,
      status: 'NOT_AVAILABLE',
      evidence: 'directconnect.DirectConnectGatewayAssociations was not collected in any region',
    },
  ],
  [
    {
      name: 'a summary prefix covering both VPCs (10.48.0.0/12)',
      change: ({ networkRegion }) => {
        association(networkRegion).allowedPrefixesToDirectConnectGateway = [{ cidr: '10.48.0.0/12' }];
      },
      resources: [NET_IDS.association],
    },
    {
      name: 'the network account alone, its table routing both VPCs inside the prefixes',
      change: () => {},
      given: 'network alone',
      resources: [NET_IDS.association],
    },
    {
      name: 'a gateway whose table reaches no VPC',
      change: ({ networkRegion }) => {
        routeTable(networkRegion, NET_IDS.tableOnPremises).Routes = [];
      },
      resources: [NET_IDS.association],
      status: 'NOT_APPLICABLE',
    },
  ],
);

describe('NET.6 with the Direct Connect lists collected in another region than the hub', () => {
  it('follows the global association into every region, and reports it once, in the hub’s region', () => {
    // The network account's collection started in us-east-1: its global lists are there.
    const network = healthyNetwork();
    const hub = west(network);
    network.regions = {
      'us-east-1': { ec2: {}, directconnect: hub.directconnect ?? {} },
      'eu-west-1': {
        ...hub,
        directconnect: { VirtualInterfaces: hub.directconnect?.VirtualInterfaces ?? [] },
      },
    };
    const results = evaluate(dxAllowedPrefixes, [behindTransitGateway(), network], HEALTHY_CONFIG);
    expect(results.map((r) => [r.region, r.resourceId, r.status])).toEqual([
      ['eu-west-1', NET_IDS.association, 'PASSED'],
    ]);
    // One snapshot alone, as the Lambda worker and the Config rule audit it: the same.
    const alone = evaluate(dxAllowedPrefixes, network, HEALTHY_CONFIG);
    expect(alone.map((r) => [r.region, r.resourceId, r.status])).toEqual([
      ['eu-west-1', NET_IDS.association, 'PASSED'],
    ]);
  });
});

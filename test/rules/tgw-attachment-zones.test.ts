import type { RegionInventory } from '../../lib/inventory/types.js';
import { tgwAttachmentZones } from '../../lib/rules/net/tgw-attachment-zones.js';
import { hubTable } from '../support/hub-table.js';
import { IDS, NET_IDS } from '../support/landing-zone.js';

/** The spoke's own record of an attachment (the network account's copy is the owner's view of the same). */
function attachment(region: RegionInventory, id: string) {
  const found = region.ec2?.TransitGatewayVpcAttachments?.find((a) => a.TransitGatewayAttachmentId === id);
  if (found === undefined) throw new Error(`no attachment ${id}`);
  return found;
}

hubTable(
  tgwAttachmentZones,
  [NET_IDS.attachMain, NET_IDS.attachAnalytics],
  [
    {
      name: 'the production attachment has a subnet in eu-west-1a only (endpoints and the database also in eu-west-1b)',
      change: ({ spokeRegion }) => {
        attachment(spokeRegion, NET_IDS.attachMain).SubnetIds = [IDS.endpointsA];
      },
      resourceId: NET_IDS.attachMain,
      status: 'FAILED',
      evidence:
        /none in eu-west-1b, where endpoint vpce-0a1b2c3d4e5f60101 subnet subnet-0e5f6a7b8c9d00003 is;.*database orders-db subnet subnet-0e5f6a7b8c9d00006/,
      remediation: 'modify-transit-gateway-vpc-attachment --add-subnet-ids',
    },
    {
      name: 'the example’s analytics attachment in eu-west-1b only, judged from the spoke alone (it owns the attachment)',
      change: ({ spokeRegion }) => {
        attachment(spokeRegion, NET_IDS.attachAnalytics).SubnetIds = [NET_IDS.analyticsAttachmentSubnet];
      },
      given: 'spoke alone',
      resourceId: NET_IDS.attachAnalytics,
      status: 'FAILED',
      evidence: `none in eu-west-1a, where endpoint vpce-0a1b2c3d4e5f60106 subnet ${NET_IDS.analyticsSubnet} is`,
    },
    {
      name: 'an attachment subnet the snapshot does not hold',
      change: ({ spokeRegion }) => {
        attachment(spokeRegion, NET_IDS.attachMain).SubnetIds = [IDS.endpointsA, 'subnet-0ffffffffffffffff'];
      },
      resourceId: NET_IDS.attachMain,
      status: 'NOT_AVAILABLE',
      evidence: 'the zone of subnet-0ffffffffffffffff',
    },
    {
      name: 'a VPC with no target of any scenario: nothing to cover',
      change: ({ spokeRegion }) => {
        const ec2 = spokeRegion.ec2 ?? {};
        ec2.VpcEndpoints = ec2.VpcEndpoints?.filter((e) => e.VpcId !== 'vpc-0a1b2c3d4e5f60002');
      },
      resourceId: NET_IDS.attachAnalytics,
      status: 'NOT_APPLICABLE',
      evidence:
        'no DRS staging subnet, interface endpoint, DataSync task subnet or database in vpc-0a1b2c3d4e5f60002',
    },
    {
      name: 'a hub that carries none of the VPC’s hybrid networks (only another VPC’s range): its zones do not matter',
      change: ({ spokeRegion }) => {
        attachment(spokeRegion, NET_IDS.attachMain).SubnetIds = [IDS.endpointsA];
        for (const table of spokeRegion.ec2?.RouteTables ?? [])
          for (const route of table.Routes ?? [])
            if (route.TransitGatewayId === NET_IDS.tgw && table.VpcId === 'vpc-0a1b2c3d4e5f60001') {
              route.DestinationCidrBlock = '10.70.0.0/16';
            }
        // The data centre goes through the virtual private gateway again.
        for (const table of spokeRegion.ec2?.RouteTables ?? [])
          if (table.VpcId === 'vpc-0a1b2c3d4e5f60001')
            table.Routes?.push({ DestinationCidrBlock: '10.20.0.0/16', GatewayId: IDS.vgw, State: 'active' });
      },
      resourceId: NET_IDS.attachMain,
      status: 'NOT_APPLICABLE',
      evidence: 'routes none of its source networks to',
    },
    {
      name: 'DRS settings not collected: the staging subnet’s zone cannot be checked',
      change: ({ spokeRegion }) => {
        delete spokeRegion.drs;
      },
      resourceId: NET_IDS.attachMain,
      others: { 'tgw-attach-0a1b2c3d4e5f60002': 'NOT_AVAILABLE' },
      status: 'NOT_AVAILABLE',
      evidence: 'drs.ReplicationConfigurationTemplates was not collected in eu-west-1',
    },
  ],
  [
    {
      name: 'the healthy spoke audited alone (the attachment is its own)',
      change: () => {},
      given: 'spoke alone',
      resources: [NET_IDS.attachMain, NET_IDS.attachAnalytics],
    },
  ],
);

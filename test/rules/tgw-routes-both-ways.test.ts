import { tgwRoutesBothWays } from '../../lib/rules/net/tgw-routes-both-ways.js';
import { hubTable, routeTable } from '../support/hub-table.js';
import { NET_IDS } from '../support/landing-zone.js';

const toDirectConnect = (destination: string) => ({
  DestinationCidrBlock: destination,
  State: 'active',
  Type: 'static',
  TransitGatewayAttachments: [{ TransitGatewayAttachmentId: NET_IDS.attachDx }],
});

hubTable(
  tgwRoutesBothWays,
  [NET_IDS.attachMain, NET_IDS.attachAnalytics],
  [
    {
      name: 'the production table sends the data centre to a blackhole (the answers)',
      change: ({ networkRegion }) => {
        routeTable(networkRegion, NET_IDS.tableProduction).Routes = [
          { DestinationCidrBlock: '10.20.0.0/16', State: 'blackhole', Type: 'static' },
        ];
      },
      resourceId: NET_IDS.attachMain,
      status: 'FAILED',
      evidence: `${NET_IDS.tableProduction}: 10.20.0.0/16 -> blackhole`,
      remediation: `in the route table of ${NET_IDS.attachMain}, route 10.20.0.0/16 to the VPN or Direct Connect gateway attachment`,
    },
    {
      name: 'the on-premises table lost the propagation of the production VPC (towards the VPC)',
      change: ({ networkRegion }) => {
        const table = routeTable(networkRegion, NET_IDS.tableOnPremises);
        table.Routes = (table.Routes ?? []).filter((r) => r.DestinationCidrBlock !== '10.50.0.0/16');
      },
      resourceId: NET_IDS.attachMain,
      status: 'FAILED',
      evidence: `no route to 10.50.0.0/16 in ${NET_IDS.tableOnPremises}`,
      remediation: `route 10.50.0.0/16 to ${NET_IDS.attachMain} (propagation`,
    },
    {
      name: 'half of the data centre is sent to a blackhole: part of a network',
      change: ({ networkRegion }) => {
        routeTable(networkRegion, NET_IDS.tableProduction).Routes = [
          toDirectConnect('10.20.0.0/17'),
          { DestinationCidrBlock: '10.20.128.0/17', State: 'blackhole', Type: 'static' },
        ];
      },
      resourceId: NET_IDS.attachMain,
      status: 'WARNING',
      evidence: `part of 10.20.0.0/16 cannot reach vpc-0a1b2c3d4e5f60001`,
    },
    {
      name: 'the spoke audited without the network account: the hub’s tables are unknown',
      change: () => {},
      given: 'spoke alone',
      resourceId: NET_IDS.attachMain,
      others: { 'tgw-attach-0a1b2c3d4e5f60002': 'NOT_AVAILABLE' },
      status: 'NOT_AVAILABLE',
      evidence: `the route tables of transit gateway ${NET_IDS.tgw} (owned by ${NET_IDS.account}) are not in the snapshot`,
    },
    {
      name: 'a table without its routes in the snapshot',
      change: ({ networkRegion }) => {
        delete routeTable(networkRegion, NET_IDS.tableOnPremises).Routes;
      },
      resourceId: NET_IDS.attachMain,
      others: { 'tgw-attach-0a1b2c3d4e5f60002': 'NOT_AVAILABLE' },
      status: 'NOT_AVAILABLE',
      evidence: `the routes of ${NET_IDS.tableOnPremises} are not in the snapshot`,
    },
    {
      name: 'the hub’s owner has not accepted the production VPC’s attachment',
      change: ({ spokeRegion, networkRegion }) => {
        for (const region of [spokeRegion, networkRegion])
          for (const attachment of region.ec2?.TransitGatewayAttachments ?? [])
            if (attachment.TransitGatewayAttachmentId === NET_IDS.attachMain)
              attachment.State = 'pendingAcceptance';
      },
      resourceId: NET_IDS.attachMain,
      status: 'FAILED',
      evidence: `${NET_IDS.attachMain} is pendingAcceptance`,
      remediation: "waits for the hub owner's acceptance",
    },
    {
      name: 'the VPC routes to the hub but is not attached to it',
      change: ({ spokeRegion, networkRegion }) => {
        for (const region of [spokeRegion, networkRegion]) {
          const ec2 = region.ec2 ?? {};
          ec2.TransitGatewayAttachments = ec2.TransitGatewayAttachments?.filter(
            (a) => a.TransitGatewayAttachmentId !== NET_IDS.attachAnalytics,
          );
          ec2.TransitGatewayVpcAttachments = ec2.TransitGatewayVpcAttachments?.filter(
            (a) => a.TransitGatewayAttachmentId !== NET_IDS.attachAnalytics,
          );
        }
      },
      resourceId: 'vpc-0a1b2c3d4e5f60002',
      status: 'FAILED',
      evidence: 'which has no attachment for vpc-0a1b2c3d4e5f60002',
    },
  ],
  [
    {
      name: 'a summary route towards the VPCs (10.48.0.0/13 covers 10.50.0.0/16) routes it as well',
      change: ({ networkRegion }) => {
        const table = routeTable(networkRegion, NET_IDS.tableOnPremises);
        for (const route of table.Routes ?? [])
          if (route.DestinationCidrBlock === '10.50.0.0/16') route.DestinationCidrBlock = '10.48.0.0/13';
      },
      resources: [NET_IDS.attachMain, NET_IDS.attachAnalytics],
    },
    {
      name: 'the owner’s record of an attachment completes the member’s (which lacks the association)',
      change: ({ networkRegion }) => {
        // Only the attachments' own Association fields say which table each uses.
        for (const table of networkRegion.ec2?.TransitGatewayRouteTables ?? []) delete table.Associations;
      },
      resources: [NET_IDS.attachMain, NET_IDS.attachAnalytics],
    },
    {
      name: 'networks inferred from the VPC routes instead of configured',
      change: () => {},
      config: { vpn: { remoteCidrs: ['172.16.0.0/16'] } },
      resources: [NET_IDS.attachMain, NET_IDS.attachAnalytics],
    },
  ],
);

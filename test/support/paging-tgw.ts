/**
 * A fake transit gateway hub that answers as EC2 documents it: the Describe… and Get…
 * lists page (MaxResults, NextToken, at most 1,000 an answer), and
 * SearchTransitGatewayRoutes answers at most 1,000 routes with AdditionalRoutesAvailable
 * and honours the state, route-search.subnet-of-match and route-search.exact-match
 * filters. One gateway, n VPC attachments and a Direct Connect gateway attachment; a
 * spokes table (n associations, two routes) and an on-premises table (one association,
 * n propagations, a propagated /24 route per VPC). The collector test and the API-call
 * benchmark share it.
 */
import {
  DescribeTransitGatewayAttachmentsCommand,
  DescribeTransitGatewayRouteTablesCommand,
  DescribeTransitGatewaysCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  EC2Client,
  GetTransitGatewayRouteTableAssociationsCommand,
  GetTransitGatewayRouteTablePropagationsCommand,
  SearchTransitGatewayRoutesCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { MAX_PAGE_SIZE } from '../../lib/collect/page-sizes.js';
import { contains, parseCidr } from '../../lib/ip/cidr.js';
import { pager, range } from './paging-ec2.js';

const SEARCH_LIMIT = 1000;

export function vpcBlock(i: number): string {
  return `10.${100 + Math.floor(i / 256)}.${i % 256}.0/24`;
}

export function fakePagingHub(n: number) {
  const ec2 = mockClient(EC2Client);
  const tgw = 'tgw-hub';
  const attachments = range(n).map((i) => ({
    TransitGatewayAttachmentId: `tgw-attach-${i}`,
    TransitGatewayId: tgw,
    ResourceType: 'vpc',
    ResourceId: `vpc-${i}`,
  }));
  const dx = {
    TransitGatewayAttachmentId: 'tgw-attach-dx',
    TransitGatewayId: tgw,
    ResourceType: 'direct-connect-gateway',
  };
  const routes: Record<string, { DestinationCidrBlock: string; State: string; Type: string }[]> = {
    'tgw-rtb-spokes': [
      { DestinationCidrBlock: '10.20.0.0/16', State: 'active', Type: 'static' },
      { DestinationCidrBlock: '10.21.0.0/16', State: 'blackhole', Type: 'static' },
    ],
    'tgw-rtb-onprem': range(n).map((i) => ({
      DestinationCidrBlock: vpcBlock(i),
      State: 'active',
      Type: 'propagated',
    })),
  };
  ec2
    .on(DescribeTransitGatewaysCommand)
    .callsFake(pager([{ TransitGatewayId: tgw }], 'TransitGateways', 1000));
  ec2
    .on(DescribeTransitGatewayAttachmentsCommand)
    .callsFake(pager([...attachments, dx], 'TransitGatewayAttachments', 1000));
  ec2.on(DescribeTransitGatewayVpcAttachmentsCommand).callsFake(
    pager(
      attachments.map((a) => ({
        TransitGatewayAttachmentId: a.TransitGatewayAttachmentId,
        VpcId: a.ResourceId,
      })),
      'TransitGatewayVpcAttachments',
      1000,
    ),
  );
  ec2.on(DescribeTransitGatewayRouteTablesCommand).callsFake(
    pager(
      Object.keys(routes).map((id) => ({ TransitGatewayRouteTableId: id, TransitGatewayId: tgw })),
      'TransitGatewayRouteTables',
      1000,
    ),
  );
  ec2
    .on(GetTransitGatewayRouteTableAssociationsCommand)
    .callsFake(async (input) =>
      pager(
        input.TransitGatewayRouteTableId === 'tgw-rtb-spokes'
          ? attachments.map((a) => ({ TransitGatewayAttachmentId: a.TransitGatewayAttachmentId }))
          : [{ TransitGatewayAttachmentId: dx.TransitGatewayAttachmentId }],
        'Associations',
        1000,
      )(input),
    );
  ec2
    .on(GetTransitGatewayRouteTablePropagationsCommand)
    .callsFake(async (input) =>
      pager(
        input.TransitGatewayRouteTableId === 'tgw-rtb-onprem'
          ? attachments.map((a) => ({ TransitGatewayAttachmentId: a.TransitGatewayAttachmentId }))
          : [],
        'TransitGatewayRouteTablePropagations',
        1000,
      )(input),
    );
  ec2
    .on(SearchTransitGatewayRoutesCommand)
    .callsFake(
      async (input: {
        TransitGatewayRouteTableId?: string;
        Filters?: { Name?: string; Values?: string[] }[];
      }) => {
        const filter = (name: string) => input.Filters?.find((f) => f.Name === name)?.Values ?? [];
        const states = filter('state');
        const within = filter('route-search.subnet-of-match')[0];
        const exact = filter('route-search.exact-match')[0];
        const block = within ? parseCidr(within) : undefined;
        const matching = (routes[input.TransitGatewayRouteTableId ?? ''] ?? []).filter((route) => {
          if (states.length > 0 && !states.includes(route.State)) return false;
          if (exact !== undefined) return route.DestinationCidrBlock === exact;
          if (block?.ok) {
            const own = parseCidr(route.DestinationCidrBlock);
            return own.ok && own.cidr.family === block.cidr.family && contains(block.cidr, own.cidr);
          }
          return true;
        });
        return {
          Routes: matching.slice(0, SEARCH_LIMIT),
          AdditionalRoutesAvailable: matching.length > SEARCH_LIMIT,
        };
      },
    );
  return { ec2, routes };
}

/**
 * The fewest calls for the hub of `fakePagingHub(n)` at the largest page sizes. For a
 * table of more than 1,000 routes SearchTransitGatewayRoutes cannot page: the bound is an
 * answer per 1,000 routes after the first that said more.
 */
export function minimumHubCalls(n: number): Record<string, number> {
  const pages = (items: number, operation: keyof typeof MAX_PAGE_SIZE) =>
    Math.max(1, Math.ceil(items / MAX_PAGE_SIZE[operation]));
  const search = (routes: number) => (routes <= SEARCH_LIMIT ? 1 : 1 + Math.ceil(routes / SEARCH_LIMIT));
  return {
    'ec2:DescribeTransitGateways': 1,
    'ec2:DescribeTransitGatewayAttachments': pages(n + 1, 'ec2:DescribeTransitGatewayAttachments'),
    'ec2:DescribeTransitGatewayVpcAttachments': pages(n, 'ec2:DescribeTransitGatewayVpcAttachments'),
    'ec2:DescribeTransitGatewayRouteTables': 1,
    'ec2:GetTransitGatewayRouteTableAssociations':
      pages(n, 'ec2:GetTransitGatewayRouteTableAssociations') + 1,
    'ec2:GetTransitGatewayRouteTablePropagations':
      1 + pages(n, 'ec2:GetTransitGatewayRouteTablePropagations'),
    'ec2:SearchTransitGatewayRoutes': search(2) + search(n),
  };
}

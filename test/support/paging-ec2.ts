/**
 * A fake EC2 that pages exactly as EC2 does (MaxResults, NextToken, the largest page
 * each operation accepts, 200 filter values at most), holding n items of each type.
 * The collector call-count test and the API-call benchmark share it.
 */
import {
  DescribeCustomerGatewaysCommand,
  DescribeManagedPrefixListsCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  DescribeVpnConnectionsCommand,
  DescribeVpnGatewaysCommand,
  EC2Client,
  GetManagedPrefixListEntriesCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { MAX_PAGE_SIZE } from '../../lib/collect/page-sizes.js';

type Paged = { MaxResults?: number; NextToken?: string };

export function pager<T>(items: T[], key: string, limit: number) {
  return async (input: Paged) => {
    if ((input.MaxResults ?? 0) > limit)
      throw Object.assign(new Error('MaxResults too large'), { name: 'InvalidParameterValue' });
    const size = input.MaxResults ?? items.length;
    const start = Number(input.NextToken ?? 0);
    const page = items.slice(start, start + size);
    const next = start + size < items.length ? String(start + size) : undefined;
    return { [key]: page, ...(next === undefined ? {} : { NextToken: next }) };
  };
}

export const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export function fakePagingEc2(n: number) {
  const ec2 = mockClient(EC2Client);
  const endpoints = range(n).map((i) => ({
    VpcEndpointId: `vpce-${i}`,
    VpcId: `vpc-${i % 7}`,
    VpcEndpointType: i % 2 === 0 ? 'Interface' : 'Gateway',
    NetworkInterfaceIds: i % 2 === 0 ? [`eni-${i}`] : [],
  }));
  const groups = range(n).map((i) => ({
    GroupId: `sg-${i}`,
    IpPermissions:
      i === 0
        ? [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-1' }] }]
        : [],
  }));
  const interfaces = endpoints.flatMap((e) => e.NetworkInterfaceIds);
  ec2.on(DescribeVpcsCommand).callsFake(
    pager(
      range(n).map((i) => ({ VpcId: `vpc-${i}` })),
      'Vpcs',
      1000,
    ),
  );
  ec2.on(DescribeSubnetsCommand).callsFake(
    pager(
      range(n).map((i) => ({ SubnetId: `subnet-${i}` })),
      'Subnets',
      1000,
    ),
  );
  ec2.on(DescribeRouteTablesCommand).callsFake(
    pager(
      range(n).map((i) => ({ RouteTableId: `rtb-${i}` })),
      'RouteTables',
      100,
    ),
  );
  ec2.on(DescribeNetworkAclsCommand).callsFake(
    pager(
      range(n).map((i) => ({ NetworkAclId: `acl-${i}` })),
      'NetworkAcls',
      100,
    ),
  );
  ec2.on(DescribeSecurityGroupsCommand).callsFake(pager(groups, 'SecurityGroups', 1000));
  ec2.on(DescribeVpcEndpointsCommand).callsFake(pager(endpoints, 'VpcEndpoints', 1000));
  ec2
    .on(DescribeManagedPrefixListsCommand)
    .callsFake(pager([{ PrefixListId: 'pl-1' }, { PrefixListId: 'pl-2' }], 'PrefixLists', 100));
  ec2.on(GetManagedPrefixListEntriesCommand).callsFake(
    pager(
      range(150).map((i) => ({ Cidr: `10.0.${i}.0/24` })),
      'Entries',
      100,
    ),
  );
  ec2.on(DescribeNetworkInterfacesCommand).callsFake(async (input) => {
    const ids = input.Filters?.[0]?.Values ?? [];
    if (ids.length > 200)
      throw Object.assign(new Error('too many filter values'), { name: 'FilterLimitExceeded' });
    return pager(
      interfaces.filter((id) => ids.includes(id)).map((NetworkInterfaceId) => ({ NetworkInterfaceId })),
      'NetworkInterfaces',
      1000,
    )(input);
  });
  ec2
    .on(DescribeVpcAttributeCommand)
    .resolves({ EnableDnsSupport: { Value: true }, EnableDnsHostnames: { Value: true } });
  ec2.on(DescribeVpnConnectionsCommand).resolves({ VpnConnections: [] });
  ec2.on(DescribeVpnGatewaysCommand).resolves({ VpnGateways: [] });
  ec2.on(DescribeCustomerGatewaysCommand).resolves({ CustomerGateways: [] });
  ec2.on(DescribeVpcPeeringConnectionsCommand).resolves({ VpcPeeringConnections: [] });
  const vpcsWithInterfaceEndpoints = new Set(
    endpoints.filter((e) => e.VpcEndpointType === 'Interface').map((e) => e.VpcId),
  ).size;
  return { ec2, interfaces, vpcsWithInterfaceEndpoints };
}

/** The fewest calls that can read n items of each type at the largest page sizes. */
export function minimumCalls(
  n: number,
  interfaces: number,
  vpcsWithInterfaceEndpoints: number,
): Record<string, number> {
  const pages = (operation: keyof typeof MAX_PAGE_SIZE) =>
    Math.max(1, Math.ceil(n / MAX_PAGE_SIZE[operation]));
  return {
    'ec2:DescribeCustomerGateways': 1,
    'ec2:DescribeVpcPeeringConnections': 1,
    'ec2:DescribeManagedPrefixLists': 1,
    'ec2:DescribeNetworkAcls': pages('ec2:DescribeNetworkAcls'),
    'ec2:DescribeNetworkInterfaces': Math.ceil(interfaces / 200),
    'ec2:DescribeRouteTables': pages('ec2:DescribeRouteTables'),
    'ec2:DescribeSecurityGroups': pages('ec2:DescribeSecurityGroups'),
    'ec2:DescribeSubnets': pages('ec2:DescribeSubnets'),
    'ec2:DescribeVpcAttribute': 2 * vpcsWithInterfaceEndpoints,
    'ec2:DescribeVpcEndpoints': pages('ec2:DescribeVpcEndpoints'),
    'ec2:DescribeVpcs': pages('ec2:DescribeVpcs'),
    'ec2:DescribeVpnConnections': 1,
    'ec2:DescribeVpnGateways': 1,
    // only pl-1 is referenced; its 150 entries take two pages of 100
    'ec2:GetManagedPrefixListEntries': 2,
  };
}

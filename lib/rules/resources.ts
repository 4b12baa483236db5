/** Resource references with full ARNs, built the way AWS builds them. */
import type { ResourceRef, RuleContext } from '../catalog/rule.js';

type Scope = Pick<RuleContext, 'partition' | 'region' | 'accountId'>;

const ec2Arn = (scope: Scope, kind: string, id: string) =>
  `arn:${scope.partition}:ec2:${scope.region}:${scope.accountId}:${kind}/${id}`;

export const resource = {
  account: (scope: Scope): ResourceRef => ({
    type: 'AwsAccount',
    id: scope.accountId,
    // The resource id Security Hub uses for an account.
    arn: `AWS::::Account:${scope.accountId}`,
  }),
  vpc: (scope: Scope, id: string): ResourceRef => ({ type: 'AwsEc2Vpc', id, arn: ec2Arn(scope, 'vpc', id) }),
  subnet: (scope: Scope, id: string): ResourceRef => ({
    type: 'AwsEc2Subnet',
    id,
    arn: ec2Arn(scope, 'subnet', id),
  }),
  securityGroup: (scope: Scope, id: string): ResourceRef => ({
    type: 'AwsEc2SecurityGroup',
    id,
    arn: ec2Arn(scope, 'security-group', id),
  }),
  routeTable: (scope: Scope, id: string): ResourceRef => ({
    type: 'AwsEc2RouteTable',
    id,
    arn: ec2Arn(scope, 'route-table', id),
  }),
  vpcEndpoint: (scope: Scope, id: string): ResourceRef => ({
    type: 'Other',
    id,
    arn: ec2Arn(scope, 'vpc-endpoint', id),
  }),
  vpnConnection: (scope: Scope, id: string): ResourceRef => ({
    type: 'AwsEc2VpnConnection',
    id,
    arn: ec2Arn(scope, 'vpn-connection', id),
  }),
  vpnGateway: (scope: Scope, id: string): ResourceRef => ({
    type: 'Other',
    id,
    arn: ec2Arn(scope, 'vpn-gateway', id),
  }),
  transitGatewayAttachment: (scope: Scope, id: string): ResourceRef => ({
    type: 'Other',
    id,
    arn: ec2Arn(scope, 'transit-gateway-attachment', id),
  }),
  /** An association has no ARN of its own: the resource is its Direct Connect gateway, named by the association id. */
  directConnectGatewayAssociation: (
    scope: Pick<Scope, 'partition'>,
    owner: string,
    gatewayId: string,
    associationId: string,
  ): ResourceRef => ({
    type: 'Other',
    id: associationId,
    arn: `arn:${scope.partition}:directconnect::${owner}:dx-gateway/${gatewayId}`,
  }),
  virtualInterface: (
    scope: Pick<Scope, 'partition'>,
    region: string,
    owner: string,
    id: string,
  ): ResourceRef => ({
    type: 'Other',
    id,
    arn: `arn:${scope.partition}:directconnect:${region}:${owner}:dxvif/${id}`,
  }),
  bucket: (scope: Scope, name: string): ResourceRef => ({
    type: 'AwsS3Bucket',
    id: name,
    arn: `arn:${scope.partition}:s3:::${name}`,
  }),
  dataSyncAgent: (agentArn: string): ResourceRef => ({ type: 'Other', id: agentArn, arn: agentArn }),
  drsSourceServer: (scope: Scope, id: string, arn?: string): ResourceRef => ({
    type: 'Other',
    id,
    arn: arn ?? `arn:${scope.partition}:drs:${scope.region}:${scope.accountId}:source-server/${id}`,
  }),
  drsTemplate: (scope: Scope, id: string, arn?: string): ResourceRef => ({
    type: 'Other',
    id,
    arn:
      arn ??
      `arn:${scope.partition}:drs:${scope.region}:${scope.accountId}:replication-configuration-template/${id}`,
  }),
  dbInstance: (scope: Scope, id: string, arn?: string): ResourceRef => ({
    type: 'AwsRdsDbInstance',
    id,
    arn: arn ?? `arn:${scope.partition}:rds:${scope.region}:${scope.accountId}:db:${id}`,
  }),
  dbCluster: (scope: Scope, id: string, arn?: string): ResourceRef => ({
    type: 'AwsRdsDbCluster',
    id,
    arn: arn ?? `arn:${scope.partition}:rds:${scope.region}:${scope.accountId}:cluster:${id}`,
  }),
  resolverEndpoint: (scope: Scope, id: string, arn?: string): ResourceRef => ({
    type: 'Other',
    id,
    arn:
      arn ??
      `arn:${scope.partition}:route53resolver:${scope.region}:${scope.accountId}:resolver-endpoint/${id}`,
  }),
  resolverRule: (scope: Scope, id: string, arn?: string): ResourceRef => ({
    type: 'Other',
    id,
    arn:
      arn ?? `arn:${scope.partition}:route53resolver:${scope.region}:${scope.accountId}:resolver-rule/${id}`,
  }),
  /** Route 53 is global: a hosted zone's ARN names no region or account. */
  hostedZone: (scope: Pick<Scope, 'partition'>, id: string): ResourceRef => ({
    type: 'Other',
    id: id.replace(/^\/hostedzone\//, ''),
    arn: `arn:${scope.partition}:route53:::hostedzone/${id.replace(/^\/hostedzone\//, '')}`,
  }),
};

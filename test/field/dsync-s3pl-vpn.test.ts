/**
 * Field cases for DataSync, S3 PrivateLink and VPN rules (issue 10, points 1-4, 9, 10,
 * 12, 13), each built from the AWS page that decides it.
 */
import { endpointPoliciesAllowDrsBuckets } from '../../lib/rules/drs/endpoint-policies-allow-drs-buckets.js';
import { controlPortsOpen } from '../../lib/rules/dsync/control-ports-open.js';
import { bucketPinnedToEndpoint } from '../../lib/rules/s3pl/bucket-pinned-to-endpoint.js';
import { endpointPolicyAllowsBackup } from '../../lib/rules/s3pl/endpoint-policy-allows-backup.js';
import { policyEndpointsExist } from '../../lib/rules/s3pl/policy-endpoints-exist.js';
import { databaseReachable } from '../../lib/rules/vpn/database-reachable.js';
import { staticRoutesCoverRemote } from '../../lib/rules/vpn/static-routes-cover-remote.js';
import { tunnelLifetimesMatch } from '../../lib/rules/vpn/tunnel-lifetimes-match.js';
import { vpcRoutesToRemote } from '../../lib/rules/vpn/vpc-routes-to-remote.js';
import { ec2Of, find, HEALTHY_CONFIG, IDS } from '../support/landing-zone.js';
import { acl } from '../support/network-fixture.js';
import { zoneTable } from '../support/zone-table.js';
import { ACCOUNT, alibabaOverBgp, type Change, endpoint, table } from './support.js';

const VEEAM = 'acme-veeam-backups';
const ARCHIVE = 'acme-archive-backups';
const ORDERS_DB = 'orders-db';

const bucketPolicy =
  (name: string, statements: Record<string, unknown>[]): Change =>
  (snapshot) => {
    find(snapshot.s3?.Buckets, (b) => b.Name === name).Policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: statements,
    });
  };
const pin = (extra: Record<string, unknown> = {}) => ({
  Sid: 'DenyOutsideEndpoint',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [`arn:aws:s3:::${VEEAM}`, `arn:aws:s3:::${VEEAM}/*`],
  Condition: { StringNotEquals: { 'aws:SourceVpce': IDS.s3Interface } },
  ...extra,
});

// Point 12. DataSync "choose a service endpoint": the agent talks only to the endpoint address chosen
// at activation (PrivateLinkEndpoint); another interface of the endpoint carries none of its traffic.
const secondInterfaceBehindClosedAcl: Change = (_s, region) => {
  const ec2 = ec2Of(region);
  const dataSync = endpoint(region, IDS.dataSyncEndpoint);
  dataSync.SubnetIds = [IDS.endpointsA, IDS.endpointsB];
  dataSync.NetworkInterfaceIds = [...(dataSync.NetworkInterfaceIds ?? []), 'eni-0f1a2b3c4d5e61051'];
  ec2.NetworkInterfaces?.push({
    NetworkInterfaceId: 'eni-0f1a2b3c4d5e61051',
    PrivateIpAddress: '10.50.3.20',
    SubnetId: IDS.endpointsB,
    VpcId: IDS.vpc,
  });
  const shared = find(ec2.NetworkAcls, (a) => a.NetworkAclId === IDS.acl);
  shared.Associations = shared.Associations?.filter((a) => a.SubnetId !== IDS.endpointsB);
  ec2.NetworkAcls?.push({
    NetworkAclId: 'acl-0b1c2d3e4f5a60009',
    VpcId: IDS.vpc,
    IsDefault: false,
    Associations: [{ NetworkAclId: 'acl-0b1c2d3e4f5a60009', SubnetId: IDS.endpointsB }],
    Entries: [acl(32767, 'deny', '0.0.0.0/0'), acl(32767, 'deny', '0.0.0.0/0', '-1', undefined, true)],
  });
};
zoneTable(
  controlPortsOpen,
  [IDS.dataSyncEndpoint],
  [
    {
      name: 'the agent address is unknown: every subnet of the endpoint is judged',
      change: (snapshot, region) => {
        secondInterfaceBehindClosedAcl(snapshot, region);
        for (const agent of region.datasync?.Agents ?? [])
          delete agent.PrivateLinkConfig?.PrivateLinkEndpoint;
      },
      resourceId: IDS.dataSyncEndpoint,
      status: 'FAILED',
      evidence: 'subnet-0e5f6a7b8c9d00003: blocked',
    },
  ],
  [
    {
      name: 'a second endpoint interface behind a closed ACL that the agents never use',
      change: secondInterfaceBehindClosedAcl,
      resources: [IDS.dataSyncEndpoint],
    },
  ],
);

// Points 1-4. S3 bucket policies for VPC endpoints, IAM NotPrincipal, IAM global condition keys.
zoneTable(
  bucketPinnedToEndpoint,
  [VEEAM, ARCHIVE],
  [
    {
      name: 'a Deny that also requires StringNotEquals aws:PrincipalAccount = the own account',
      change: bucketPolicy(VEEAM, [
        pin({
          Condition: {
            StringNotEquals: { 'aws:SourceVpce': IDS.s3Interface, 'aws:PrincipalAccount': ACCOUNT },
          },
        }),
      ]),
      resourceId: VEEAM,
      status: 'FAILED',
      evidence: 'does not deny requests without aws:SourceVpce',
    },
    {
      name: 'a Deny that depends on aws:SourceIp, which the auditor cannot know',
      change: bucketPolicy(VEEAM, [
        pin({
          Condition: {
            StringNotEquals: { 'aws:SourceVpce': IDS.s3Interface },
            NotIpAddress: { 'aws:SourceIp': '198.51.100.0/24' },
          },
        }),
      ]),
      resourceId: VEEAM,
      status: 'NOT_AVAILABLE',
      evidence: 'aws:SourceIp, which the auditor cannot know',
    },
    {
      name: 'a Deny exempting principals by an IAM policy variable',
      change: bucketPolicy(VEEAM, [
        pin({
          Condition: {
            StringNotEquals: { 'aws:SourceVpce': IDS.s3Interface },
            // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
            StringNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/${aws:username}' },
          },
        }),
      ]),
      resourceId: VEEAM,
      status: 'NOT_AVAILABLE',
      evidence: 'policy variable',
    },
    {
      name: 'a Deny exempting the organization while organizationId is not configured',
      change: bucketPolicy(VEEAM, [
        pin({
          Condition: {
            StringNotEquals: { 'aws:SourceVpce': IDS.s3Interface, 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
          },
        }),
      ]),
      resourceId: VEEAM,
      status: 'NOT_AVAILABLE',
      evidence: 'aws:PrincipalOrgID',
    },
  ],
  [
    {
      name: 'the AWS-style pin: NotPrincipal [admin role, account root]',
      change: bucketPolicy(VEEAM, [
        {
          ...pin(),
          Principal: undefined,
          NotPrincipal: { AWS: [`arn:aws:iam::${ACCOUNT}:role/BackupAdmin`, `arn:aws:iam::${ACCOUNT}:root`] },
        },
      ]),
      resources: [VEEAM, ARCHIVE],
    },
    {
      name: 'the organization exemption with organizationId configured',
      change: bucketPolicy(VEEAM, [
        pin({
          Condition: {
            StringNotEquals: { 'aws:SourceVpce': IDS.s3Interface, 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' },
          },
        }),
      ]),
      config: { ...HEALTHY_CONFIG, organizationId: 'o-a1b2c3d4e5' },
      resources: [VEEAM, ARCHIVE],
    },
  ],
);

// Point 2. The data-perimeter endpoint policy (own account only) lets the account's own clients through.
const perimeter = JSON.stringify({
  Statement: [
    {
      Effect: 'Allow',
      Principal: '*',
      Action: '*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } },
    },
  ],
});
zoneTable(
  endpointPolicyAllowsBackup,
  [IDS.s3Interface, IDS.analyticsS3Interface],
  [],
  [
    {
      name: 'an endpoint policy limited to the own account (data perimeter)',
      change: (_s, region) => {
        endpoint(region, IDS.s3Interface).PolicyDocument = perimeter;
      },
      resources: [IDS.s3Interface, IDS.analyticsS3Interface],
    },
  ],
);
// Issue 18, point 10 (DRS "Installing the agent on a secured network"): the installer and its
// hashes are downloaded anonymously from aws-drs-clients-*, which a perimeter of the own account
// denies; the perimeter that lists those buckets for every principal lets them through.
const perimeterWithInstaller = JSON.stringify({
  Statement: [
    ...JSON.parse(perimeter).Statement,
    {
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: [
        'arn:aws:s3:::aws-drs-clients-eu-west-1/*',
        'arn:aws:s3:::aws-drs-clients-hashes-eu-west-1/*',
      ],
    },
  ],
});
zoneTable(
  endpointPoliciesAllowDrsBuckets,
  [IDS.s3Gateway, IDS.s3Interface],
  [
    {
      name: 'an S3 endpoint policy limited to the own account denies the anonymous installer download',
      change: (_s, region) => {
        endpoint(region, IDS.s3Gateway).PolicyDocument = perimeter;
      },
      resourceId: IDS.s3Gateway,
      status: 'FAILED',
      evidence:
        'denies s3:GetObject on aws-drs-clients-eu-west-1 (anonymous, as the agent installer downloads)',
      remediation: 'for every principal ("Principal": "*")',
    },
  ],
  [
    {
      name: 'S3 endpoint policies limited to the own account, with the installer buckets open to every principal',
      change: (_s, region) => {
        endpoint(region, IDS.s3Interface).PolicyDocument = perimeterWithInstaller;
        endpoint(region, IDS.s3Gateway).PolicyDocument = perimeterWithInstaller;
      },
      resources: [IDS.s3Gateway, IDS.s3Interface],
    },
  ],
);

// Point 13. Condition values of one key are OR'ed (IAM condition operators): one live endpoint keeps access.
zoneTable(
  policyEndpointsExist,
  [VEEAM, ARCHIVE],
  [
    {
      name: 'a stale endpoint id beside the live one',
      change: bucketPolicy(VEEAM, [
        pin({
          Condition: { StringNotEquals: { 'aws:SourceVpce': [IDS.s3Interface, 'vpce-0deadbeef00000009'] } },
        }),
      ]),
      resourceId: VEEAM,
      status: 'WARNING',
      evidence:
        'vpce-0deadbeef00000009 does not exist in eu-west-1; access still works through vpce-0a1b2c3d4e5f60104',
      remediation: 'Remove the stale ids (vpce-0deadbeef00000009)',
    },
    {
      name: 'only stale ids: locked out',
      change: bucketPolicy(VEEAM, [
        pin({ Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0deadbeef00000009' } } }),
      ]),
      resourceId: VEEAM,
      status: 'FAILED',
      evidence: 'access is locked out',
    },
  ],
);

// Point 9. VPN routing types: BGP-learned routes are not listed by the VPN API. The DTS range is still
// required of the connection that leads to Alibaba Cloud, placed by configuration or propagated routes.
const propagatedRemote: Change = (_s, region) => {
  alibabaOverBgp(region);
  const db = table(region, IDS.dbTable);
  db.Routes = (db.Routes ?? []).map((route) =>
    route.DestinationCidrBlock === '172.16.0.0/16'
      ? { ...route, Origin: 'EnableVgwRoutePropagation' }
      : route,
  );
};
const withoutDtsRoute: Change = (_s, region) => {
  const db = table(region, IDS.dbTable);
  db.Routes = db.Routes?.filter((r) => r.DestinationCidrBlock !== '100.104.0.0/16');
};
zoneTable(
  vpcRoutesToRemote,
  [IDS.dbTable],
  [
    {
      name: 'BGP to Alibaba Cloud, placed nowhere',
      change: (_s, region) => alibabaOverBgp(region),
      resourceId: IDS.dbTable,
      status: 'NOT_AVAILABLE',
      evidence: 'vpn.remoteConnections',
    },
    {
      name: 'BGP to Alibaba Cloud named in vpn.remoteConnections, the DTS range not routed',
      change: (snapshot, region) => {
        alibabaOverBgp(region);
        withoutDtsRoute(snapshot, region);
      },
      config: {
        ...HEALTHY_CONFIG,
        vpn: { remoteCidrs: ['172.16.0.0/16'], remoteConnections: [IDS.vpnAlibaba] },
      },
      resourceId: IDS.dbTable,
      status: 'FAILED',
      evidence: 'does not send 100.104.0.0/16 through vgw-0c1d2e3f4a5b60001',
    },
    {
      name: 'BGP placed by a propagated route to the remote cloud, the DTS range not routed',
      change: (snapshot, region) => {
        propagatedRemote(snapshot, region);
        withoutDtsRoute(snapshot, region);
      },
      resourceId: IDS.dbTable,
      status: 'FAILED',
      evidence: 'does not send 100.104.0.0/16',
    },
  ],
  [
    {
      name: 'BGP named by its customer gateway address, every remote network routed',
      change: (_s, region) => alibabaOverBgp(region),
      config: {
        ...HEALTHY_CONFIG,
        vpn: { remoteCidrs: ['172.16.0.0/16'], remoteConnections: ['198.51.100.20'] },
      },
      resources: [IDS.dbTable],
    },
    {
      name: 'BGP placed by a propagated route, every remote network routed',
      change: propagatedRemote,
      resources: [IDS.dbTable],
    },
  ],
);
zoneTable(
  databaseReachable,
  [ORDERS_DB],
  [
    {
      name: 'BGP to Alibaba Cloud, placed nowhere',
      change: (_s, region) => alibabaOverBgp(region),
      resourceId: ORDERS_DB,
      status: 'NOT_AVAILABLE',
      evidence: 'vpn.remoteConnections',
    },
    {
      name: 'BGP named in vpn.remoteConnections; the database group misses the DTS range',
      change: (_s, region) => {
        alibabaOverBgp(region);
        const db = find(ec2Of(region).SecurityGroups, (g) => g.GroupId === IDS.dbGroup);
        db.IpPermissions = [
          { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '172.16.0.0/16' }] },
        ];
      },
      config: {
        ...HEALTHY_CONFIG,
        vpn: { remoteCidrs: ['172.16.0.0/16'], remoteConnections: [IDS.vpnAlibaba] },
      },
      resourceId: ORDERS_DB,
      status: 'FAILED',
      evidence: '100.104.0.0/16',
    },
  ],
);

// Point 10. What moto and some accounts omit: Options (static or BGP unknown), TunnelOptions (lifetimes unknown).
zoneTable(
  staticRoutesCoverRemote,
  // The data-centre connection does not lead to the remote cloud: its own routes prove nothing.
  { passed: [IDS.vpnAlibaba], notApplicable: [IDS.vpnDataCentre] },
  [
    {
      name: 'Options absent',
      change: (_s, region) => {
        delete find(ec2Of(region).VpnConnections, (c) => c.VpnConnectionId === IDS.vpnAlibaba).Options;
      },
      resourceId: IDS.vpnAlibaba,
      status: 'NOT_AVAILABLE',
      evidence: 'static and dynamic routing cannot be told apart',
    },
  ],
);
zoneTable(
  tunnelLifetimesMatch,
  [IDS.vpnDataCentre, IDS.vpnAlibaba],
  [
    {
      name: 'no Options.TunnelOptions: zero tunnels checked is no PASSED',
      change: (_s, region) => {
        const connection = find(ec2Of(region).VpnConnections, (c) => c.VpnConnectionId === IDS.vpnAlibaba);
        if (connection.Options) delete connection.Options.TunnelOptions;
      },
      resourceId: IDS.vpnAlibaba,
      status: 'NOT_AVAILABLE',
      evidence: 'no Options.TunnelOptions',
    },
  ],
);

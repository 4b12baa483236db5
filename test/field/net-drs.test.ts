/**
 * Field cases for NET.2 and the DRS rules (issue 10, points 5-8, 11, 14, 15), each
 * built from the AWS page that decides it.
 */

import { agentInstallEndpoints } from '../../lib/rules/drs/agent-install-endpoints.js';
import { privateRoutingConsistent } from '../../lib/rules/drs/private-routing-consistent.js';
import { replicationPortOpen } from '../../lib/rules/drs/replication-port-open.js';
import { stagingEgressHttps } from '../../lib/rules/drs/staging-egress-https.js';
import { noCidrOverlap } from '../../lib/rules/net/no-cidr-overlap.js';
import { ec2Of, find, IDS } from '../support/landing-zone.js';
import { acl } from '../support/network-fixture.js';
import { zoneTable } from '../support/zone-table.js';
import {
  endpoint,
  group,
  publicReplication,
  routing,
  stagingViaInternetGateway,
  stagingWithoutInternet,
  table,
} from './support.js';

const TEMPLATE = 'rct-0a1b2c3d4e5f60001';
const SERVERS = ['s-0a1b2c3d4e5f60001', 's-0a1b2c3d4e5f60002'];
const PUBLIC_SITE = '203.0.113.0/24';
/** The example's configuration without source networks: they are inferred from the VPN routes. */
const INFERRED = {
  s3PrivateLink: { buckets: ['acme-veeam-backups'] },
  vpn: { remoteCidrs: ['172.16.0.0/16'] },
};

// Point 5. Route tables, longest-prefix match (VPC user guide): a summary route that contains the
// VPC's own CIDR never carries the VPC's addresses; the local route wins.
zoneTable(
  noCidrOverlap,
  [IDS.vpc, IDS.analyticsVpc],
  [
    {
      name: 'a configured data-centre network inside the VPC is still an overlap',
      change: () => {},
      config: { sourceCidrs: ['10.50.200.0/24'] },
      resourceId: IDS.vpc,
      status: 'FAILED',
      evidence: '10.50.0.0/16 overlaps 10.50.200.0/24',
    },
  ],
  [
    {
      name: 'a summary route 10.0.0.0/8 -> tgw in a 10.50.0.0/16 VPC, networks inferred',
      change: (_s, region) => {
        table(region, IDS.mainTable).Routes?.push({
          DestinationCidrBlock: '10.0.0.0/8',
          TransitGatewayId: 'tgw-0a1b2c3d4e5f60001',
          State: 'active',
          Origin: 'CreateRoute',
        });
      },
      config: { vpn: { dtsCidrs: [] } },
      resources: [IDS.vpc, IDS.analyticsVpc],
    },
    {
      name: 'the same summary route with configured networks: inferred ones are not used',
      change: (_s, region) => {
        table(region, IDS.mainTable).Routes?.push({
          DestinationCidrBlock: '10.0.0.0/8',
          TransitGatewayId: 'tgw-0a1b2c3d4e5f60001',
          State: 'active',
          Origin: 'CreateRoute',
        });
      },
      resources: [IDS.vpc, IDS.analyticsVpc],
    },
  ],
);

// Point 6. DRS data routing: "use private IP" needs a private path (VPN, Direct Connect, peering);
// an internet gateway is never one. A public site replicating over the internet is not warned.
zoneTable(
  privateRoutingConsistent,
  [TEMPLATE, ...SERVERS],
  [
    {
      name: 'PRIVATE_IP answered only through 0.0.0.0/0 -> igw, from a public site',
      change: (_s, region) => {
        stagingViaInternetGateway(region);
        routing(region, 'PRIVATE_IP');
      },
      config: { drs: { sourceCidrs: [PUBLIC_SITE] } },
      resourceId: TEMPLATE,
      // The source servers replicate over the same route: each is reported too.
      others: { 's-0a1b2c3d4e5f60001': 'FAILED', 's-0a1b2c3d4e5f60002': 'FAILED' },
      status: 'FAILED',
      evidence: 'is not a private path',
      remediation: `Route ${PUBLIC_SITE} through the virtual private gateway`,
    },
  ],
  [
    {
      name: 'PUBLIC_IP from a public site over an internet gateway: no private path to warn about',
      change: (_s, region) => {
        stagingViaInternetGateway(region);
        routing(region, 'PUBLIC_IP');
      },
      config: { drs: { sourceCidrs: [PUBLIC_SITE] } },
      resources: [TEMPLATE, ...SERVERS],
    },
  ],
);

// Point 6. Installing the agent on a secured network: only for sources routed privately.
zoneTable(
  agentInstallEndpoints,
  [IDS.vpc],
  [],
  [
    {
      name: 'a public site reaching the staging VPC only through an internet gateway',
      change: (_s, region) => stagingViaInternetGateway(region),
      config: { drs: { sourceCidrs: [PUBLIC_SITE] } },
      resources: [IDS.vpc],
      status: 'NOT_APPLICABLE',
    },
  ],
);

// Points 7 and 8. DRS network requirements and security group best practice: replication servers
// reach drs, ec2 (interface) and s3 (gateway) endpoints on 443 when there is no internet path.
zoneTable(
  stagingEgressHttps,
  [IDS.staging],
  [
    {
      name: 'the endpoint group admits another group, not the replication servers',
      change: (_s, region) => {
        stagingWithoutInternet(region);
        group(region, IDS.endpointGroup).IpPermissions = [
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: IDS.taskGroup }] },
        ];
      },
      resourceId: IDS.staging,
      status: 'FAILED',
      evidence: 'does not admit TCP 443 from 10.50.1.0/24 or the groups sg-0d1e2f3a4b5c60001',
    },
    {
      name: 'the staging network ACL denies TCP 443 out to an S3 range of the gateway path',
      change: (_s, region) => {
        stagingWithoutInternet(region);
        find(ec2Of(region).NetworkAcls, (a) => a.NetworkAclId === IDS.acl).Entries?.push(
          acl(50, 'deny', '52.218.0.0/17', '6', [443, 443], true),
        );
      },
      resourceId: IDS.staging,
      status: 'FAILED',
      evidence: 'TCP 443 to S3 (pl-6da54004) through vpce-0a1b2c3d4e5f60103 is partial',
    },
    {
      name: 'the drs interface endpoint has private DNS off',
      change: (_s, region) => {
        stagingWithoutInternet(region);
        endpoint(region, IDS.drsEndpoint).PrivateDnsEnabled = false;
      },
      resourceId: IDS.staging,
      status: 'FAILED',
      evidence: 'vpce-0a1b2c3d4e5f60101 (drs) has private DNS off',
    },
  ],
  [
    {
      name: 'the endpoint group allows 443 from the replication servers group (a group reference)',
      change: (_s, region) => {
        stagingWithoutInternet(region);
        group(region, IDS.endpointGroup).IpPermissions = [
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: IDS.drsGroup }] },
        ];
      },
      resources: [IDS.staging],
    },
  ],
);

// Points 11, 14, 15. Network ACLs (VPC user guide) may deny chosen ports inside 1024-65535; DRS over
// the internet comes from the site's public addresses; inferred networks that are all set aside fail.
zoneTable(
  replicationPortOpen,
  [IDS.staging],
  [
    {
      name: 'answers denied on 1024-2047 only (below every common ephemeral range)',
      change: (_s, region) => {
        find(ec2Of(region).NetworkAcls, (a) => a.NetworkAclId === IDS.acl).Entries?.push(
          acl(50, 'deny', '0.0.0.0/0', '6', [1024, 2047], true),
        );
      },
      resourceId: IDS.staging,
      status: 'WARNING',
      evidence: 'only answers on ports 1024-2047 are refused, below 32768',
    },
    {
      name: 'answers denied on 40000-40010 (inside the Linux ephemeral range)',
      change: (_s, region) => {
        find(ec2Of(region).NetworkAcls, (a) => a.NetworkAclId === IDS.acl).Entries?.push(
          acl(50, 'deny', '0.0.0.0/0', '6', [40000, 40010], true),
        );
      },
      resourceId: IDS.staging,
      status: 'FAILED',
      evidence: 'on ports 40000-40010 are denied',
    },
    {
      name: 'PUBLIC_IP: the site public addresses are not admitted on TCP 1500',
      change: (_s, region) => publicReplication(region),
      config: { sourceCidrs: ['10.20.0.0/16'], drs: { publicSourceCidrs: [PUBLIC_SITE] } },
      resourceId: IDS.staging,
      status: 'FAILED',
      evidence: `${PUBLIC_SITE} -> subnet-0e5f6a7b8c9d00001: blocked`,
      remediation: `Allow inbound TCP 1500 from ${PUBLIC_SITE}`,
    },
    {
      name: 'PUBLIC_IP without drs.publicSourceCidrs and no public address admitted',
      change: (_s, region) => routing(region, 'PUBLIC_IP'),
      resourceId: IDS.staging,
      status: 'FAILED',
      evidence: 'no public address reaches TCP 1500',
    },
    {
      name: 'inferred networks, none admitted: every one set aside is no PASSED',
      change: (_s, region) => {
        group(region, IDS.drsGroup).IpPermissions = [];
      },
      config: INFERRED,
      resourceId: IDS.staging,
      status: 'FAILED',
      evidence: 'source networks inferred from VPN/TGW routes',
    },
  ],
  [
    {
      name: 'PUBLIC_IP with the site public addresses admitted (the private ranges are not judged)',
      change: (_s, region) => {
        publicReplication(region);
        group(region, IDS.drsGroup).IpPermissions = [
          { IpProtocol: 'tcp', FromPort: 1500, ToPort: 1500, IpRanges: [{ CidrIp: PUBLIC_SITE }] },
        ];
      },
      config: { sourceCidrs: ['10.20.0.0/16'], drs: { publicSourceCidrs: [PUBLIC_SITE] } },
      resources: [IDS.staging],
    },
    {
      name: 'PUBLIC_IP without drs.publicSourceCidrs: open to the internet, and said to whom',
      change: (_s, region) => {
        publicReplication(region);
        group(region, IDS.drsGroup).IpPermissions = [
          { IpProtocol: 'tcp', FromPort: 1500, ToPort: 1500, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        ];
      },
      resources: [IDS.staging],
    },
  ],
);

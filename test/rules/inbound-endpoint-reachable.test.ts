// Route 53 Resolver, "Values that you specify when you create or edit inbound endpoints" (inbound
// rules must allow TCP and UDP access on port 53):
// https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-inbound-queries-values.html
import { inboundEndpointReachable } from '../../lib/rules/dns/inbound-endpoint-reachable.js';
import { pair } from '../support/dns-fixture.js';
import { find, HEALTHY_CONFIG, loadNetworkExampleWithSpoke, NET_IDS } from '../support/landing-zone.js';
import { closedBy, ruleTable } from '../support/rule-table.js';

const SPOKE_INBOUND = 'rslvr-in-0a1b2c3d4e5f60001';

ruleTable(inboundEndpointReachable, {
  valid: [
    {
      name: 'OPERATIONAL in two zones, UDP and TCP 53 open from the forwarder (the spoke’s own endpoint is targeted by none)',
      snapshot: pair(),
      config: HEALTHY_CONFIG,
      resources: [NET_IDS.inbound],
      notApplicable: [SPOKE_INBOUND],
    },
  ],
  invalid: [
    {
      name: 'the example as shipped: the group admits UDP 53 only',
      snapshot: loadNetworkExampleWithSpoke(),
      config: HEALTHY_CONFIG,
      resourceId: NET_IDS.inbound,
      status: 'FAILED',
      reason: closedBy(`no permission of ${NET_IDS.dnsInboundGroup} allows tcp 53`),
      remediation: /tcp/i,
    },
    {
      name: 'no dns.forwarders: which endpoint on-premises uses is not in AWS',
      snapshot: pair(),
      config: { ...HEALTHY_CONFIG, dns: {} },
      resourceId: NET_IDS.inbound,
      status: 'NOT_AVAILABLE',
      evidence: 'configure dns.forwarders',
      others: { [SPOKE_INBOUND]: 'NOT_AVAILABLE' },
    },
    {
      name: 'not OPERATIONAL',
      snapshot: pair(({ networkRegion }) => {
        find(networkRegion.route53resolver?.ResolverEndpoints, (e) => e.Id === NET_IDS.inbound).Status =
          'ACTION_NEEDED';
      }),
      config: HEALTHY_CONFIG,
      resourceId: NET_IDS.inbound,
      status: 'FAILED',
      evidence: 'ACTION_NEEDED',
    },
    {
      name: 'both addresses in one Availability Zone',
      snapshot: pair(({ networkRegion }) => {
        for (const address of find(
          networkRegion.route53resolver?.ResolverEndpoints,
          (e) => e.Id === NET_IDS.inbound,
        ).IpAddresses ?? [])
          address.SubnetId = NET_IDS.sharedSubnetA;
      }),
      config: HEALTHY_CONFIG,
      resourceId: NET_IDS.inbound,
      status: 'WARNING',
      evidence: 'one Availability Zone only (eu-west-1a)',
    },
    {
      name: 'the shared-services VPC no longer routes the data centre (the answers cannot return)',
      snapshot: pair(({ networkRegion }) => {
        const table = find(networkRegion.ec2?.RouteTables, (t) => t.RouteTableId === NET_IDS.sharedTable);
        table.Routes = (table.Routes ?? []).filter((r) => r.DestinationCidrBlock !== '10.20.0.0/16');
      }),
      config: HEALTHY_CONFIG,
      resourceId: NET_IDS.inbound,
      status: 'FAILED',
      reason: closedBy('no route'),
    },
    {
      name: 'the addresses were not read',
      snapshot: pair(({ networkRegion }) => {
        delete find(networkRegion.route53resolver?.ResolverEndpoints, (e) => e.Id === NET_IDS.inbound)
          .IpAddresses;
      }),
      config: HEALTHY_CONFIG,
      resourceId: NET_IDS.inbound,
      status: 'NOT_AVAILABLE',
      evidence: 'ListResolverEndpointIpAddresses',
    },
  ],
});

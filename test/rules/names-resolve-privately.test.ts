// Route 53 Resolver, "Forwarding inbound DNS queries to your VPCs":
// https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-inbound-queries.html
import { namesResolvePrivately } from '../../lib/rules/dns/names-resolve-privately.js';
import { pair, zone } from '../support/dns-fixture.js';
import { DNS_FORWARDERS, find, HEALTHY_CONFIG, NET_IDS } from '../support/landing-zone.js';
import { ruleTable } from '../support/rule-table.js';

const DRS = 'vpce-0a1b2c3d4e5f60101';
const S3 = 'vpce-0a1b2c3d4e5f60104';
// The analytics VPC's S3 endpoint, available in the healthy zone, also by its endpoint-specific name.
const S3_ANALYTICS = 'vpce-0a1b2c3d4e5f60107';

ruleTable(namesResolvePrivately, {
  valid: [
    {
      name: 'the data centre forwards the region to the inbound endpoint, whose zones alias the centralised drs endpoint; S3 by its endpoint-specific name',
      snapshot: pair(),
      config: HEALTHY_CONFIG,
      resources: [DRS, S3, S3_ANALYTICS],
    },
    {
      name: 'a SYSTEM rule for the name beside a FORWARD rule for the region keeps it resolving',
      snapshot: pair(({ networkRegion }) => {
        const resolver = networkRegion.route53resolver ?? {};
        resolver.ResolverRules = [
          ...(resolver.ResolverRules ?? []),
          {
            Id: 'rslvr-rr-fwd',
            DomainName: 'eu-west-1.amazonaws.com',
            RuleType: 'FORWARD',
            TargetIps: [{ Ip: '10.20.0.53' }],
          },
          { Id: 'rslvr-rr-sys', DomainName: 'drs.eu-west-1.amazonaws.com', RuleType: 'SYSTEM' },
        ];
        resolver.ResolverRuleAssociations = [
          ...(resolver.ResolverRuleAssociations ?? []),
          { Id: 'a1', ResolverRuleId: 'rslvr-rr-fwd', VPCId: NET_IDS.sharedVpc, Status: 'COMPLETE' },
          { Id: 'a2', ResolverRuleId: 'rslvr-rr-sys', VPCId: NET_IDS.sharedVpc, Status: 'COMPLETE' },
        ];
      }),
      config: HEALTHY_CONFIG,
      resources: [DRS, S3, S3_ANALYTICS],
    },
  ],
  invalid: [
    {
      name: 'no dns.forwarders: the default name cannot be judged',
      snapshot: pair(),
      config: { ...HEALTHY_CONFIG, dns: {} },
      resourceId: DRS,
      status: 'NOT_AVAILABLE',
      evidence: 'configure dns.forwarders',
    },
    {
      name: 'the forwarder sends only the company domain to AWS: the service name resolves publicly',
      snapshot: pair(),
      config: {
        ...HEALTHY_CONFIG,
        dns: { forwarders: [{ ...DNS_FORWARDERS[0], domains: ['corp.acme.example'] }] } as never,
      },
      resourceId: DRS,
      status: 'FAILED',
      evidence: 'forwards none of its domains (corp.acme.example)',
      remediation: /forward drs\.eu-west-1\.amazonaws\.com/,
    },
    {
      name: 'one DNS server forwards, the other does not: WARNING naming it',
      snapshot: pair(),
      config: {
        ...HEALTHY_CONFIG,
        dns: {
          forwarders: [
            DNS_FORWARDERS[0],
            { addresses: ['10.20.0.54'], domains: ['corp.acme.example'], targets: ['10.70.1.53'] },
          ],
        } as never,
      },
      resourceId: DRS,
      status: 'WARNING',
      evidence: 'resolves privately only from 10.20.0.53',
    },
    {
      name: 'the zone holds no record for the name: NXDOMAIN through the inbound endpoint',
      snapshot: pair(({ network }) => {
        const drsZone = zone(network, NET_IDS.drsZone);
        drsZone.ResourceRecordSets = (drsZone.ResourceRecordSets ?? []).filter((r) => r.Type !== 'A');
      }),
      config: HEALTHY_CONFIG,
      resourceId: DRS,
      status: 'FAILED',
      evidence: 'answers NXDOMAIN',
    },
    {
      name: 'the inbound endpoint is not OPERATIONAL',
      snapshot: pair(({ networkRegion }) => {
        find(networkRegion.route53resolver?.ResolverEndpoints, (e) => e.Id === NET_IDS.inbound).Status =
          'ACTION_NEEDED';
      }),
      config: HEALTHY_CONFIG,
      resourceId: DRS,
      status: 'FAILED',
      evidence: 'ACTION_NEEDED, not OPERATIONAL',
    },
    {
      name: "the zone's records were not read: unknown, never resolved",
      snapshot: pair(({ network }) => {
        delete zone(network, NET_IDS.drsZone).ResourceRecordSets;
      }),
      config: HEALTHY_CONFIG,
      resourceId: DRS,
      status: 'NOT_AVAILABLE',
      evidence: 'were not read',
    },
    {
      name: 'a FORWARD rule for the name in the inbound VPC sends it back on-premises',
      snapshot: pair(({ networkRegion }) => {
        const resolver = networkRegion.route53resolver ?? {};
        resolver.ResolverRules = [
          {
            Id: 'rslvr-rr-loop',
            DomainName: 'drs.eu-west-1.amazonaws.com',
            RuleType: 'FORWARD',
            TargetIps: [{ Ip: '10.20.0.53' }],
          },
        ];
        resolver.ResolverRuleAssociations = [
          { Id: 'a1', ResolverRuleId: 'rslvr-rr-loop', VPCId: NET_IDS.sharedVpc, Status: 'COMPLETE' },
        ];
      }),
      config: HEALTHY_CONFIG,
      resourceId: DRS,
      status: 'FAILED',
      evidence: 'is forwarded to 10.20.0.53',
    },
  ],
});

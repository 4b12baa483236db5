// Route 53 Resolver, "Forwarding outbound DNS queries to your network":
// https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-outbound-queries.html
import type { Snapshot } from '../../lib/inventory/types.js';
import { noForwardingLoop } from '../../lib/rules/dns/no-forwarding-loop.js';
import { pair } from '../support/dns-fixture.js';
import { find, HEALTHY_CONFIG, NET_IDS } from '../support/landing-zone.js';
import { ruleTable } from '../support/rule-table.js';

const RULE = 'rslvr-rr-0b2c3d4e5f6a70061';

/** The example's FORWARD rule with another domain. */
function forwarding(domain: string): Snapshot[] {
  return pair(({ networkRegion }) => {
    find(networkRegion.route53resolver?.ResolverRules, (r) => r.Id === RULE).DomainName = domain;
  });
}

ruleTable(noForwardingLoop, {
  valid: [
    {
      name: 'the company domain forwarded to the data centre: none of the service names',
      snapshot: pair(),
      config: HEALTHY_CONFIG,
      resources: [RULE],
      status: 'NOT_APPLICABLE',
    },
    {
      name: 'amazonaws.com forwarded, but the more specific zones answer drs and s3',
      snapshot: forwarding('amazonaws.com'),
      config: HEALTHY_CONFIG,
      resources: [RULE],
    },
  ],
  invalid: [
    {
      name: 'the rule takes the service name itself (a rule wins over a zone for the same domain): a loop',
      snapshot: forwarding('s3.eu-west-1.amazonaws.com'),
      config: HEALTHY_CONFIG,
      resourceId: RULE,
      status: 'FAILED',
      evidence: 'the queries go back on-premises (a loop)',
      remediation: new RegExp(`Disassociate ${RULE} from ${NET_IDS.sharedVpc}`),
    },
    {
      name: 'no dns.forwarders: what arrives at the inbound endpoint is not in AWS',
      snapshot: forwarding('amazonaws.com'),
      config: { ...HEALTHY_CONFIG, dns: {} },
      resourceId: RULE,
      status: 'NOT_AVAILABLE',
      evidence: 'configure dns.forwarders',
    },
  ],
});

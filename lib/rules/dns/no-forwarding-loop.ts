import { defineRule, type Finding } from '../../catalog/rule.js';
import { listStatus } from '../../inventory/lists.js';
import { heldRuleAssociations } from '../../inventory/shared-network.js';
import { describeAnswer } from '../../network/name-text.js';
import { covers, resolve } from '../../network/names.js';
import { resource } from '../resources.js';
import { nameScope, scenarioNames, targetedInbound } from '../support/dns.js';

/** Compliant when no FORWARD Resolver rule on an inbound endpoint's VPC sends the names on-premises forwards there back on-premises (Route 53 Resolver: forwarding rules and inbound endpoints). */
export const noForwardingLoop = defineRule({
  id: 'DNS.4',
  slug: 'no-forwarding-loop',
  title: 'No Resolver rule sends forwarded queries back on-premises',
  severity: 'HIGH',
  source:
    'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-outbound-queries.html',
  // Gated inside: without forwarders nothing is known to arrive at an inbound endpoint, and a
  // snapshot collected before Resolver rules were is then not NOT_AVAILABLE for them.
  inputs: ['route53resolver.ResolverEndpoints'],
  evaluate(context) {
    const forwarders = context.config.dns.forwarders ?? [];
    const inbound = (context.inventory.route53resolver?.ResolverEndpoints ?? []).some(
      (endpoint) => endpoint.Direction === 'INBOUND',
    );
    for (const list of [
      'route53resolver.ResolverRules',
      'route53resolver.ResolverRuleAssociations',
    ] as const) {
      const status = listStatus(context.snapshot, context.region, list);
      if (status.available) continue;
      return forwarders.length > 0 && inbound
        ? [
            {
              status: 'NOT_AVAILABLE',
              resource: resource.account(context),
              evidence: `${status.reason}: whether a Resolver rule sends forwarded queries back on-premises cannot be told`,
            },
          ]
        : [];
    }
    const names = scenarioNames(context.region);
    const scope = nameScope(context);
    const associations = heldRuleAssociations(context.snapshot, context.accounts, context.region).map(
      (h) => h.item,
    );
    const forwardersConfigured = forwarders.length > 0;
    return (context.inventory.route53resolver?.ResolverRules ?? [])
      .filter(
        (rule) =>
          rule.RuleType === 'FORWARD' && (rule.OwnerId === undefined || rule.OwnerId === context.accountId),
      )
      .map((rule): Finding => {
        const ref = resource.resolverRule(context, rule.Id, rule.Arn);
        const domain = rule.DomainName ?? '.';
        const vpcs = associations
          .filter((a) => a.ResolverRuleId === rule.Id && (a.Status === undefined || a.Status === 'COMPLETE'))
          .flatMap((a) => (a.VPCId ? [a.VPCId] : []));
        const inboundVpcs = vpcs.filter((vpc) => targetedInbound(context, vpc).length > 0);
        if (inboundVpcs.length === 0)
          return {
            status: 'NOT_APPLICABLE',
            resource: ref,
            evidence: `${rule.Id} (FORWARD ${domain}) is associated with no VPC holding an inbound Resolver endpoint`,
          };
        if (!forwardersConfigured)
          return {
            status: 'NOT_AVAILABLE',
            resource: ref,
            evidence: `${rule.Id} (FORWARD ${domain}) is associated with ${inboundVpcs.join(', ')}, which holds an inbound Resolver endpoint; which names on-premises forwards there is not in AWS: configure dns.forwarders to judge it`,
          };
        const loops: string[] = [];
        const unknown: string[] = [];
        const checked: string[] = [];
        for (const vpc of inboundVpcs)
          for (const { endpoint, forwarders } of targetedInbound(context, vpc))
            for (const name of names) {
              if (!covers(domain, name)) continue;
              if (!forwarders.some((f) => f.domains.some((d) => covers(d, name)))) continue;
              const answer = resolve(name, { vpc, viaInboundEndpoint: true }, scope);
              const said = `${name} forwarded on-premises to ${endpoint.Id}: ${describeAnswer(name, answer)}`;
              if (answer.answer === 'unknown') unknown.push(said);
              else if (answer.answer === 'forwarded' && answer.rule === rule.Id) loops.push(said);
              else checked.push(said);
            }
        if (loops.length > 0)
          return {
            status: 'FAILED',
            resource: ref,
            evidence: `${rule.Id} (FORWARD ${domain} to ${(rule.TargetIps ?? []).map((t) => t.Ip ?? t.Ipv6).join(', ')}) wins in the inbound endpoint's VPC for names on-premises forwards there, so the queries go back on-premises (a loop): ${loops.join('; ')}`,
            remediation: `Disassociate ${rule.Id} from ${inboundVpcs.join(', ')}, or add a SYSTEM rule (or a private hosted zone) for the service names there, or stop forwarding them to this inbound endpoint`,
          };
        if (unknown.length > 0)
          return { status: 'NOT_AVAILABLE', resource: ref, evidence: unknown.join('; ') };
        if (checked.length === 0)
          return {
            status: 'NOT_APPLICABLE',
            resource: ref,
            evidence: `${rule.Id} (FORWARD ${domain}) covers none of the names on-premises forwards to the inbound endpoints of ${inboundVpcs.join(', ')}`,
          };
        return { status: 'PASSED', resource: ref, evidence: checked.join('; ') };
      });
  },
});

import { defineRule, type Finding } from '../../catalog/rule.js';
import { listStatus } from '../../inventory/lists.js';
import { describeAnswer } from '../../network/name-text.js';
import { answerInZone, covers, normalizeName, resolve } from '../../network/names.js';
import { resource } from '../resources.js';
import { hostsInboundEndpoint, nameScope, scenarioNames, usesNames } from '../support/dns.js';
import { isAvailable } from '../support/endpoints.js';

/** Compliant when no private hosted zone that wins for a used name in a VPC lacks a record for it (Route 53: considerations for private hosted zones — a zone answers NXDOMAIN for names it holds no record for). */
export const noShadowingZone = defineRule({
  id: 'DNS.3',
  slug: 'no-shadowing-zone',
  title: 'No private hosted zone shadows the service names',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-considerations.html',
  // Gated inside: the zones matter only where the scenarios use names (a snapshot of an account
  // that uses none, or collected before zones were, is not NOT_AVAILABLE for them).
  inputs: ['ec2.Vpcs'],
  evaluate(context) {
    const names = scenarioNames(context.region);
    const zones = listStatus(context.snapshot, context.region, 'route53.HostedZones');
    if (!zones.available)
      return !usesNames(context)
        ? []
        : [
            {
              status: 'NOT_AVAILABLE',
              resource: resource.account(context),
              evidence: `${zones.reason}: whether a private hosted zone shadows ${names.join(', ')} cannot be told`,
            },
          ];
    const scope = nameScope(context);
    return (context.snapshot.route53?.HostedZones ?? []).flatMap((zone): Finding[] => {
      const ref = resource.hostedZone(context, zone.Id);
      const zoneName = normalizeName(zone.Name);
      if (zone.VPCs === undefined)
        return [
          {
            status: 'NOT_AVAILABLE',
            resource: ref,
            evidence: `the VPC associations of ${zoneName} were not read (GetHostedZone)`,
          },
        ];
      const vpcs = zone.VPCs.filter((v) => (v.VPCRegion ?? context.region) === context.region).flatMap((v) =>
        v.VPCId ? [v.VPCId] : [],
      );
      if (vpcs.length === 0) return [];
      const covered = names.filter((name) => covers(zoneName, name));
      if (covered.length === 0)
        return [
          {
            status: 'NOT_APPLICABLE',
            resource: ref,
            evidence: `${zoneName} covers none of the names the scenarios use in ${context.region} (${names.join(', ')})`,
          },
        ];
      const shadowed: string[] = [];
      const dead: string[] = [];
      const unknown: string[] = [];
      const fine: string[] = [];
      for (const name of covered) {
        // The zone's own record decides wherever the zone wins: judged once, whichever VPCs the audit holds.
        const own = answerInZone(name, zone, scope);
        if (own.answer === 'unknown' && !own.by.some((e) => e.kind === 'zone' && e.record !== undefined)) {
          unknown.push(describeAnswer(name, own));
          continue;
        }
        if (own.answer === 'endpoint') {
          if (isAvailable(own.endpoint.endpoint))
            fine.push(`${describeAnswer(name, own)} (the centralised pattern)`);
          else
            dead.push(
              `${name} is aliased to ${own.endpoint.endpoint.VpcEndpointId}, ${own.endpoint.endpoint.State ?? 'state unknown'}`,
            );
          continue;
        }
        if (own.answer !== 'nxdomain') {
          fine.push(describeAnswer(name, own));
          continue;
        }
        // No record: NXDOMAIN in every associated VPC where no more specific entry wins.
        for (const vpc of vpcs) {
          const answer = resolve(
            name,
            { vpc, viaInboundEndpoint: hostsInboundEndpoint(context, vpc) },
            scope,
          );
          const decidedHere = answer.by.some((entry) => entry.kind === 'zone' && entry.zone === zone.Id);
          if (answer.answer === 'unknown') unknown.push(`${vpc}: ${describeAnswer(name, answer)}`);
          else if (decidedHere && answer.answer === 'nxdomain') shadowed.push(`${name} in ${vpc}`);
          else
            fine.push(
              `in ${vpc} ${describeAnswer(name, answer)} (a more specific entry wins over ${zoneName})`,
            );
        }
      }
      if (shadowed.length > 0 || dead.length > 0)
        return [
          {
            status: 'FAILED',
            resource: ref,
            evidence: [
              shadowed.length > 0
                ? `private hosted zone ${zoneName} (${ref.id}) is the most specific zone for ${shadowed.join(', ')} and holds no record for it: it answers NXDOMAIN, so the service cannot be reached by name`
                : '',
              dead.join('; '),
            ]
              .filter(Boolean)
              .join('; '),
            remediation: `In ${zoneName}, add an alias record for each shadowed name to the interface endpoint (or delete the zone, or narrow it to the names it serves)`,
          },
        ];
      if (unknown.length > 0)
        return [{ status: 'NOT_AVAILABLE', resource: ref, evidence: unknown.join('; ') }];
      return [{ status: 'PASSED', resource: ref, evidence: fine.join('; ') }];
    });
  },
});

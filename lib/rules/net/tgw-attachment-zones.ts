import { defineRule, type Finding, type PathDiagram, type RuleContext } from '../../catalog/rule.js';
import { type InventoryList, listStatus } from '../../inventory/lists.js';
import { resource } from '../resources.js';
import { databases } from '../support/databases.js';
import { idFromArn } from '../support/datasync.js';
import { replicationSettings } from '../support/drs.js';
import { endpointService, isDeleted, SCENARIO_ENDPOINT_SERVICES } from '../support/endpoints.js';
import { networkIndex } from '../support/network.js';
import { networksThrough, TRANSIT_INPUTS, transitVpcs } from '../support/transit.js';

/** The lists that name the scenarios' targets; one that is missing leaves a zone unjudged. */
const TARGET_LISTS: readonly InventoryList[] = [
  'ec2.VpcEndpoints',
  'drs.ReplicationConfigurationTemplates',
  'drs.ReplicationConfigurations',
  'datasync.Agents',
  'rds.DBInstances',
  'rds.DBClusters',
];

/**
 * Compliant when the VPC attachment of a hybrid VPC has a subnet in every Availability
 * Zone where a scenario's target lives: DRS staging subnets, interface endpoint subnets,
 * DataSync task subnets, database subnets (Transit Gateway design best practices: traffic
 * enters a VPC through the attachment's interface in the target's zone).
 */
export const tgwAttachmentZones = defineRule({
  id: 'NET.5',
  slug: 'tgw-attachment-zones',
  title: 'Transit gateway VPC attachments cover the zones of every target',
  severity: 'MEDIUM',
  source: 'https://docs.aws.amazon.com/vpc/latest/tgw/tgw-best-design-practices.html',
  inputs: [...TRANSIT_INPUTS, 'ec2.Subnets'],
  evaluate(context) {
    const index = networkIndex(context);
    const gateways = index.transitGateways;
    const findings: Finding[] = [];
    const missingLists = TARGET_LISTS.flatMap((list) => {
      const status = listStatus(context.snapshot, context.region, list);
      return status.available ? [] : [status.reason];
    });
    const targetsByVpc = targetsOf(context);
    for (const { vpcId, routes } of transitVpcs(context.inventory)) {
      const targets = targetsByVpc.get(vpcId) ?? [];
      for (const attachment of gateways.vpcAttachmentsOf(vpcId)) {
        if (attachment.tgw === undefined || !routes.has(attachment.tgw)) continue;
        const ref = resource.transitGatewayAttachment(context, attachment.id);
        // The hub carries no hybrid traffic of this VPC (it routes only other networks there): its zones do not matter.
        const sources = networksThrough(context, vpcId, routes.get(attachment.tgw) ?? []);
        if (sources.found && sources.networks.length === 0) {
          findings.push({
            status: 'NOT_APPLICABLE',
            resource: ref,
            evidence: `${vpcId} routes none of its source networks to ${attachment.tgw}: the hybrid traffic does not enter through ${attachment.id}`,
          });
          continue;
        }
        const zones = new Set<string>();
        const unknownZone = attachment.subnets.find((id) => {
          const zone = index.subnets.get(id)?.AvailabilityZone;
          if (zone !== undefined) zones.add(zone);
          return zone === undefined;
        });
        if (unknownZone !== undefined) {
          findings.push({
            status: 'NOT_AVAILABLE',
            resource: ref,
            evidence: `the zone of ${unknownZone} (subnet of ${attachment.id}) is not in the snapshot`,
          });
          continue;
        }
        const uncovered: string[] = [];
        const unknown: string[] = [];
        for (const target of targets) {
          const zone = index.subnets.get(target.subnetId)?.AvailabilityZone;
          if (zone === undefined) unknown.push(`the zone of ${target.subnetId} (${target.what})`);
          else if (!zones.has(zone)) uncovered.push(`${zone}, where ${target.what} ${target.subnetId} is`);
        }
        const zoneList = [...zones].sort().join(', ') || 'no zone';
        // Each target's way in from the hub: the attachment's interface in its zone.
        const path: PathDiagram = {
          question: `traffic from ${attachment.tgw} into the zones of ${vpcId}'s targets`,
          paths: targets.slice(0, 6).map((target) => {
            const zone = index.subnets.get(target.subnetId)?.AvailabilityZone;
            const open = zone !== undefined && zones.has(zone);
            return {
              network: attachment.tgw ?? 'the transit gateway',
              target: target.subnetId,
              verdict: zone === undefined ? 'unknown' : open ? 'open' : 'blocked',
              hops: [
                {
                  hop: 'tgw-attachment-az' as const,
                  verdict: zone === undefined ? 'unknown' : open ? 'open' : 'blocked',
                  label: `TGW attachment ${attachment.id}`,
                  where: attachment.id,
                  entries: [...zones].sort(),
                  closedBy:
                    open || zone === undefined
                      ? []
                      : [
                          `${attachment.id} has no subnet in ${zone}, where ${target.what} ${target.subnetId} is`,
                        ],
                },
              ],
            };
          }),
        };
        if (uncovered.length > 0) {
          findings.push({
            status: 'FAILED',
            resource: ref,
            evidence: `${attachment.id} (${attachment.tgw}) has subnets in ${zoneList} only; none in ${[...new Set(uncovered)].join('; ')}: traffic from ${attachment.tgw} cannot enter that zone`,
            remediation: `Add a subnet in each missing zone to ${attachment.id} (aws ec2 modify-transit-gateway-vpc-attachment --add-subnet-ids … --region ${context.region})`,
            path,
          });
        } else if (unknown.length > 0 || missingLists.length > 0) {
          findings.push({
            status: 'NOT_AVAILABLE',
            resource: ref,
            evidence: `not every target's zone is known: ${[...unknown, ...missingLists].join('; ')}`,
          });
        } else if (targets.length === 0) {
          findings.push({
            status: 'NOT_APPLICABLE',
            resource: ref,
            evidence: `no DRS staging subnet, interface endpoint, DataSync task subnet or database in ${vpcId}`,
          });
        } else {
          findings.push({
            status: 'PASSED',
            resource: ref,
            evidence: `${attachment.id} has subnets in ${zoneList}, covering ${[...new Set(targets.map((t) => `${t.what} ${t.subnetId}`))].join(', ')}`,
            path,
          });
        }
      }
    }
    return findings;
  },
});

/** The subnets hybrid traffic is meant to reach, with what each is, by VPC (one pass over the region). */
function targetsOf(context: RuleContext): Map<string, { subnetId: string; what: string }[]> {
  const index = networkIndex(context);
  const byVpc = new Map<string, { subnetId: string; what: string }[]>();
  const add = (subnetId: string | undefined, what: string) => {
    const vpcId = subnetId === undefined ? undefined : index.subnets.get(subnetId)?.VpcId;
    if (vpcId === undefined || subnetId === undefined) return;
    byVpc.set(vpcId, [...(byVpc.get(vpcId) ?? []), { subnetId, what }]);
  };
  for (const { settings } of replicationSettings(context))
    add(settings.stagingAreaSubnetId, 'DRS staging subnet');
  for (const endpoint of context.inventory.ec2?.VpcEndpoints ?? []) {
    if (endpoint.VpcEndpointType !== 'Interface' || isDeleted(endpoint)) continue;
    if (!SCENARIO_ENDPOINT_SERVICES.has(endpointService(endpoint) ?? '')) continue;
    for (const subnetId of endpoint.SubnetIds ?? [])
      add(subnetId, `endpoint ${endpoint.VpcEndpointId} subnet`);
  }
  for (const agent of context.inventory.datasync?.Agents ?? [])
    for (const arn of agent.PrivateLinkConfig?.SubnetArns ?? []) add(idFromArn(arn), 'DataSync task subnet');
  for (const database of databases(context))
    for (const subnetId of database.subnetIds) add(subnetId, `database ${database.name} subnet`);
  return byVpc;
}

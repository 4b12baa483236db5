import { defineRule, type Finding, type RuleContext } from '../../catalog/rule.js';
import { listWideErrors } from '../../inventory/lists.js';
import type { DirectConnectInventory } from '../../inventory/types.js';
import { contains } from '../../ip/cidr.js';
import { resource } from '../resources.js';
import { indexOf } from '../support/network.js';
import { ipv4Blocks, ownVpcBlocks } from '../support/transit.js';

/**
 * Compliant when the allowed prefixes of a Direct Connect gateway's association with a
 * transit gateway (or virtual private gateway) cover the CIDR of every VPC reached
 * through it: the gateway advertises only those prefixes to the on-premises router
 * (Direct Connect gateway allowed prefixes interactions).
 */
export const dxAllowedPrefixes = defineRule({
  id: 'NET.6',
  slug: 'dx-allowed-prefixes',
  title: 'Direct Connect gateway allowed prefixes cover the VPCs reached through it',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html',
  // Associations are global, listed in one region of a collection: read where they are.
  inputs: [],
  evaluate(context) {
    const associations = context.inventory.directconnect?.DirectConnectGatewayAssociations;
    if (associations === undefined) return notListed(context);
    const findings: Finding[] = [];
    for (const association of associations) {
      const owner = association.directConnectGatewayOwnerAccount ?? context.accountId;
      // Another account's association, borrowed to follow paths: reported in its owner's audit.
      if (owner !== context.accountId) continue;
      // Global, so every region sees it: reported once, in the region of the gateway it associates.
      if (reportingRegion(context, association) !== context.region) continue;
      const gatewayId = association.directConnectGatewayId ?? '(no gateway)';
      const ref = resource.directConnectGatewayAssociation(
        context,
        owner,
        gatewayId,
        association.associationId,
      );
      if (association.associationState !== undefined && association.associationState !== 'associated') {
        findings.push({
          status: 'NOT_APPLICABLE',
          resource: ref,
          evidence: `association ${association.associationId} of ${gatewayId} is ${association.associationState}`,
        });
        continue;
      }
      const reached = reachedVpcs(context, association);
      if ('unknown' in reached) {
        findings.push({ status: 'NOT_AVAILABLE', resource: ref, evidence: reached.unknown });
        continue;
      }
      const target = `${association.associatedGateway?.id ?? 'its gateway'}`;
      if (reached.vpcs.length === 0) {
        findings.push({
          status: 'NOT_APPLICABLE',
          resource: ref,
          evidence: `no VPC is reached through ${gatewayId} on ${target}`,
        });
        continue;
      }
      const prefixes = ipv4Blocks(
        (association.allowedPrefixesToDirectConnectGateway ?? []).flatMap((p) => p.cidr ?? []),
      );
      const prefixText = prefixes.map((p) => p.text).join(', ') || 'none';
      const uncovered = reached.vpcs.flatMap((vpc) =>
        ipv4Blocks(vpc.blocks)
          .filter((block) => !prefixes.some((prefix) => contains(prefix, block)))
          .map((block) => `${block.text} (${vpc.label})`),
      );
      const judged = reached.vpcs.map((vpc) => `${vpc.label} ${vpc.blocks.join(', ')}`).join('; ');
      findings.push(
        uncovered.length === 0
          ? {
              status: 'PASSED',
              resource: ref,
              evidence: `the allowed prefixes of ${gatewayId} on ${target} (${prefixText}) cover ${judged}`,
            }
          : {
              status: 'FAILED',
              resource: ref,
              evidence: `the allowed prefixes of ${gatewayId} on ${target} (${prefixText}) do not cover ${uncovered.join(', ')}: the on-premises router never learns ${uncovered.length === 1 ? 'it' : 'them'}`,
              remediation: `Add ${uncovered.map((u) => u.split(' ')[0]).join(', ')} (or a prefix covering ${uncovered.length === 1 ? 'it' : 'them'}) to the allowed prefixes of association ${association.associationId} (aws directconnect update-direct-connect-gateway-association --add-allowed-prefixes-to-direct-connect-gateway … --region ${context.region})`,
            },
      );
    }
    return findings;
  },
});

type Association = NonNullable<DirectConnectInventory['DirectConnectGatewayAssociations']>[number];

/** The VPCs reached through the association, each with its CIDR blocks (or the routes that reach it). */
function reachedVpcs(
  context: RuleContext,
  association: Association,
): { vpcs: { label: string; blocks: string[] }[] } | { unknown: string } {
  const gateway = association.associatedGateway;
  const region = gateway?.region ?? context.region;
  const inventory = context.snapshot.regions?.[region];
  if (gateway?.id === undefined || inventory === undefined)
    return { unknown: `the gateway of association ${association.associationId} is not in the snapshot` };
  const inRegion = { ...context, region, inventory };
  if (gateway.type === 'virtualPrivateGateway') {
    const vpnGateway = inventory.ec2?.VpnGateways?.find((g) => g.VpnGatewayId === gateway.id);
    if (vpnGateway === undefined)
      return { unknown: `virtual private gateway ${gateway.id} (${region}) is not in the snapshot` };
    return {
      vpcs: (vpnGateway.VpcAttachments ?? [])
        .filter((a) => a.State === 'attached' && a.VpcId)
        .map((a) => {
          const blocks = ownVpcBlocks(inRegion, a.VpcId as string);
          return { label: a.VpcId as string, blocks };
        }),
    };
  }
  const gateways = indexOf(inventory).transitGateways;
  if (!gateways.holds(gateway.id)) return { unknown: gateways.absence(gateway.id) };
  const attachment = gateways.attachmentOf(
    gateway.id,
    'direct-connect-gateway',
    association.directConnectGatewayId ?? '',
  );
  if (attachment === undefined)
    return {
      unknown: `${gateway.id} has no attachment for ${association.directConnectGatewayId} in the snapshot`,
    };
  const destinations = gateways.vpcDestinations(attachment.id);
  if (!destinations.known) return { unknown: destinations.missing };
  return {
    vpcs: destinations.value.map((reached) => {
      const blocks = reached.vpcId ? ownVpcBlocks(inRegion, reached.vpcId) : [];
      return blocks.length > 0
        ? { label: reached.vpcId as string, blocks }
        : // Another account's VPC: what the table routes to its attachment is what must be learnt.
          {
            label: `${reached.vpcId ?? reached.attachment}, routed to ${reached.attachment}`,
            blocks: reached.destinations,
          };
    }),
  };
}

function reportingRegion(context: RuleContext, association: Association) {
  const region = association.associatedGateway?.region;
  return region !== undefined && context.snapshot.regions?.[region] !== undefined
    ? region
    : Object.keys(context.snapshot.regions ?? {}).sort()[0];
}

/** Not listed in this region: NOT_AVAILABLE once when it failed or was listed nowhere, else nothing here. */
function notListed(context: RuleContext): Finding[] {
  const failed = [
    ...listWideErrors(context.snapshot, context.region, 'directconnect.DirectConnectGateways'),
    ...listWideErrors(context.snapshot, context.region, 'directconnect.DirectConnectGatewayAssociations'),
  ][0];
  const regions = Object.keys(context.snapshot.regions ?? {}).sort();
  const listedSomewhere = regions.some(
    (name) => context.snapshot.regions?.[name]?.directconnect?.DirectConnectGatewayAssociations !== undefined,
  );
  if (failed === undefined && (listedSomewhere || regions[0] !== context.region)) return [];
  return [
    {
      status: 'NOT_AVAILABLE',
      resource: resource.account(context),
      evidence: failed
        ? `directconnect ${failed.operation} failed: ${failed.code}`
        : 'directconnect.DirectConnectGatewayAssociations was not collected in any region',
    },
  ];
}

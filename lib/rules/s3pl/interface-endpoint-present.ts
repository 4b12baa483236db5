import { defineRule, type Finding } from '../../catalog/rule.js';
import { heldInterfaceEndpoints } from '../../network/names.js';
import { resource } from '../resources.js';
import { centralisedEndpoints, judgeCentralised, notFoundInAudit } from '../support/centralised.js';
import { nameScope, pinnedIdsOf } from '../support/dns.js';
import { endpointService, isAvailable } from '../support/endpoints.js';
import { LISTED, listOf } from '../support/evidence.js';
import { noSources, worstFinding } from '../support/reach-finding.js';
import { backupBuckets, s3EndpointsServingRegion } from '../support/s3.js';
import { isHybridVpc, sourceNetworks } from '../support/sources.js';

/** Compliant when an available S3 interface endpoint exists in a hybrid VPC of the backup bucket's region (S3 PrivateLink interface endpoints). */
export const interfaceEndpointPresent = defineRule({
  id: 'S3PL.1',
  slug: 'interface-endpoint-present',
  title: 'An S3 interface endpoint serves on-premises backups',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/privatelink-interface-endpoints.html',
  inputs: ['s3.Buckets', 'ec2.VpcEndpoints', 'ec2.RouteTables', 'ec2.VpnGateways'],
  evaluate(context) {
    const interfaces = s3EndpointsServingRegion(context);
    const gateways = (context.inventory.ec2?.VpcEndpoints ?? []).filter(
      (e) => e.VpcEndpointType === 'Gateway' && endpointService(e) === 's3' && isAvailable(e),
    );
    // The same for every bucket of the region: said once.
    const present =
      interfaces.length === 0
        ? ''
        : `S3 interface endpoints in hybrid VPCs serving ${context.region}: ${listOf(interfaces.map((e) => `${e.VpcEndpointId} (${e.VpcId})`))}${interfaces.length > LISTED + 1 ? ` (${interfaces.length} endpoints in ${new Set(interfaces.map((e) => e.VpcId)).size} VPCs)` : ''}`;
    const onlyGateways = listOf(gateways.map((g) => g.VpcEndpointId));
    const hybridVpcs = (context.inventory.ec2?.Vpcs ?? [])
      .map((v) => v.VpcId)
      .filter((id) => isHybridVpc(context.inventory, id));
    const held = new Set(
      heldInterfaceEndpoints(nameScope(context)).map((h) => h.endpoint.VpcEndpointId.toLowerCase()),
    );
    return backupBuckets(context).map((bucket): Finding => {
      const ref = resource.bucket(context, bucket.Name);
      if (interfaces.length > 0) return { status: 'PASSED', resource: ref, evidence: present };
      // A centralised endpoint of another audited account (the network account's shared services).
      const pinned = pinnedIdsOf(bucket);
      const centralised = centralisedEndpoints(context, 's3', hybridVpcs, pinned);
      if (centralised.length > 0) {
        const sources = sourceNetworks(
          context.config.s3PrivateLink.sourceCidrs ?? context.config.sourceCidrs,
          's3PrivateLink.sourceCidrs',
          context.inventory,
          hybridVpcs[0],
        );
        if (!sources.found) return noSources(ref, sources.reason);
        const judged = centralised.map((c) =>
          judgeCentralised(context, ref, c, sources, 443, 'the backup networks'),
        );
        const accepted = judged.find((f) => f.status === 'PASSED');
        if (accepted !== undefined)
          return {
            status: 'PASSED',
            resource: ref,
            evidence: `a centralised S3 interface endpoint serves ${bucket.Name}: ${accepted.evidence}`,
          };
        const worst = worstFinding(judged);
        return worst.status === 'FAILED' || worst.status === 'WARNING'
          ? {
              ...worst,
              evidence: `the only S3 interface endpoint for ${bucket.Name} is centralised in another account, and its path is not open: ${worst.evidence}`,
              remediation:
                worst.remediation ??
                `Open the path from the backup networks to ${centralised[0]?.held.endpoint.VpcEndpointId} through the transit gateway, or create an S3 interface endpoint in a hybrid VPC of this account`,
            }
          : worst;
      }
      const notFound = notFoundInAudit(
        context,
        pinned.filter((id) => !held.has(id)),
      );
      if (notFound !== undefined)
        return {
          status: 'NOT_AVAILABLE',
          resource: ref,
          evidence: `no S3 interface endpoint in a hybrid VPC of this account; the policy of ${bucket.Name} names ${notFound}`,
        };
      return {
        status: 'FAILED',
        resource: ref,
        evidence:
          gateways.length > 0
            ? `only S3 gateway endpoints (${onlyGateways}) exist in ${context.region}; gateway endpoints cannot be used from on-premises, VPN, Direct Connect, transit gateway or peering`
            : `no available S3 interface endpoint exists in a hybrid VPC of ${context.region}`,
        remediation: `Create an interface endpoint for com.amazonaws.${context.region}.s3 in the VPC your VPN or Direct Connect reaches, and point the backup software at its endpoint-specific name`,
      };
    });
  },
});

import { defineRule, type Finding } from '../../catalog/rule.js';
import { resource } from '../resources.js';
import { endpointService, isAvailable } from '../support/endpoints.js';
import { LISTED, listOf } from '../support/evidence.js';
import { backupBuckets, s3EndpointsServingRegion } from '../support/s3.js';

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
    return backupBuckets(context).map((bucket): Finding => {
      const ref = resource.bucket(context, bucket.Name);
      if (interfaces.length > 0) return { status: 'PASSED', resource: ref, evidence: present };
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

import { defineRule, type Finding } from '../../catalog/rule.js';
import { resource } from '../resources.js';
import { endpointService, isAvailable } from '../support/endpoints.js';
import { backupBuckets, s3InterfaceEndpoints } from '../support/s3.js';

/** Compliant when an available S3 interface endpoint exists in a hybrid VPC of the backup bucket's region (S3 PrivateLink interface endpoints). */
export const interfaceEndpointPresent = defineRule({
  id: 'S3PL.1',
  slug: 'interface-endpoint-present',
  title: 'An S3 interface endpoint serves on-premises backups',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/privatelink-interface-endpoints.html',
  inputs: ['s3.Buckets', 'ec2.VpcEndpoints', 'ec2.RouteTables', 'ec2.VpnGateways'],
  evaluate(context) {
    const interfaces = s3InterfaceEndpoints(context);
    const gateways = (context.inventory.ec2?.VpcEndpoints ?? []).filter(
      (e) => e.VpcEndpointType === 'Gateway' && endpointService(e) === 's3' && isAvailable(e),
    );
    return backupBuckets(context).map((bucket): Finding => {
      const ref = resource.bucket(context, bucket.Name);
      if (interfaces.length > 0)
        return {
          status: 'PASSED',
          resource: ref,
          evidence: `S3 interface endpoints in hybrid VPCs of ${context.region}: ${interfaces.map((e) => `${e.VpcEndpointId} (${e.VpcId})`).join(', ')}`,
        };
      return {
        status: 'FAILED',
        resource: ref,
        evidence:
          gateways.length > 0
            ? `only S3 gateway endpoints (${gateways.map((g) => g.VpcEndpointId).join(', ')}) exist in ${context.region}; gateway endpoints cannot be used from on-premises, VPN, Direct Connect, transit gateway or peering`
            : `no available S3 interface endpoint exists in a hybrid VPC of ${context.region}`,
        remediation: `Create an interface endpoint for com.amazonaws.${context.region}.s3 in the VPC your VPN or Direct Connect reaches, and point the backup software at its endpoint-specific name`,
      };
    });
  },
});

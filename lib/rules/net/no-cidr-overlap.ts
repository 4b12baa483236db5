import { defineRule, type Finding } from '../../catalog/rule.js';
import { overlaps, parseCidr } from '../../network/cidr.js';
import { resource } from '../resources.js';
import { attachedGateways, inferSourceNetworks, isHybridVpc, vpcCidrs } from '../support/sources.js';

/** Compliant when a hybrid VPC's CIDR blocks overlap none of the networks it exchanges traffic with (DataSync network requirements; Alibaba Cloud VPN guide). */
export const noCidrOverlap = defineRule({
  id: 'NET.2',
  slug: 'no-cidr-overlap',
  title: 'Hybrid VPC address space does not overlap the networks it connects to',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/datasync/latest/userguide/datasync-network.html',
  inputs: ['ec2.Vpcs', 'ec2.RouteTables', 'ec2.VpnGateways', 'ec2.VpnConnections'],
  evaluate(context) {
    const { config, inventory } = context;
    const findings: Finding[] = [];
    for (const vpc of inventory.ec2?.Vpcs ?? []) {
      if (!isHybridVpc(inventory, vpc.VpcId)) continue;
      const ref = resource.vpc(context, vpc.VpcId);
      const hasVpn = (inventory.ec2?.VpnConnections ?? []).some(
        (c) => c.State !== 'deleted' && attachedGateways(inventory, vpc.VpcId).includes(c.VpnGatewayId ?? ''),
      );
      const configured = [
        ...(config.sourceCidrs ?? []),
        ...(config.drs.sourceCidrs ?? []),
        ...(config.dataSync.sourceCidrs ?? []),
        ...(config.s3PrivateLink.sourceCidrs ?? []),
        ...(hasVpn ? [...config.vpn.remoteCidrs, ...config.vpn.dtsCidrs] : []),
      ];
      // Inferred networks only when none are configured: a configured list is the user's word.
      const inferred = configured.length === 0;
      const networks = [...new Set(inferred ? inferSourceNetworks(inventory, vpc.VpcId) : configured)];
      if (networks.length === 0) {
        findings.push({
          status: 'NOT_AVAILABLE',
          resource: ref,
          evidence: `${vpc.VpcId} is hybrid but no remote networks are configured or routed; set sourceCidrs in the configuration`,
        });
        continue;
      }
      const clashes: string[] = [];
      for (const own of vpcCidrs(inventory, vpc.VpcId)) {
        const ownBlock = parseCidr(own);
        for (const network of networks) {
          const remote = parseCidr(network);
          if (ownBlock.ok && remote.ok && overlaps(ownBlock.cidr, remote.cidr))
            clashes.push(`${own} overlaps ${network}`);
        }
      }
      findings.push(
        clashes.length === 0
          ? {
              status: 'PASSED',
              resource: ref,
              evidence: `${vpcCidrs(inventory, vpc.VpcId).join(', ')} overlap none of ${networks.join(', ')}${inferred ? ' (networks inferred from VPN/TGW routes)' : ''}`,
            }
          : {
              status: 'FAILED',
              resource: ref,
              evidence: `${vpc.VpcId}: ${clashes.join('; ')}; traffic to the overlapping addresses stays in the VPC`,
              remediation: `Re-address the overlapping networks, or translate them (NAT) before they meet ${vpc.VpcId}`,
            },
      );
    }
    return findings;
  },
});

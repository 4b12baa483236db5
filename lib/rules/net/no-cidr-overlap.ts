import { defineRule, type Finding } from '../../catalog/rule.js';
import { contains, overlaps, parseCidr } from '../../ip/cidr.js';
import { resource } from '../resources.js';
import { inventoryIndex } from '../support/inventory-index.js';
import { attachedGateways, inferSourceNetworks, isHybridVpc, vpcCidrs } from '../support/sources.js';

/** Compliant when a hybrid VPC's CIDR blocks overlap none of the networks it exchanges traffic with (DataSync network requirements; Alibaba Cloud VPN guide). */
export const noCidrOverlap = defineRule({
  id: 'NET.2',
  slug: 'no-cidr-overlap',
  title: 'Hybrid VPC address space does not overlap the networks it connects to',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/datasync/latest/userguide/datasync-network.html',
  inputs: ['ec2.Vpcs', 'ec2.Subnets', 'ec2.RouteTables', 'ec2.VpnGateways', 'ec2.VpnConnections'],
  evaluate(context) {
    const { config, inventory } = context;
    const findings: Finding[] = [];
    for (const vpc of inventory.ec2?.Vpcs ?? []) {
      if (!isHybridVpc(inventory, vpc.VpcId)) continue;
      const ref = resource.vpc(context, vpc.VpcId);
      const lookups = inventoryIndex(inventory);
      const hasVpn = attachedGateways(inventory, vpc.VpcId).some((gateway) =>
        (lookups.connectionsOfGateway.get(gateway) ?? []).some((c) => c.State !== 'deleted'),
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
      const ownBlocks = vpcCidrs(inventory, vpc.VpcId).flatMap((own) => {
        const parsed = parseCidr(own);
        return parsed.ok ? [parsed.cidr] : [];
      });
      // A source inside one of the VPC's own subnets (a DataSync agent on EC2 there) is reached over
      // the local route: no overlap. A network that only falls in the VPC's range is one.
      const subnetBlocks = (lookups.subnetsOfVpc.get(vpc.VpcId) ?? []).flatMap((subnet) => {
        const parsed = subnet.CidrBlock ? parseCidr(subnet.CidrBlock) : undefined;
        return parsed?.ok ? [{ id: subnet.SubnetId, block: parsed.cidr }] : [];
      });
      const insideSubnet = new Map<string, string>();
      for (const network of networks) {
        const remote = parseCidr(network);
        const subnet = remote.ok ? subnetBlocks.find((s) => contains(s.block, remote.cidr)) : undefined;
        if (subnet !== undefined) insideSubnet.set(network, subnet.id);
      }
      const inside = [...insideSubnet.keys()];
      for (const own of ownBlocks) {
        for (const network of networks) {
          const remote = parseCidr(network);
          if (remote.ok && !inside.includes(network) && overlaps(own, remote.cidr))
            clashes.push(`${own.text} overlaps ${network}`);
        }
      }
      const insideNote =
        inside.length > 0
          ? `; ${[...insideSubnet].map(([network, subnet]) => `${network} (in ${subnet})`).join(', ')} ${inside.length === 1 ? 'lies' : 'lie'} inside ${vpc.VpcId} and ${inside.length === 1 ? 'is' : 'are'} reached over its local route (sources in the VPC itself, such as an agent on EC2), not an overlap`
          : '';
      findings.push(
        clashes.length === 0
          ? {
              status: 'PASSED',
              resource: ref,
              evidence: `${vpcCidrs(inventory, vpc.VpcId).join(', ')} overlap none of ${networks.filter((n) => !inside.includes(n)).join(', ') || 'the networks outside the VPC (there are none)'}${insideNote}${inferred ? ' (networks inferred from VPN/TGW routes)' : ''}`,
            }
          : {
              status: 'FAILED',
              resource: ref,
              evidence: `${vpc.VpcId}: ${clashes.join('; ')}; traffic to the overlapping addresses stays in the VPC${insideNote}`,
              remediation: `Re-address the overlapping networks, or translate them (NAT) before they meet ${vpc.VpcId}`,
            },
      );
    }
    return findings;
  },
});

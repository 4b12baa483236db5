/**
 * Virtual private gateways and customer gateways of a plan laid over the snapshot:
 * `aws_vpn_gateway` (its `vpc_id` attaches it), `aws_vpn_gateway_attachment` (a VPC attached to
 * it, or detached) and `aws_customer_gateway`. A new gateway is available, as AWS reports one
 * once created; an attachment is `attached`.
 */
import { defined, ec2Item } from './items.js';
import { type Item, items, listOf, type Mapping, text } from './target.js';

export const vpnGatewayChange = ec2Item('VpnGateways', 'VpnGatewayId', (values, previous) => {
  // Its vpc_id set, the gateway is attached to that VPC alone; unset, its attachments are another resource's.
  const vpcId = text(values.vpc_id);
  return {
    ...(previous ?? { State: 'available', Type: 'ipsec.1' }),
    ...defined({
      AmazonSideAsn: values.amazon_side_asn === undefined ? undefined : Number(values.amazon_side_asn),
      AvailabilityZone: text(values.availability_zone),
    }),
    VpcAttachments:
      vpcId === undefined ? items(previous?.VpcAttachments) : [{ VpcId: vpcId, State: 'attached' }],
  };
});

/** `aws_vpn_gateway_attachment` (and CloudFormation's `VPCGatewayAttachment` of a VPN gateway). */
export const vpnGatewayAttachmentChange: Mapping = (_change, steps, target) => {
  const gateways = listOf(target, 'VpnGateways');
  if (typeof gateways === 'string') return gateways;
  const ids = new Set<string>();
  for (const step of steps) {
    const gatewayId = text(step.values.vpn_gateway_id);
    const vpcId = text(step.values.vpc_id);
    // An internet gateway's attachment (CloudFormation's VPCGatewayAttachment): no rule reads it.
    if (gatewayId === undefined && text(step.values.internet_gateway_id) !== undefined) continue;
    if (gatewayId === undefined || vpcId === undefined)
      return 'the attachment has no vpn_gateway_id or vpc_id';
    const gateway = (gateways as unknown as Item[]).find((g) => g.VpnGatewayId === gatewayId);
    if (gateway === undefined) return `virtual private gateway ${gatewayId} is not in the snapshot`;
    const others = items(gateway.VpcAttachments).filter((a) => a.VpcId !== vpcId);
    gateway.VpcAttachments = step.add ? [...others, { VpcId: vpcId, State: 'attached' }] : others;
    ids.add(gatewayId).add(vpcId);
  }
  return { ids: [...ids] };
};

export const customerGatewayChange = ec2Item('CustomerGateways', 'CustomerGatewayId', (values, previous) => ({
  ...(previous ?? { State: 'available' }),
  ...defined({
    BgpAsn: values.bgp_asn === undefined ? undefined : String(values.bgp_asn),
    IpAddress: text(values.ip_address),
    Type: text(values.type),
  }),
}));

/**
 * The hybrid link both emulator-backed suites need: a virtual private gateway attached
 * to the VPC and a static-routes VPN connection from one customer gateway to it.
 */
import {
  AttachVpnGatewayCommand,
  CreateCustomerGatewayCommand,
  CreateVpnConnectionCommand,
  CreateVpnGatewayCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';

/** Creates the gateway and the connection; answers the gateway's id for routes to it. */
export async function attachStaticVpn(ec2: EC2Client, VpcId: string): Promise<string> {
  const gateway = await ec2.send(new CreateVpnGatewayCommand({ Type: 'ipsec.1' }));
  const VpnGatewayId = gateway.VpnGateway?.VpnGatewayId as string;
  await ec2.send(new AttachVpnGatewayCommand({ VpcId, VpnGatewayId }));
  const customer = await ec2.send(
    new CreateCustomerGatewayCommand({ Type: 'ipsec.1', PublicIp: '203.0.113.10', BgpAsn: 65000 }),
  );
  await ec2.send(
    new CreateVpnConnectionCommand({
      Type: 'ipsec.1',
      CustomerGatewayId: customer.CustomerGateway?.CustomerGatewayId as string,
      VpnGatewayId,
      Options: { StaticRoutesOnly: true },
    }),
  );
  return VpnGatewayId;
}

/** The Direct Connect collector with the SDK mocked (the emulator serves little of Direct Connect). */
import {
  DescribeDirectConnectGatewayAssociationsCommand,
  DescribeDirectConnectGatewaysCommand,
  DescribeVirtualInterfacesCommand,
  DirectConnectClient,
} from '@aws-sdk/client-direct-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { collectDirectConnect } from '../../lib/collect/directconnect.js';
import { CollectionLog } from '../../lib/collect/log.js';

const dx = mockClient(DirectConnectClient);
afterEach(() => dx.reset());
// The unit project shares modules between files (isolate: false): leave the client real.
afterAll(() => dx.restore());

function given() {
  dx.on(DescribeDirectConnectGatewaysCommand)
    .resolvesOnce({ directConnectGateways: [{ directConnectGatewayId: 'dxgw-1' }], nextToken: 'page-2' })
    .resolvesOnce({ directConnectGateways: [{ directConnectGatewayId: 'dxgw-2' }] });
  dx.on(DescribeDirectConnectGatewayAssociationsCommand, { directConnectGatewayId: 'dxgw-1' }).resolves({
    directConnectGatewayAssociations: [
      {
        associationId: 'assoc-1',
        directConnectGatewayId: 'dxgw-1',
        associationState: 'associated',
        associatedGateway: { id: 'tgw-0a', type: 'transitGateway', region: 'eu-west-1' },
        allowedPrefixesToDirectConnectGateway: [{ cidr: '10.50.0.0/16' }],
      },
    ],
  });
  dx.on(DescribeDirectConnectGatewayAssociationsCommand, { directConnectGatewayId: 'dxgw-2' }).resolves({
    directConnectGatewayAssociations: [],
  });
  dx.on(DescribeVirtualInterfacesCommand).resolves({
    virtualInterfaces: [
      {
        virtualInterfaceId: 'dxvif-1',
        virtualInterfaceType: 'transit',
        virtualInterfaceState: 'available',
        directConnectGatewayId: 'dxgw-1',
        bgpPeers: [{ bgpPeerId: 'peer-1', bgpStatus: 'up', addressFamily: 'ipv4' }],
      },
    ],
  });
}

describe('collecting Direct Connect', () => {
  it('lists gateways over every page, their associations with allowed prefixes, and virtual interfaces with BGP status', async () => {
    given();
    const log = new CollectionLog();
    const lists = await collectDirectConnect(
      new DirectConnectClient({ region: 'eu-west-1' }),
      'eu-west-1',
      log,
      { global: true },
    );
    expect(log.errors).toEqual([]);
    expect(lists.DirectConnectGateways?.map((g) => g.directConnectGatewayId)).toEqual(['dxgw-1', 'dxgw-2']);
    expect(lists.DirectConnectGatewayAssociations?.[0]?.allowedPrefixesToDirectConnectGateway).toEqual([
      { cidr: '10.50.0.0/16' },
    ]);
    expect(lists.VirtualInterfaces?.[0]?.bgpPeers?.[0]?.bgpStatus).toBe('up');
    expect(log.callCounts()).toEqual({
      'directconnect:DescribeDirectConnectGatewayAssociations': 2,
      'directconnect:DescribeDirectConnectGateways': 2,
      'directconnect:DescribeVirtualInterfaces': 1,
    });
  });

  it('outside the home region lists only the regional virtual interfaces', async () => {
    given();
    const log = new CollectionLog();
    const lists = await collectDirectConnect(
      new DirectConnectClient({ region: 'us-east-1' }),
      'us-east-1',
      log,
      { global: false },
    );
    expect(Object.keys(lists)).toEqual(['VirtualInterfaces']);
    expect(dx.commandCalls(DescribeDirectConnectGatewaysCommand)).toHaveLength(0);
  });

  it('leaves the associations absent, never partial, when one gateway’s call fails', async () => {
    given();
    dx.on(DescribeDirectConnectGatewayAssociationsCommand, { directConnectGatewayId: 'dxgw-2' }).rejects(
      Object.assign(new Error('denied'), { name: 'DirectConnectClientException' }),
    );
    const log = new CollectionLog();
    const lists = await collectDirectConnect(
      new DirectConnectClient({ region: 'eu-west-1' }),
      'eu-west-1',
      log,
      { global: true },
    );
    expect(lists.DirectConnectGatewayAssociations).toBeUndefined();
    expect(lists.DirectConnectGateways).toHaveLength(2);
    expect(log.errors).toEqual([
      expect.objectContaining({
        operation: 'DescribeDirectConnectGatewayAssociations',
        resourceId: 'dxgw-2',
        code: 'DirectConnectClientException',
      }),
    ]);
  });
});

/**
 * Direct Connect (docs/design/snapshot-format.md): gateways and their associations are global and
 * listed in the home region of a collection; virtual interfaces (with their BGP peers)
 * are regional. Associations are asked per gateway, as the API requires a gateway id.
 */
import {
  DescribeDirectConnectGatewayAssociationsCommand,
  DescribeDirectConnectGatewaysCommand,
  DescribeVirtualInterfacesCommand,
  type DirectConnectClient,
} from '@aws-sdk/client-direct-connect';
import type { DirectConnectInventory } from '../inventory/types.js';
import { mapWithConcurrency } from '../util/concurrency.js';
import { type CallScope, type CollectionLog, call } from './log.js';
import { MAX_PAGE_SIZE } from './page-sizes.js';

type Page<T> = { items: T[]; nextToken?: string | undefined };

/** Every page of a nextToken-paged call, or undefined when any page failed (never part of a list). */
async function pages<T>(
  scope: CallScope,
  operation: string,
  send: (nextToken: string | undefined) => Promise<Page<T>>,
  resourceId?: string,
): Promise<T[] | undefined> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const answer = await call(scope, operation, () => send(token), resourceId);
    if (!answer.ok) return undefined;
    items.push(...answer.value.items);
    token = answer.value.nextToken;
  } while (token);
  return items;
}

export async function collectDirectConnect(
  client: DirectConnectClient,
  region: string,
  log: CollectionLog,
  options: { global: boolean },
): Promise<DirectConnectInventory> {
  const scope: CallScope = { log, region, service: 'directconnect' };
  const interfaces = pages(scope, 'DescribeVirtualInterfaces', async (nextToken) => {
    const answer = await client.send(
      new DescribeVirtualInterfacesCommand({ ...(nextToken ? { nextToken } : {}) }),
    );
    return { items: answer.virtualInterfaces ?? [], nextToken: answer.nextToken };
  });
  if (!options.global) {
    const VirtualInterfaces = await interfaces;
    return VirtualInterfaces
      ? { VirtualInterfaces: VirtualInterfaces as NonNullable<DirectConnectInventory['VirtualInterfaces']> }
      : {};
  }
  const gateways = await pages(scope, 'DescribeDirectConnectGateways', async (nextToken) => {
    const answer = await client.send(
      new DescribeDirectConnectGatewaysCommand({
        maxResults: MAX_PAGE_SIZE['directconnect:DescribeDirectConnectGateways'],
        ...(nextToken ? { nextToken } : {}),
      }),
    );
    return { items: answer.directConnectGateways ?? [], nextToken: answer.nextToken };
  });
  const associations =
    gateways === undefined
      ? undefined
      : await mapWithConcurrency(gateways, 4, (gateway) =>
          pages(
            scope,
            'DescribeDirectConnectGatewayAssociations',
            async (nextToken) => {
              const answer = await client.send(
                new DescribeDirectConnectGatewayAssociationsCommand({
                  directConnectGatewayId: gateway.directConnectGatewayId,
                  maxResults: MAX_PAGE_SIZE['directconnect:DescribeDirectConnectGatewayAssociations'],
                  ...(nextToken ? { nextToken } : {}),
                }),
              );
              return { items: answer.directConnectGatewayAssociations ?? [], nextToken: answer.nextToken };
            },
            gateway.directConnectGatewayId,
          ),
        );
  const VirtualInterfaces = await interfaces;
  return {
    ...(gateways
      ? { DirectConnectGateways: gateways as NonNullable<DirectConnectInventory['DirectConnectGateways']> }
      : {}),
    // A gateway whose associations failed leaves the whole list absent: part of it would read as all.
    ...(associations?.every((a) => a !== undefined)
      ? {
          DirectConnectGatewayAssociations: associations.flat() as NonNullable<
            DirectConnectInventory['DirectConnectGatewayAssociations']
          >,
        }
      : {}),
    ...(VirtualInterfaces
      ? { VirtualInterfaces: VirtualInterfaces as NonNullable<DirectConnectInventory['VirtualInterfaces']> }
      : {}),
  };
}

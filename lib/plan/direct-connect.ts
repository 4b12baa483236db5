/**
 * `aws_dx_gateway_association` laid over the snapshot: a Direct Connect gateway's association
 * with a transit gateway or virtual private gateway, and its allowed prefixes — what the
 * gateway advertises on premises (NET.6) and what the transit gateway learns (NET.4). The
 * associations are global, held in one region's inventory of the snapshot that lists them.
 */
import { defined, replace } from './items.js';
import { type Item, type Mapping, text } from './target.js';
import { strings } from './values.js';

const GATEWAY_TYPES: Record<string, string> = {
  transitGateway: 'transitGateway',
  virtualPrivateGateway: 'virtualPrivateGateway',
};

export const directConnectAssociationChange: Mapping = (change, steps, target) => {
  const inventory = target.inventory();
  if (inventory === undefined) return target.missing;
  const list = inventory.directconnect?.DirectConnectGatewayAssociations;
  if (list === undefined)
    return `directconnect.DirectConnectGatewayAssociations of ${target.region ?? 'the region'} is not in the snapshot`;
  const ids = replace(
    list as unknown as Item[],
    'associationId',
    change,
    steps,
    (values, previous) => {
      const gatewayId = text(values.dx_gateway_id);
      const associated = text(values.associated_gateway_id);
      if (gatewayId === undefined || associated === undefined)
        return 'the association has no dx_gateway_id or associated_gateway_id';
      const type =
        GATEWAY_TYPES[String(values.associated_gateway_type ?? '')] ??
        (associated.startsWith('tgw-') ? 'transitGateway' : 'virtualPrivateGateway');
      const before = (previous?.associatedGateway ?? {}) as Item;
      return defined({
        ...(previous ?? {}),
        directConnectGatewayId: gatewayId,
        directConnectGatewayOwnerAccount:
          text(values.dx_gateway_owner_account_id) ?? previous?.directConnectGatewayOwnerAccount,
        associationState: 'associated',
        associatedGateway: defined({
          ...before,
          id: associated,
          type,
          ownerAccount: text(values.associated_gateway_owner_account_id) ?? before.ownerAccount,
          region: before.region ?? target.region,
        }),
        // Unset, AWS advertises the associated VPCs' CIDRs; a plan states them when it sets them.
        allowedPrefixesToDirectConnectGateway: strings(values.allowed_prefixes).map((cidr) => ({ cidr })),
      });
    },
    'dx_gateway_association_id',
  );
  return typeof ids === 'string' ? ids : { ids };
};

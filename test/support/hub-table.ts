/**
 * Rule tables over the landing zone behind its transit gateway: the production and
 * analytics VPCs (spoke account) and the hub, Direct Connect gateway and virtual
 * interfaces (network account), audited together. `valid` is the healthy pair; each
 * `invalid` case changes one thing in either account.
 */
import type { Rule, Status } from '../../lib/catalog/rule.js';
import type { AuditConfigInput } from '../../lib/config/schema.js';
import type { RegionInventory, Snapshot } from '../../lib/inventory/types.js';
import { behindTransitGateway, HEALTHY_CONFIG, healthyNetwork, west } from './landing-zone.js';
import { type InvalidCase, ruleTable } from './rule-table.js';

export interface Accounts {
  spoke: Snapshot;
  network: Snapshot;
  spokeRegion: RegionInventory;
  networkRegion: RegionInventory;
}

type Change = (accounts: Accounts) => void;
/** Which snapshots the case audits: both (default), or one account alone. */
type Given = 'both' | 'spoke alone' | 'network alone';

function accounts(change: Change, given: Given = 'both'): Snapshot[] {
  const spoke = behindTransitGateway();
  const network = healthyNetwork();
  change({ spoke, network, spokeRegion: west(spoke), networkRegion: west(network) });
  return given === 'both' ? [spoke, network] : given === 'spoke alone' ? [spoke] : [network];
}

export function hubTable(
  rule: Rule,
  healthyResources: string[],
  invalid: {
    name: string;
    change: Change;
    given?: Given;
    config?: AuditConfigInput;
    resourceId: string;
    status: Exclude<Status, 'PASSED'>;
    evidence?: InvalidCase['evidence'];
    reason?: InvalidCase['reason'];
    remediation?: string | RegExp;
    others?: InvalidCase['others'];
  }[],
  valid: {
    name: string;
    change: Change;
    given?: Given;
    config?: AuditConfigInput;
    resources: string[];
    status?: 'PASSED' | 'NOT_APPLICABLE';
  }[] = [],
): void {
  ruleTable(rule, {
    valid: [
      {
        name: 'the healthy landing zone behind its transit gateway',
        snapshot: accounts(() => {}),
        config: HEALTHY_CONFIG,
        resources: healthyResources,
      },
      ...valid.map((c) => ({
        name: c.name,
        snapshot: accounts(c.change, c.given),
        config: c.config ?? HEALTHY_CONFIG,
        resources: c.resources,
        ...(c.status ? { status: c.status } : {}),
      })),
    ],
    invalid: invalid.map((c) => ({
      name: c.name,
      snapshot: accounts(c.change, c.given),
      config: c.config ?? HEALTHY_CONFIG,
      resourceId: c.resourceId,
      status: c.status,
      ...(c.evidence === undefined ? {} : { evidence: c.evidence }),
      ...(c.reason === undefined ? {} : { reason: c.reason }),
      ...(c.remediation ? { remediation: c.remediation } : {}),
      ...(c.others === undefined ? {} : { others: c.others }),
    })),
  });
}

/** A transit gateway route table of the network account, by id. */
export function routeTable(region: RegionInventory, id: string) {
  const table = region.ec2?.TransitGatewayRouteTables?.find((t) => t.TransitGatewayRouteTableId === id);
  if (table === undefined) throw new Error(`the network account lacks ${id}`);
  return table;
}

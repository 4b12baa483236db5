/**
 * Centralised interface endpoints (docs/design/network-semantics.md, "Shared endpoints"): a rule that needs
 * "an endpoint for service X reachable from Y" accepts one that another audited account owns
 * when Y's names lead to it — a private hosted zone associated with Y aliases the service's name
 * to it, or the bucket policy pins it and clients use its endpoint-specific name — and the path
 * from Y's source networks to its addresses is open across the transit gateway, judged in the
 * owner's network (its subnets, tables, ACLs and groups).
 */
import type { Finding, ResourceRef, RuleContext } from '../../catalog/rule.js';
import { describeAnswer } from '../../network/name-text.js';
import {
  defaultName,
  endpointSpecificName,
  type HeldEndpoint,
  heldInterfaceEndpoints,
  resolve,
} from '../../network/names.js';
import { type EndpointAnswer, reachEndpoint } from '../../network/reach.js';
import { centralisedFor, nameScope, unheld } from './dns.js';
import { endpointService, isAvailable } from './endpoints.js';
import { ephemeralPorts, indexOf } from './network.js';
import { judgeReach } from './reach-finding.js';
import type { SourceNetworks } from './sources.js';

/** A centralised endpoint and the name by which Y reaches it. */
export interface Centralised {
  held: HeldEndpoint;
  /** How the name leads there: the resolution from Y, or the endpoint-specific name. */
  byName: string;
}

/**
 * Other accounts' available interface endpoints for `service` that Y's names lead to: by the
 * service's name from one of `vpcs`, or — for ids the caller names (a bucket policy's pins) —
 * by their endpoint-specific name, which public DNS answers anywhere.
 */
export function centralisedEndpoints(
  context: RuleContext,
  service: string,
  vpcs: readonly string[],
  pinned: readonly string[] = [],
): Centralised[] {
  const scope = nameScope(context);
  const found: Centralised[] = [];
  const name = defaultName({ ServiceName: `com.amazonaws.${context.region}.${service}` }) ?? '';
  for (const held of centralisedFor(context, [service], vpcs)) {
    const vpc = vpcs.find((v) => {
      const answer = resolve(name, { vpc: v }, scope);
      return answer.answer === 'endpoint' && answer.endpoint === held;
    });
    const answer = resolve(name, { vpc: vpc ?? '' }, scope);
    found.push({ held, byName: `from ${vpc}: ${describeAnswer(name, answer)}` });
  }
  const wanted = new Set(pinned.map((id) => id.toLowerCase()));
  for (const held of heldInterfaceEndpoints(scope))
    if (
      wanted.has(held.endpoint.VpcEndpointId.toLowerCase()) &&
      held.accountId !== context.snapshot.accountId &&
      endpointService(held.endpoint) === service &&
      isAvailable(held.endpoint) &&
      !found.some((f) => f.held === held)
    ) {
      const specific = endpointSpecificName(held.endpoint);
      found.push({
        held,
        byName:
          specific === undefined
            ? `pinned by the bucket policy; its endpoint-specific name is not in the snapshot`
            : `pinned by the bucket policy, reached by its endpoint-specific name ${specific} (public DNS answers its private addresses)`,
      });
    }
  return found;
}

/** Reach(sources → the centralised endpoint, TCP port), judged in its owner's network. */
export function reachCentralised(
  context: RuleContext,
  held: HeldEndpoint,
  network: string,
  port: number,
): EndpointAnswer {
  return reachEndpoint(
    {
      direction: 'inbound',
      sources: [network],
      ports: { from: port, to: port },
      ephemeral: ephemeralPorts(context),
    },
    held.endpoint.VpcEndpointId,
    indexOf(held.inventory),
  );
}

/** The finding for a centralised endpoint: the path judged as any reachability rule, the name that leads there in the evidence. */
export function judgeCentralised(
  context: RuleContext,
  ref: ResourceRef,
  centralised: Centralised,
  sources: Extract<SourceNetworks, { found: true }>,
  port: number,
  what: string,
): Finding {
  const id = centralised.held.endpoint.VpcEndpointId;
  const owner = centralised.held.accountId ?? 'another account';
  const finding = judgeReach(
    sources.cidrs.map((network) => ({
      network,
      answer: reachCentralised(context, centralised.held, network, port),
    })),
    {
      resource: ref,
      sources,
      question: `TCP ${port} from ${what} to ${id} (centralised in ${centralised.held.endpoint.VpcId} of account ${owner})`,
      ephemeral: ephemeralPorts(context),
    },
  );
  return { ...finding, evidence: `${finding.evidence}; name: ${centralised.byName}` };
}

/** "not found in the audited accounts" for ids no held snapshot knows, when a configured network account was not audited. */
export function notFoundInAudit(context: RuleContext, ids: readonly string[]): string | undefined {
  const missing = unheld(context);
  if (missing.length === 0 || ids.length === 0) return undefined;
  return `${ids.join(', ')} not found in the audited accounts (network account ${missing.join(', ')} not audited: audit it with --snapshot, or through the network hand-off)`;
}

import { defineRule, type Finding } from '../../catalog/rule.js';
import { returnRoute } from '../../network/reach.js';
import { DRS_INPUTS, drsSources, replicationSettings } from '../support/drs.js';
import { networkIndex, privateRoutes, REACH_INPUTS, routedPrivately } from '../support/network.js';
import { sourceNetworks } from '../support/sources.js';

/** Compliant when "use private IP for data replication" matches the staging subnet's routes to the source networks (DRS data routing). */
export const privateRoutingConsistent = defineRule({
  id: 'DRS.3',
  slug: 'private-routing-consistent',
  title: 'DRS data routing matches the staging subnet routes',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/drs/latest/userguide/data-routing.html',
  inputs: [...DRS_INPUTS, ...REACH_INPUTS],
  evaluate(context) {
    const index = networkIndex(context);
    const findings: Finding[] = [];
    for (const { ref, label, settings } of replicationSettings(context)) {
      const subnetId = settings.stagingAreaSubnetId;
      if (subnetId === undefined || !index.subnets.has(subnetId)) continue; // DRS.1 reports it
      const sources = sourceNetworks(
        drsSources(context),
        'drs.sourceCidrs',
        context.inventory,
        index.subnets.get(subnetId)?.VpcId,
      );
      if (settings.dataPlaneRouting === undefined) {
        findings.push({
          status: 'NOT_AVAILABLE',
          resource: ref,
          evidence: `${label} has no dataPlaneRouting`,
        });
        continue;
      }
      const privateIp = settings.dataPlaneRouting === 'PRIVATE_IP';
      if (!sources.found) {
        findings.push(
          privateIp
            ? { status: 'NOT_AVAILABLE', resource: ref, evidence: sources.reason }
            : {
                status: 'PASSED',
                resource: ref,
                evidence: `${label} replicates over the internet and no private route to source networks exists`,
              },
        );
        continue;
      }
      const routes = sources.cidrs.map((network) => ({
        network,
        route: returnRoute([network], subnetId, index),
      }));
      const unknown = routes.find(({ route }) => 'unknown' in route);
      if (unknown !== undefined && 'unknown' in unknown.route) {
        findings.push({ status: 'NOT_AVAILABLE', resource: ref, evidence: unknown.route.unknown });
        continue;
      }
      const judged = routes.flatMap(({ network, route }) => ('unknown' in route ? [] : [{ network, route }]));
      // Inferred networks include those of other uses; one not routed privately here at all is not a DRS source.
      const relevant = sources.inferred
        ? judged.filter(({ route }) => privateRoutes(route).length > 0)
        : judged;
      const table = judged[0]?.route.table ?? 'the staging route table';
      const notPrivate = (relevant.length === 0 ? judged : relevant).filter(
        ({ route }) => !routedPrivately(route),
      );
      const allPrivate = relevant.length > 0 && notPrivate.length === 0;
      const via = [...new Set(judged.flatMap(({ route }) => privateRoutes(route)))].join('; ');
      const closedBy = notPrivate.flatMap(({ route }) => [
        ...route.closed.map((part) => part.by),
        ...(route.routes ?? [])
          .filter((label) => !privateRoutes(route).includes(label))
          .map((label) => `route ${label} is not a private path`),
      ]);
      const privatePathExists = via !== '';
      if (privateIp && !allPrivate) {
        findings.push({
          status: 'FAILED',
          resource: ref,
          evidence: `${label} uses private IP for data replication, but ${table} does not route ${notPrivate.map((n) => n.network).join(', ')} privately: ${closedBy.join('; ')}${sources.inferred ? ` (source networks inferred: ${sources.cidrs.join(', ')})` : ''}`,
          remediation: `Route ${notPrivate.map((n) => n.network).join(', ')} through the virtual private gateway or transit gateway in ${table}`,
        });
      } else if (!privateIp && privatePathExists) {
        findings.push({
          status: 'WARNING',
          resource: ref,
          evidence: `replication goes over the internet although a private path exists (${table}: ${via}); ${label} has dataPlaneRouting ${settings.dataPlaneRouting ?? 'PUBLIC_IP'}`,
          remediation: `Enable "use private IP for data replication" on ${label}`,
        });
      } else {
        findings.push({
          status: 'PASSED',
          resource: ref,
          evidence: privateIp
            ? `${label} uses private IP and ${table} routes ${relevant.map((n) => n.network).join(', ')} privately (${via})`
            : `${label} replicates over the internet and ${table} has no private route to ${sources.cidrs.join(', ')}`,
        });
      }
    }
    return findings;
  },
});

/**
 * A network account's inventory (issue 14, issue 31): its transit gateways (attachments, route
 * tables with routes, associations and propagations), Direct Connect (gateways with their
 * associations, listed once in the first region; virtual interfaces in every region), and what
 * its spokes reach by name: its VPCs' networking with the centralised interface endpoints and
 * their network interfaces (EC2), its Route 53 Resolver endpoints, rules and associations, and
 * its private hosted zones (global, read once). The Lambda dispatcher collects it once per run
 * and hands it to every worker, which follows its spoke's paths and names into the network
 * account without collecting it again.
 */
import type { DirectConnectClient } from '@aws-sdk/client-direct-connect';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import type { Snapshot } from '../inventory/types.js';
import { mapWithConcurrency } from '../util/concurrency.js';
import { collectDirectConnect } from './directconnect.js';
import { collectEc2 } from './ec2.js';
import type { CollectionLog } from './log.js';
import { collectRoute53 } from './route53.js';
import { collectRoute53Resolver } from './route53resolver.js';
import { snapshotOf } from './snapshot-document.js';
import { collectTransitGateways } from './transit-gateways.js';

export interface NetworkCollectOptions {
  ec2(region: string): EC2Client;
  directconnect(region: string): DirectConnectClient;
  route53resolver(region: string): Route53ResolverClient;
  route53(region: string): Route53Client;
  regions: readonly string[];
  accountId: string;
  partition: string;
  log: CollectionLog;
  now: Date;
}

export async function collectNetworkInventory(options: NetworkCollectOptions): Promise<Snapshot> {
  const { regions, log } = options;
  const [inventories, route53] = await Promise.all([
    mapWithConcurrency(regions, 4, async (region) => {
      const [ec2, transitGateways, directconnect, route53resolver] = await Promise.all([
        collectEc2(options.ec2(region), region, log),
        collectTransitGateways(options.ec2(region), region, log),
        collectDirectConnect(options.directconnect(region), region, log, { global: region === regions[0] }),
        collectRoute53Resolver(options.route53resolver(region), region, log),
      ]);
      return [region, { ec2: { ...ec2, ...transitGateways }, directconnect, route53resolver }] as const;
    }),
    collectRoute53(options.route53(regions[0] ?? 'us-east-1'), log),
  ]);
  // As collectSnapshot writes it: what the worker reads is what was collected.
  return snapshotOf(options, Object.fromEntries(inventories), log, undefined, route53);
}

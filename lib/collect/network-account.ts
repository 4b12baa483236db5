/**
 * A network account's hub inventory (issue 14): its transit gateways (attachments, route
 * tables with routes, associations and propagations) and Direct Connect (gateways with
 * their associations, listed once in the first region; virtual interfaces in every
 * region) — nothing else. The Lambda dispatcher collects it once per run and hands it to
 * every worker, which follows its spoke's paths into the hub without collecting it again.
 */
import type { DirectConnectClient } from '@aws-sdk/client-direct-connect';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { Snapshot } from '../inventory/types.js';
import { mapWithConcurrency } from '../util/concurrency.js';
import { collectDirectConnect } from './directconnect.js';
import type { CollectionLog } from './log.js';
import { snapshotOf } from './snapshot-document.js';
import { collectTransitGateways } from './transit-gateways.js';

export interface NetworkCollectOptions {
  ec2(region: string): EC2Client;
  directconnect(region: string): DirectConnectClient;
  regions: readonly string[];
  accountId: string;
  partition: string;
  log: CollectionLog;
  now: Date;
}

export async function collectNetworkInventory(options: NetworkCollectOptions): Promise<Snapshot> {
  const { regions, log } = options;
  const inventories = await mapWithConcurrency(regions, 4, async (region) => {
    const [transitGateways, directconnect] = await Promise.all([
      collectTransitGateways(options.ec2(region), region, log),
      collectDirectConnect(options.directconnect(region), region, log, { global: region === regions[0] }),
    ]);
    return [region, { ec2: transitGateways, directconnect }] as const;
  });
  // As collectSnapshot writes it: what the worker reads is what was collected.
  return snapshotOf(options, Object.fromEntries(inventories), log);
}

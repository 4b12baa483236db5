/**
 * Collects the snapshot: every region concurrently (bounded), every service of a
 * region concurrently, and S3 once for the account.
 */
import type { DataSyncClient } from '@aws-sdk/client-datasync';
import type { DirectConnectClient } from '@aws-sdk/client-direct-connect';
import type { DrsClient } from '@aws-sdk/client-drs';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { NetworkFirewallClient } from '@aws-sdk/client-network-firewall';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import type { S3Client } from '@aws-sdk/client-s3';
import type { RegionInventory, Snapshot } from '../inventory/types.js';
import { mapWithConcurrency } from '../util/concurrency.js';
import { collectBlockPublicAccess } from './block-public-access.js';
import { collectDataSync } from './datasync.js';
import { collectDirectConnect } from './directconnect.js';
import { collectDrs } from './drs.js';
import { collectEc2 } from './ec2.js';
import type { CollectionLog } from './log.js';
import { collectNetworkFirewall } from './network-firewall.js';
import { collectRds } from './rds.js';
import { collectRoute53 } from './route53.js';
import { collectRoute53Resolver } from './route53resolver.js';
import { collectS3 } from './s3.js';
import { snapshotOf } from './snapshot-document.js';
import { collectTransitGateways } from './transit-gateways.js';

/** SDK clients per region, created by the caller (the CLI, a Lambda handler, a test). */
export interface RegionalClients {
  ec2(region: string): EC2Client;
  datasync(region: string): DataSyncClient;
  drs(region: string): DrsClient;
  rds(region: string): RDSClient;
  route53resolver(region: string): Route53ResolverClient;
  /** Route 53 is global: one client, of the collection's home region. */
  route53(region: string): Route53Client;
  s3(region: string): S3Client;
  directconnect(region: string): DirectConnectClient;
  networkfirewall(region: string): NetworkFirewallClient;
}

export interface CollectOptions {
  clients: RegionalClients;
  regions: readonly string[];
  accountId: string;
  partition: string;
  log: CollectionLog;
  now: Date;
  /** How many regions are read at once; each region runs its services in parallel. */
  regionConcurrency?: number;
  onRegionDone?: (region: string, done: number, total: number) => void;
}

export async function collectRegion(
  clients: RegionalClients,
  region: string,
  log: CollectionLog,
  options: { home: boolean } = { home: true },
): Promise<RegionInventory> {
  // Started with the rest of the region, awaited after it.
  const inspection = Promise.all([
    collectBlockPublicAccess(clients.ec2(region), region, log),
    collectNetworkFirewall(clients.networkfirewall(region), region, log),
  ]);
  const [ec2, transitGateways, datasync, drs, rds, route53resolver, directconnect] = await Promise.all([
    collectEc2(clients.ec2(region), region, log),
    collectTransitGateways(clients.ec2(region), region, log),
    collectDataSync(clients.datasync(region), region, log),
    collectDrs(clients.drs(region), region, log),
    collectRds(clients.rds(region), region, log),
    collectRoute53Resolver(clients.route53resolver(region), region, log),
    // Direct Connect gateways are global: listed once, in the home region of the collection.
    collectDirectConnect(clients.directconnect(region), region, log, { global: options.home }),
  ]);
  const [blockPublicAccess, networkfirewall] = await inspection;
  return {
    ec2: { ...ec2, ...transitGateways, ...blockPublicAccess },
    datasync,
    drs,
    rds,
    route53resolver,
    directconnect,
    networkfirewall,
  };
}

export async function collectSnapshot(options: CollectOptions): Promise<Snapshot> {
  const { clients, regions, log } = options;
  let done = 0;
  const [inventories, s3, route53] = await Promise.all([
    mapWithConcurrency(regions, options.regionConcurrency ?? 4, async (region) => {
      const inventory = await collectRegion(clients, region, log, { home: region === regions[0] });
      done += 1;
      options.onRegionDone?.(region, done, regions.length);
      return [region, inventory] as const;
    }),
    collectS3((region) => clients.s3(region), regions[0] ?? 'us-east-1', regions, log),
    collectRoute53(clients.route53(regions[0] ?? 'us-east-1'), log),
  ]);
  return snapshotOf(options, Object.fromEntries(inventories), log, s3, route53);
}

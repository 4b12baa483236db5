import { paginateDescribeDBClusters, paginateDescribeDBInstances, type RDSClient } from '@aws-sdk/client-rds';
import type { RdsInventory } from '../inventory/types.js';
import { allPages, type CallScope, type CollectionLog } from './log.js';
import { MAX_PAGE_SIZE } from './page-sizes.js';

export async function collectRds(
  client: RDSClient,
  region: string,
  log: CollectionLog,
): Promise<RdsInventory> {
  const scope: CallScope = { log, region, service: 'rds' };
  const [instances, clusters] = await Promise.all([
    allPages(
      scope,
      'DescribeDBInstances',
      () => paginateDescribeDBInstances({ client }, { MaxRecords: MAX_PAGE_SIZE['rds:DescribeDBInstances'] }),
      (page) => page.DBInstances,
    ),
    allPages(
      scope,
      'DescribeDBClusters',
      () => paginateDescribeDBClusters({ client }, { MaxRecords: MAX_PAGE_SIZE['rds:DescribeDBClusters'] }),
      (page) => page.DBClusters,
    ),
  ]);
  const inventory: RdsInventory = {};
  if (instances !== undefined) inventory.DBInstances = instances as RdsInventory['DBInstances'];
  if (clusters !== undefined) inventory.DBClusters = clusters as RdsInventory['DBClusters'];
  return inventory;
}

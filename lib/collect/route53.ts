import {
  GetHostedZoneCommand,
  ListResourceRecordSetsCommand,
  type ListResourceRecordSetsCommandOutput,
  paginateListHostedZones,
  type Route53Client,
} from '@aws-sdk/client-route-53';
import type { Route53Inventory } from '../inventory/types.js';
import { mapWithConcurrency } from '../util/concurrency.js';
import { allPages, type CallScope, type CollectionLog, call } from './log.js';
import { MAX_PAGE_SIZE } from './page-sizes.js';

/**
 * ListResourceRecordSets pages by the next record's name, type and identifier, not by a token,
 * so the SDK has no paginator for it.
 */
async function* recordPages(
  client: Route53Client,
  HostedZoneId: string,
): AsyncIterable<ListResourceRecordSetsCommandOutput> {
  let next: Pick<
    ListResourceRecordSetsCommandOutput,
    'NextRecordName' | 'NextRecordType' | 'NextRecordIdentifier'
  > = {};
  for (;;) {
    const page = await client.send(
      new ListResourceRecordSetsCommand({
        HostedZoneId,
        MaxItems: MAX_PAGE_SIZE['route53:ListResourceRecordSets'],
        ...(next.NextRecordName === undefined ? {} : { StartRecordName: next.NextRecordName }),
        ...(next.NextRecordType === undefined ? {} : { StartRecordType: next.NextRecordType }),
        ...(next.NextRecordIdentifier === undefined
          ? {}
          : { StartRecordIdentifier: next.NextRecordIdentifier }),
      }),
    );
    yield page;
    if (!page.IsTruncated || page.NextRecordName === undefined) return;
    next = page;
  }
}

/**
 * The account's private hosted zones (Route 53 is global: read once, in the collection's home
 * region): ListHostedZones for the private ones, then for each GetHostedZone (its associated VPCs,
 * of any account — the only call that lists them) and ListResourceRecordSets (its records). A
 * zone whose VPCs or records could not be read keeps that field absent: its answers are unknown.
 */
export async function collectRoute53(client: Route53Client, log: CollectionLog): Promise<Route53Inventory> {
  const scope: CallScope = { log, region: undefined, service: 'route53' };
  const zones = await allPages(
    scope,
    'ListHostedZones',
    () =>
      paginateListHostedZones(
        { client },
        { MaxItems: MAX_PAGE_SIZE['route53:ListHostedZones'], HostedZoneType: 'PrivateHostedZone' },
      ),
    (page) => page.HostedZones,
  );
  if (zones === undefined) return {};
  // The filter is AWS's; a public zone an emulator answers anyway is left out here too.
  const privateZones = zones.filter((zone) => zone.Config?.PrivateZone === true);
  const read = await mapWithConcurrency(privateZones, 4, async (zone) => {
    const id = zone.Id as string;
    const [detail, records] = await Promise.all([
      call(scope, 'GetHostedZone', () => client.send(new GetHostedZoneCommand({ Id: id })), id),
      allPages(
        scope,
        'ListResourceRecordSets',
        () => recordPages(client, id),
        (page) => page.ResourceRecordSets,
        {
          resourceId: id,
        },
      ),
    ]);
    return {
      ...zone,
      ...(detail.ok ? { VPCs: detail.value.VPCs ?? [] } : {}),
      ...(records === undefined ? {} : { ResourceRecordSets: records }),
    };
  });
  return { HostedZones: read as Route53Inventory['HostedZones'] };
}

/**
 * VPC Block Public Access (VPC User Guide, "Block public access to VPCs and subnets"): the
 * region's mode and its exclusions, which close or open internet gateway paths. The SDK has
 * no paginator for the exclusions: the pages are followed by hand, and a failed page makes
 * the whole list unavailable (a partial list would read as "these are all").
 */
import {
  DescribeVpcBlockPublicAccessExclusionsCommand,
  DescribeVpcBlockPublicAccessOptionsCommand,
  type EC2Client,
  type VpcBlockPublicAccessExclusion,
} from '@aws-sdk/client-ec2';
import type { Ec2Inventory } from '../inventory/types.js';
import { type CallScope, type CollectionLog, call } from './log.js';
import { MAX_PAGE_SIZE } from './page-sizes.js';

export async function collectBlockPublicAccess(
  client: EC2Client,
  region: string,
  log: CollectionLog,
): Promise<Pick<Ec2Inventory, 'VpcBlockPublicAccessOptions' | 'VpcBlockPublicAccessExclusions'>> {
  const scope: CallScope = { log, region, service: 'ec2' };
  const [options, exclusions] = await Promise.all([
    call(scope, 'DescribeVpcBlockPublicAccessOptions', () =>
      client.send(new DescribeVpcBlockPublicAccessOptionsCommand({})),
    ),
    allExclusions(client, scope),
  ]);
  const found = options.ok ? options.value.VpcBlockPublicAccessOptions : undefined;
  return {
    ...(found === undefined
      ? {}
      : { VpcBlockPublicAccessOptions: found as Ec2Inventory['VpcBlockPublicAccessOptions'] }),
    ...(exclusions === undefined
      ? {}
      : { VpcBlockPublicAccessExclusions: exclusions as Ec2Inventory['VpcBlockPublicAccessExclusions'] }),
  };
}

async function allExclusions(
  client: EC2Client,
  scope: CallScope,
): Promise<VpcBlockPublicAccessExclusion[] | undefined> {
  const items: VpcBlockPublicAccessExclusion[] = [];
  let NextToken: string | undefined;
  do {
    const token = NextToken;
    const page = await call(scope, 'DescribeVpcBlockPublicAccessExclusions', () =>
      client.send(
        new DescribeVpcBlockPublicAccessExclusionsCommand({
          MaxResults: MAX_PAGE_SIZE['ec2:DescribeVpcBlockPublicAccessExclusions'],
          ...(token === undefined ? {} : { NextToken: token }),
        }),
      ),
    );
    if (!page.ok) return undefined;
    items.push(...(page.value.VpcBlockPublicAccessExclusions ?? []));
    NextToken = page.value.NextToken;
  } while (NextToken);
  return items;
}

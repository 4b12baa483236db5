/**
 * API calls of the EC2 collector for N items of each type (N = 10, 100, 1,000),
 * next to the minimum: the pages needed at the largest page size each operation
 * allows, plus the per-VPC attribute calls that cannot be avoided. The calls are
 * made against a fake EC2 that pages exactly as EC2 documents it; moto, the local
 * emulator, ignores MaxResults for EC2 and answers everything in one page, so it
 * cannot show page arithmetic (the emulator tests cover the collectors' behaviour).
 * Run: npm run bench:api-calls
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { collectEc2 } from '../lib/collect/ec2.js';
import { CollectionLog } from '../lib/collect/log.js';
import { fakePagingEc2, minimumCalls } from '../test/support/paging-ec2.js';
import { table, writeSection } from './report.js';

const rows: (string | number)[][] = [];
let equal = true;
for (const n of [10, 100, 1000]) {
  const { ec2, interfaces, vpcsWithInterfaceEndpoints } = fakePagingEc2(n);
  const log = new CollectionLog();
  await collectEc2(
    new EC2Client({ region: 'eu-west-1', credentials: { accessKeyId: 'b', secretAccessKey: 'b' } }),
    'eu-west-1',
    log,
  );
  ec2.restore();
  const minimum = minimumCalls(n, interfaces.length, vpcsWithInterfaceEndpoints);
  const made = log.callCounts();
  for (const [operation, calls] of Object.entries(made)) {
    const floor = minimum[operation] ?? Number.NaN;
    equal &&= calls === floor;
    rows.push([n, operation, calls, floor, calls === floor ? 'yes' : 'no']);
  }
}
const body = `## API calls

The EC2 collector for N items of each type, against a fake EC2 that pages as the API reference says (largest page sizes: 1,000 for VPCs, subnets, groups, endpoints and network interfaces; 100 for route tables, ACLs, prefix lists and their entries; at most 200 filter values a call). The minimum counts the pages needed at those sizes plus two DescribeVpcAttribute calls per VPC that holds an interface endpoint, the one place the API has no list call. Moto ignores EC2 page sizes, which is why this figure is not taken from it. Per-bucket (GetBucketPolicy), per-agent (DescribeAgent) and per-server (GetReplicationConfiguration) calls are one per item by construction and are counted in the collector tests. Reproduce: \`npm run bench:api-calls\`.

${table(['N', 'operation', 'calls', 'minimum', 'equal'], rows)}

Target: every count equal to the minimum — **${equal ? 'met' : 'NOT met'}**.`;
console.log(body);
writeSection('api-calls', body);

import type { Ec2VpcEndpoint, VpcDnsAttributes } from '../../lib/inventory/types.js';
import { privateDnsPrerequisites } from '../../lib/rules/net/private-dns-prerequisites.js';
import { snapshotOf } from '../support/fixtures.js';
import { ruleTable } from '../support/rule-table.js';

const endpoint = (id: string, vpc: string, privateDns: boolean, type = 'Interface'): Ec2VpcEndpoint => ({
  VpcEndpointId: id,
  VpcEndpointType: type,
  VpcId: vpc,
  ServiceName: 'com.amazonaws.eu-west-1.drs',
  State: 'available',
  PrivateDnsEnabled: privateDns,
});
const inventory = (endpoints: Ec2VpcEndpoint[], attributes: Record<string, VpcDnsAttributes>) =>
  snapshotOf({ ec2: { VpcEndpoints: endpoints, VpcAttributes: attributes } });
const both = { EnableDnsSupport: true, EnableDnsHostnames: true };

ruleTable(privateDnsPrerequisites, {
  valid: [
    {
      name: 'both attributes on where private DNS is used; other VPCs out of scope',
      snapshot: inventory(
        [
          endpoint('vpce-1', 'vpc-a', true),
          endpoint('vpce-2', 'vpc-b', false),
          endpoint('vpce-3', 'vpc-c', true, 'Gateway'),
        ],
        { 'vpc-a': both, 'vpc-b': { EnableDnsSupport: false, EnableDnsHostnames: false } },
      ),
      resources: ['vpc-a'],
    },
  ],
  invalid: [
    {
      name: 'hostnames off',
      snapshot: inventory([endpoint('vpce-1', 'vpc-a', true)], {
        'vpc-a': { EnableDnsSupport: true, EnableDnsHostnames: false },
      }),
      resourceId: 'vpc-a',
      status: 'FAILED',
      evidence: 'vpc-a has enableDnsHostnames false while vpce-1 relies on private DNS',
      remediation: 'Set enableDnsHostnames to true on vpc-a',
    },
    {
      name: 'both off',
      snapshot: inventory([endpoint('vpce-1', 'vpc-a', true)], {
        'vpc-a': { EnableDnsSupport: false, EnableDnsHostnames: false },
      }),
      resourceId: 'vpc-a',
      status: 'FAILED',
      evidence: 'enableDnsSupport and enableDnsHostnames false',
    },
    {
      name: 'attributes of the VPC not collected',
      snapshot: inventory([endpoint('vpce-1', 'vpc-a', true)], {}),
      resourceId: 'vpc-a',
      status: 'NOT_AVAILABLE',
      evidence: 'the DNS attributes of vpc-a were not collected',
    },
    {
      name: 'a failed DescribeVpcAttribute call',
      snapshot: snapshotOf(
        { ec2: { VpcEndpoints: [endpoint('vpce-1', 'vpc-a', true)], VpcAttributes: {} } },
        {
          errors: [
            {
              region: 'eu-west-1',
              service: 'ec2',
              operation: 'DescribeVpcAttribute',
              code: 'Throttling',
              message: 'slow down',
              resourceId: 'vpc-a',
            },
          ],
        },
      ),
      resourceId: 'vpc-a',
      status: 'NOT_AVAILABLE',
      evidence: 'not collected',
    },
  ],
});

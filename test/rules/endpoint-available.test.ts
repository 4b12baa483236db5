import type { Ec2VpcEndpoint } from '../../lib/inventory/types.js';
import { endpointAvailable } from '../../lib/rules/net/endpoint-available.js';
import { snapshotOf } from '../support/fixtures.js';
import { ruleTable } from '../support/rule-table.js';

const endpoint = (id: string, service: string, State: string): Ec2VpcEndpoint => ({
  VpcEndpointId: id,
  VpcEndpointType: 'Interface',
  VpcId: 'vpc-1',
  ServiceName: `com.amazonaws.eu-west-1.${service}`,
  State,
});
const withEndpoints = (...VpcEndpoints: Ec2VpcEndpoint[]) => snapshotOf({ ec2: { VpcEndpoints } });

ruleTable(endpointAvailable, {
  valid: [
    {
      name: 'available endpoints of every scenario service, state compared case-insensitively',
      snapshot: withEndpoints(
        endpoint('vpce-drs', 'drs', 'available'),
        endpoint('vpce-ec2', 'ec2', 'Available'),
        endpoint('vpce-s3', 's3', 'available'),
        endpoint('vpce-ds', 'datasync', 'AVAILABLE'),
        endpoint('vpce-other', 'sqs', 'failed'),
      ),
      resources: ['vpce-drs', 'vpce-ec2', 'vpce-s3', 'vpce-ds'],
    },
    { name: 'no endpoints at all', snapshot: withEndpoints(), resources: [] },
  ],
  invalid: [
    {
      name: 'pendingAcceptance is a warning',
      snapshot: withEndpoints(endpoint('vpce-s3', 's3', 'pendingAcceptance')),
      resourceId: 'vpce-s3',
      status: 'WARNING',
      evidence: 'state pendingAcceptance',
      remediation: 'Accept the endpoint connection',
    },
    {
      name: 'pending is a warning',
      snapshot: withEndpoints(endpoint('vpce-drs', 'drs', 'Pending')),
      resourceId: 'vpce-drs',
      status: 'WARNING',
      evidence: 'state Pending',
    },
    ...['failed', 'rejected', 'expired', 'deleting', 'Deleted'].map((state) => ({
      name: `${state} fails`,
      snapshot: withEndpoints(endpoint('vpce-ds', 'datasync', state)),
      resourceId: 'vpce-ds',
      status: 'FAILED' as const,
      evidence: `is in state ${state}`,
    })),
    {
      name: 'endpoints not collected',
      snapshot: snapshotOf({ ec2: {} }),
      resourceId: '123456789012',
      status: 'NOT_AVAILABLE',
      evidence: 'ec2.VpcEndpoints was not collected in eu-west-1',
    },
  ],
});

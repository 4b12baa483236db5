import { drsEndpointPolicyAllowsAgent } from '../../lib/rules/drs/drs-endpoint-policy-allows-agent.js';
import { ec2Of, find, IDS } from '../support/landing-zone.js';
import { zoneTable } from '../support/zone-table.js';

type Change = Parameters<typeof zoneTable>[2][number]['change'];
const drsPolicy =
  (statements: Record<string, unknown>[]): Change =>
  (_s, region) => {
    find(ec2Of(region).VpcEndpoints, (e) => e.VpcEndpointId === IDS.drsEndpoint).PolicyDocument =
      JSON.stringify({ Statement: statements });
  };

zoneTable(
  drsEndpointPolicyAllowsAgent,
  [IDS.drsEndpoint],
  [
    {
      name: 'drs actions allowed but not the session',
      change: drsPolicy([{ Effect: 'Allow', Principal: '*', Action: 'drs:*', Resource: '*' }]),
      resourceId: IDS.drsEndpoint,
      status: 'FAILED',
      evidence: 'denies execute-api:Invoke on …/POST/CreateSessionForDrs',
      remediation: 'Allow execute-api:Invoke',
    },
  ],
  [
    {
      name: 'the documented session pattern and the agent actions',
      change: drsPolicy([
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'arn:aws:execute-api:*:*:*/POST/CreateSessionForDrs',
        },
        { Effect: 'Allow', Principal: '*', Action: 'drs:*', Resource: '*' },
      ]),
      resources: [IDS.drsEndpoint],
    },
  ],
);

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
      evidence: 'denies execute-api:Invoke on arn:aws:execute-api:eu-west-1:*.*/POST/CreateSessionForDrs',
      remediation: 'Allow execute-api:Invoke',
    },
    {
      name: 'the session allowed in another region only',
      change: drsPolicy([
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'arn:aws:execute-api:us-east-1:*.*/POST/CreateSessionForDrs',
        },
        { Effect: 'Allow', Principal: '*', Action: 'drs:*', Resource: '*' },
      ]),
      resourceId: IDS.drsEndpoint,
      status: 'FAILED',
      evidence: 'denies execute-api:Invoke',
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
    {
      // DRS user guide, "Installing the agent on a secured network": the statement it publishes.
      name: 'the statement of the DRS guide (…:<region>:*.*/POST/CreateSessionForDrs)',
      change: drsPolicy([
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'arn:aws:execute-api:eu-west-1:*.*/POST/CreateSessionForDrs',
        },
        { Effect: 'Allow', Principal: '*', Action: 'drs:*', Resource: '*' },
      ]),
      resources: [IDS.drsEndpoint],
    },
    {
      // DRS FAQ: the same statement with an empty account segment.
      name: 'the statement of the DRS FAQ (…:<region>::*/POST/CreateSessionForDrs)',
      change: drsPolicy([
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'arn:aws:execute-api:eu-west-1::*/POST/CreateSessionForDrs',
        },
        { Effect: 'Allow', Principal: '*', Action: 'drs:*', Resource: '*' },
      ]),
      resources: [IDS.drsEndpoint],
    },
  ],
);

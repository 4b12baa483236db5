import { agentUsesPrivateEndpoint } from '../../lib/rules/dsync/agent-uses-private-endpoint.js';
import { find, IDS } from '../support/landing-zone.js';
import { zoneTable } from '../support/zone-table.js';

const makePublic = (region: Parameters<Parameters<typeof zoneTable>[2][number]['change']>[1]) => {
  const agent = find(region.datasync?.Agents, (a) => a.AgentArn === IDS.agent2);
  agent.EndpointType = 'PUBLIC';
  delete agent.PrivateLinkConfig;
};

zoneTable(
  agentUsesPrivateEndpoint,
  [IDS.agent1, IDS.agent2],
  [
    {
      name: 'a public agent when PrivateLink is required',
      change: (_s, region) => makePublic(region),
      resourceId: IDS.agent2,
      status: 'FAILED',
      evidence: 'was activated with a PUBLIC service endpoint',
      remediation: 'Activate a new agent through a DataSync interface VPC endpoint',
    },
    {
      name: 'a public agent when PrivateLink is not required',
      change: (_s, region) => makePublic(region),
      config: { sourceCidrs: ['10.20.0.0/16'], dataSync: { requirePrivateLink: false } },
      resourceId: IDS.agent2,
      status: 'NOT_APPLICABLE',
      evidence: 'dataSync.requirePrivateLink is false',
    },
    {
      name: 'no endpoint type in the response',
      change: (_s, region) => {
        delete find(region.datasync?.Agents, (a) => a.AgentArn === IDS.agent1).EndpointType;
      },
      resourceId: IDS.agent1,
      status: 'NOT_AVAILABLE',
      evidence: 'no EndpointType',
    },
  ],
  [
    {
      name: 'a FIPS PrivateLink agent',
      change: (_s, region) => {
        find(region.datasync?.Agents, (a) => a.AgentArn === IDS.agent1).EndpointType = 'FIPS_PRIVATE_LINK';
      },
      resources: [IDS.agent1, IDS.agent2],
    },
  ],
);

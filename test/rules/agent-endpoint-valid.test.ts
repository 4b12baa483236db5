import { agentEndpointValid } from '../../lib/rules/dsync/agent-endpoint-valid.js';
import { ec2Of, find, IDS, privateLinkOf } from '../support/landing-zone.js';
import { zoneTable } from '../support/zone-table.js';

zoneTable(
  agentEndpointValid,
  [IDS.agent1, IDS.agent2],
  [
    {
      name: 'the endpoint no longer exists',
      change: (_s, region) => {
        ec2Of(region).VpcEndpoints = region.ec2?.VpcEndpoints?.filter(
          (e) => e.VpcEndpointId !== IDS.dataSyncEndpoint,
        );
      },
      resourceId: IDS.agent1,
      others: { 'arn:aws:datasync:eu-west-1:123456789012:agent/agent-0b0addf0c6e7a0002': 'FAILED' },
      status: 'FAILED',
      evidence: `${IDS.dataSyncEndpoint}, which does not exist`,
    },
    {
      name: 'the endpoint is not a DataSync endpoint',
      change: (_s, region) => {
        privateLinkOf(find(region.datasync?.Agents, (a) => a.AgentArn === IDS.agent1)).VpcEndpointId =
          IDS.drsEndpoint;
      },
      resourceId: IDS.agent1,
      status: 'FAILED',
      evidence: 'not a DataSync interface endpoint',
    },
    {
      name: 'the endpoint is not available',
      change: (_s, region) => {
        find(region.ec2?.VpcEndpoints, (e) => e.VpcEndpointId === IDS.dataSyncEndpoint).State = 'failed';
      },
      resourceId: IDS.agent2,
      others: { 'arn:aws:datasync:eu-west-1:123456789012:agent/agent-0b0addf0c6e7a0001': 'FAILED' },
      status: 'FAILED',
      evidence: 'is in state failed',
    },
    {
      name: 'the agent talks to an address the endpoint does not have',
      change: (_s, region) => {
        privateLinkOf(find(region.datasync?.Agents, (a) => a.AgentArn === IDS.agent1)).PrivateLinkEndpoint =
          '10.50.2.99';
      },
      resourceId: IDS.agent1,
      status: 'FAILED',
      evidence:
        'the agent talks to 10.50.2.99, which is not an address of vpce-0a1b2c3d4e5f60105 (it has 10.50.2.20)',
    },
    {
      name: "the endpoint's network interfaces are not in the snapshot (unknown, never 'none')",
      change: (_s, region) => {
        delete find(region.ec2?.VpcEndpoints, (e) => e.VpcEndpointId === IDS.dataSyncEndpoint)
          .NetworkInterfaceIds;
      },
      resourceId: IDS.agent1,
      others: { 'arn:aws:datasync:eu-west-1:123456789012:agent/agent-0b0addf0c6e7a0002': 'NOT_AVAILABLE' },
      status: 'NOT_AVAILABLE',
      evidence:
        'the network interfaces of vpce-0a1b2c3d4e5f60105 (NetworkInterfaceIds) are not in the snapshot',
    },
    {
      name: 'a public agent',
      change: (_s, region) => {
        find(region.datasync?.Agents, (a) => a.AgentArn === IDS.agent2).EndpointType = 'PUBLIC';
      },
      resourceId: IDS.agent2,
      status: 'NOT_APPLICABLE',
      evidence: 'PUBLIC service endpoint',
    },
  ],
);

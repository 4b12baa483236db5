import { defineRule } from '../../catalog/rule.js';
import { agentEndpointReach } from '../support/datasync-reach.js';
import { REACH_INPUTS } from '../support/network.js';

/** Compliant when the agent networks reach the DataSync endpoint on TCP 443 (DataSync network requirements). */
export const endpointHttpsOpen = defineRule({
  id: 'DSYNC.5',
  slug: 'endpoint-https-open',
  title: 'DataSync agent can reach its VPC endpoint on TCP 443',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/datasync/latest/userguide/datasync-network.html',
  inputs: ['datasync.Agents', 'ec2.VpcEndpoints', ...REACH_INPUTS],
  evaluate: (context) => agentEndpointReach(context, { from: 443, to: 443 }),
});

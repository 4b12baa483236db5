import { defineRule } from '../../catalog/rule.js';
import { agentEndpointReach } from '../support/datasync-reach.js';
import { REACH_INPUTS } from '../support/network.js';
import type { NetworkAnswer } from '../support/reach-finding.js';

/** Ports that groups following the old "1024-1062" articles leave closed. */
function outdatedRange(answers: readonly NetworkAnswer[]): string | undefined {
  const missing = answers.flatMap(({ answer }) =>
    ('subnets' in answer ? answer.subnets : [answer]).flatMap((subnet) => subnet.portsClosedForEveryAddress),
  );
  const followsOldRange =
    missing.length > 0 && missing.every((range) => range.from >= 1063 && range.to <= 1064);
  return followsOldRange
    ? 'the group follows the outdated 1024-1062 range; DataSync now needs TCP 1024-1064'
    : undefined;
}

/** Compliant when the agent networks reach the DataSync endpoint on TCP 1024-1064 (DataSync network requirements). */
export const controlPortsOpen = defineRule({
  id: 'DSYNC.4',
  slug: 'control-ports-open',
  title: 'DataSync agent can reach its VPC endpoint on TCP 1024-1064',
  severity: 'HIGH',
  source: 'https://docs.aws.amazon.com/datasync/latest/userguide/datasync-network.html',
  inputs: ['datasync.Agents', 'ec2.VpcEndpoints', ...REACH_INPUTS],
  evaluate: (context) => agentEndpointReach(context, { from: 1024, to: 1064 }, outdatedRange),
});

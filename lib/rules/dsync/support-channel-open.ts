import { defineRule } from '../../catalog/rule.js';
import { agentEndpointReach } from '../support/datasync-reach.js';
import { REACH_INPUTS } from '../support/network.js';

/** Compliant when the agent networks reach the DataSync endpoint on TCP 22, the support channel of Basic-mode agents (DataSync network requirements). */
export const supportChannelOpen = defineRule({
  id: 'DSYNC.8',
  slug: 'support-channel-open',
  title: 'DataSync agent can open the AWS Support channel (TCP 22) to its endpoint',
  severity: 'LOW',
  source: 'https://docs.aws.amazon.com/datasync/latest/userguide/datasync-network.html',
  inputs: ['datasync.Agents', 'ec2.VpcEndpoints', ...REACH_INPUTS],
  evaluate(context) {
    const findings = agentEndpointReach(context, { from: 22, to: 22 });
    if (!context.config.dataSync.checkSupportChannel) {
      return findings.map((finding) =>
        finding.status === 'NOT_APPLICABLE'
          ? finding
          : {
              status: 'NOT_APPLICABLE',
              resource: finding.resource,
              evidence: 'dataSync.checkSupportChannel is false',
            },
      );
    }
    // The support channel is needed only when AWS Support asks for it: never more than a warning.
    return findings.map((finding) =>
      finding.status === 'FAILED'
        ? {
            ...finding,
            status: 'WARNING',
            remediation:
              `${finding.remediation ?? ''} (only needed when AWS Support opens a support channel)`.trim(),
          }
        : finding,
    );
  },
});

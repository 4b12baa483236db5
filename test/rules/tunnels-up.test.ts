import type { Ec2VpnConnection } from '../../lib/inventory/types.js';
import { tunnelsUp } from '../../lib/rules/vpn/tunnels-up.js';
import { snapshotOf } from '../support/fixtures.js';
import { ruleTable } from '../support/rule-table.js';

const connection = (id: string, statuses: string[], State = 'available'): Ec2VpnConnection => ({
  VpnConnectionId: id,
  State,
  VpnGatewayId: 'vgw-1',
  VgwTelemetry: statuses.map((Status, index) => ({
    OutsideIpAddress: `198.51.100.${index + 1}`,
    Status,
    StatusMessage: '',
  })),
});
const withConnections = (...VpnConnections: Ec2VpnConnection[]) => snapshotOf({ ec2: { VpnConnections } });

ruleTable(tunnelsUp, {
  valid: [
    {
      name: 'both tunnels up; deleted connections out of scope',
      snapshot: withConnections(
        connection('vpn-1', ['UP', 'UP']),
        connection('vpn-2', ['DOWN', 'DOWN'], 'deleted'),
      ),
      resources: ['vpn-1'],
    },
  ],
  invalid: [
    {
      name: 'one tunnel down',
      snapshot: withConnections(connection('vpn-1', ['UP', 'DOWN'])),
      resourceId: 'vpn-1',
      status: 'WARNING',
      evidence: '1 of 2 tunnels of vpn-1 are not UP: 198.51.100.2 DOWN',
    },
    {
      name: 'both tunnels down',
      snapshot: withConnections(connection('vpn-1', ['DOWN', 'DOWN'])),
      resourceId: 'vpn-1',
      status: 'FAILED',
      evidence: '2 of 2 tunnels',
      remediation: 'UDP 500/4500',
    },
    {
      name: 'no telemetry',
      snapshot: withConnections(connection('vpn-1', [])),
      resourceId: 'vpn-1',
      status: 'NOT_AVAILABLE',
      evidence: 'no tunnel telemetry',
    },
  ],
});

import { expect } from 'vitest';
import { controlPortsOpen } from '../../lib/rules/dsync/control-ports-open.js';
import { ec2Of, find, IDS } from '../support/landing-zone.js';
import { acl } from '../support/network-fixture.js';
import { zoneTable } from '../support/zone-table.js';

const controlRule = (region: Parameters<Parameters<typeof zoneTable>[2][number]['change']>[1]) =>
  find(
    find(region.ec2?.SecurityGroups, (g) => g.GroupId === IDS.dataSyncEndpointGroup).IpPermissions,
    (p) => p.FromPort === 1024,
  );

zoneTable(
  controlPortsOpen,
  [IDS.dataSyncEndpoint],
  [
    {
      name: 'a group that follows the outdated 1024-1062 range',
      change: (_s, region) => {
        controlRule(region).ToPort = 1062;
      },
      resourceId: IDS.dataSyncEndpoint,
      status: 'FAILED',
      reason: {
        code: 'path.closed',
        data: {
          extra: 'the group follows the outdated 1024-1062 range; DataSync now needs TCP 1024-1064',
          closed: [expect.objectContaining({ network: '10.20.0.0/16', verdict: 'partial' })],
        },
      },
      remediation: `Allow inbound TCP 1063-1064 from 10.20.0.0/16 on ${IDS.dataSyncEndpointGroup}`,
    },
    {
      name: 'half of the agent network cut off by the ACL answers',
      change: (_s, region) => {
        find(region.ec2?.NetworkAcls, (a) => a.NetworkAclId === IDS.acl).Entries?.push(
          acl(90, 'deny', '10.20.128.0/17', '-1', undefined, true),
        );
      },
      resourceId: IDS.dataSyncEndpoint,
      status: 'WARNING',
      reason: {
        code: 'path.closed',
        data: {
          closed: [
            expect.objectContaining({
              network: '10.20.0.0/16',
              verdict: 'partial',
              by: [
                'answers to 10.20.128.0/17 on ports 1024-65535 are denied by acl-0b1c2d3e4f5a60001 rule 90 (egress)',
              ],
            }),
          ],
        },
      },
      remediation: 'Allow outbound TCP 1024-65535 (answers) to 10.20.128.0/17 in acl-0b1c2d3e4f5a60001',
    },
    {
      name: 'a prefix list the group names is missing',
      change: (_s, region) => {
        controlRule(region).PrefixListIds = [{ PrefixListId: 'pl-missing' }];
        controlRule(region).ToPort = 1062;
      },
      resourceId: IDS.dataSyncEndpoint,
      status: 'NOT_AVAILABLE',
      reason: {
        code: 'path.unknown',
        data: { missing: ['prefix list pl-missing is referenced but its entries are not in the snapshot'] },
      },
    },
    {
      name: 'no source networks configured or routed',
      change: (_s, region) => {
        for (const table of region.ec2?.RouteTables ?? [])
          table.Routes = table.Routes?.filter((r) => !r.GatewayId?.startsWith('vgw-'));
        ec2Of(region).VpnGateways = [];
      },
      config: {},
      resourceId: IDS.dataSyncEndpoint,
      status: 'NOT_AVAILABLE',
      evidence: 'set dataSync.sourceCidrs (or sourceCidrs) in the configuration',
    },
  ],
);

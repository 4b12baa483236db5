import { supportChannelOpen } from '../../lib/rules/dsync/support-channel-open.js';
import { find, IDS } from '../support/landing-zone.js';
import { closedBy } from '../support/rule-table.js';
import { zoneTable } from '../support/zone-table.js';

const closeSsh = (region: Parameters<Parameters<typeof zoneTable>[2][number]['change']>[1]) => {
  const group = find(region.ec2?.SecurityGroups, (g) => g.GroupId === IDS.dataSyncEndpointGroup);
  group.IpPermissions = group.IpPermissions?.filter((p) => p.FromPort !== 22);
};

zoneTable(
  supportChannelOpen,
  [IDS.dataSyncEndpoint],
  [
    {
      name: 'TCP 22 closed: a warning, never a failure',
      change: (_s, region) => closeSsh(region),
      resourceId: IDS.dataSyncEndpoint,
      status: 'WARNING',
      reason: closedBy('no permission of sg-0d1e2f3a4b5c60003 allows tcp 22 from 10.20.0.0/16'),
      remediation: 'only needed when AWS Support opens a support channel',
    },
  ],
  [
    {
      name: 'not checked when dataSync.checkSupportChannel is false',
      change: (_s, region) => closeSsh(region),
      config: { sourceCidrs: ['10.20.0.0/16'], dataSync: { checkSupportChannel: false } },
      resources: [IDS.dataSyncEndpoint],
      status: 'NOT_APPLICABLE',
    },
  ],
);

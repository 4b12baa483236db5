import { noCidrOverlap } from '../../lib/rules/net/no-cidr-overlap.js';
import { IDS } from '../support/landing-zone.js';
import { zoneTable } from '../support/zone-table.js';

zoneTable(
  noCidrOverlap,
  [IDS.vpc, IDS.analyticsVpc],
  [
    {
      name: 'the data centre overlaps the VPC',
      change: () => {},
      config: { sourceCidrs: ['10.50.128.0/17'] },
      resourceId: IDS.vpc,
      status: 'FAILED',
      evidence: '10.50.0.0/16 overlaps 10.50.128.0/17',
      remediation: 'Re-address the overlapping networks',
    },
    {
      name: 'the DTS range overlaps the VPC',
      change: () => {},
      config: { vpn: { dtsCidrs: ['10.50.0.0/20'] } },
      resourceId: IDS.vpc,
      status: 'FAILED',
      evidence: '10.50.0.0/16 overlaps 10.50.0.0/20',
    },
  ],
);

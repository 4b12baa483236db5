import { describe, expect, it } from 'vitest';
import { defaultConfig, parseConfig } from '../../lib/config/load.js';
import { ruleIds } from '../../lib/rules/index.js';

function refusal(document: unknown): string {
  try {
    parseConfig(document, 'hna.config.json', ruleIds());
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('configuration', () => {
  it('fills the documented defaults', () => {
    // Act
    const config = defaultConfig();
    // Assess
    expect(config.ephemeralPorts).toBe('1024-65535');
    expect(config.dataSync).toEqual({
      requirePrivateLink: true,
      concurrentTasksPerAgent: 1,
      checkSupportChannel: true,
    });
    expect(config.vpn).toEqual({
      remoteCidrs: [],
      remoteConnections: [],
      dtsCidrs: ['100.104.0.0/16'],
      phase1LifetimeSeconds: 28800,
      phase2LifetimeSeconds: 3600,
      databasePorts: [],
    });
    expect(config.suppressions).toEqual([]);
  });

  it('keeps given values and defaults the rest of a section', () => {
    const config = parseConfig({ dataSync: { concurrentTasksPerAgent: 3 } }, 'c', ruleIds());
    expect(config.dataSync).toEqual({
      requirePrivateLink: true,
      concurrentTasksPerAgent: 3,
      checkSupportChannel: true,
    });
  });

  it.each([
    [
      { sourceCidrs: ['10.20.0.0/33'] },
      'hna.config.json: sourceCidrs[0]: "10.20.0.0/33" is not a CIDR block',
    ],
    [
      { drs: { sourceCidrs: ['10.20.0.1/16'] } },
      'hna.config.json: drs.sourceCidrs[0]: "10.20.0.1/16" has host bits set (did you mean 10.20.0.0/16?)',
    ],
    [
      { ephemeralPorts: '65535-1024' },
      'hna.config.json: ephemeralPorts: "65535-1024": the range must go from low to high',
    ],
    [
      { dataSync: { requirePrivatelink: false } },
      'hna.config.json: dataSync.requirePrivatelink: unknown key',
    ],
    [{ sourceCIDRs: [] }, 'hna.config.json: sourceCIDRs: unknown key'],
    [
      { rules: { 'DSYNC.99': { enabled: false } } },
      'hna.config.json: rules["DSYNC.99"]: unknown rule id (see hna rules)',
    ],
    [
      { rules: { 'VPN.2': { severity: 'SEVERE' } } },
      'hna.config.json: rules["VPN.2"].severity: expected one of "CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL"',
    ],
    [
      { suppressions: [{ ruleId: 'NET.1', resourceId: 'vpce-1', reason: 'x', expires: '31/01/2027' }] },
      'hna.config.json: suppressions[0].expires: expected a date such as 2027-01-31',
    ],
    [
      { suppressions: [{ ruleId: 'NET.1', resourceId: 'vpce-1' }] },
      'hna.config.json: suppressions[0].reason: required string',
    ],
    [
      { vpn: { databasePorts: [70000] } },
      'hna.config.json: vpn.databasePorts[0]: Too big: expected number to be <=65535',
    ],
  ])('refuses %j', (document, expected) => {
    expect(refusal(document)).toBe(expected);
  });
});

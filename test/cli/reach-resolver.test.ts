/**
 * `hna reach --protocol udp --port 53` to an address of a Route 53 Resolver inbound endpoint
 * (issue 31): the endpoint's subnet with its own groups, as DNS.2 asks it. AWS requires both
 * protocols ("Inbound rules must allow TCP and UDP access on port 53":
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-inbound-queries-values.html);
 * the example's network account admits UDP only (its seeded DNS mistake).
 */
import { describe, expect, it } from 'vitest';
import { runHna } from '../support/cli-harness.js';

const EXAMPLE = [
  '--snapshot',
  'examples/hybrid-landing-zone.json',
  '--snapshot',
  'examples/network-account.json',
];
const ask = (protocol: string) =>
  runHna([
    'reach',
    ...EXAMPLE,
    '--from',
    '10.20.0.53',
    '--to',
    '10.70.1.53',
    '--protocol',
    protocol,
    '--port',
    '53',
    '--format',
    'json',
  ]);

describe('hna reach to an inbound Resolver endpoint address', () => {
  it('answers UDP 53 open through the route, ACLs and the endpoint’s own group', async () => {
    const run = await ask('udp');
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout) as { verdict: string; hops: { hop: string; groups?: string[] }[] };
    expect(answer.verdict).toBe('open');
    expect(answer.hops.find((h) => h.hop === 'security-groups')?.groups).toEqual(['sg-0b2c3d4e5f6a70042']);
  });

  it('answers TCP 53 blocked, naming the group that admits only UDP', async () => {
    const run = await ask('tcp');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('no permission of sg-0b2c3d4e5f6a70042 allows tcp 53');
  });
});

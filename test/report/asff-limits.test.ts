/**
 * Security Hub within its limits (issue 35): every ASFF finding of the whole example and of
 * the one-region scale data (bench/region-data.ts) is checked field by field against the
 * limits the API reference documents; no text is cut inside a command, and each fix command
 * reaches ProductFields whole.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replicateRegion } from '../../bench/region-data.js';
import { auditSnapshots, runAudit } from '../../lib/audit/service.js';
import type { RuleResult } from '../../lib/catalog/rule.js';
import { parseConfig } from '../../lib/config/load.js';
import { parseSnapshot } from '../../lib/inventory/read.js';
import { ASFF_LIMITS, COMMAND_FIELD, recommendationText, sendable, toAsff } from '../../lib/report/asff.js';
import { toCli } from '../../lib/report/aws-cli.js';
import { RULES, ruleIds } from '../../lib/rules/index.js';
import { exampleConfig, loadExample, NOW } from '../support/fixtures.js';

const context = { accountId: '123456789012', partition: 'aws', now: NOW };

function checkFinding(result: RuleResult, docsBaseUrl?: string): void {
  const finding = toAsff(result, { ...context, ...(docsBaseUrl ? { docsBaseUrl } : {}) });
  const where = `${result.ruleId} ${result.resourceId}`;
  expect(finding.Id?.length, where).toBeLessThanOrEqual(ASFF_LIMITS.id);
  expect(finding.GeneratorId?.length, where).toBeLessThanOrEqual(ASFF_LIMITS.generatorId);
  expect(finding.AwsAccountId, where).toMatch(/^\d{12}$/);
  expect(finding.Title?.length, where).toBeLessThanOrEqual(ASFF_LIMITS.title);
  expect(finding.Description?.length, where).toBeGreaterThan(0);
  expect(finding.Description?.length, where).toBeLessThanOrEqual(ASFF_LIMITS.description);
  const text = finding.Remediation?.Recommendation?.Text ?? '';
  expect(text.length, where).toBeGreaterThan(0);
  expect(text.length, where).toBeLessThanOrEqual(ASFF_LIMITS.recommendation);
  // The link to the page is whole, and every command the text names is whole (closed, with its region).
  expect(text.endsWith(finding.Remediation?.Recommendation?.Url ?? '\u0000'), where).toBe(true);
  expect(text, where).not.toContain('[truncated]');
  for (const aside of text.match(/\(aws [^)]*\)?/g) ?? []) {
    expect(aside.endsWith(')'), `${where}: ${aside}`).toBe(true);
    expect(aside, where).toContain('--region ');
  }
  const fields = Object.entries(finding.ProductFields ?? {});
  expect(fields.length, where).toBeLessThanOrEqual(ASFF_LIMITS.productFields);
  for (const [key, value] of fields) {
    expect(key.length, `${where} ${key}`).toBeLessThanOrEqual(ASFF_LIMITS.productFieldKey);
    expect(value.length, `${where} ${key}`).toBeLessThanOrEqual(ASFF_LIMITS.productField);
  }
  // Each fix command in ProductFields whole, in order, or named as left out.
  const commands = (result.commands ?? []).map(toCli);
  const carried = fields.filter(([key]) => key.startsWith(COMMAND_FIELD)).map(([, value]) => value);
  if (finding.ProductFields?.['hna/CommandsNotHere'] === undefined) expect(carried, where).toEqual(commands);
  else for (const command of carried) expect(commands, where).toContain(command);
}

describe('ASFF fields within their documented limits', () => {
  it('on the whole example (both accounts), with and without --docs-url', () => {
    const snapshots = [
      loadExample(),
      parseSnapshot(readFileSync('examples/network-account.json', 'utf8'), 'examples/network-account.json'),
    ];
    const results = sendable(
      auditSnapshots(snapshots, { rules: RULES, config: exampleConfig(), now: NOW }).results,
    );
    expect(results.length).toBeGreaterThan(50);
    expect(results.some((r) => (r.commands?.length ?? 0) > 1)).toBe(true);
    for (const result of results) {
      checkFinding(result);
      checkFinding(result, 'https://example.org/hna/docs/rules/');
    }
  });

  it('on the one-region scale data (the landing zone replicated 100 times in one region)', () => {
    const config = parseConfig(
      { sourceCidrs: ['10.20.0.0/16'], vpn: { remoteCidrs: ['172.16.0.0/16'] } },
      'scale',
      ruleIds(),
    );
    const results = sendable(runAudit(replicateRegion(100), { rules: RULES, config, now: NOW }).results);
    expect(results.length).toBeGreaterThan(1000);
    for (const result of results) checkFinding(result);
  });

  it('a fix longer than the field loses its CLI asides, then its last clauses, never a command half', () => {
    const link = { url: 'https://example.org/hna/docs/rules/tgw-routes-both-ways.md', label: 'Rule page' };
    const clause = (n: number) => `route 10.${n}.0.0/16 to the attachment tgw-attach-0a1b2c3d4e5f6000${n}`;
    const sentence = `On tgw-1: ${Array.from({ length: 12 }, (_, n) => clause(n)).join('; ')} (aws ec2 create-transit-gateway-route --region eu-west-1)`;
    const text = recommendationText(sentence, link, 2);
    expect(text.length).toBeLessThanOrEqual(ASFF_LIMITS.recommendation);
    expect(text).not.toContain('aws ec2');
    expect(text).toContain('; and more (see the page below).');
    expect(text).toContain('ProductFields hna/Command/1…2');
    expect(text.endsWith(link.url)).toBe(true);
    // One clause longer than the field: cut at a word, never inside one.
    const long = recommendationText(`Allow ${'sg-0123456789abcdef0 '.repeat(40)}now`, link, 0);
    expect(long.length).toBeLessThanOrEqual(ASFF_LIMITS.recommendation);
    expect(long).toMatch(/sg-0123456789abcdef0 … \(see the page below\)\. Rule page: /);
  });

  it('commands beyond the 50 pairs are named as left out, never cut', () => {
    const command = {
      operation: 'CreateRoute' as const,
      input: { RouteTableId: 'rtb-1', DestinationCidrBlock: '10.0.0.0/16', TransitGatewayId: 'tgw-1' },
      region: 'eu-west-1',
    };
    const result = {
      ...(loadExampleResult() as RuleResult),
      commands: Array.from({ length: 60 }, () => command),
    };
    const finding = toAsff(result, context);
    expect(Object.keys(finding.ProductFields ?? {}).length).toBeLessThanOrEqual(ASFF_LIMITS.productFields);
    expect(finding.ProductFields?.['hna/CommandsNotHere']).toMatch(/^\d+ of 60 commands do not fit/);
  });
});

function loadExampleResult(): RuleResult {
  const results = runAudit(loadExample(), { rules: RULES, config: exampleConfig(), now: NOW }).results;
  const failed = results.find((r) => r.status === 'FAILED');
  if (failed === undefined) throw new Error('the example has no FAILED result');
  return failed;
}

/** The catalog itself: every rule registered, documented, unique, and the generated docs current. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../lib/rules/index.js';
import { renderRuleCatalog } from '../scripts/catalog-doc.js';

const ruleFiles = ['net', 'drs', 'dsync', 's3pl', 'vpn', 'dns'].flatMap((folder) =>
  existsSync(`lib/rules/${folder}`)
    ? readdirSync(`lib/rules/${folder}`).map((file) => `${folder}/${file}`)
    : [],
);

/** The catalog's ids (docs/design/rules-catalog.md), NET.4–NET.7 of issue 14 (transit gateways, Direct Connect) and DNS.1–DNS.4 of issue 31. */
const CATALOG_IDS = [
  ...Array.from({ length: 7 }, (_, i) => `NET.${i + 1}`),
  ...Array.from({ length: 9 }, (_, i) => `DRS.${i + 1}`),
  ...Array.from({ length: 8 }, (_, i) => `DSYNC.${i + 1}`),
  ...Array.from({ length: 7 }, (_, i) => `S3PL.${i + 1}`),
  ...Array.from({ length: 7 }, (_, i) => `VPN.${i + 1}`),
  ...Array.from({ length: 4 }, (_, i) => `DNS.${i + 1}`),
];

describe('rule catalog', () => {
  it('implements exactly the 42 rules of the catalog, in catalog order', () => {
    expect(RULES.map((r) => r.id)).toEqual(CATALOG_IDS);
  });

  it('has unique ids and slugs', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    expect(new Set(RULES.map((r) => r.slug)).size).toBe(RULES.length);
  });

  it('registers every rule file, and each file is named after its slug in its scenario folder', () => {
    const registered = RULES.map((rule) => `${rule.scenario.toLowerCase()}/${rule.slug}.ts`).sort();
    expect(registered).toEqual([...ruleFiles].sort());
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))(
    '%s has a doc, a test table and an official source',
    (_id, rule) => {
      const doc = readFileSync(`docs/rules/${rule.slug}.md`, 'utf8');
      expect(doc.startsWith(`# ${rule.id} ${rule.slug}\n`)).toBe(true);
      for (const section of [
        '## Requirement',
        '## Why',
        '## Compliant',
        '## Non-compliant',
        '## Remediation',
      ]) {
        expect(doc, `${rule.slug}.md lacks ${section}`).toContain(section);
      }
      expect(doc).toContain(rule.source);
      expect(existsSync(`test/rules/${rule.slug}.test.ts`)).toBe(true);
      expect(rule.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    },
  );

  it('keeps docs/rules/README.md in step with the code (npm run docs)', () => {
    expect(readFileSync('docs/rules/README.md', 'utf8')).toBe(renderRuleCatalog());
  });

  it('keeps rule files free of AWS SDK imports, environment, clock and I/O', () => {
    for (const file of ruleFiles) {
      const source = readFileSync(`lib/rules/${file}`, 'utf8');
      expect(source, file).not.toMatch(/@aws-sdk|node:|process\.|Date\.now|new Date\(/);
    }
  });
});

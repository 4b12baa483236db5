/**
 * The HTML report in a real browser (issue 13): Debian's Chromium, headless, offline,
 * driven by playwright-core. It opens from file:// with the network disabled, shows the
 * summary, its filters change what is visible, a DRS.2 result draws a path whose red hop
 * names the security group, and the page logs no error. A screenshot is kept as an artefact.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '../support/chromium.js';
import { runHna } from '../support/cli-harness.js';

const ARTEFACTS = 'test-artifacts';
let browser: Browser;
let file: string;
/** What the page must show, counted from the JSON form of the same audit. */
let expected: { total: number; failed: number; failedDrs: number };

beforeAll(async () => {
  file = join(mkdtempSync(join(tmpdir(), 'hna-html-')), 'report.html');
  const run = await runHna([
    'audit',
    '--snapshot',
    'examples/hybrid-landing-zone.json',
    '--config',
    'examples/hna.config.json',
    '--format',
    'html',
    '--out',
    file,
    '--fail-on',
    'never',
  ]);
  expect(run.code).toBe(0);
  const json = await runHna([
    'audit',
    '--snapshot',
    'examples/hybrid-landing-zone.json',
    '--config',
    'examples/hna.config.json',
    '--format',
    'json',
    '--fail-on',
    'never',
  ]);
  const { results } = JSON.parse(json.stdout) as { results: { ruleId: string; status: string }[] };
  const failed = results.filter((r) => r.status === 'FAILED');
  expected = {
    total: results.length,
    failed: failed.length,
    failedDrs: failed.filter((r) => r.ruleId.startsWith('DRS.')).length,
  };
  // The example keeps enough of each to make the filters meaningful.
  expect(expected.failed).toBeGreaterThan(expected.failedDrs);
  expect(expected.failedDrs).toBeGreaterThan(0);
  browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
}, 900_000);

afterAll(async () => {
  await browser?.close();
});

describe('the HTML report in Chromium', () => {
  it('opens offline, filters, draws the DRS.2 path with the closing group in red, and logs no error', async () => {
    // Prepare: no network at all; any request that is not the file itself is refused and counted.
    const context = await browser.newContext({ offline: true, viewport: { width: 1400, height: 1000 } });
    const requests: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));

    // Act
    await page.goto(pathToFileURL(file).href);

    // Assess: the summary.
    await expect.poll(() => page.locator('#summary table').isVisible()).toBe(true);
    const total = await page.locator('.result').count();
    expect(total).toBe(expected.total);
    expect(await page.locator('#shown').textContent()).toBe(
      `${expected.total} of ${expected.total} results shown`,
    );

    // The filters: only FAILED.
    for (const status of ['WARNING', 'NOT_AVAILABLE', 'PASSED', 'NOT_APPLICABLE', 'SUPPRESSED'])
      await page.locator(`input[name="status"][value="${status}"]`).uncheck();
    const visible = await page.locator('.result:not(.hidden)').count();
    expect(visible).toBe(expected.failed);
    expect(await page.locator('.result:not(.hidden)[data-status="FAILED"]').count()).toBe(expected.failed);
    expect(await page.locator('#shown').textContent()).toBe(
      `${expected.failed} of ${expected.total} results shown`,
    );
    // And a scenario on top.
    for (const scenario of ['NET', 'DSYNC', 'S3PL', 'VPN'])
      await page.locator(`input[name="scenario"][value="${scenario}"]`).uncheck();
    expect(await page.locator('.result:not(.hidden)').count()).toBe(expected.failedDrs);

    // The DRS.2 path (erp-db-01 replicates over the internet behind a NAT default route): the
    // closed hop is the staging route table, red, naming it; nothing after it is reached.
    const drs2 = page.locator('.result[data-rule="DRS.2"]');
    expect(await drs2.isVisible()).toBe(true);
    const closed = drs2.locator('svg .hop.closed');
    expect(await closed.count()).toBe(1);
    const hop = closed.first();
    expect(await hop.getAttribute('data-hop')).toBe('route');
    expect(await hop.locator('rect').getAttribute('stroke')).toBe('#cf222e');
    expect(await hop.textContent()).toContain('rtb-0a9b8c7d6e5f40002');

    // Nothing was fetched, nothing went wrong.
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    mkdirSync(ARTEFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTEFACTS, 'html-report.png'), fullPage: false });
    await context.close();
  });
});

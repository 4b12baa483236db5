/// <reference lib="dom" />
/**
 * The HTML report in a real browser (issues 13 and 20): Debian's Chromium, headless, offline,
 * driven by playwright-core. It opens from file:// with the network disabled; the summary, the
 * filters, the search box and the empty state; every link resolves inside the page or is
 * absolute; every result that carries a path draws it (transit gateway hops included), the
 * closing entry written out whole; the worst result comes first; it opens on what needs attention;
 * no element overflows its card or is wider than the screen, identifiers wrap at separators only,
 * at 1400 px or 420 px; the page logs no error. Screenshots at both widths are kept as artefacts.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../lib/vocabulary/scenarios.js';
import { chromiumPath } from '../support/chromium.js';
import { runHna } from '../support/cli-harness.js';

const ARTEFACTS = 'test-artifacts';
let browser: Browser;
let file: string;
/** What the page must show, counted from the JSON form of the same audit. */
let expected: {
  total: number;
  /** FAILED, WARNING and NOT_AVAILABLE: what the report opens on. */
  attention: number;
  failed: number;
  failedDrs: number;
  worstSeverity: string;
  withPath: string[];
};

/** Cards count their results: one that groups rules stopped by one cause counts each. */
function shownResults(page: Page): Promise<number> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('.result:not(.hidden)')).reduce(
      (n, el) => n + Number(el.dataset.count ?? 1),
      0,
    ),
  );
}

beforeAll(async () => {
  file = join(mkdtempSync(join(tmpdir(), 'hna-html-')), 'report.html');
  const run = await runHna([
    'audit',
    '--snapshot',
    'examples/hybrid-landing-zone.json',
    '--snapshot',
    'examples/network-account.json',
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
    '--snapshot',
    'examples/network-account.json',
    '--config',
    'examples/hna.config.json',
    '--format',
    'json',
    '--fail-on',
    'never',
  ]);
  const { results } = JSON.parse(json.stdout) as {
    results: { ruleId: string; status: string; severity: string; path?: unknown }[];
  };
  const failed = results.filter((r) => r.status === 'FAILED');
  const severities = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];
  expected = {
    total: results.length,
    attention: results.filter((r) => ['FAILED', 'WARNING', 'NOT_AVAILABLE'].includes(r.status)).length,
    failed: failed.length,
    failedDrs: failed.filter((r) => r.ruleId.startsWith('DRS.')).length,
    worstSeverity: severities.find((s) => failed.some((r) => r.severity === s)) ?? '',
    withPath: results.filter((r) => r.path !== undefined).map((r) => r.ruleId),
  };
  // The example keeps enough of each to make the filters meaningful.
  expect(expected.failed).toBeGreaterThan(expected.failedDrs);
  expect(expected.failedDrs).toBeGreaterThan(0);
  browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
}, 900_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dirname(file), { recursive: true, force: true });
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

    // Assess: the summary, with its total row.
    await expect.poll(() => page.locator('#summary table').isVisible()).toBe(true);
    expect(await page.locator('#summary tr.total').count()).toBe(1);
    // It opens on what needs attention; the passed, not applicable and suppressed wait behind a toggle.
    expect(expected.attention).toBeLessThan(expected.total);
    expect(await shownResults(page)).toBe(expected.attention);
    expect(await page.locator('#shown').textContent()).toBe(
      `${expected.attention} of ${expected.total} results shown`,
    );
    expect(await page.locator('.result:not(.hidden)[data-attention="false"]').count()).toBe(0);
    await page.locator('#rest').check();
    expect(await shownResults(page)).toBe(expected.total);
    // The toggle is kept in the URL's hash, and comes back with it.
    expect(await page.evaluate(() => location.hash)).toBe('#rest=1');
    await page.reload();
    expect(await shownResults(page)).toBe(expected.total);
    await page.locator('#rest').uncheck();
    expect(await shownResults(page)).toBe(expected.attention);
    // Worst first: the first card is a FAILED result of the highest severity that fails.
    const first = page.locator('.result').first();
    expect(await first.getAttribute('data-status')).toBe('FAILED');
    expect(await first.getAttribute('data-severity')).toBe(expected.worstSeverity);
    // Grouped under scenario headings.
    expect(await page.locator('section.scenario > h2').count()).toBeGreaterThan(3);

    // The filters: only FAILED.
    for (const status of ['WARNING', 'NOT_AVAILABLE', 'PASSED', 'NOT_APPLICABLE', 'SUPPRESSED'])
      await page.locator(`input[name="status"][value="${status}"]`).uncheck();
    expect(await shownResults(page)).toBe(expected.failed);
    expect(await page.locator('.result:not(.hidden)[data-status="FAILED"]').count()).toBe(expected.failed);
    expect(await page.locator('#shown').textContent()).toBe(
      `${expected.failed} of ${expected.total} results shown`,
    );
    // The filter state is in the URL's hash, and comes back with it.
    expect(await page.evaluate(() => location.hash)).toContain('status=FAILED');
    // And a scenario on top.
    for (const scenario of ['NET', 'DSYNC', 'S3PL', 'VPN', 'DNS'])
      await page.locator(`input[name="scenario"][value="${scenario}"]`).uncheck();
    expect(await shownResults(page)).toBe(expected.failedDrs);
    const hash = await page.evaluate(() => location.hash);
    await page.goto(`${pathToFileURL(file).href}${hash}`);
    await page.reload();
    expect(await shownResults(page)).toBe(expected.failedDrs);

    // The DRS.2 path (erp-db-01 replicates over the internet behind a NAT default route): the
    // closed hop is the staging route table, red, and its deciding entry is written out whole.
    const drs2 = page.locator('.result[data-rule="DRS.2"]');
    expect(await drs2.isVisible()).toBe(true);
    const closed = drs2.locator('ol.path .hop.closed');
    expect(await closed.count()).toBe(1);
    const hop = closed.first();
    expect(await hop.getAttribute('data-hop')).toBe('route');
    expect(await hop.evaluate((el) => getComputedStyle(el).borderTopColor)).toBe('rgb(207, 34, 46)');
    expect(await hop.textContent()).toContain('rtb-0a9b8c7d6e5f40002');
    expect(await drs2.locator('ul.closing').textContent()).toContain(
      'a NAT gateway does not carry answers back to a client',
    );

    // The search box, then an empty state when nothing matches.
    await page.goto(pathToFileURL(file).href);
    await page.locator('#search').fill('vpce-0a1b2c3d4e5f60106');
    const found = await shownResults(page);
    expect(found).toBeGreaterThan(0);
    expect(found).toBeLessThan(expected.total);
    for (const text of await page.locator('.result:not(.hidden)').allTextContents())
      expect(text.toLowerCase()).toContain('vpce-0a1b2c3d4e5f60106');
    await page.locator('#search').fill('no-such-resource-anywhere');
    expect(await page.locator('#empty').isVisible()).toBe(true);
    await page.locator('#search').fill('');

    // Nothing was fetched, nothing went wrong.
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('links only inside the page or to absolute addresses, and embeds every rule page it links', async () => {
    const context = await browser.newContext({ offline: true });
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    const broken = await page.evaluate(() =>
      Array.from(document.querySelectorAll('a[href]'))
        .map((a) => a.getAttribute('href') ?? '')
        .filter((href) =>
          href.startsWith('#') ? document.getElementById(href.slice(1)) === null : !/^https?:\/\//.test(href),
        ),
    );
    expect(broken).toEqual([]);
    expect(await page.locator('#rules .rule-doc h1').count()).toBeGreaterThan(10);
    // Rules that one unreadable input stopped are one card that counts them all.
    const shared = page.locator('.result.shared-cause');
    expect(await shared.count()).toBe(1);
    expect(Number(await shared.getAttribute('data-count'))).toBeGreaterThan(1);
    await context.close();
  });

  it('draws every result that carries a path, transit gateway hops included', async () => {
    const context = await browser.newContext({ offline: true });
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    const withPath = page.locator('.result[data-path="true"]');
    expect(await withPath.count()).toBe(expected.withPath.length);
    expect(await page.locator('.result[data-path="true"]:not(:has(ol.path))').count()).toBe(0);
    for (const rule of ['NET.4', 'NET.5', 'DRS.2', 'VPN.7']) expect(expected.withPath).toContain(rule);
    const hubHops = await page
      .locator('.result[data-rule="NET.4"] ol.path .hop[data-hop="tgw-return-route"]')
      .count();
    expect(hubHops).toBeGreaterThan(0);
    expect(
      await page.locator('.result[data-rule="NET.5"] ol.path .hop[data-hop="tgw-attachment-az"]').count(),
    ).toBeGreaterThan(0);
    // One diagram per distinct path: no result draws the same path twice (NET.5 once did).
    const repeated = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.result')).flatMap((card) => {
        const rows = Array.from(card.querySelectorAll('.path-row')).map((row) => row.innerHTML);
        return rows.length === new Set(rows).size ? [] : [(card as HTMLElement).dataset.rule];
      }),
    );
    expect(repeated).toEqual([]);
    expect(await page.locator('.result[data-rule="NET.5"] .path-row').count()).toBe(1);
    await context.close();
  });

  it('embeds the rule pages in the order of the catalog', async () => {
    const context = await browser.newContext({ offline: true });
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    const ids = (await page.locator('#rules .rule-doc h1').allTextContents()).map(
      (h) => h.split(' ')[0] ?? '',
    );
    const scenarios: readonly string[] = SCENARIOS;
    const catalog = [...ids].sort(
      (a, b) =>
        scenarios.indexOf(a.split('.')[0] ?? '') - scenarios.indexOf(b.split('.')[0] ?? '') ||
        Number(a.split('.')[1]) - Number(b.split('.')[1]),
    );
    expect(ids.length).toBeGreaterThan(10);
    expect(ids).toEqual(catalog);
    await context.close();
  });

  it.each([1400, 420])(
    'fits %i px: no element overflows its card, nor the page the screen',
    async (width) => {
      const context = await browser.newContext({ offline: true, viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.goto(pathToFileURL(file).href);
      const overflow = await page.evaluate(() => {
        const out: string[] = [];
        for (const card of Array.from(document.querySelectorAll('.result'))) {
          const box = card.getBoundingClientRect();
          for (const el of Array.from(card.querySelectorAll('*'))) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 && r.height === 0) continue;
            if (r.left < box.left - 0.5 || r.right > box.right + 0.5)
              out.push(
                `${(card as HTMLElement).dataset.rule}: <${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}"> ${Math.round(r.left)}-${Math.round(r.right)} outside ${Math.round(box.left)}-${Math.round(box.right)}`,
              );
          }
        }
        return out;
      });
      expect(overflow.slice(0, 5)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      // No element wider than the viewport, by bounding box; the summary whole, with no sideways scroll.
      const wide = await page.evaluate(() =>
        Array.from(document.querySelectorAll('body *'))
          .filter((el) => el.getBoundingClientRect().width > window.innerWidth)
          .map(
            (el) => `<${el.tagName.toLowerCase()} id="${el.id}" class="${el.getAttribute('class') ?? ''}">`,
          ),
      );
      expect(wide).toEqual([]);
      const summary = await page.evaluate(() => {
        const table = document.querySelector('#summary table')?.getBoundingClientRect();
        const wrap = document.querySelector('#summary .table-wrap') as HTMLElement;
        return { right: table?.right ?? Infinity, scroll: wrap.scrollWidth - wrap.clientWidth };
      });
      expect(summary.right).toBeLessThanOrEqual(width);
      expect(summary.scroll).toBe(0);
      // The first screen shows results that need attention only (at 1400 px, some of them).
      const firstScreen = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('.result'))
          .filter((card) => {
            const r = card.getBoundingClientRect();
            return r.height > 0 && r.top < window.innerHeight && r.bottom > 0;
          })
          .map((card) => `${card.dataset.rule} ${card.dataset.status} ${card.dataset.attention}`),
      );
      if (width === 1400) expect(firstScreen.length).toBeGreaterThan(0);
      for (const card of firstScreen) expect(card).toMatch(/ (FAILED|WARNING|NOT_AVAILABLE) true$/);
      // Identifiers wrap only at separators: every line break inside one follows a space or a separator.
      const breaks = await page.evaluate(() => {
        const out: string[] = [];
        for (const el of Array.from(
          document.querySelectorAll(
            '.result:not(.hidden) :is(.resource code, .hop-where, pre.command, .evidence)',
          ),
        )) {
          const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          const chars: { ch: string; top: number }[] = [];
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const text = node.textContent ?? '';
            for (let i = 0; i < text.length; i += 1) {
              const range = document.createRange();
              range.setStart(node, i);
              range.setEnd(node, i + 1);
              const rect = range.getClientRects()[0];
              if (rect) chars.push({ ch: text[i] as string, top: rect.top });
            }
          }
          for (let i = 1; i < chars.length; i += 1) {
            const before = chars[i - 1] as { ch: string; top: number };
            const here = chars[i] as { ch: string; top: number };
            if (here.top > before.top + 2 && !/[\s\-/:._=,@]/.test(before.ch) && !/\s/.test(here.ch))
              out.push(
                `${el.className}: …${chars
                  .slice(Math.max(0, i - 12), i + 12)
                  .map((c) => c.ch)
                  .join('')}…`,
              );
          }
        }
        return out;
      });
      expect(breaks.slice(0, 5)).toEqual([]);
      mkdirSync(ARTEFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTEFACTS, `html-report-${width}.png`), fullPage: false });
      await page.screenshot({ path: join(ARTEFACTS, `html-report-${width}-full.png`), fullPage: true });
      await context.close();
    },
  );
});

/**
 * `--format html`: one self-contained page (cli.md) — inline style and script, and a content
 * security policy that forbids every network load, so the report of an offline auditor opens
 * offline and can be sent to someone else. The summary (scenario × status with totals), filters
 * (status, severity, scenario, a search box; kept in the URL's hash), the results grouped under
 * their scenario, worst first, results that share one cause as one card, and for each
 * reachability result its path: source network → each hop → target, the closed hop in red with
 * its deciding entry written out whole under the path. Each rule's page is embedded (or linked
 * at a configured docs base), so no link is dead wherever the file is opened.
 */

import { marked } from 'marked';
import { scenarioOf } from '../audit/filter.js';
import type { AuditReport } from '../audit/run-audit.js';
import {
  type PathDiagram,
  type RuleResult,
  SCENARIOS,
  type Scenario,
  SEVERITIES,
  type Severity,
} from '../catalog/rule.js';
import { HOPS } from '../network/question.js';
import { ATTENTION_RANK, STATUSES_BY_ATTENTION } from './attention.js';
import { toCli } from './aws-cli.js';
import { groupSharedCauses, type ReportItem } from './causes.js';

const STATUSES = STATUSES_BY_ATTENTION;
const SEVERITY_RANK = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<Severity, number>;

const SCENARIO_NAMES: Record<Scenario, string> = {
  NET: 'shared network checks',
  DRS: 'Elastic Disaster Recovery',
  DSYNC: 'DataSync agents through a VPC endpoint',
  S3PL: 'backup to S3 through an interface endpoint',
  VPN: 'site-to-site VPN to another cloud',
  DNS: 'names that resolve to the private path',
};

export interface HtmlOptions {
  /** Where the rule pages live (`<base>/<slug>.md`): links go there instead of the embedded pages. */
  docsBaseUrl?: string;
  /** Each rule's page (markdown, by slug), embedded in the report. */
  ruleDocs?: Readonly<Record<string, string>>;
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

const CLOSED = new Set(['blocked', 'partial', 'unknown']);

/** Worst first: status by attention, then severity, then rule and resource. */
function worstFirst(a: RuleResult, b: RuleResult): number {
  return (
    ATTENTION_RANK[a.status] - ATTENTION_RANK[b.status] ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    a.ruleId.localeCompare(b.ruleId, 'en', { numeric: true }) ||
    a.resourceId.localeCompare(b.resourceId)
  );
}

/** One path as a row of boxes that wraps (a column on a narrow screen), then what closed it, whole. */
function pathHtml(path: PathDiagram['paths'][number]): string {
  const node = (kind: string, title: string, where: string, verdict: string, detail: string[]) =>
    `<li class="hop ${verdict}${CLOSED.has(verdict) ? ' closed' : ''}" data-hop="${kind}" data-verdict="${verdict}"><span class="hop-title">${escapeHtml(title)} · ${escapeHtml(verdict)}</span><span class="hop-where">${escapeHtml(where)}</span>${detail.map((line) => `<span class="hop-detail">${escapeHtml(line)}</span>`).join('')}</li>`;
  const hops = path.hops.map((hop) =>
    node(
      hop.hop,
      HOPS[hop.hop].title,
      hop.where,
      hop.verdict,
      hop.verdict === 'open' ? hop.entries.slice(0, 1) : [],
    ),
  );
  const closing = path.hops
    .filter((hop) => CLOSED.has(hop.verdict) && hop.closedBy.length > 0)
    .map(
      (hop) =>
        `<li><b>${escapeHtml(HOPS[hop.hop].title)} ${escapeHtml(hop.where)}</b>: ${hop.closedBy.map(escapeHtml).join('; ')}</li>`,
    );
  return `<div class="path-row" data-verdict="${path.verdict}"><span class="path-verdict ${path.verdict}">${escapeHtml(path.network)} → ${escapeHtml(path.target)}: ${escapeHtml(path.verdict)}</span><ol class="path">${node('source', 'source', path.network, 'open', [])}${hops.join('')}${node('target', 'target', path.target, path.verdict === 'open' ? 'open' : 'not-reached', [])}</ol>${closing.length > 0 ? `<ul class="closing">${closing.join('')}</ul>` : ''}</div>`;
}

function ruleLink(result: Pick<RuleResult, 'slug'>, options: HtmlOptions): string {
  return options.docsBaseUrl
    ? `${options.docsBaseUrl.replace(/\/$/, '')}/${result.slug}.md`
    : `#rule-${result.slug}`;
}

function links(result: RuleResult, options: HtmlOptions): string {
  return `<p class="links"><a href="${escapeHtml(ruleLink(result, options))}">rule page</a> · <a href="${escapeHtml(result.source)}">AWS documentation</a></p>`;
}

function resultHtml(result: RuleResult, options: HtmlOptions): string {
  const paths = result.path?.paths ?? [];
  return `<article class="result ${result.status}" data-status="${result.status}" data-severity="${result.severity}" data-scenario="${scenarioOf(result)}" data-rule="${escapeHtml(result.ruleId)}" data-count="1" data-path="${paths.length > 0}">
<header><span class="status ${result.status}">${result.status}</span> <span class="severity ${result.severity}">${result.severity}</span> <b>${escapeHtml(result.ruleId)}</b> ${escapeHtml(result.title)}</header>
<p class="resource"><code>${escapeHtml(result.resourceId)}</code> · ${result.accountId ? `${escapeHtml(result.accountId)} · ` : ''}${escapeHtml(result.region)}</p>
${result.evidence ? `<p class="evidence"><b>why</b> ${escapeHtml(result.evidence)}</p>` : ''}
${result.remediation ? `<p class="fix"><b>fix</b> ${escapeHtml(result.remediation)}</p>` : ''}
${(result.commands ?? []).map((command) => `<pre class="command">${escapeHtml(toCli(command))}</pre>`).join('')}
${result.suppressionReason ? `<p class="suppressed"><b>suppressed (${escapeHtml(result.suppressedStatus ?? '')})</b> ${escapeHtml(result.suppressionReason)}</p>` : ''}
${paths.length > 0 ? `<figure class="paths"><figcaption>${escapeHtml(result.path?.question ?? '')}</figcaption>${paths.map(pathHtml).join('')}</figure>` : ''}
${links(result, options)}
</article>`;
}

/** Several rules stopped by one unreadable input: one card that lists them. */
function causeHtml(cause: string, results: RuleResult[], options: HtmlOptions): string {
  const first = results[0] as RuleResult;
  const worst = [...results].sort(worstFirst)[0] as RuleResult;
  return `<article class="result NOT_AVAILABLE shared-cause" data-status="NOT_AVAILABLE" data-severity="${worst.severity}" data-scenario="${scenarioOf(first)}" data-rule="${escapeHtml(results.map((r) => r.ruleId).join(' '))}" data-count="${results.length}" data-path="false">
<header><span class="status NOT_AVAILABLE">NOT_AVAILABLE</span> <span class="severity ${worst.severity}">${worst.severity}</span> <b>${results.length} rules</b> could not judge, for one reason</header>
<p class="resource">${first.accountId ? `${escapeHtml(first.accountId)} · ` : ''}${escapeHtml(first.region)}</p>
<p class="evidence"><b>why</b> ${escapeHtml(cause)}</p>
<ul class="blocked-rules">${[...results]
    .sort((a, b) => a.ruleId.localeCompare(b.ruleId, 'en', { numeric: true }))
    .map(
      (r) =>
        `<li><b>${escapeHtml(r.ruleId)}</b> ${escapeHtml(r.title)}${/^\d{12}$/.test(r.resourceId) ? '' : ` · <code>${escapeHtml(r.resourceId)}</code>`} · <a href="${escapeHtml(ruleLink(r, options))}">rule page</a></li>`,
    )
    .join('')}</ul>
</article>`;
}

function itemHtml(item: ReportItem, options: HtmlOptions): string {
  return item.kind === 'result'
    ? resultHtml(item.result, options)
    : causeHtml(item.cause, item.results, options);
}

/** The rule pages the report links to, rendered; links between them stay inside the report. */
function ruleDocsHtml(results: readonly RuleResult[], options: HtmlOptions): string {
  if (options.docsBaseUrl || options.ruleDocs === undefined) return '';
  const slugs = [...new Set(results.map((r) => r.slug))].sort();
  const pages = slugs.map((slug) => {
    const markdown =
      options.ruleDocs?.[slug] ?? `# ${slug}\n\nThe page of this rule was not found beside the command.`;
    const html = (marked.parse(markdown, { async: false }) as string).replace(
      /href="(?:\.\/)?([a-z0-9-]+)\.md"/g,
      (_match, target: string) => `href="#rule-${target}"`,
    );
    return `<article class="rule-doc" id="rule-${slug}">${html}</article>`;
  });
  return `<section id="rules"><h2>Rule pages</h2>${pages.join('\n')}</section>`;
}

export function formatHtml(report: AuditReport, options: HtmlOptions = {}): string {
  const sorted = [...report.results].sort(worstFirst);
  // Scenarios in the order of their worst result; within each, worst first.
  const scenarios = [...new Set(sorted.map(scenarioOf))];
  const sections = scenarios.map((scenario) => {
    const items = groupSharedCauses(sorted.filter((r) => scenarioOf(r) === scenario));
    return `<section class="scenario" data-scenario="${scenario}"><h2>${scenario} — ${escapeHtml(SCENARIO_NAMES[scenario])}</h2>${items.map((item) => itemHtml(item, options)).join('\n')}</section>`;
  });
  const count = (filter: (r: RuleResult) => boolean) => report.results.filter(filter).length;
  const rows = SCENARIOS.filter((s) => report.results.some((r) => scenarioOf(r) === s)).map(
    (scenario) =>
      `<tr><th>${scenario}</th>${STATUSES.map((status) => {
        const n = count((r) => scenarioOf(r) === scenario && r.status === status);
        return `<td class="${n > 0 ? status : ''}">${n}</td>`;
      }).join('')}<td>${count((r) => scenarioOf(r) === scenario)}</td></tr>`,
  );
  const totals = `<tr class="total"><th>total</th>${STATUSES.map((status) => `<td>${count((r) => r.status === status)}</td>`).join('')}<td>${report.results.length}</td></tr>`;
  const severity = SEVERITIES.map((s) => {
    const n = count((r) => (r.status === 'FAILED' || r.status === 'WARNING') && r.severity === s);
    return `<li><span class="severity ${s}">${s}</span> <b>${n}</b></li>`;
  }).join('');
  const checkboxes = (name: string, values: readonly string[]) =>
    values
      .map((v) => `<label><input type="checkbox" name="${name}" value="${v}" checked> ${v}</label>`)
      .join(' ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hna audit — ${escapeHtml(accountsOf(report))}</title>
<style>
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1400px;padding:16px 24px;color:#1f2328;overflow-wrap:anywhere}
h1{font-size:20px;margin:0 0 4px}h2{font-size:17px;margin:18px 0 6px}
.table-wrap{overflow-x:auto;max-width:100%}table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #d0d7de;padding:3px 10px;text-align:right}#summary th,#summary td{overflow-wrap:normal;white-space:nowrap}.rule-doc table{display:block;overflow-x:auto;max-width:100%}th{text-align:left;background:#f6f8fa}tr.total td,tr.total th{font-weight:bold;border-top:2px solid #57606a}
td.FAILED{background:#ffebe9;font-weight:bold}td.WARNING{background:#fff8c5}td.NOT_AVAILABLE{background:#fbefff}
#filters{position:sticky;top:0;background:#fff;border-bottom:1px solid #d0d7de;padding:8px 0;z-index:1}#shown{white-space:nowrap}#filters fieldset{display:inline-block;border:1px solid #d0d7de;margin:0 8px 4px 0;max-width:100%}
#filters label{display:inline-block;margin-right:6px}#search{width:20rem;max-width:100%;padding:4px 6px;font:inherit}
.result{border:1px solid #d0d7de;border-left:6px solid #8c959f;border-radius:6px;margin:10px 0;padding:8px 12px;max-width:100%;overflow:hidden}.result.FAILED{border-left-color:#cf222e}.result.WARNING{border-left-color:#bf8700}.result.NOT_AVAILABLE{border-left-color:#8250df}.result.PASSED{border-left-color:#1a7f37}
.status{font-weight:bold;padding:1px 6px;border-radius:4px;color:#fff;background:#8c959f}.status.FAILED{background:#cf222e}.status.WARNING{background:#9a6700}.status.NOT_AVAILABLE{background:#8250df}.status.PASSED{background:#1a7f37}
.severity{font-size:12px;font-weight:bold;padding:0 5px;border-radius:4px;border:1px solid #d0d7de;color:#57606a}.severity.CRITICAL{background:#cf222e;color:#fff;border-color:#cf222e}.severity.HIGH{background:#ffebe9;color:#a40e26;border-color:#ffaba8}.severity.MEDIUM{background:#fff8c5;color:#7d4e00;border-color:#e9c46a}.severity.LOW{background:#ddf4ff;color:#0a3069}
.resource code{font-size:13px}p{margin:4px 0}figure{margin:6px 0}figcaption{color:#57606a;font-size:12px}ul.by-severity{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:12px}
.path-row{margin:6px 0}.path-verdict{display:block;font-size:12px;font-weight:bold}.path-verdict.blocked{color:#cf222e}.path-verdict.partial{color:#b35900}
ol.path{list-style:none;display:flex;flex-wrap:wrap;gap:8px 22px;padding:0;margin:4px 0}
.hop{position:relative;width:11.5rem;border:1.5px solid #1a7f37;border-radius:8px;padding:4px 8px;display:flex;flex-direction:column;font-size:12px;background:#fff}
.hop:not(:last-child)::after{content:"→";position:absolute;right:-18px;top:10px;color:#57606a;font-size:14px}
.hop.blocked{border:3px solid #cf222e}.hop.partial{border:3px solid #b35900}.hop.unknown{border:3px solid #8250df}.hop.not-reached{border-color:#8c959f;color:#57606a}
.hop-title{font-weight:bold}.hop.blocked .hop-title{color:#cf222e}.hop.partial .hop-title{color:#b35900}.hop-where,.hop-detail{font-family:ui-monospace,monospace;font-size:11px}
ul.closing{margin:2px 0 6px;padding-left:18px;color:#a40e26;font-size:13px}ul.blocked-rules{margin:4px 0;padding-left:18px}
.hidden{display:none}pre.command{background:#f6f8fa;border:1px solid #d0d7de;border-radius:4px;padding:4px 8px;margin:4px 0;white-space:pre-wrap;overflow-wrap:anywhere;font-size:12px}
#empty{padding:16px;border:1px dashed #8c959f;border-radius:6px;color:#57606a}
.rule-doc{border-top:1px solid #d0d7de;margin-top:12px}.rule-doc pre,.rule-doc code{white-space:pre-wrap}
@media (max-width:640px){body{padding:8px}#filters{position:static}ol.path{flex-direction:column}.hop{width:100%}.hop:not(:last-child)::after{content:"↓";right:auto;left:50%;top:auto;bottom:-18px}#search{width:100%}}
</style></head><body>
<header><h1>hna audit — ${escapeHtml(accountsOf(report))}</h1><p>${report.results.length} results, generated ${escapeHtml(report.generatedAt)}</p></header>
<section id="summary"><h2>Summary</h2><div class="table-wrap"><table><thead><tr><th>scenario</th>${STATUSES.map((s) => `<th>${s}</th>`).join('')}<th>all</th></tr></thead><tbody>${rows.join('')}${totals}</tbody></table></div>
<p>Failing or warning by severity:</p><ul class="by-severity">${severity}</ul></section>
<section id="filters"><form>
<input type="search" id="search" name="q" placeholder="search: rule, resource, evidence…" aria-label="search the results">
<fieldset><legend>status</legend>${checkboxes('status', STATUSES)}</fieldset>
<fieldset><legend>severity</legend>${checkboxes('severity', SEVERITIES)}</fieldset>
<fieldset><legend>scenario</legend>${checkboxes('scenario', SCENARIOS)}</fieldset>
<span id="shown"></span></form></section>
<section id="results">${sections.join('\n')}<p id="empty" class="hidden">No result matches these filters.</p></section>
${ruleDocsHtml(report.results, options)}
<script>
(function () {
  var form = document.querySelector('#filters form');
  var search = document.getElementById('search');
  var names = ['status', 'severity', 'scenario'];
  function selected(name) {
    return Array.prototype.map.call(form.querySelectorAll('input[name="' + name + '"]:checked'), function (i) { return i.value; });
  }
  function fromHash() {
    var params = new URLSearchParams(location.hash.slice(1));
    names.forEach(function (name) {
      if (!params.has(name)) return;
      var values = params.get(name).split(',');
      form.querySelectorAll('input[name="' + name + '"]').forEach(function (box) { box.checked = values.indexOf(box.value) >= 0; });
    });
    search.value = params.get('q') || '';
  }
  function toHash() {
    var params = new URLSearchParams();
    names.forEach(function (name) {
      var all = form.querySelectorAll('input[name="' + name + '"]').length, chosen = selected(name);
      if (chosen.length !== all) params.set(name, chosen.join(','));
    });
    if (search.value) params.set('q', search.value);
    var hash = params.toString();
    history.replaceState(null, '', hash ? '#' + hash : location.pathname + location.search);
  }
  function apply() {
    var status = selected('status'), severity = selected('severity'), scenario = selected('scenario');
    var words = search.value.toLowerCase().split(/\\s+/).filter(Boolean), shown = 0, total = 0;
    document.querySelectorAll('.result').forEach(function (el) {
      var count = Number(el.dataset.count || 1), text = el.textContent.toLowerCase();
      total += count;
      var visible = status.indexOf(el.dataset.status) >= 0 && severity.indexOf(el.dataset.severity) >= 0 &&
        scenario.indexOf(el.dataset.scenario) >= 0 && words.every(function (w) { return text.indexOf(w) >= 0; });
      el.classList.toggle('hidden', !visible);
      if (visible) shown += count;
    });
    document.querySelectorAll('section.scenario').forEach(function (section) {
      section.classList.toggle('hidden', section.querySelector('.result:not(.hidden)') === null);
    });
    document.getElementById('empty').classList.toggle('hidden', shown > 0);
    document.getElementById('shown').textContent = shown + ' of ' + total + ' results shown';
  }
  fromHash();
  form.addEventListener('change', function () { apply(); toHash(); });
  search.addEventListener('input', function () { apply(); toHash(); });
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  window.addEventListener('hashchange', function () { fromHash(); apply(); });
  apply();
})();
</script>
</body></html>
`;
}

/** "account 1234…", or with several accounts audited together, every one of them. */
function accountsOf(report: AuditReport): string {
  return report.accounts ? `accounts ${report.accounts.join(', ')}` : `account ${report.accountId}`;
}

/**
 * `--format html`: one self-contained page (cli.md) — inline style, script and SVG, and a
 * content security policy that forbids every network load, so the report of an offline
 * auditor opens offline. A summary by scenario × status and severity, filters by status,
 * severity and scenario, every result with its evidence, fix and doc, and for each
 * reachability result a path diagram: source network → route → ACL in → ACL out
 * (answers) → security groups → target, the closed hop in red with its deciding entry.
 */
import { scenarioOf } from '../audit/filter.js';
import type { AuditReport } from '../audit/run-audit.js';
import {
  ATTENTION_RANK,
  type PathDiagram,
  type PathHop,
  type RuleResult,
  SCENARIOS,
  SEVERITIES,
  STATUSES_BY_ATTENTION,
} from '../catalog/rule.js';
import { toCli } from './aws-cli.js';
import { docLink } from './table.js';

const STATUSES = STATUSES_BY_ATTENTION;

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

const HOP_TITLES: Record<PathHop['hop'], string> = {
  'gateway-route': 'gateway route table',
  route: 'route',
  'nacl-inbound': 'ACL in',
  'nacl-outbound': 'ACL out (answers)',
  'security-groups': 'security groups',
  'tgw-attachment-az': 'TGW attachment zones',
  'tgw-return-route': 'TGW return route',
  'tgw-route': 'TGW route to the VPC',
  'dx-allowed-prefixes': 'DX allowed prefixes',
};

const HOP_COLOURS: Record<string, string> = {
  open: '#1a7f37',
  partial: '#b35900',
  blocked: '#cf222e',
  unknown: '#8250df',
  'not-reached': '#8c959f',
};

/** One path as an SVG row of boxes: the network, each hop, the target. */
function pathSvg(path: PathDiagram['paths'][number]): string {
  const box = 176;
  const gap = 26;
  const nodes = [
    {
      title: 'source',
      text: path.network,
      verdict: 'open',
      detail: [] as string[],
      tip: path.network,
      hop: 'source',
    },
    ...path.hops.map((hop) => ({
      title: HOP_TITLES[hop.hop],
      text: hop.where,
      verdict: hop.verdict,
      detail:
        hop.verdict === 'open' || hop.verdict === 'not-reached'
          ? hop.entries.slice(0, 1)
          : hop.closedBy.slice(0, 2),
      tip: [...hop.entries.map((e) => `allows: ${e}`), ...hop.closedBy.map((c) => `closed: ${c}`)].join('\n'),
      hop: hop.hop,
    })),
    {
      title: 'target',
      text: path.target,
      verdict: path.verdict === 'open' ? 'open' : 'not-reached',
      detail: [],
      tip: path.target,
      hop: 'target',
    },
  ];
  const width = nodes.length * box + (nodes.length - 1) * gap + 2;
  const height = 118;
  const parts = nodes.map((node, i) => {
    const x = 1 + i * (box + gap);
    const colour = HOP_COLOURS[node.verdict] ?? HOP_COLOURS.unknown;
    const closed = node.verdict === 'blocked' || node.verdict === 'partial' || node.verdict === 'unknown';
    const lines = node.detail.map(
      (line, j) =>
        `<text x="${x + 8}" y="${62 + j * 15}" class="detail${closed ? ' closed-by' : ''}">${escapeHtml(clip(line, 30))}</text>`,
    );
    const arrow =
      i < nodes.length - 1
        ? `<line x1="${x + box}" y1="40" x2="${x + box + gap - 4}" y2="40" class="arrow" marker-end="url(#arrow)"/>`
        : '';
    return `<g class="hop ${node.verdict}${closed ? ' closed' : ''}" data-hop="${node.hop}" data-verdict="${node.verdict}"><title>${escapeHtml(node.tip)}</title><rect x="${x}" y="4" width="${box}" height="${height - 8}" rx="8" fill="#fff" stroke="${colour}" stroke-width="${closed ? 3 : 1.5}"/><text x="${x + 8}" y="22" class="hop-title" fill="${colour}">${escapeHtml(node.title)} · ${escapeHtml(node.verdict)}</text><text x="${x + 8}" y="42" class="hop-text">${escapeHtml(clip(node.text, 26))}</text>${lines.join('')}</g>${arrow}`;
  });
  return `<svg class="path" role="img" aria-label="${escapeHtml(`${path.network} to ${path.target}: ${path.verdict}`)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#57606a"/></marker></defs>${parts.join('')}</svg>`;
}

function resultHtml(result: RuleResult, index: number, docsBaseUrl?: string): string {
  const doc = docLink(result, docsBaseUrl);
  const paths = result.path?.paths ?? [];
  return `<article class="result ${result.status}" id="result-${index}" data-status="${result.status}" data-severity="${result.severity}" data-scenario="${scenarioOf(result)}" data-rule="${escapeHtml(result.ruleId)}">
<header><span class="status ${result.status}">${result.status}</span> <span class="severity">${result.severity}</span> <b>${escapeHtml(result.ruleId)}</b> ${escapeHtml(result.title)}</header>
<p class="resource"><code>${escapeHtml(result.resourceId)}</code> · ${result.accountId ? `${escapeHtml(result.accountId)} · ` : ''}${escapeHtml(result.region)}</p>
${result.evidence ? `<p class="evidence"><b>why</b> ${escapeHtml(result.evidence)}</p>` : ''}
${result.remediation ? `<p class="fix"><b>fix</b> ${escapeHtml(result.remediation)}</p>` : ''}
${(result.commands ?? []).map((command) => `<pre class="command">${escapeHtml(toCli(command))}</pre>`).join('')}
${result.suppressionReason ? `<p class="suppressed"><b>suppressed (${escapeHtml(result.suppressedStatus ?? '')})</b> ${escapeHtml(result.suppressionReason)}</p>` : ''}
${paths.length > 0 ? `<figure class="paths"><figcaption>${escapeHtml(result.path?.question ?? '')}</figcaption>${paths.map((p) => `<div class="path-row"><span class="path-verdict ${p.verdict}">${escapeHtml(p.network)}: ${escapeHtml(p.verdict)}</span>${pathSvg(p)}</div>`).join('')}</figure>` : ''}
<p class="links"><a href="${escapeHtml(doc)}">rule page</a> · <a href="${escapeHtml(result.source)}">AWS documentation</a></p>
</article>`;
}

export function formatHtml(report: AuditReport, options: { docsBaseUrl?: string } = {}): string {
  const results = [...report.results].sort((a, b) => ATTENTION_RANK[a.status] - ATTENTION_RANK[b.status]);
  const rows = SCENARIOS.filter((s) => report.results.some((r) => scenarioOf(r) === s)).map(
    (scenario) =>
      `<tr><th>${scenario}</th>${STATUSES.map((status) => {
        const n = report.results.filter((r) => scenarioOf(r) === scenario && r.status === status).length;
        return `<td class="${n > 0 ? status : ''}">${n}</td>`;
      }).join('')}</tr>`,
  );
  const severity = SEVERITIES.map((s) => {
    const n = report.results.filter(
      (r) => (r.status === 'FAILED' || r.status === 'WARNING') && r.severity === s,
    ).length;
    return `<li>${s}: <b>${n}</b></li>`;
  }).join('');
  const checkboxes = (name: string, values: readonly string[], checked: (v: string) => boolean) =>
    values
      .map(
        (v) =>
          `<label><input type="checkbox" name="${name}" value="${v}"${checked(v) ? ' checked' : ''}> ${v}</label>`,
      )
      .join(' ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hna audit — ${escapeHtml(accountsOf(report))}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1400px;padding:16px 24px;color:#1f2328}
h1{font-size:20px;margin:0 0 4px}table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #d0d7de;padding:3px 10px;text-align:right}th{text-align:left;background:#f6f8fa}
td.FAILED{background:#ffebe9;font-weight:bold}td.WARNING{background:#fff8c5}td.NOT_AVAILABLE{background:#fbefff}
#filters{position:sticky;top:0;background:#fff;border-bottom:1px solid #d0d7de;padding:8px 0;z-index:1}#filters fieldset{display:inline-block;border:1px solid #d0d7de;margin:0 8px 4px 0}
.result{border:1px solid #d0d7de;border-left:6px solid #8c959f;border-radius:6px;margin:10px 0;padding:8px 12px}.result.FAILED{border-left-color:#cf222e}.result.WARNING{border-left-color:#bf8700}.result.NOT_AVAILABLE{border-left-color:#8250df}.result.PASSED{border-left-color:#1a7f37}
.status{font-weight:bold;padding:1px 6px;border-radius:4px;color:#fff;background:#8c959f}.status.FAILED{background:#cf222e}.status.WARNING{background:#9a6700}.status.NOT_AVAILABLE{background:#8250df}.status.PASSED{background:#1a7f37}
.severity{font-size:12px;color:#57606a}.resource code{font-size:13px}p{margin:4px 0}figure{margin:6px 0;overflow-x:auto}figcaption{color:#57606a;font-size:12px}
.path-row{margin:4px 0}.path-verdict{display:block;font-size:12px;font-weight:bold}.path-verdict.blocked{color:#cf222e}.path-verdict.partial{color:#b35900}
svg text{font:11px system-ui,sans-serif;fill:#1f2328}svg .hop-title{font-weight:bold}svg .closed-by{fill:#cf222e}svg .arrow{stroke:#57606a;stroke-width:1.5}
.hidden{display:none}pre.command{background:#f6f8fa;border:1px solid #d0d7de;border-radius:4px;padding:4px 8px;margin:4px 0;white-space:pre-wrap;word-break:normal;overflow-wrap:anywhere;font-size:12px}
</style></head><body>
<header><h1>hna audit — ${escapeHtml(accountsOf(report))}</h1><p>${report.results.length} results, generated ${escapeHtml(report.generatedAt)}</p></header>
<section id="summary"><h2>Summary</h2><table><thead><tr><th>scenario</th>${STATUSES.map((s) => `<th>${s}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>
<p>Failing or warning by severity:</p><ul class="by-severity">${severity}</ul></section>
<section id="filters"><form>
<fieldset><legend>status</legend>${checkboxes('status', STATUSES, () => true)}</fieldset>
<fieldset><legend>severity</legend>${checkboxes('severity', SEVERITIES, () => true)}</fieldset>
<fieldset><legend>scenario</legend>${checkboxes('scenario', SCENARIOS, () => true)}</fieldset>
<span id="shown"></span></form></section>
<section id="results">${results.map((r, i) => resultHtml(r, i, options.docsBaseUrl)).join('\n')}</section>
<script>
(function () {
  var form = document.querySelector('#filters form');
  function selected(name) {
    return Array.prototype.map.call(form.querySelectorAll('input[name="' + name + '"]:checked'), function (i) { return i.value; });
  }
  function apply() {
    var status = selected('status'), severity = selected('severity'), scenario = selected('scenario'), shown = 0;
    document.querySelectorAll('.result').forEach(function (el) {
      var visible = status.indexOf(el.dataset.status) >= 0 && severity.indexOf(el.dataset.severity) >= 0 && scenario.indexOf(el.dataset.scenario) >= 0;
      el.classList.toggle('hidden', !visible);
      if (visible) shown += 1;
    });
    document.getElementById('shown').textContent = shown + ' of ${report.results.length} results shown';
  }
  form.addEventListener('change', apply);
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

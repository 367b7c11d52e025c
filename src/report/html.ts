import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { vendorIds } from '../vendors/common/ids.js';
import { appStates } from '../vendors/common/delivery-rules.js';
import { redact } from '../vendors/common/redact.js';
import type { ComparisonResult } from './baseline.js';
import { css, hopColors, pageScript } from './html-assets.js';
import { deliveryTotals, distribution, hopDurations, medianSample, summarize, timeline, type Distribution } from './stats.js';
import { hops, type GroupSummary, type HopSummary, type LatencyReport, type LatencySample } from './types.js';

export interface HtmlOptions {
  /** Comparison with a baseline run, shown under the totals. */
  baseline?: ComparisonResult;
}

/**
 * The report as one self-contained HTML page: Chart.js inlined, data embedded, nothing fetched.
 * Every string from the data is redacted, then escaped.
 */
export function renderHtml(report: LatencyReport, options: HtmlOptions = {}): string {
  const samples = report.samples;
  const groups = chartGroups(samples);
  const picked = medianSample(samples);
  const data = {
    colors: hopColors,
    groups: groups.map((g) => ({ label: g.label, dist: g.dist })),
    samples: samples.map(timelineEntry),
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pushlab latency report · ${t(report.generatedAt)}</title>
<style>${css}</style>
</head>
<body>
<main>
${header(report)}
${options.baseline ? baselineSection(options.baseline) : ''}
${summarySection(report.summary)}
${chartsSection(groups)}
${timelineSection(samples, picked)}
${failuresSection(samples)}
<footer>Hops: ${hops.map(([name, from, to]) => `<b>${name}</b> ${from} → ${to}`).join(' · ')}. Percentiles are nearest-rank over delivered invitations; delivery rate counts only invitations expected to arrive (app, system, queued). latency.json schemaVersion ${report.schemaVersion}.</footer>
</main>
<script type="application/json" id="pushlab-data">${jsonForScript(data)}</script>
<script>${chartJs()}</script>
<script>${pageScript}</script>
</body>
</html>
`;
}

function header(report: LatencyReport): string {
  const { samples, run } = report;
  const passed = samples.filter((s) => s.passed).length;
  const failed = samples.length - passed;
  const delivery = deliveryTotals(samples);
  // Held-while-offline invitations measure how long the phone was offline, not push latency: the headline leaves them out.
  const push = summarize(samples.filter((s) => s.expected !== 'queued').flatMap((s) => pick(hopDurations(s).push)));
  const meta = [
    `generated ${t(report.generatedAt)}`,
    run.command ? `command <code>${t(run.command)}</code>` : '',
    run.host ? `host ${t(run.host)}` : '',
    run.durationMs !== undefined ? `run took ${t(duration(run.durationMs))}` : '',
    `devices: ${run.devices.length ? run.devices.map(t).join(', ') : '<span class="muted">none</span>'}`,
  ].filter(Boolean);
  const card = (label: string, value: string, sub = '', cls = '') =>
    `<div class="card"><div class="label">${label}</div><div class="value ${cls}">${value}</div><div class="sub">${sub}</div></div>`;
  return `<header>
<h1>pushlab latency report</h1>
<p class="meta">${meta.join(' · ')}</p>
<section class="cards">
${card('Invitations', String(samples.length), `${report.summary.length} device × vendor × state groups`)}
${card('Passed', String(passed), samples.length ? `${percent(passed / samples.length)} of invitations` : '', samples.length && failed === 0 ? 'ok' : '')}
${card('Failed', String(failed), 'expected outcome not met', failed ? 'bad' : samples.length ? 'ok' : '')}
${card('Delivery rate', delivery.expected ? percent(delivery.rate) : '—', `${delivery.delivered} of ${delivery.expected} expected to arrive`, delivery.expected && delivery.rate < 1 ? 'warn' : '')}
${card('Push p50 / p95', push ? `${ms(push.p50)} / ${ms(push.p95)}` : '—', push ? `ms sent → shown, n=${push.n} (held-while-offline excluded)` : 'no delivered invitation')}
</section>
</header>`;
}

function baselineSection(cmp: ComparisonResult): string {
  const list = (items: { message: string }[]) => `<ul class="changes">${items.map((c) => `<li>${t(c.message)}</li>`).join('')}</ul>`;
  const verdict = cmp.regressions.length
    ? `<p class="bad"><b>${cmp.regressions.length} regression${cmp.regressions.length === 1 ? '' : 's'}</b> beyond the margin (${cmp.maxRegressionPct} points of delivery rate, ${cmp.maxRegressionPct} % of push p95):</p>${list(cmp.regressions)}`
    : `<p class="ok">No regression beyond the margin (${cmp.maxRegressionPct}) in ${cmp.compared.length} compared group${cmp.compared.length === 1 ? '' : 's'}.</p>`;
  return `<section id="baseline">
<h2>Compared with the baseline</h2>
${verdict}
${cmp.improvements.length ? `<p class="ok">Improvements:</p>${list(cmp.improvements)}` : ''}
${cmp.skipped.length ? `<details><summary class="muted">${cmp.skipped.length} not compared</summary><ul class="changes">${cmp.skipped.map((s) => `<li>${t(s.group)}: ${t(s.reason)}</li>`).join('')}</ul></details>` : ''}
</section>`;
}

function summarySection(summary: readonly GroupSummary[]): string {
  if (summary.length === 0) return `<section id="summary"><h2>Summary</h2><p class="muted">No samples in this report.</p></section>`;
  const head = `<thead><tr><th>device</th><th>vendor</th><th>state</th><th class="num">invitations</th><th class="num">delivery rate</th><th>hop</th><th class="num">n</th><th class="num">p50 ms</th><th class="num">p95 ms</th><th class="num">p99 ms</th><th class="num">max ms</th><th class="num">mean ms</th></tr></thead>`;
  const bodies = summary.map((g) => {
    const rows = hops.flatMap(([name]) => (g.hops[name] ? [[name, g.hops[name]] as const] : []));
    const span = Math.max(1, rows.length);
    const rate = g.expectedDelivery === 0
      ? '<span class="muted">none expected</span>'
      : `<span class="${g.deliveryRate < 1 ? 'bad' : 'ok'}">${percent(g.deliveryRate)}</span> <span class="muted">${g.delivered}/${g.expectedDelivery}</span>`;
    const lead = `<td rowspan="${span}">${t(g.device)}</td><td rowspan="${span}">${t(g.vendor)}</td><td rowspan="${span}">${t(g.state)}</td><td rowspan="${span}" class="num">${g.samples}</td><td rowspan="${span}" class="num">${rate}</td>`;
    const hopCells = (name: string, h: HopSummary) =>
      `<td>${name}</td><td class="num">${h.n}</td><td class="num">${ms(h.p50)}</td><td class="num">${ms(h.p95)}</td><td class="num">${ms(h.p99)}</td><td class="num">${ms(h.max)}</td><td class="num">${ms(h.mean)}</td>`;
    const first = rows[0];
    const firstCells = first ? hopCells(...first) : `<td colspan="7" class="muted">no delivered invitation</td>`;
    return `<tbody class="group"><tr>${lead}${firstCells}</tr>${rows.slice(1).map((r) => `<tr>${hopCells(...r)}</tr>`).join('')}</tbody>`;
  });
  return `<section id="summary"><h2>Summary by device × vendor × state</h2><div class="table-wrap"><table>${head}${bodies.join('')}</table></div></section>`;
}

interface ChartGroup { label: string; devices: string[]; total: number; dist: Distribution; push?: HopSummary }

/** Samples per vendor × app state (devices merged), in catalogue order, with the `push` hop's distribution. */
function chartGroups(samples: readonly LatencySample[]): ChartGroup[] {
  const byKey = new Map<string, LatencySample[]>();
  for (const s of samples) {
    const key = `${s.vendor} · ${s.state}`;
    byKey.set(key, [...(byKey.get(key) ?? []), s]);
  }
  return [...byKey.entries()]
    .sort(([, [a]], [, [b]]) => vendorIds.indexOf(a!.vendor) - vendorIds.indexOf(b!.vendor) || appStates.indexOf(a!.state) - appStates.indexOf(b!.state))
    .map(([label, members]) => {
      const push = members.flatMap((s) => pick(hopDurations(s).push));
      return { label, devices: [...new Set(members.map((s) => s.device))], total: members.length, dist: distribution(push), push: summarize(push) };
    });
}

function chartsSection(groups: readonly ChartGroup[]): string {
  if (groups.length === 0) return `<section id="charts"><h2>Push latency (sent → shown) per vendor × state</h2><p class="muted">No samples in this report.</p></section>`;
  const cards = groups.flatMap((g, i) => {
    if (!g.push) return [];
    const label = t(g.label);
    return [`<div class="chart-card"><h3>${label}</h3><div class="muted">n=${g.push.n} · p50 ${ms(g.push.p50)} · p95 ${ms(g.push.p95)} · max ${ms(g.push.max)} ms · ${g.total} invitation${g.total === 1 ? '' : 's'} on ${g.devices.map(t).join(', ')}</div>` +
      `<div class="pair"><div class="chart-box"><canvas id="hist-${i}" role="img" aria-label="histogram of push latency, ${label}"></canvas></div>` +
      `<div class="chart-box"><canvas id="cdf-${i}" role="img" aria-label="cumulative distribution of push latency, ${label}"></canvas></div></div></div>`];
  });
  const empty = groups.filter((g) => !g.push).map((g) => `${t(g.label)} (${g.total} on ${g.devices.map(t).join(', ')})`);
  return `<section id="charts"><h2>Push latency (sent → shown) per vendor × state</h2>
${cards.length ? `<div class="charts">${cards.join('')}</div>` : ''}
${empty.length ? `<p class="muted">No delivered invitation to chart: ${empty.join(' · ')}.</p>` : ''}
<noscript><p class="warn">The charts need JavaScript; the tables do not.</p></noscript></section>`;
}

function timelineSection(samples: readonly LatencySample[], picked: LatencySample | undefined): string {
  if (samples.length === 0) return `<section id="timeline-section"><h2>One invitation, hop by hop</h2><p class="muted">No samples in this report.</p></section>`;
  const selected = picked ? samples.indexOf(picked) : 0;
  const options = samples.map((s, i) =>
    `<option value="${i}"${i === selected ? ' selected' : ''}>${t(s.id)} · ${t(s.scenario)} · ${t(s.result)}${s === picked ? ' (median delivered)' : ''}</option>`);
  return `<section id="timeline-section"><h2>One invitation, hop by hop</h2>
<p class="muted">${picked ? 'Showing the delivered invitation at the median push latency; pick any other below.' : 'No invitation was delivered; pick one below.'}</p>
<label>Invitation <select id="timeline-sample">${options.join('')}</select></label>
<div class="timeline-box"><canvas id="timeline" role="img" aria-label="timeline of the selected invitation's hops"></canvas></div>
<div id="timeline-details" class="stamps"></div>
</section>`;
}

function failuresSection(samples: readonly LatencySample[]): string {
  const failed = samples.filter((s) => !s.passed);
  if (samples.length === 0) return `<section id="failures"><h2>Failures</h2><p class="muted">No samples in this report.</p></section>`;
  if (failed.length === 0) return `<section id="failures"><h2>Failures</h2><p class="ok">Every invitation met its expected outcome.</p></section>`;
  const rows = failed.map((s) =>
    `<tr><td class="nowrap">${t(s.id)}</td><td>${t(s.scenario)}</td><td>${t(s.vendor)}</td><td>${t(s.message)}</td><td>${t(s.expected)}</td><td class="bad nowrap">${t(s.result)}</td><td class="diagnosis">${s.diagnosis ? t(s.diagnosis) : '<span class="muted">no diagnosis</span>'}</td></tr>`);
  return `<section id="failures"><h2>Failures (${failed.length})</h2><div class="table-wrap"><table><thead><tr><th>id</th><th>scenario</th><th>vendor</th><th>message</th><th>expected</th><th>result</th><th>diagnosis</th></tr></thead><tbody>${rows.join('')}</tbody></table></div></section>`;
}

/** What the page script needs to draw one invitation's timeline; every string redacted here (escaping is the JSON's job). */
function timelineEntry(s: LatencySample) {
  const sequential = new Map<string, string>(hops.filter(([name]) => name !== 'push' && name !== 'end-to-end').map(([name, from, to]) => [`${from}>${to}`, name]));
  const injected = s.injected
    ? Object.entries(s.injected).filter(([, v]) => v !== undefined).map(([k, v]) => `${k} ${v}`).join(', ')
    : '';
  return {
    id: redact(s.id),
    scenario: redact(s.scenario),
    expected: s.expected,
    result: s.result,
    passed: s.passed,
    clock: s.clock,
    segments: timeline(s.stamps).map((seg) => ({ name: sequential.get(`${seg.from}>${seg.to}`) ?? `${seg.from} → ${seg.to}`, ms: seg.ms })),
    stamps: Object.entries(s.stamps).filter(([, v]) => v !== undefined).map(([name, v]) => ({ name, ms: v - s.stamps.sentAt })).sort((a, b) => a.ms - b.ms),
    ...(injected ? { injected } : {}),
    ...(s.diagnosis ? { diagnosis: redact(s.diagnosis) } : {}),
  };
}

let chartJsCache: string | undefined;

/** Chart.js's UMD build, read from node_modules when first needed. */
function chartJs(): string {
  if (chartJsCache === undefined) {
    // chart.js's exports map does not expose dist/chart.umd.js, so resolve the CJS entry (dist/chart.cjs) and take its sibling.
    const entry = createRequire(import.meta.url).resolve('chart.js');
    chartJsCache = readFileSync(join(dirname(entry), 'chart.umd.js'), 'utf8').replaceAll('</script', '<\\/script');
  }
  return chartJsCache;
}

/** JSON safe inside a <script> element: nothing in it can close the element or open a comment. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Redacted, then HTML-escaped: the only way data text reaches the page. */
const t = (text: string) => redact(String(text)).replace(/[&<>"']/g, (c) => escapes[c]!);
const pick = (x: number | undefined) => (x === undefined ? [] : [x]);
const ms = (x: number) => (Math.abs(x) >= 10 ? Math.round(x) : Math.round(x * 10) / 10).toLocaleString('en-US');
const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;
const duration = (msTotal: number) => (msTotal >= 60_000 ? `${Math.floor(msTotal / 60_000)} min ${Math.round((msTotal % 60_000) / 1000)} s` : `${Math.round(msTotal / 100) / 10} s`);


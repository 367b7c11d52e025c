/** Stylesheet and browser script of the HTML report, inlined into every page (the report loads nothing from the network). */

/** Bar colours per hop; the page script reads them from the embedded data. */
export const hopColors = {
  gateway: '#4e79a7', delivery: '#f28e2b', display: '#e15759', tap: '#76b7b2', connect: '#59a14f',
  push: '#4e79a7', 'end-to-end': '#9c755f',
} as const satisfies Record<string, string>;

export const css = `
:root { --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --bg: #f6f8fa; --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: #fff; }
main { max-width: 1320px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 14px; margin: 0 0 2px; }
.meta { color: var(--muted); margin: 0; }
.meta code { background: var(--bg); padding: 1px 5px; border-radius: 4px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin-top: 18px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; background: #fff; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 26px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .sub { color: var(--muted); font-size: 12px; }
.ok { color: var(--ok); } .bad { color: var(--bad); } .warn { color: var(--warn); } .muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 9px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--bg); font-weight: 600; font-size: 12px; position: sticky; top: 0; }
td.num, th.num { text-align: right; }
tbody.group:nth-of-type(even) td { background: #fbfcfd; }
tbody.group td[rowspan] { border-right: 1px solid var(--line); }
.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; }
.table-wrap table td:last-child, .table-wrap table th:last-child { padding-right: 14px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(600px, 1fr)); gap: 14px; }
.chart-card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.chart-card .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; margin-top: 8px; }
.chart-box { position: relative; height: 210px; }
.timeline-box { position: relative; height: 120px; margin-top: 10px; }
select { font: inherit; padding: 4px 6px; max-width: 100%; }
.stamps { margin-top: 10px; }
.stamps table { width: auto; }
.stamps td { border: none; padding: 2px 12px 2px 0; }
.badge { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; border: 1px solid currentColor; }
ul.changes { margin: 6px 0; padding-left: 20px; }
td.nowrap { white-space: nowrap; }
.diagnosis { white-space: pre-wrap; word-break: break-word; max-width: 560px; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
`;

/** Builds every chart from the JSON embedded in #pushlab-data; data strings go in through textContent only. */
export const pageScript = `
(() => {
  const data = JSON.parse(document.getElementById('pushlab-data').textContent);
  if (typeof Chart === 'undefined') return;
  Chart.defaults.animation = false;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  const fmt = (ms) => (Math.abs(ms) >= 10 ? Math.round(ms) : Math.round(ms * 10) / 10).toLocaleString('en-US');

  data.groups.forEach((group, i) => {
    if (group.dist.n === 0) return;
    new Chart(document.getElementById('hist-' + i), {
      type: 'bar',
      data: {
        labels: group.dist.buckets.map((b) => String(b.fromMs)),
        datasets: [{ label: 'invitations', data: group.dist.buckets.map((b) => b.count), backgroundColor: '#4e79a7', barPercentage: 1, categoryPercentage: 0.92 }],
      },
      options: {
        maintainAspectRatio: false,
        plugins: { legend: { display: false }, title: { display: true, text: 'Distribution (invitations per bucket)' },
          tooltip: { callbacks: { title: (items) => { const b = group.dist.buckets[items[0].dataIndex]; return fmt(b.fromMs) + '–' + fmt(b.toMs) + ' ms'; } } } },
        scales: { x: { title: { display: true, text: 'bucket start, ms (sent → shown)' } }, y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
    new Chart(document.getElementById('cdf-' + i), {
      type: 'line',
      data: { datasets: [{ label: 'shown within', data: group.dist.cdf.map((p) => ({ x: p.ms, y: p.fraction * 100 })), stepped: true, borderColor: '#e15759', backgroundColor: 'rgba(225,87,89,.12)', fill: true, pointRadius: 0, borderWidth: 2 }] },
      options: {
        maintainAspectRatio: false,
        plugins: { legend: { display: false }, title: { display: true, text: 'CDF (% shown within x ms)' },
          tooltip: { callbacks: { label: (c) => Math.round(c.parsed.y * 10) / 10 + '% within ' + fmt(c.parsed.x) + ' ms' } } },
        scales: { x: { type: 'linear', title: { display: true, text: 'sent → shown, ms' } }, y: { min: 0, max: 100, ticks: { callback: (v) => v + '%' } } },
      },
    });
  });

  const select = document.getElementById('timeline-sample');
  const canvas = document.getElementById('timeline');
  const details = document.getElementById('timeline-details');
  if (!select || !canvas || data.samples.length === 0) return;
  let chart;
  const cell = (row, text, cls) => { const td = row.insertCell(); td.textContent = text; if (cls) td.className = cls; return td; };
  const show = (index) => {
    const s = data.samples[index];
    if (chart) chart.destroy();
    chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: [s.id],
        datasets: s.segments.map((seg) => ({ label: seg.name + ' ' + fmt(seg.ms) + ' ms', data: [seg.ms], backgroundColor: data.colors[seg.name] || '#bab0ac' })),
      },
      options: {
        indexAxis: 'y', maintainAspectRatio: false,
        plugins: { legend: { position: 'bottom' }, title: { display: s.segments.length === 0, text: 'No hop recorded for this invitation' } },
        scales: { x: { stacked: true, beginAtZero: true, title: { display: true, text: 'ms since sent' } }, y: { stacked: true, ticks: { display: false } } },
      },
    });
    details.replaceChildren();
    const table = document.createElement('table');
    const rows = [
      ['scenario', s.scenario], ['expected → result', s.expected + ' → ' + s.result + (s.passed ? ' (passed)' : ' (FAILED)')],
      ['clock offset', fmt(s.clock.offsetMs) + ' ms ± ' + fmt(s.clock.uncertaintyMs) + ' ms'],
      ...s.stamps.map((st) => [st.name, '+' + fmt(st.ms) + ' ms']),
      ...(s.injected ? [['injected', s.injected]] : []),
      ...(s.diagnosis ? [['diagnosis', s.diagnosis]] : []),
    ];
    for (const [k, v] of rows) { const row = table.insertRow(); cell(row, k, 'muted'); cell(row, v, k === 'diagnosis' ? 'diagnosis' : ''); }
    details.append(table);
  };
  select.addEventListener('change', () => show(Number(select.value)));
  show(Number(select.value));
})();
`;

import { describe, it, expect } from '@jest/globals';
import { compare } from '../../../src/report/baseline.js';
import { demoSamples } from '../../../src/report/demo.js';
import { renderHtml } from '../../../src/report/html.js';
import { buildReport } from '../../../src/report/schema.js';
import type { LatencyReport } from '../../../src/report/types.js';
import { makeSample, pushed } from './make-sample.js';

const now = new Date('2025-03-01T08:00:00.000Z');
/** Built without buildReport's redaction, so these tests show the renderer redacts on its own. */
const raw = (report: LatencyReport): LatencyReport => report;

describe('renderHtml', () => {
  const html = renderHtml(buildReport(demoSamples({ count: 40 }), { command: 'pushlab suite', host: 'ci-1' }, now));

  it('draws a histogram and a CDF per vendor × state, and a timeline', () => {
    for (const group of ['apns · killed', 'huawei · killed', 'xiaomi · background']) expect(html).toContain(`<h3>${group}</h3>`);
    expect(html).toMatch(/<canvas id="hist-0"/);
    expect(html).toMatch(/<canvas id="cdf-0"/);
    expect(html).toContain('<canvas id="timeline"');
    expect(html).toContain('<select id="timeline-sample">');
    expect(html).toContain('No delivered invitation to chart: xiaomi · force-stopped');
  });

  it('is self-contained: Chart.js inlined, nothing loaded from elsewhere', () => {
    expect(html).toContain('Chart.js v4');
    expect(html).not.toMatch(/<script[^>]*\bsrc=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import|url\(\s*['"]?https?:/i);
  });

  it('shows totals, the summary table and the failures', () => {
    expect(html).toMatch(/Invitations<\/div><div class="value ">40</);
    expect(html).toContain('<h2>Summary by device × vendor × state</h2>');
    expect(html).toMatch(/<h2>Failures \(\d+\)<\/h2>/);
    expect(html).toContain('accepted-not-shown');
  });

  it('selects the delivered invitation at the median push latency', () => {
    const report = buildReport([pushed(900, { id: 'slow' }), pushed(100, { id: 'fast' }), pushed(400, { id: 'middle' })], {}, now);
    expect(renderHtml(report)).toMatch(/<option value="2" selected>middle · [^<]* \(median delivered\)<\/option>/);
  });

  it('escapes markup from the data, in the page and in the embedded JSON', () => {
    const evil = '</script><script>alert(1)</script> & "quotes"';
    const page = renderHtml(raw({ ...buildReport([], {}, now), samples: [makeSample({ passed: false, result: 'not-delivered', diagnosis: evil, scenario: '<b>bold</b>' })] }));
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toContain('<b>bold</b>');
    expect(page).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(page).toContain('\\u003c/script\\u003e'); // inside <script type="application/json">
    expect(page.match(/<script\b/g)).toHaveLength(3);
  });

  it('never shows a secret, wherever it hides', () => {
    const secret = 'abcdefghijklmnop1234';
    const report = raw({
      ...buildReport([], {}, now),
      run: { devices: ['xiaomi-14'], command: `pushlab suite --header "Authorization: Bearer ${secret}"` },
      samples: [makeSample({ passed: false, result: 'error', scenario: `x · Bearer ${secret}`, diagnosis: `401 for Authorization: Bearer ${secret}` })],
    });
    const page = renderHtml(report);
    expect(page).not.toContain(secret);
    expect(page).toContain('Bearer **MASKED**');
  });

  it('renders a report with no samples', () => {
    const page = renderHtml(buildReport([], {}, now));
    expect(page).toContain('No samples in this report.');
    expect(page).not.toMatch(/<canvas id="(hist|cdf)-/);
    expect(page).toMatch(/<\/html>\s*$/);
  });

  it('shows the baseline comparison when given one', () => {
    const current = buildReport([pushed(300), pushed(320)], {}, now);
    const baseline = buildReport([pushed(100), pushed(120)], {}, now);
    const page = renderHtml(current, { baseline: compare(current, baseline, 10) });
    expect(page).toContain('<h2>Compared with the baseline</h2>');
    expect(page).toContain('1 regression</b>');
    expect(page).toContain('xiaomi-14 · xiaomi · killed: push p95 120 ms (n=2) → 320 ms (n=2)');
  });
});

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { compare, gatedHop, type ComparisonResult } from './baseline.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { parseLatencyReport, redactReport } from './schema.js';
import { deliveryTotals } from './stats.js';
import type { LatencyReport } from './types.js';

/** Paths of the files `writeReports` wrote. */
export interface WrittenReports { json: string; html: string; junit: string }

/**
 * Writes `latency.json`, `latency.html` and `junit.xml` into `dir` (created if missing), secrets redacted.
 * @example await writeReports(buildReport(samples, { command: 'pushlab suite' }, new Date()), 'reports')
 */
export async function writeReports(report: LatencyReport, dir: string, baseline?: ComparisonResult): Promise<WrittenReports> {
  const json = resolve(dir, 'latency.json');
  const safe = redactReport(report);
  await mkdir(dir, { recursive: true });
  await writeFile(json, `${JSON.stringify(safe, null, 2)}\n`);
  return { json, ...(await writeRendered(safe, dir, baseline)) };
}

/** latency.html and junit.xml for a (redacted) report. */
async function writeRendered(report: LatencyReport, dir: string, baseline?: ComparisonResult): Promise<{ html: string; junit: string }> {
  const paths = { html: resolve(dir, 'latency.html'), junit: resolve(dir, 'junit.xml') };
  await mkdir(dir, { recursive: true });
  await Promise.all([writeFile(paths.html, renderHtml(report, baseline ? { baseline } : {})), writeFile(paths.junit, renderJunit(report))]);
  return paths;
}

const rules = `
Baseline rules (per device × vendor × state group present in both reports):
  regression when the delivery rate falls by more than <pct> percentage points
  (delivered ÷ invitations expected to arrive), or when the ${gatedHop} hop's p95
  (sent → shown) grows by more than <pct> percent and by at least --min-delta ms.
  Groups in only one report, or with no data for a metric, are listed as not compared.
  Exit code 1 when there is a regression or the input is unusable; 0 otherwise.

Example:
  pushlab report reports/latency.json --baseline baselines/main.json --max-regression 15`;

/** `pushlab report <latency.json>`: HTML and JUnit from a latency.json, optionally gated on a baseline. */
export function reportCommand(): Command {
  const command = new Command('report')
    .description('write latency.html and junit.xml from a latency.json, and compare it with a baseline run')
    .argument('<latency.json>', 'the latency.json a run wrote (reports/latency.json by default)')
    .option('--baseline <json>', 'an earlier latency.json to compare against')
    .option('--max-regression <pct>', 'margin: delivery-rate points / push p95 percent', parseNumber('--max-regression'), 10)
    .option('--min-delta <ms>', 'ignore a p95 increase smaller than this many ms', parseNumber('--min-delta'), 0)
    .option('--out-dir <dir>', 'where to write latency.html and junit.xml (default: next to latency.json)')
    .addHelpText('after', rules)
    .action(async (file: string, opts: { baseline?: string; maxRegression: number; minDelta: number; outDir?: string }) => {
      const out = (line: string) => command.configureOutput().writeOut?.(`${line}\n`);
      const report = await load(command, file);
      const baseline = opts.baseline === undefined ? undefined : await load(command, opts.baseline);
      const comparison = baseline && compare(report, baseline, opts.maxRegression, { minDeltaMs: opts.minDelta });

      const safe = redactReport(report);
      const { html, junit } = await writeRendered(safe, opts.outDir ?? dirname(file), comparison);

      out(summaryText(file, safe));
      out(`wrote ${html}`);
      out(`wrote ${junit}`);
      if (comparison) {
        out(comparisonText(opts.baseline!, comparison));
        if (comparison.regressions.length > 0) process.exitCode = 1;
      }
    });
  return command;
}

/** Reads and validates one latency.json; any problem ends the command with a message naming the file. */
async function load(command: Command, file: string): Promise<LatencyReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    command.error(`pushlab report: cannot read ${file}${resolve(file) === file ? '' : ` (${resolve(file)})`}: ${why}. Pass the latency.json a run wrote (reports/latency.json by default).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    command.error(`pushlab report: ${file} is not JSON: ${(error as Error).message}. Pass the latency.json a run wrote.`);
  }
  try {
    return parseLatencyReport(json, file);
  } catch (error) {
    command.error(`pushlab report: ${(error as Error).message}`);
  }
}

function summaryText(file: string, report: LatencyReport): string {
  const { samples, summary } = report;
  const passed = samples.filter((s) => s.passed).length;
  const totals = deliveryTotals(samples);
  const lines = [
    `${file}: ${samples.length} invitation${samples.length === 1 ? '' : 's'} on ${report.run.devices.length} device${report.run.devices.length === 1 ? '' : 's'} · ${passed} passed · ${samples.length - passed} failed · delivery ${totals.expected ? `${pct(totals.rate)} (${totals.delivered}/${totals.expected} expected)` : '— (none expected)'}`,
  ];
  const rows = summary.map((g) => {
    const h = g.hops[gatedHop];
    return [g.device, g.vendor, g.state, String(g.samples), g.expectedDelivery ? `${pct(g.deliveryRate)} ${g.delivered}/${g.expectedDelivery}` : '—',
      h ? String(Math.round(h.p50)) : '—', h ? String(Math.round(h.p95)) : '—', h ? String(Math.round(h.max)) : '—'];
  });
  if (rows.length) lines.push(...table([['device', 'vendor', 'state', 'n', 'delivery', `${gatedHop} p50`, 'p95', 'max ms'], ...rows]).map((l) => `  ${l}`));
  return lines.join('\n');
}

function comparisonText(file: string, c: ComparisonResult): string {
  const lines = [`baseline ${file}: ${c.compared.length} group${c.compared.length === 1 ? '' : 's'} compared, margin ${c.maxRegressionPct}`];
  for (const r of c.regressions) lines.push(`  REGRESSION ${r.message}`);
  for (const r of c.improvements) lines.push(`  improved   ${r.message}`);
  for (const s of c.skipped) lines.push(`  not compared: ${s.group}: ${s.reason}`);
  lines.push(c.regressions.length ? `${c.regressions.length} regression${c.regressions.length === 1 ? '' : 's'} beyond the margin` : 'no regression beyond the margin');
  return lines.join('\n');
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
}

function parseNumber(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${flag} takes a number ≥ 0 (got "${value}").`);
    return n;
  };
}

const pct = (rate: number) => `${Math.round(rate * 1000) / 10}%`;

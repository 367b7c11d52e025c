import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { reportCommand, writeReports } from '../../src/report/command.js';
import { demoSamples } from '../../src/report/demo.js';
import { buildReport, parseLatencyReport } from '../../src/report/schema.js';
import type { LatencySample } from '../../src/report/types.js';

const now = new Date('2025-03-01T08:00:00.000Z');
let dir: string;

/** Runs `pushlab report …` in-process, capturing stdout/stderr and the exit code it set. */
async function run(args: string[]): Promise<{ out: string; err: string; exitCode: number | undefined; error?: Error }> {
  let out = '';
  let err = '';
  const command: Command = reportCommand().exitOverride().configureOutput({ writeOut: (s) => { out += s; }, writeErr: (s) => { err += s; } });
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await command.parseAsync(args, { from: 'user' });
    return { out, err, exitCode: process.exitCode === undefined ? undefined : Number(process.exitCode) };
  } catch (error) {
    return { out, err, exitCode: undefined, error: error as Error };
  } finally {
    process.exitCode = before;
  }
}

/** The same invitations with every hop after the gateway `factor` times as long. */
const slower = (samples: LatencySample[], factor: number): LatencySample[] => samples.map((s) => {
  const stamps = { ...s.stamps };
  const base = stamps.gatewayAcceptedAt;
  if (base !== undefined) {
    for (const key of ['deviceReceivedAt', 'shownAt', 'tappedAt', 'callConnectedAt'] as const) {
      const v = stamps[key];
      if (v !== undefined) stamps[key] = base + (v - base) * factor;
    }
  }
  return { ...s, stamps };
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pushlab-report-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('pushlab report', () => {
  it('writes latency.html and junit.xml next to latency.json and prints a summary', async () => {
    const file = join(dir, 'latency.json');
    await writeFile(file, JSON.stringify(buildReport(demoSamples({ count: 24 }), { command: 'pushlab suite' }, now)));
    const { out, err, exitCode, error } = await run([file]);
    expect(error).toBeUndefined();
    expect(err).toBe('');
    expect(exitCode).toBeUndefined();
    await access(join(dir, 'latency.html'));
    expect(await readFile(join(dir, 'junit.xml'), 'utf8')).toMatch(/^<\?xml[^]*<testsuites name="pushlab" tests="24"/);
    expect(await readFile(join(dir, 'latency.html'), 'utf8')).toContain('<canvas id="hist-0"');
    expect(out).toContain(`${file}: 24 invitations on 3 devices`);
    expect(out).toMatch(/xiaomi-14\s+xiaomi\s+killed\s+4/);
    expect(out).toContain(`wrote ${join(dir, 'latency.html')}`);
  });

  it('fails with exit code 1 and prints each regression against a faster baseline', async () => {
    const samples = demoSamples({ count: 24 });
    const current = join(dir, 'current.json');
    const baseline = join(dir, 'baseline.json');
    await writeFile(current, JSON.stringify(buildReport(slower(samples, 1.5), {}, now)));
    await writeFile(baseline, JSON.stringify(buildReport(samples, {}, now)));
    const outDir = join(dir, 'out');
    const { out, exitCode, error } = await run([current, '--baseline', baseline, '--max-regression', '10', '--out-dir', outDir]);
    expect(error).toBeUndefined();
    expect(exitCode).toBe(1);
    expect(out).toMatch(/REGRESSION xiaomi-14 · xiaomi · killed: push p95 \d+ ms \(n=\d\) → \d+ ms \(n=\d\), \+\d+(\.\d)?% \(margin 10%\)/);
    expect(out).toMatch(/\d regressions beyond the margin/);
    expect(await readFile(join(outDir, 'latency.html'), 'utf8')).toContain('<h2>Compared with the baseline</h2>');
    await access(join(outDir, 'junit.xml'));
  });

  it('passes when the run is within the margin of the baseline', async () => {
    const samples = demoSamples({ count: 24 });
    const current = join(dir, 'same.json');
    const baseline = join(dir, 'same-baseline.json');
    await writeFile(current, JSON.stringify(buildReport(slower(samples, 1.05), {}, now)));
    await writeFile(baseline, JSON.stringify(buildReport(samples, {}, now)));
    const { out, exitCode } = await run([current, '--baseline', baseline, '--out-dir', join(dir, 'same-out')]);
    expect(exitCode).toBeUndefined();
    expect(out).toContain('no regression beyond the margin');
  });

  it('names a file that does not exist', async () => {
    const missing = join(dir, 'nope', 'latency.json');
    const { err, error } = await run([missing]);
    expect(error).toMatchObject({ exitCode: 1 });
    expect(err).toContain(`cannot read ${missing}`);
    expect(err).toContain('no such file');
  });

  it('lists every schema violation with the file name', async () => {
    const file = join(dir, 'broken.json');
    const report = JSON.parse(JSON.stringify(buildReport(demoSamples({ count: 6 }), {}, now)));
    report.samples[3].stamps.sentAt = 'soon';
    report.samples[4].state = 'asleep';
    await writeFile(file, JSON.stringify(report));
    const { err, error } = await run([file]);
    expect(error).toMatchObject({ exitCode: 1 });
    expect(err).toContain(`${file}: /samples/3/stamps/sentAt must be number (got "soon")`);
    expect(err).toContain(`${file}: /samples/4/state must be one of`);
  });

  it('says when the file is not JSON', async () => {
    const file = join(dir, 'not-json.json');
    await writeFile(file, '{ "schemaVersion": 1,');
    const { err } = await run([file]);
    expect(err).toContain(`${file} is not JSON`);
  });

  it('refuses a margin that is not a number', async () => {
    const { err, error } = await run([join(dir, 'latency.json'), '--max-regression', 'ten']);
    expect(error).toBeDefined();
    expect(err).toContain('--max-regression takes a number ≥ 0 (got "ten")');
  });

  it('lets the suite reporter write all three files with writeReports', async () => {
    const paths = await writeReports(buildReport(demoSamples({ count: 6 }), {}, now), join(dir, 'suite', 'reports'));
    expect(paths).toEqual({ json: join(dir, 'suite', 'reports', 'latency.json'), html: join(dir, 'suite', 'reports', 'latency.html'), junit: join(dir, 'suite', 'reports', 'junit.xml') });
    expect(parseLatencyReport(JSON.parse(await readFile(paths.json, 'utf8'))).samples).toHaveLength(6);
    await access(paths.html);
    await access(paths.junit);
  });
});

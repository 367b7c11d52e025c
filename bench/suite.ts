/**
 * Wall time of the full default matrix (`pushlab suite`, 8 simulated phones) and the harness overhead it
 * reports: push latency sent → shown with no injected gateway latency, against the target of p95 ≤ 25 ms.
 * The peer in the same run is the gateway hop alone (sent → gateway accepted), so the ratio says how much
 * of the push latency is the phone side of the path.
 *
 *   npx tsx bench/suite.ts [--runs 3]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarize, hopDurations } from '../src/report/stats.js';
import type { LatencyReport } from '../src/report/types.js';
import { positiveIntegerOption } from './args.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const runs = positiveIntegerOption('runs', 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

const walls: number[] = [];
const push: number[] = [];
const gateway: number[] = [];
const callerPush: number[] = [];
let samples = 0, failed = 0;
for (let i = 1; i <= runs; i++) {
  const reports = mkdtempSync(join(tmpdir(), 'pushlab-bench-suite-'));
  const started = performance.now();
  const run = spawnSync(process.execPath, [join(root, 'bin/pushlab.js'), 'suite', '--reports', reports], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wall = (performance.now() - started) / 1000;
  const report = JSON.parse(readFileSync(join(reports, 'latency.json'), 'utf8')) as LatencyReport;
  walls.push(wall);
  samples = report.samples.length;
  failed = report.samples.filter((s) => !s.passed).length;
  // The cloud source (the matrix and most flows), zero injected latency, and not held while offline (that
  // measures the offline time, not the path). The caller source adds a second phone's UI to the hop; it is reported apart.
  for (const s of report.samples.filter((x) => !x.injected?.gatewayDelayMs && x.expected !== 'queued')) {
    if (s.source === 'caller') {
      const viaCaller = hopDurations(s).push;
      if (viaCaller !== undefined) callerPush.push(viaCaller);
      continue;
    }
    const hops = hopDurations(s);
    if (hops.push !== undefined) push.push(hops.push);
    if (hops.gateway !== undefined) gateway.push(hops.gateway);
  }
  console.log(`run ${i}: wall ${wall.toFixed(1)} s, exit ${run.status}, ${samples} samples, ${failed} failed`);
}
const p = summarize(push)!, g = summarize(gateway)!;
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
console.log(`full default matrix wall time: median ${median(walls).toFixed(1)} s of ${runs} runs (target ≤ 90 s)`);
console.log(`push sent→shown, cloud/direct sources, no injected latency: p50 ${p.p50.toFixed(1)} ms, p95 ${p.p95.toFixed(1)} ms, n=${p.n} (target p95 ≤ 25 ms)`);
const c = summarize(callerPush);
if (c) console.log(`push sent→shown when a second phone taps the invite button (caller source): p50 ${c.p50.toFixed(1)} ms, p95 ${c.p95.toFixed(1)} ms, n=${c.n}`);
console.log(`gateway hop sent→accepted (same runs): p50 ${g.p50.toFixed(1)} ms, p95 ${g.p95.toFixed(1)} ms, n=${g.n}; push/gateway p95 ratio ${(p.p95 / g.p95).toFixed(2)}`);

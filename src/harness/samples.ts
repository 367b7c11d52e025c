import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { LatencySample } from '../report/types.js';

/** Where workers drop their samples (one JSON line each) for the launcher to merge. */
export function samplesDir(reportsDir: string): string {
  return join(reportsDir, '.samples');
}

/** Appends one sample for this worker process. */
export function recordSample(reportsDir: string, sample: LatencySample): void {
  const dir = samplesDir(reportsDir);
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, `${process.pid}.jsonl`), `${JSON.stringify(sample)}\n`);
}

/** Reads every worker's samples, in scenario order. */
export function collectSamples(reportsDir: string): LatencySample[] {
  const dir = samplesDir(reportsDir);
  if (!existsSync(dir)) return [];
  const samples = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).flatMap((f) =>
    readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as LatencySample));
  return samples.sort((a, b) => a.device.localeCompare(b.device) || a.stamps.sentAt - b.stamps.sentAt);
}

export function clearSamples(reportsDir: string): void {
  rmSync(samplesDir(reportsDir), { recursive: true, force: true });
}

import { compareGroups, groupLabel } from './stats.js';
import type { GroupSummary, HopName, LatencyReport } from './types.js';

/** The hop whose p95 the baseline gate watches: sent → shown, what a user waits for before the phone rings. */
export const gatedHop = 'push' as const satisfies HopName;

/** One metric of one group that moved beyond the margin. */
export interface Change {
  /** "device · vendor · state" */
  group: string;
  metric: 'deliveryRate' | 'p95';
  hop?: HopName;
  baseline: number;
  current: number;
  /** deliveryRate: change in percentage points; p95: change in percent of the baseline. */
  change: number;
  message: string;
}

export interface ComparisonResult {
  maxRegressionPct: number;
  regressions: Change[];
  improvements: Change[];
  /** Groups present in both reports. */
  compared: string[];
  /** Groups (or a metric of a group) left out, with the reason. */
  skipped: { group: string; reason: string }[];
}

export interface CompareOptions {
  /** A p95 must also grow by at least this many ms to count, so a 3 → 4 ms wobble on loopback is not a regression. Default 0. */
  minDeltaMs?: number;
}

/**
 * Compares each device × vendor × state group present in both reports.
 * Regression: the delivery rate fell by more than `maxRegressionPct` percentage points, or the `push` hop's p95
 * grew by more than `maxRegressionPct` percent (and by at least `minDeltaMs`). Improvements mirror both rules.
 * @example compare(current, baseline, 10).regressions.map((r) => r.message)
 */
export function compare(current: LatencyReport, baseline: LatencyReport, maxRegressionPct: number, options: CompareOptions = {}): ComparisonResult {
  const minDeltaMs = options.minDeltaMs ?? 0;
  const result: ComparisonResult = { maxRegressionPct, regressions: [], improvements: [], compared: [], skipped: [] };
  const before = new Map(baseline.summary.map((g) => [groupLabel(g), g]));
  const now = new Map(current.summary.map((g) => [groupLabel(g), g]));

  for (const group of [...current.summary].sort(compareGroups)) {
    const label = groupLabel(group);
    const old = before.get(label);
    if (!old) { result.skipped.push({ group: label, reason: 'not in the baseline' }); continue; }
    result.compared.push(label);
    compareDelivery(label, old, group, maxRegressionPct, result);
    compareP95(label, old, group, maxRegressionPct, minDeltaMs, result);
  }
  for (const group of [...baseline.summary].sort(compareGroups)) {
    const label = groupLabel(group);
    if (!now.has(label)) result.skipped.push({ group: label, reason: 'in the baseline but not in this run' });
  }
  return result;
}

function compareDelivery(group: string, old: GroupSummary, cur: GroupSummary, margin: number, result: ComparisonResult): void {
  if (old.expectedDelivery < 1 || cur.expectedDelivery < 1) {
    result.skipped.push({ group, reason: `delivery rate: no invitation expected to arrive (${old.expectedDelivery === 0 ? 'baseline' : 'this run'})` });
    return;
  }
  const points = (cur.deliveryRate - old.deliveryRate) * 100;
  const detail = `delivery ${pct(old.deliveryRate)} (${old.delivered}/${old.expectedDelivery}) → ${pct(cur.deliveryRate)} (${cur.delivered}/${cur.expectedDelivery})`;
  const change = { group, metric: 'deliveryRate' as const, baseline: old.deliveryRate, current: cur.deliveryRate, change: points };
  if (-points > margin) result.regressions.push({ ...change, message: `${group}: ${detail}, down ${fmt(-points)} points (margin ${fmt(margin)})` });
  else if (points > margin) result.improvements.push({ ...change, message: `${group}: ${detail}, up ${fmt(points)} points` });
}

function compareP95(group: string, old: GroupSummary, cur: GroupSummary, margin: number, minDeltaMs: number, result: ComparisonResult): void {
  const a = old.hops[gatedHop];
  const b = cur.hops[gatedHop];
  if (!a || !b || a.n < 1 || b.n < 1) {
    result.skipped.push({ group, reason: `${gatedHop} p95: no delivered invitation with both stamps (${!a || a.n < 1 ? 'baseline' : 'this run'})` });
    return;
  }
  const deltaMs = b.p95 - a.p95;
  const percent = a.p95 > 0 ? (deltaMs / a.p95) * 100 : deltaMs > 0 ? Infinity : 0;
  const detail = `${gatedHop} p95 ${ms(a.p95)} (n=${a.n}) → ${ms(b.p95)} (n=${b.n})`;
  const change = { group, metric: 'p95' as const, hop: gatedHop, baseline: a.p95, current: b.p95, change: percent };
  if (percent > margin && deltaMs >= minDeltaMs) {
    result.regressions.push({ ...change, message: `${group}: ${detail}, +${fmt(percent)}% (margin ${fmt(margin)}%)` });
  } else if (-percent > margin && -deltaMs >= minDeltaMs) {
    result.improvements.push({ ...change, message: `${group}: ${detail}, ${fmt(percent)}%` });
  }
}

const fmt = (x: number) => (Number.isFinite(x) ? String(Math.round(x * 10) / 10) : '∞');
const pct = (rate: number) => `${fmt(rate * 100)}%`;
const ms = (x: number) => `${Math.round(x)} ms`;

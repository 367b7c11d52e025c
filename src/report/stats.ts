import { build } from 'hdr-histogram-js';
import { vendorIds } from '../vendors/common/ids.js';
import { appStates, type Outcome } from '../vendors/common/delivery-rules.js';
import { hops, stampOrder, type GroupSummary, type HopName, type HopSummary, type LatencySample, type Stamps } from './types.js';

/** One hop's latency summary in ms (nearest-rank percentiles); undefined when there are no samples. */
export function summarize(samples: readonly number[]): HopSummary | undefined {
  if (samples.length === 0) return undefined;
  const s = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => s[Math.max(0, Math.ceil(p * s.length) - 1)]!; // nearest rank
  const mean = s.reduce((sum, v) => sum + v, 0) / s.length;
  return { n: s.length, p50: rank(0.5), p95: rank(0.95), p99: rank(0.99), max: s[s.length - 1]!, mean };
}

/** Outcomes under which the invitation should reach the phone; the others (dropped, refused) count as "not expected". */
const deliveryOutcomes: readonly Outcome[] = ['app', 'system', 'queued'];

/** Whether the sample's expected outcome is a delivery (app, system or queued). */
export function expectsDelivery(sample: Pick<LatencySample, 'expected'>): boolean {
  return deliveryOutcomes.includes(sample.expected);
}

/**
 * Delivered ÷ expected over the samples that expected delivery; 1 when none did.
 * A sample expected to be dropped counts in neither figure, whatever happened to it.
 */
export function deliveryTotals(samples: readonly LatencySample[]): { delivered: number; expected: number; rate: number } {
  const expected = samples.filter(expectsDelivery);
  const delivered = expected.filter((s) => s.result === 'delivered').length;
  return { delivered, expected: expected.length, rate: expected.length === 0 ? 1 : delivered / expected.length };
}

/** Each hop's duration in ms for a delivered sample, for the hops whose two stamps are both present; {} otherwise. */
export function hopDurations(sample: Pick<LatencySample, 'result' | 'stamps'>): Partial<Record<HopName, number>> {
  const out: Partial<Record<HopName, number>> = {};
  if (sample.result !== 'delivered') return out;
  for (const [name, from, to] of hops) {
    const start = sample.stamps[from];
    const end = sample.stamps[to];
    if (start !== undefined && end !== undefined) out[name] = end - start;
  }
  return out;
}

/** Group label used in the report, the baseline comparison and the CLI output. */
export function groupLabel(group: Pick<GroupSummary, 'device' | 'vendor' | 'state'>): string {
  return `${group.device} · ${group.vendor} · ${group.state}`;
}

/** Device (code-point order), then vendor and state in their catalogue order: the same run always lists the same way. */
export function compareGroups(a: Pick<GroupSummary, 'device' | 'vendor' | 'state'>, b: Pick<GroupSummary, 'device' | 'vendor' | 'state'>): number {
  if (a.device !== b.device) return a.device < b.device ? -1 : 1;
  return vendorIds.indexOf(a.vendor) - vendorIds.indexOf(b.vendor) || appStates.indexOf(a.state) - appStates.indexOf(b.state);
}

/** Per device × vendor × app state: sample counts, delivery rate and a summary of every hop that has data. */
export function summarizeReport(samples: readonly LatencySample[]): GroupSummary[] {
  const groups = new Map<string, LatencySample[]>();
  for (const sample of samples) {
    const key = JSON.stringify([sample.device, sample.vendor, sample.state]);
    const list = groups.get(key);
    if (list) list.push(sample);
    else groups.set(key, [sample]);
  }
  const out: GroupSummary[] = [];
  for (const members of groups.values()) {
    const { device, vendor, state } = members[0]!;
    // Invitations slowed on purpose (an injected gateway delay) count for delivery, not for the latency percentiles.
    const durations = members.filter((m) => !m.injected?.gatewayDelayMs).map(hopDurations);
    const hopSummaries: GroupSummary['hops'] = {};
    for (const [name] of hops) {
      const summary = summarize(durations.flatMap((d) => (d[name] === undefined ? [] : [d[name]])));
      if (summary) hopSummaries[name] = summary;
    }
    const totals = deliveryTotals(members);
    out.push({
      device, vendor, state,
      samples: members.length,
      delivered: members.filter((s) => s.result === 'delivered').length,
      expectedDelivery: totals.expected,
      deliveryRate: totals.rate,
      hops: hopSummaries,
    });
  }
  return out.sort(compareGroups);
}

/** Bars and cumulative curve of one hop's latencies, ready for a chart. */
export interface Distribution {
  n: number;
  /** Equal-width buckets [fromMs, toMs) covering min…max (the last one includes max). */
  buckets: { fromMs: number; toMs: number; count: number }[];
  /** (latency, fraction of samples at or below it) from HdrHistogram's percentile ladder, starting at (min, 0); draw it stepped. */
  cdf: { ms: number; fraction: number }[];
}

/** Percentiles the CDF is drawn through: every 2.5 % plus the tail HdrHistogram plots are read for. */
const cdfLadder = [...Array.from({ length: 41 }, (_, i) => i * 2.5), 99, 99.9].sort((a, b) => a - b);

/**
 * Histogram buckets and CDF of latencies in ms. The CDF comes from an HdrHistogram (3 significant digits, so
 * within 0.1 %; values rounded to whole ms; a negative latency, which only a mis-estimated clock offset produces, is drawn at 0).
 */
export function distribution(values: readonly number[], bucketCount = 12): Distribution {
  if (values.length === 0) return { n: 0, buckets: [], cdf: [] };
  const min = Math.min(...values);
  const max = Math.max(...values);
  const width = niceStep((max - min) / bucketCount);
  const start = Math.floor(min / width) * width;
  const count = Math.max(1, Math.ceil((max - start) / width));
  const buckets = Array.from({ length: count }, (_, i) => ({ fromMs: start + i * width, toMs: start + (i + 1) * width, count: 0 }));
  for (const v of values) buckets[Math.min(count - 1, Math.floor((v - start) / width))]!.count += 1;

  const histogram = build({ useWebAssembly: false, numberOfSignificantValueDigits: 3, autoResize: true });
  try {
    for (const v of values) histogram.recordValue(Math.max(0, Math.round(v)));
    const cdf: Distribution['cdf'] = [];
    for (const p of cdfLadder) {
      const ms = histogram.getValueAtPercentile(p);
      const last = cdf[cdf.length - 1];
      if (last?.ms === ms) last.fraction = p / 100; // one point per distinct value, at the highest fraction it reaches
      else cdf.push({ ms, fraction: p / 100 });
    }
    return { n: values.length, buckets, cdf: [{ ms: cdf[0]!.ms, fraction: 0 }, ...cdf] };
  } finally {
    histogram.destroy();
  }
}

/** 1, 2 or 5 × a power of ten, at least `raw` (and at least 1 ms). */
function niceStep(raw: number): number {
  if (!(raw > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  return step ?? 10 * power;
}

/** The non-overlapping segments of one invitation between consecutive stamps that are present (for the timeline). */
export function timeline(stamps: Stamps): { from: keyof Stamps; to: keyof Stamps; ms: number }[] {
  const present = stampOrder.filter((name) => stamps[name] !== undefined);
  return present.slice(1).map((to, i) => ({ from: present[i]!, to, ms: stamps[to]! - stamps[present[i]!]! }));
}

/** The delivered sample at the nearest-rank median of the `push` hop (end-to-end when none has one); undefined when none was delivered. */
export function medianSample<T extends LatencySample>(samples: readonly T[]): T | undefined {
  for (const hop of ['push', 'end-to-end', 'gateway'] as const) {
    const ranked = samples
      .map((sample) => ({ sample, ms: hopDurations(sample)[hop] }))
      .filter((x): x is { sample: T; ms: number } => x.ms !== undefined)
      .sort((a, b) => a.ms - b.ms);
    if (ranked.length > 0) return ranked[Math.max(0, Math.ceil(0.5 * ranked.length) - 1)]!.sample;
  }
  return samples.find((s) => s.result === 'delivered');
}

import { describe, it, expect } from '@jest/globals';
import { compare } from '../../../src/report/baseline.js';
import { buildReport } from '../../../src/report/schema.js';
import type { LatencySample } from '../../../src/report/types.js';
import { makeSample, pushed } from './make-sample.js';

const now = new Date('2025-03-01T08:00:00.000Z');
const report = (samples: LatencySample[]) => buildReport(samples, {}, now);
/** Twenty delivered invitations whose push hops are 10·scale … 200·scale ms (p95 = 190·scale). */
const twenty = (scale: number, overrides: Parameters<typeof pushed>[1] = {}) => Array.from({ length: 20 }, (_, i) => pushed((i + 1) * 10 * scale, overrides));
const missed = (n: number) => Array.from({ length: n }, () => makeSample({ result: 'not-delivered', passed: false }));

describe('compare', () => {
  it('flags a push p95 that grew beyond the margin', () => {
    const result = compare(report(twenty(1.2)), report(twenty(1)), 10);
    expect(result.regressions).toHaveLength(1);
    expect(result.regressions[0]).toMatchObject({ group: 'xiaomi-14 · xiaomi · killed', metric: 'p95', hop: 'push', baseline: 190, current: 228 });
    expect(result.regressions[0]!.message).toBe('xiaomi-14 · xiaomi · killed: push p95 190 ms (n=20) → 228 ms (n=20), +20% (margin 10%)');
  });

  it('passes a p95 that grew within the margin', () => {
    const result = compare(report(twenty(1.05)), report(twenty(1)), 10);
    expect(result.regressions).toEqual([]);
    expect(result.compared).toEqual(['xiaomi-14 · xiaomi · killed']);
  });

  it('flags a delivery rate that fell by more than the margin in points', () => {
    const result = compare(report([...twenty(1).slice(0, 16), ...missed(4)]), report(twenty(1)), 10);
    expect(result.regressions.map((r) => r.metric)).toEqual(['deliveryRate']);
    expect(result.regressions[0]!.message).toBe('xiaomi-14 · xiaomi · killed: delivery 100% (20/20) → 80% (16/20), down 20 points (margin 10)');
  });

  it('passes a delivery rate that fell within the margin', () => {
    const result = compare(report([...twenty(1).slice(0, 19), ...missed(1)]), report(twenty(1)), 10);
    expect(result.regressions.filter((r) => r.metric === 'deliveryRate')).toEqual([]);
  });

  it('reports improvements and leaves them out of the regressions', () => {
    const result = compare(report(twenty(0.5)), report(twenty(1)), 10);
    expect(result.regressions).toEqual([]);
    expect(result.improvements.map((r) => r.message)).toEqual(['xiaomi-14 · xiaomi · killed: push p95 190 ms (n=20) → 95 ms (n=20), -50%']);
  });

  it('ignores a p95 increase smaller than minDeltaMs', () => {
    const fast = (ms: number) => report(Array.from({ length: 5 }, () => pushed(ms)));
    expect(compare(fast(4), fast(3), 10).regressions).toHaveLength(1);
    expect(compare(fast(4), fast(3), 10, { minDeltaMs: 5 }).regressions).toEqual([]);
  });

  it('skips, and says why, groups found on one side only or without data', () => {
    const current = report([...twenty(1), makeSample({ state: 'force-stopped', expected: 'dropped', result: 'not-delivered' }), pushed(100, { device: 'mate-60', vendor: 'huawei' })]);
    const baseline = report([...twenty(1), makeSample({ state: 'force-stopped', expected: 'dropped', result: 'not-delivered' }), pushed(100, { device: 'iphone-15', vendor: 'apns', platform: 'ios' })]);
    const result = compare(current, baseline, 10);
    expect(result.regressions).toEqual([]);
    expect(result.compared).toEqual(['xiaomi-14 · xiaomi · killed', 'xiaomi-14 · xiaomi · force-stopped']);
    expect(result.skipped).toEqual([
      { group: 'mate-60 · huawei · killed', reason: 'not in the baseline' },
      { group: 'xiaomi-14 · xiaomi · force-stopped', reason: 'delivery rate: no invitation expected to arrive (baseline)' },
      { group: 'xiaomi-14 · xiaomi · force-stopped', reason: 'push p95: no delivered invitation with both stamps (baseline)' },
      { group: 'iphone-15 · apns · killed', reason: 'in the baseline but not in this run' },
    ]);
  });
});

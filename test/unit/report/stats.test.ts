import { describe, it, expect } from '@jest/globals';
import { distribution, hopDurations, medianSample, summarize, summarizeReport, timeline } from '../../../src/report/stats.js';
import { makeSample, pushed } from './make-sample.js';

describe('summarize', () => {
  it('returns undefined when there are no samples', () => {
    expect(summarize([])).toBeUndefined();
  });

  it('takes nearest-rank percentiles of unsorted data without changing it', () => {
    const data = [15, 50, 35, 20, 40];
    expect(summarize(data)).toEqual({ n: 5, p50: 35, p95: 50, p99: 50, max: 50, mean: 32 });
    expect(data).toEqual([15, 50, 35, 20, 40]);
  });

  it('picks ranks ceil(p·n) on 1…20', () => {
    const data = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(summarize(data)).toEqual({ n: 20, p50: 10, p95: 19, p99: 20, max: 20, mean: 10.5 });
  });

  it('reads a single sample as every percentile', () => {
    expect(summarize([7])).toEqual({ n: 1, p50: 7, p95: 7, p99: 7, max: 7, mean: 7 });
  });

  it('keeps negative durations (a mis-estimated clock offset shows instead of hiding)', () => {
    expect(summarize([-5, 10])?.p50).toBe(-5);
  });
});

describe('hopDurations', () => {
  it('gives every hop of a delivered invitation with all stamps', () => {
    expect(hopDurations(makeSample())).toEqual({ push: 350, gateway: 50, delivery: 250, display: 50, tap: 1000, connect: 650, 'end-to-end': 2000 });
  });

  it('leaves out hops whose stamps are missing', () => {
    const d = hopDurations(makeSample({ stamps: { tappedAt: undefined, gatewayAcceptedAt: undefined } }));
    expect(Object.keys(d).sort()).toEqual(['display', 'end-to-end', 'push']);
  });

  it('gives nothing for an invitation that was not delivered', () => {
    expect(hopDurations(makeSample({ result: 'accepted-not-shown' }))).toEqual({});
  });
});

describe('summarizeReport', () => {
  it('groups by device × vendor × state in a stable order whatever the input order', () => {
    const samples = [
      pushed(300, { device: 'mate-60', vendor: 'huawei', state: 'killed' }),
      pushed(100, { state: 'background' }),
      pushed(200, { state: 'killed' }),
      pushed(250, { state: 'killed' }),
      pushed(400, { device: 'iphone-15', vendor: 'apns', platform: 'ios', state: 'killed' }),
    ];
    const forward = summarizeReport(samples).map((g) => [g.device, g.vendor, g.state, g.samples]);
    expect(forward).toEqual([
      ['iphone-15', 'apns', 'killed', 1],
      ['mate-60', 'huawei', 'killed', 1],
      ['xiaomi-14', 'xiaomi', 'background', 1],
      ['xiaomi-14', 'xiaomi', 'killed', 2],
    ]);
    expect(summarizeReport([...samples].reverse()).map((g) => [g.device, g.vendor, g.state, g.samples])).toEqual(forward);
  });

  it('summarizes each hop over the delivered invitations only', () => {
    const [group] = summarizeReport([pushed(200), pushed(400), pushed(300), makeSample({ result: 'not-delivered', passed: false, stamps: { shownAt: undefined } })]);
    expect(group!.hops.push).toEqual({ n: 3, p50: 300, p95: 400, p99: 400, max: 400, mean: 300 });
    expect(group!.hops.tap).toBeUndefined();
  });

  it('counts the delivery rate over invitations expected to arrive, leaving expected drops out', () => {
    const [group] = summarizeReport([
      pushed(100), pushed(100), pushed(100),
      makeSample({ result: 'not-delivered', passed: false }),
      makeSample({ expected: 'dropped', result: 'not-delivered' }),
      makeSample({ expected: 'refused', result: 'refused' }),
      makeSample({ expected: 'queued', result: 'delivered' }),
    ]);
    expect(group).toMatchObject({ samples: 7, delivered: 4, expectedDelivery: 5, deliveryRate: 0.8 });
  });

  it('reports a rate of 1 when no invitation was expected to arrive, even if one did', () => {
    const [group] = summarizeReport([makeSample({ expected: 'dropped', result: 'not-delivered' }), makeSample({ expected: 'dropped', result: 'delivered', passed: false })]);
    expect(group).toMatchObject({ samples: 2, delivered: 1, expectedDelivery: 0, deliveryRate: 1 });
  });

  it('returns no group for no samples', () => {
    expect(summarizeReport([])).toEqual([]);
  });
});

describe('distribution', () => {
  it('buckets every value once and ends the CDF at 100 % near the maximum', () => {
    const values = [100, 120, 130, 151, 160, 800, 1500, 3000];
    const d = distribution(values);
    expect(d.n).toBe(8);
    expect(d.buckets.reduce((sum, b) => sum + b.count, 0)).toBe(8);
    expect(d.buckets[0]!.fromMs).toBeLessThanOrEqual(100);
    expect(d.buckets.at(-1)!.toMs).toBeGreaterThanOrEqual(3000);
    expect(d.cdf[0]).toEqual({ ms: 100, fraction: 0 });
    expect(d.cdf.at(-1)!.fraction).toBe(1);
    expect(d.cdf.at(-1)!.ms).toBeCloseTo(3000, -1); // HdrHistogram, 3 significant digits
    expect(d.cdf.find((p) => p.ms === 151)?.fraction).toBe(0.5);
  });

  it('puts equal values into one bucket and is empty for no values', () => {
    expect(distribution([42, 42, 42]).buckets).toEqual([{ fromMs: 42, toMs: 43, count: 3 }]);
    expect(distribution([])).toEqual({ n: 0, buckets: [], cdf: [] });
  });
});

describe('timeline and medianSample', () => {
  it('splits an invitation into segments between the stamps it has', () => {
    expect(timeline({ sentAt: 0, gatewayAcceptedAt: 20, shownAt: 120 })).toEqual([
      { from: 'sentAt', to: 'gatewayAcceptedAt', ms: 20 },
      { from: 'gatewayAcceptedAt', to: 'shownAt', ms: 100 },
    ]);
  });

  it('picks the delivered invitation at the median push latency', () => {
    const samples = [pushed(500, { id: 'a' }), makeSample({ id: 'x', result: 'not-delivered', passed: false }), pushed(100, { id: 'b' }), pushed(300, { id: 'c' })];
    expect(medianSample(samples)?.id).toBe('c');
    expect(medianSample([makeSample({ result: 'error', passed: false })])).toBeUndefined();
  });
});

describe('injected delay', () => {
  it('keeps deliberately delayed invitations out of the latency percentiles but counts their delivery', () => {
    const base = { id: 'x', scenario: 's', device: 'd', vendor: 'xiaomi', platform: 'android', state: 'killed', provider: 'zego', callType: 'video', message: 'notification', source: 'cloud', expected: 'system', result: 'delivered', passed: true, clock: { offsetMs: 0, uncertaintyMs: 1 } } as const;
    const [group] = summarizeReport([
      { ...base, stamps: { sentAt: 0, shownAt: 10 } },
      { ...base, stamps: { sentAt: 0, shownAt: 310 }, injected: { gatewayDelayMs: 300 } },
    ]);
    expect(group!.hops.push).toMatchObject({ n: 1, max: 10 });
    expect(group!.delivered).toBe(2);
  });
});

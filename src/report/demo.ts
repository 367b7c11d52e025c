import type { AppState, Outcome } from '../vendors/common/delivery-rules.js';
import type { VendorId } from '../vendors/common/ids.js';
import type { LatencySample, SampleResult, Stamps } from './types.js';

/** A scenario the demo data cycles through; latency ranges are made up for the picture, not measured. */
interface DemoScenario {
  device: string; vendor: VendorId; platform: 'android' | 'ios'; state: AppState; message: LatencySample['message'];
  expected: Outcome; deliveryMs: [number, number]; failEvery?: number;
}

const scenarios = [
  { device: 'xiaomi-14', vendor: 'xiaomi', platform: 'android', state: 'background', message: 'notification', expected: 'system', deliveryMs: [150, 700] },
  { device: 'xiaomi-14', vendor: 'xiaomi', platform: 'android', state: 'killed', message: 'notification', expected: 'system', deliveryMs: [400, 2400], failEvery: 5 },
  { device: 'xiaomi-14', vendor: 'xiaomi', platform: 'android', state: 'force-stopped', message: 'notification', expected: 'dropped', deliveryMs: [0, 0] },
  { device: 'mate-60', vendor: 'huawei', platform: 'android', state: 'killed', message: 'notification', expected: 'system', deliveryMs: [200, 1200], failEvery: 4 },
  { device: 'mate-60', vendor: 'huawei', platform: 'android', state: 'background', message: 'data', expected: 'app', deliveryMs: [120, 500] },
  { device: 'iphone-15', vendor: 'apns', platform: 'ios', state: 'killed', message: 'voip', expected: 'system', deliveryMs: [90, 600] },
] as const satisfies readonly DemoScenario[];

const diagnoses = [
  'notification never shown: HMS returned 80300007 (Authorization: Bearer abcdefghijklmnop1234) — check the category IM is approved',
  'gateway accepted, phone did not post it within 30000 ms: <script>alert(1)</script> MIUI auto-start is off',
];

/**
 * Deterministic fake samples over three vendors for screenshots, docs and tests (same seed, same samples).
 * @example buildReport(demoSamples({ count: 40 }), { command: 'demo' }, new Date(0))
 */
export function demoSamples({ count = 40, seed = 1, startMs = Date.UTC(2025, 0, 1) }: { count?: number; seed?: number; startMs?: number } = {}): LatencySample[] {
  const random = mulberry32(seed);
  const between = ([lo, hi]: readonly [number, number]) => Math.round(lo + (hi - lo) * random());
  return Array.from({ length: count }, (_, i) => {
    const sc: DemoScenario = scenarios[i % scenarios.length]!;
    const round = Math.floor(i / scenarios.length);
    const sentAt = startMs + i * 6_000;
    const failed = sc.failEvery !== undefined && round % sc.failEvery === sc.failEvery - 1;
    let result: SampleResult;
    const stamps: Stamps = { sentAt, gatewayAcceptedAt: sentAt + between([15, 180]) };
    if (sc.expected === 'dropped') {
      result = 'not-delivered';
    } else if (failed) {
      result = sc.vendor === 'huawei' ? 'accepted-not-shown' : 'not-delivered';
    } else {
      result = 'delivered';
      stamps.deviceReceivedAt = stamps.gatewayAcceptedAt! + between(sc.deliveryMs);
      stamps.shownAt = stamps.deviceReceivedAt + between([8, 90]);
      stamps.tappedAt = stamps.shownAt + between([600, 2200]);
      stamps.callConnectedAt = stamps.tappedAt + between([350, 1400]);
    }
    const sample: LatencySample = {
      id: `inv-${String(i + 1).padStart(3, '0')}`,
      scenario: `${sc.device} · ${sc.state} · zego · video`,
      device: sc.device, vendor: sc.vendor, platform: sc.platform, state: sc.state,
      provider: 'zego', callType: 'video', message: sc.message, source: 'cloud',
      expected: sc.expected, result, passed: !failed,
      stamps,
      clock: { offsetMs: sc.platform === 'ios' ? -42 : 12, uncertaintyMs: 3 },
    };
    if (failed) sample.diagnosis = diagnoses[round % diagnoses.length]!;
    return sample;
  });
}

/** Small seeded PRNG (mulberry32), so the demo is the same on every machine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

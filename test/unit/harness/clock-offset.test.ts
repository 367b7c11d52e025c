import { describe, expect, it } from '@jest/globals';
import { estimateOffset, toHostTime } from '../../../src/harness/clock-offset.js';

describe('clock offset estimate', () => {
  it('takes the midpoint of the tightest round trip and half of it as the uncertainty', () => {
    const probes = [
      { sentAt: 1000, deviceTime: 3510, receivedAt: 1040 },
      { sentAt: 2000, deviceTime: 4503, receivedAt: 2006 },
      { sentAt: 3000, deviceTime: 5530, receivedAt: 3020 },
    ];
    expect(estimateOffset(probes)).toEqual({ offsetMs: 2500, uncertaintyMs: 3.5, probes: 3 });
  });

  it('contains the true offset whatever the device clock read inside the window', () => {
    const trueOffset = -2300;
    for (const at of [0, 0.25, 0.5, 1]) {
      const probe = { sentAt: 10_000, deviceTime: 10_000 + 8 * at + trueOffset, receivedAt: 10_008 };
      const est = estimateOffset([probe]);
      expect(Math.abs(est.offsetMs - trueOffset)).toBeLessThanOrEqual(est.uncertaintyMs);
    }
  });

  it('maps a device stamp onto the host clock and refuses to estimate from nothing', () => {
    expect(toHostTime(5000, { offsetMs: 1200, uncertaintyMs: 1, probes: 1 })).toBe(3800);
    expect(() => estimateOffset([])).toThrow('no getDeviceTime probes');
  });
});

import type { LatencySample, Stamps } from '../../../src/report/types.js';

/** A delivered xiaomi-14 / killed invitation; every field can be overridden. */
export function makeSample(overrides: Partial<Omit<LatencySample, 'stamps'>> & { stamps?: Partial<Stamps> } = {}): LatencySample {
  const { stamps, ...rest } = overrides;
  return {
    id: 'inv-1',
    scenario: 'xiaomi-14 · killed · zego · video',
    device: 'xiaomi-14', vendor: 'xiaomi', platform: 'android', state: 'killed',
    provider: 'zego', callType: 'video', message: 'notification', source: 'cloud',
    expected: 'system', result: 'delivered', passed: true,
    clock: { offsetMs: 0, uncertaintyMs: 1 },
    ...rest,
    stamps: { sentAt: 1_000, gatewayAcceptedAt: 1_050, deviceReceivedAt: 1_300, shownAt: 1_350, tappedAt: 2_350, callConnectedAt: 3_000, ...stamps },
  };
}

/** A delivered sample whose push hop (sent → shown) took `pushMs`. */
export function pushed(pushMs: number, overrides: Parameters<typeof makeSample>[0] = {}): LatencySample {
  return makeSample({ ...overrides, stamps: { sentAt: 1_000, gatewayAcceptedAt: 1_000 + pushMs / 4, deviceReceivedAt: 1_000 + pushMs / 2, shownAt: 1_000 + pushMs, tappedAt: undefined, callConnectedAt: undefined, ...overrides.stamps } });
}

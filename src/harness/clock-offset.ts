/** One `getDeviceTime` round trip: host clock before and after, device clock in between (epoch ms). */
export interface TimeProbe { readonly sentAt: number; readonly deviceTime: number; readonly receivedAt: number }

/** How far the device clock is ahead of the host's (device − host), and how sure we are. */
export interface ClockOffset { readonly offsetMs: number; readonly uncertaintyMs: number; readonly probes: number }

/**
 * NTP-style estimate: the device read its clock somewhere inside the round trip, so the midpoint is
 * the best guess and half the round trip (+ half the device clock's resolution) bounds the error.
 * The tightest round trip wins: queueing delays only ever widen the window.
 */
export function estimateOffset(probes: readonly TimeProbe[], deviceResolutionMs = 1): ClockOffset {
  if (probes.length === 0) throw new Error('clock offset: no getDeviceTime probes to estimate from');
  const tightest = probes.reduce((best, p) => (p.receivedAt - p.sentAt < best.receivedAt - best.sentAt ? p : best));
  const midpoint = (tightest.sentAt + tightest.receivedAt) / 2;
  return {
    offsetMs: tightest.deviceTime - midpoint,
    uncertaintyMs: (tightest.receivedAt - tightest.sentAt) / 2 + deviceResolutionMs / 2,
    probes: probes.length,
  };
}

/** A device-clock stamp on the host's clock. */
export function toHostTime(deviceStamp: number, offset: ClockOffset): number {
  return deviceStamp - offset.offsetMs;
}

import type { DeliveryTable } from '../common/delivery-rules.js';

// Flyme: notification messages are shown by the system (unconfirmed, §9). Pass-through still has an
// endpoint (§8.1) but has been restricted since 2018-06-16 and may be shut off (§8.5; over the
// limit → 110053, §8.4): modelled as working within the limit and, like Xiaomi's, needing the app
// process. Meizu is the one gateway that refuses a push when the user switched it off (§8.4).

const systemShows = 'assumption: the Flyme system channel shows it without the app (reference/vendor-gateways.md §9: "system shows", unconfirmed)';
const passThroughLive = 'assumption: within Meizu\'s pass-through limit (restricted since 2018-06-16, may be shut off, over the limit → 110053: reference/vendor-gateways.md §8.5, §8.4) a running app gets it';
const passThroughDead = 'assumption: pass-through needs the app\'s receiver to run, as for Xiaomi (reference/vendor-gateways.md §5.6, §8.5), so it is dropped without a live process';
const tokenGone = 'reference/vendor-gateways.md §8.4 (mz-api: pushId listed under 110002 — not subscribed, uninstalled / unregistered)';

/** What a Flyme phone does with each Meizu Push message type, per app state (reference/vendor-gateways.md §8.5, §9). */
export const meizuDelivery = {
  foreground: {
    notification: { outcome: 'system', source: 'assumption: Flyme shows notification-bar messages while the app is in the foreground too; reference/vendor-gateways.md is silent' },
    data: { outcome: 'app', source: passThroughLive },
  },
  background: {
    notification: { outcome: 'system', source: systemShows },
    data: { outcome: 'app', source: passThroughLive },
  },
  frozen: {
    notification: { outcome: 'system', source: systemShows },
    data: { outcome: 'dropped', source: passThroughDead },
  },
  swiped: {
    notification: { outcome: 'system', source: systemShows },
    data: { outcome: 'dropped', source: 'assumption: Flyme, like other OEM ROMs, kills the process on swipe (reference/vendor-gateways.md §2.6) and pass-through needs it (§8.5)' },
  },
  killed: {
    notification: { outcome: 'system', source: systemShows },
    data: { outcome: 'dropped', source: passThroughDead },
  },
  'force-stopped': {
    notification: { outcome: 'system', source: 'assumption: the Flyme system channel shows it for a force-stopped app as well; reference/vendor-gateways.md §9 marks it unconfirmed' },
    data: { outcome: 'dropped', source: passThroughDead },
  },
  offline: {
    notification: { outcome: 'queued', source: 'reference/vendor-gateways.md §8.5 (mz-api: kept validTime hours, default 24, max 72, when offLine=1, the default)' },
    data: { outcome: 'queued', source: 'reference/vendor-gateways.md §8.3 (mz-api: pass-through messageJson carries pushTimeInfo offLine / validTime, kept ≤ 72 h)' },
  },
  doze: {
    notification: { outcome: 'system', source: 'assumption: the Flyme push service is a system service that keeps its connection in Doze; reference/vendor-gateways.md is silent' },
    data: { outcome: 'app', source: 'assumption: the process is alive and the Flyme push service hands pass-through over during Doze; reference/vendor-gateways.md is silent' },
  },
  'notifications-off': {
    notification: { outcome: 'refused', source: 'assumption: the user\'s push switch is the app\'s notification setting; the gateway then lists the pushId under 110010 "switch off" (reference/vendor-gateways.md §8.4)' },
    data: { outcome: 'app', source: 'assumption: Flyme keeps separate notification and pass-through switches, so turning notifications off does not gate pass-through; reference/vendor-gateways.md is silent' },
  },
  uninstalled: {
    notification: { outcome: 'refused', source: tokenGone },
    data: { outcome: 'refused', source: tokenGone },
  },
} as const satisfies DeliveryTable;

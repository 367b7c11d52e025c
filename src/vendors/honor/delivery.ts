import type { DeliveryTable } from '../common/delivery-rules.js';

// Honor's device behaviour is not documented in the reference: §9 says "as Huawei (unconfirmed)", so
// most rows mirror src/vendors/huawei/delivery.ts as assumptions. Only TTL and token expiry are Honor's own.

const systemShows = 'assumption: as Huawei, the system channel shows it without the app process (reference/vendor-gateways.md §9: Honor behaves as Huawei, unconfirmed; §3.6)';
const liveProcess = 'assumption: as Huawei, data messages need the app process, which is running (reference/vendor-gateways.md §9, unconfirmed for Honor; §3.6 HW-restrictions)';
const noProcess = 'assumption: as Huawei, normal-urgency data needs a live process and is dropped without one (reference/vendor-gateways.md §9, unconfirmed for Honor; §3.6 HW-restrictions)';
const cached = 'reference/vendor-gateways.md §4.2 (honor-go: android.ttl default 86400 s, max 1296000 s = 15 d)';
const tokenGone = 'reference/vendor-gateways.md §4.3 (honor-go / honor-masa: the reply lists the token under expireTokens; the exact business code is unconfirmed)';

/** What a Honor (MagicOS) phone does with each Honor Push message type, per app state (reference/vendor-gateways.md §4.4, §9). */
export const honorDelivery = {
  foreground: {
    notification: { outcome: 'system', source: 'assumption: as Huawei (foreground_show defaults to true), the system shows it in the foreground too (reference/vendor-gateways.md §9: Honor behaves as Huawei, unconfirmed)' },
    data: { outcome: 'app', source: liveProcess },
  },
  background: {
    notification: { outcome: 'system', source: systemShows },
    data: { outcome: 'app', source: liveProcess },
  },
  frozen: {
    notification: { outcome: 'system', source: systemShows },
    data: { outcome: 'dropped', source: noProcess },
  },
  swiped: {
    notification: { outcome: 'system', source: systemShows },
    data: { outcome: 'dropped', source: 'assumption: as Huawei, the ROM kills the process on swipe (reference/vendor-gateways.md §2.6) and normal-urgency data needs a live process (§3.6)' },
  },
  killed: {
    notification: { outcome: 'system', source: systemShows },
    data: { outcome: 'dropped', source: noProcess },
  },
  'force-stopped': {
    notification: { outcome: 'system', source: 'assumption: as Huawei, the system channel still shows notification messages for a force-stopped app; reference/vendor-gateways.md §9 marks it unconfirmed' },
    data: { outcome: 'dropped', source: noProcess },
  },
  offline: {
    notification: { outcome: 'queued', source: cached },
    data: { outcome: 'queued', source: cached },
  },
  doze: {
    notification: { outcome: 'system', source: 'assumption: as Huawei, call-category messages are not held during sleep (reference/vendor-gateways.md §3.6 HW-intro; §9, unconfirmed for Honor)' },
    data: { outcome: 'app', source: 'assumption: as Huawei, the process is alive and the system push service hands data over during Doze; reference/vendor-gateways.md is silent' },
  },
  'notifications-off': {
    notification: { outcome: 'dropped', source: 'assumption: as Huawei, accepted but not shown while notifications are disabled (reference/vendor-gateways.md §3.4 HW-receipt status 6; §9, unconfirmed for Honor)' },
    data: { outcome: 'app', source: 'assumption: a data message shows nothing, so the notification setting does not gate it (reference/vendor-gateways.md §9)' },
  },
  uninstalled: {
    notification: { outcome: 'refused', source: tokenGone },
    data: { outcome: 'refused', source: tokenGone },
  },
} as const satisfies DeliveryTable;

import type { DeliveryTable } from '../common/delivery-rules.js';

// EMUI / HMS: notification messages are shown by the system notification service (NC) without the
// app; data messages of normal urgency need a live app process (§3.6). The table models normal
// urgency: `urgency: HIGH` + category VOIP (permissioned) could start the process, a profile flag.

const systemShows = 'reference/vendor-gateways.md §3.6 (HW-intro: shown by the system notification service even if the app process does not exist; confirmed for HarmonyOS, EMUI assumed)';
const liveProcess = 'reference/vendor-gateways.md §3.6 (HW-restrictions: data messages need the app process, which is running — HmsMessageService.onMessageReceived)';
const noProcess = 'reference/vendor-gateways.md §3.6 (HW-restrictions: normal-urgency data needs a live process; only permissioned urgency HIGH can start it)';
const cached = 'reference/vendor-gateways.md §3.6 (modood-hw: cached for ttl, default 86400 s, max 15 d; HW-restrictions: cached once only)';
const tokenGone = 'reference/vendor-gateways.md §3.4 (80300007: all tokens invalid — app uninstalled)';

/** What an EMUI/HMS phone does with each Huawei Push Kit message type, per app state (reference/vendor-gateways.md §3.6, §9). */
export const huaweiDelivery = {
  foreground: {
    notification: { outcome: 'system', source: 'assumption: android.notification.foreground_show (reference/vendor-gateways.md §3.3) defaults to true, so NC shows it in the foreground too (HMS guide "Obtaining Message Content"; default not in the reference)' },
    data: { outcome: 'app', source: liveProcess },
  },
  background: {
    notification: { outcome: 'system', source: systemShows },
    data: { outcome: 'app', source: liveProcess },
  },
  frozen: {
    notification: { outcome: 'system', source: systemShows },
    data: { outcome: 'dropped', source: 'assumption: a frozen EMUI process cannot run onMessageReceived, and normal-urgency data depends on a live process (reference/vendor-gateways.md §3.6 HW-restrictions)' },
  },
  swiped: {
    notification: { outcome: 'system', source: systemShows },
    data: { outcome: 'dropped', source: 'reference/vendor-gateways.md §2.6 (quickstart-368: Huawei ROMs kill the process on swipe) and §3.6 (HW-restrictions: normal-urgency data needs a live process)' },
  },
  killed: {
    notification: { outcome: 'system', source: systemShows },
    data: { outcome: 'dropped', source: noProcess },
  },
  'force-stopped': {
    notification: { outcome: 'system', source: 'assumption: the HMS system channel still shows notification messages for a force-stopped app, as widely reported; reference/vendor-gateways.md §9 marks it unconfirmed' },
    data: { outcome: 'dropped', source: noProcess },
  },
  offline: {
    notification: { outcome: 'queued', source: cached },
    data: { outcome: 'queued', source: cached },
  },
  doze: {
    notification: { outcome: 'system', source: 'reference/vendor-gateways.md §3.6 (HW-intro: sleep control holds messages except in-app calls and category=VOIP); assumption: the invite is sent with category VOIP' },
    data: { outcome: 'app', source: 'assumption: the process is alive and HMS Core, a system service, hands data over during Doze; reference/vendor-gateways.md §3.6 is silent on Doze' },
  },
  'notifications-off': {
    notification: { outcome: 'dropped', source: 'reference/vendor-gateways.md §3.4 (HW-receipt: accepted, then receipt status 6 — notifications disabled by app, user or channel)' },
    data: { outcome: 'app', source: 'assumption: a data message shows nothing, so the notification setting does not gate it (reference/vendor-gateways.md §3.6)' },
  },
  uninstalled: {
    notification: { outcome: 'refused', source: tokenGone },
    data: { outcome: 'refused', source: tokenGone },
  },
} as const satisfies DeliveryTable;

import type { DeliveryTable } from '../common/delivery-rules.js';

// MIUI / HyperOS: notification messages (pass_through=0) are shown by the MIUI system channel;
// pass-through messages (pass_through=1) go to the app's SDK callback and need its process (§5.6).

const systemChannel = 'reference/vendor-gateways.md §5.6 (mi-intro: shown by the MIUI system channel; the app needn\'t stay in background)';
const sdkCallback = 'reference/vendor-gateways.md §5.6 (mi-faq: the client SDK hands pass-through straight to the app\'s callback, showing nothing)';
const deadProcess = 'assumption: pass-through needs the app\'s receiver and is dropped when the process is dead — widely reported, unconfirmed (reference/vendor-gateways.md §5.6)';
const cached = 'reference/vendor-gateways.md §5.6 (modood-mi: kept up to time_to_live, default and max 2 weeks; only_send_once=1 disables caching)';
const tokenGone = 'assumption: the send is refused for a regid made invalid by uninstall (reference/vendor-gateways.md §5.6 mi-faq); per-regid errors in the reply are unconfirmed (§5.4)';

/** What a MIUI phone does with each MiPush message type, per app state (reference/vendor-gateways.md §5.6, §9). */
export const xiaomiDelivery = {
  foreground: {
    notification: { outcome: 'system', source: 'reference/vendor-gateways.md §5.3 (modood-mi: extra.notify_foreground "1", the default, shows it while the app is in the foreground)' },
    data: { outcome: 'app', source: sdkCallback },
  },
  background: {
    notification: { outcome: 'system', source: systemChannel },
    data: { outcome: 'app', source: sdkCallback },
  },
  frozen: {
    notification: { outcome: 'system', source: systemChannel },
    data: { outcome: 'dropped', source: 'assumption: a frozen MIUI process cannot run the pass-through callback (reference/vendor-gateways.md §5.6: dropped when the process is dead is widely reported, unconfirmed)' },
  },
  swiped: {
    notification: { outcome: 'system', source: systemChannel },
    data: { outcome: 'dropped', source: 'assumption: MIUI kills the process on swipe (reference/vendor-gateways.md §2.6 quickstart-368) and pass-through then goes nowhere (§5.6, unconfirmed)' },
  },
  killed: {
    notification: { outcome: 'system', source: systemChannel },
    data: { outcome: 'dropped', source: deadProcess },
  },
  'force-stopped': {
    notification: { outcome: 'system', source: 'assumption: the MIUI system channel shows it without the app, force-stopped or not (reference/vendor-gateways.md §5.6 mi-intro; §9 marks force-stop unconfirmed)' },
    data: { outcome: 'dropped', source: deadProcess },
  },
  offline: {
    notification: { outcome: 'queued', source: cached },
    data: { outcome: 'queued', source: cached },
  },
  doze: {
    notification: { outcome: 'system', source: 'assumption: the MIUI push service is a system service that keeps its connection in Doze; reference/vendor-gateways.md is silent' },
    data: { outcome: 'app', source: 'assumption: the process is alive and the MIUI push service hands pass-through over during Doze; reference/vendor-gateways.md is silent' },
  },
  'notifications-off': {
    notification: { outcome: 'dropped', source: 'assumption: Xiaomi accepts the message but MIUI shows nothing while the app\'s notifications are off; reference/vendor-gateways.md is silent' },
    data: { outcome: 'app', source: 'assumption: pass-through shows nothing (reference/vendor-gateways.md §5.6 mi-faq), so the notification setting does not gate it' },
  },
  uninstalled: {
    notification: { outcome: 'refused', source: tokenGone },
    data: { outcome: 'refused', source: tokenGone },
  },
} as const satisfies DeliveryTable;

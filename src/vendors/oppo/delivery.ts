import type { DeliveryTable } from '../common/delivery-rules.js';

// ColorOS: every OPPO unicast is a notification shown by the system channel; there is no
// pass-through API (§6.3), so a data message cannot be sent at all: `refused` in every state.

const systemChannel = 'reference/vendor-gateways.md §6.6 (Tencent TPNS: delivered by the ColorOS system channel without opening the app)';
const noPassThrough = 'reference/vendor-gateways.md §6.3 (no pass-through API: every unicast is a notification, endpoint message/notification/…)';

/** What a ColorOS phone does with each OPPO Push message type, per app state (reference/vendor-gateways.md §6.6, §9). */
export const oppoDelivery = {
  foreground: {
    notification: { outcome: 'system', source: 'assumption: ColorOS shows notification messages while the app is in the foreground too (the API has only notifications, reference/vendor-gateways.md §6.3); unconfirmed' },
    data: { outcome: 'refused', source: noPassThrough },
  },
  background: {
    notification: { outcome: 'system', source: systemChannel },
    data: { outcome: 'refused', source: noPassThrough },
  },
  frozen: {
    notification: { outcome: 'system', source: systemChannel },
    data: { outcome: 'refused', source: noPassThrough },
  },
  swiped: {
    notification: { outcome: 'system', source: 'reference/vendor-gateways.md §6.6 (Tencent TPNS: the system channel needs no app; ColorOS kills on swipe, §2.6 quickstart-368)' },
    data: { outcome: 'refused', source: noPassThrough },
  },
  killed: {
    notification: { outcome: 'system', source: systemChannel },
    data: { outcome: 'refused', source: noPassThrough },
  },
  'force-stopped': {
    notification: { outcome: 'system', source: 'assumption: the ColorOS system channel shows it for a force-stopped app as well, as widely reported; reference/vendor-gateways.md §9 marks it unconfirmed' },
    data: { outcome: 'refused', source: noPassThrough },
  },
  offline: {
    notification: { outcome: 'queued', source: 'reference/vendor-gateways.md §6.6 (modood-op: cached for off_line_ttl when off_line=true, the default; max 10 d, §6.3)' },
    data: { outcome: 'refused', source: noPassThrough },
  },
  doze: {
    notification: { outcome: 'system', source: 'assumption: the ColorOS push service is a system service that keeps its connection in Doze; reference/vendor-gateways.md is silent' },
    data: { outcome: 'refused', source: noPassThrough },
  },
  'notifications-off': {
    notification: { outcome: 'dropped', source: 'reference/vendor-gateways.md §6.6 (Tencent TPNS: on ColorOS an app\'s notifications stay off until enabled, and nothing is shown meanwhile)' },
    data: { outcome: 'refused', source: noPassThrough },
  },
  uninstalled: {
    notification: { outcome: 'refused', source: 'assumption: an uninstalled app\'s regId is refused with a per-API business error (reference/vendor-gateways.md §6.4: 10000–20000, e.g. invalid regId; exact codes unconfirmed)' },
    data: { outcome: 'refused', source: noPassThrough },
  },
} as const satisfies DeliveryTable;

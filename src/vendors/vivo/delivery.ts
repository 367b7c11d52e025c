import type { DeliveryTable } from '../common/delivery-rules.js';

// OriginOS / Funtouch: sends are notification messages shown by the vivo system channel; the API has
// no pass-through flag (§7.3), so a data message cannot be sent at all: `refused` in every state.

const systemChannel = 'reference/vendor-gateways.md §7.5 (Tencent TPNS: delivered by the vivo system channel without opening the app)';
const noPassThrough = 'reference/vendor-gateways.md §7.3 (no pass-through flag exists: sends are notification messages)';

/** What a vivo phone does with each vivo Push message type, per app state (reference/vendor-gateways.md §7.5, §9). */
export const vivoDelivery = {
  foreground: {
    notification: { outcome: 'system', source: 'assumption: invites are sent with foregroundShow=true, which shows them while the app is in the foreground (reference/vendor-gateways.md §7.3)' },
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
    notification: { outcome: 'system', source: systemChannel },
    data: { outcome: 'refused', source: noPassThrough },
  },
  killed: {
    notification: { outcome: 'system', source: systemChannel },
    data: { outcome: 'refused', source: noPassThrough },
  },
  'force-stopped': {
    notification: { outcome: 'system', source: 'assumption: the vivo system channel shows it for a force-stopped app as well, as widely reported; reference/vendor-gateways.md §9 marks it unconfirmed' },
    data: { outcome: 'refused', source: noPassThrough },
  },
  offline: {
    notification: { outcome: 'queued', source: 'reference/vendor-gateways.md §7.5 (modood-vv: cached for timeToLive, max 1 d or 7 d — sources conflict; sendOnline=true disables caching)' },
    data: { outcome: 'refused', source: noPassThrough },
  },
  doze: {
    notification: { outcome: 'system', source: 'assumption: the vivo push service is a system service that keeps its connection in Doze; reference/vendor-gateways.md is silent' },
    data: { outcome: 'refused', source: noPassThrough },
  },
  'notifications-off': {
    notification: { outcome: 'dropped', source: 'assumption: vivo accepts the message but the phone shows nothing while the app\'s notifications are off; reference/vendor-gateways.md is silent' },
    data: { outcome: 'refused', source: noPassThrough },
  },
  uninstalled: {
    notification: { outcome: 'refused', source: 'reference/vendor-gateways.md §7.4 (invalidUser.status 2: uninstalled / unsubscribed / data cleared)' },
    data: { outcome: 'refused', source: noPassThrough },
  },
} as const satisfies DeliveryTable;

import type { DeliveryTable } from '../common/delivery-rules.js';

// Stock Android: the FCM connection belongs to Google Play services, not the app, so only a
// force-stop (or uninstall) cuts the app off; swiping from recents is not a force-stop.

const onMessageReceived = 'reference/vendor-gateways.md §2.6 (FCM-receive: data messages go to onMessageReceived)';
const tray = 'reference/vendor-gateways.md §2.6 (FCM-receive: in the background a notification message goes to the system tray, tap opens the launcher)';
const frozenLikeBackground = 'assumption: the FCM connection is Google Play services\', not the app\'s, so a frozen app is served as in background (reference/vendor-gateways.md §2.6)';
const forceStopped = 'reference/vendor-gateways.md §2.6 (quickstart-368: force-stopped gets nothing until the user launches the app again)';
const stored = 'reference/vendor-gateways.md §2.5 (FCM-collapse: ≤ 100 non-collapsible stored per device, overflow drops all; TTL default 4 weeks, FCM-lifespan)';
const dozeHigh = 'reference/vendor-gateways.md §2.6 (FCM-priority: HIGH wakes the device from Doze, NORMAL waits for a maintenance window); assumption: call invites go android.priority HIGH (§2.3)';
const unregistered = 'reference/vendor-gateways.md §2.4 (UNREGISTERED, HTTP 404: the token is no longer valid — app uninstalled)';

/** What a stock-Android phone does with each FCM message type, per app state (reference/vendor-gateways.md §2.6, §9). */
export const fcmDelivery = {
  foreground: {
    notification: { outcome: 'app', source: 'reference/vendor-gateways.md §2.6 (FCM-receive: in the foreground a notification message goes to onMessageReceived, nothing is shown)' },
    data: { outcome: 'app', source: onMessageReceived },
  },
  background: {
    notification: { outcome: 'system', source: tray },
    data: { outcome: 'app', source: onMessageReceived },
  },
  frozen: {
    notification: { outcome: 'system', source: frozenLikeBackground },
    data: { outcome: 'app', source: frozenLikeBackground },
  },
  swiped: {
    notification: { outcome: 'system', source: 'reference/vendor-gateways.md §2.6 (quickstart-368: swiped from recents is not a force-stop on stock Android — system tray)' },
    data: { outcome: 'app', source: 'reference/vendor-gateways.md §2.6 (quickstart-368: swiped from recents is not a force-stop on stock Android — onMessageReceived)' },
  },
  killed: {
    notification: { outcome: 'system', source: 'reference/vendor-gateways.md §9 (digest: FCM notification with the app killed goes to the tray)' },
    data: { outcome: 'app', source: 'reference/vendor-gateways.md §9 (digest: FCM data with the app killed is delivered to onMessageReceived)' },
  },
  'force-stopped': {
    notification: { outcome: 'dropped', source: forceStopped },
    data: { outcome: 'dropped', source: forceStopped },
  },
  offline: {
    notification: { outcome: 'queued', source: stored },
    data: { outcome: 'queued', source: stored },
  },
  doze: {
    notification: { outcome: 'system', source: dozeHigh },
    data: { outcome: 'app', source: dozeHigh },
  },
  'notifications-off': {
    notification: { outcome: 'dropped', source: 'assumption: FCM accepts the message but Android posts nothing while the app\'s notifications are off; reference/vendor-gateways.md is silent' },
    data: { outcome: 'app', source: 'assumption: a data message shows nothing, so the notification setting does not gate onMessageReceived (reference/vendor-gateways.md §2.6)' },
  },
  uninstalled: {
    notification: { outcome: 'refused', source: unregistered },
    data: { outcome: 'refused', source: unregistered },
  },
} as const satisfies DeliveryTable;

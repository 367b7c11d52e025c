import type { DeliveryTable } from '../common/delivery-rules.js';

// On iOS `swiped` (swiped away in the app switcher) *is* the user force-quit, so `swiped` and
// `force-stopped` share their rows; `killed` is a system termination (memory pressure), which is not
// a force-quit. `notification` = alert push, `data` = background push, `voip` = PushKit.

const alertShown = 'reference/vendor-gateways.md §1.7 (alert push while the app is not in the foreground: shown by iOS, app code not run unless tapped — inference from Apple-bg-launch)';
const alertAfterForceQuit = 'reference/vendor-gateways.md §1.7 (alert push, app killed / force-quit: shown by the system — inference from Apple-bg-launch, explicit text unconfirmed)';
const backgroundWakes = 'reference/vendor-gateways.md §1.7 (Apple-bg: a background push goes to the app\'s didReceiveRemoteNotification handler, waking a suspended app; low priority, throttled to 2–3/h §1.6)';
const backgroundAfterForceQuit = 'reference/vendor-gateways.md §1.7 (Apple-bg-launch: after a user force-quit the system does not launch the app for a background push until relaunch or reboot; held ones are discarded)';
const voipWakes = 'reference/vendor-gateways.md §1.7 (Apple-PKvoip: PushKit wakes or launches the app and calls pushRegistry(_:didReceiveIncomingPushWith:for:completion:))';
const tokenGone = 'reference/vendor-gateways.md §1.5 (410 Unregistered: the token is no longer valid for the topic — app uninstalled)';
const voipAfterForceQuit = 'assumption: practitioners report PushKit still wakes the app after a force-quit from the app switcher; unconfirmed in Apple text (reference/vendor-gateways.md §1.7)';

/** What an iOS phone does with each APNs push type, per app state (reference/vendor-gateways.md §1.7, §9). */
export const apnsDelivery = {
  foreground: {
    notification: { outcome: 'app', source: 'assumption: iOS hands an alert arriving in the foreground to the app (UNUserNotificationCenter willPresent) instead of showing it; reference/vendor-gateways.md §1.7 is silent' },
    data: { outcome: 'app', source: backgroundWakes },
    voip: { outcome: 'app', source: voipWakes },
  },
  background: {
    notification: { outcome: 'system', source: alertShown },
    data: { outcome: 'app', source: backgroundWakes },
    voip: { outcome: 'app', source: voipWakes },
  },
  frozen: {
    notification: { outcome: 'system', source: alertShown },
    data: { outcome: 'app', source: backgroundWakes },
    voip: { outcome: 'app', source: voipWakes },
  },
  swiped: {
    notification: { outcome: 'system', source: alertAfterForceQuit },
    data: { outcome: 'dropped', source: backgroundAfterForceQuit },
    voip: { outcome: 'app', source: voipAfterForceQuit },
  },
  killed: {
    notification: { outcome: 'system', source: alertAfterForceQuit },
    data: { outcome: 'app', source: 'reference/vendor-gateways.md §1.7 (Apple-bg-launch: only a user force-quit stops the system launching the app for a background push, so a system-terminated app is launched — inference; throttled §1.6)' },
    voip: { outcome: 'app', source: 'reference/vendor-gateways.md §1.7 (Apple-PKvoip: PushKit launches the app when it is not running)' },
  },
  'force-stopped': {
    notification: { outcome: 'system', source: alertAfterForceQuit },
    data: { outcome: 'dropped', source: backgroundAfterForceQuit },
    voip: { outcome: 'app', source: voipAfterForceQuit },
  },
  offline: {
    notification: { outcome: 'queued', source: 'reference/vendor-gateways.md §1.7 (Apple-send: APNs stores one notification per bundle ID per device, usually the newest, for ≤ 30 d or until apns-expiration)' },
    data: { outcome: 'queued', source: 'reference/vendor-gateways.md §1.7 (Apple-send: one stored per bundle ID per device; Apple-bg: only the newest background push is held)' },
    voip: { outcome: 'queued', source: 'reference/vendor-gateways.md §1.7 (Apple-send: one stored per bundle ID per device; the recommended apns-expiration: 0 stores nothing, yet may still land seconds after reconnecting, Apple-forum-795610)' },
  },
  doze: {
    notification: { outcome: 'system', source: 'reference/vendor-gateways.md §1.3 (apns-priority 10, the default: send now and alert — shown on the locked device)' },
    data: { outcome: 'app', source: 'assumption: iOS has no Doze; a background push (apns-priority 5, power-aware, reference/vendor-gateways.md §1.3) may be delayed while the device sleeps but is still delivered' },
    voip: { outcome: 'app', source: voipWakes },
  },
  'notifications-off': {
    notification: { outcome: 'dropped', source: 'assumption: APNs accepts the alert (200) but iOS shows nothing when the user turned the app\'s notifications off; reference/vendor-gateways.md is silent' },
    data: { outcome: 'app', source: 'assumption: a background push shows nothing (aps holds only content-available, reference/vendor-gateways.md §1.4), so the notification setting does not gate it' },
    voip: { outcome: 'app', source: 'assumption: PushKit delivery does not depend on the notification setting (the call UI is CallKit\'s, reference/vendor-gateways.md §1.7)' },
  },
  uninstalled: {
    notification: { outcome: 'refused', source: tokenGone },
    data: { outcome: 'refused', source: tokenGone },
    voip: { outcome: 'refused', source: tokenGone },
  },
} as const satisfies DeliveryTable;

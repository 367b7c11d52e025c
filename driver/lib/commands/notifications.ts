import { errors } from 'appium/driver.js';
import type { PushSimDriver } from '../driver.js';

/** One entry of UiAutomator2's `mobile: getNotifications` (io.appium.settings' NotificationListener). */
export interface StatusBarNotification {
  readonly isGroup: boolean;
  readonly packageName: string;
  readonly isClearable: boolean;
  readonly isOngoing: boolean;
  readonly id: number;
  readonly tag: string | null;
  readonly notification: {
    readonly title: string | null;
    readonly bigTitle: string | null;
    readonly text: string | null;
    readonly bigText: string | null;
    readonly tickerText: string | null;
    readonly subText: string | null;
    readonly infoText: string | null;
    readonly template: string | null;
  };
  readonly userHandle: number;
  readonly groupKey: string;
  readonly overrideGroupKey: string | null;
  /** Epoch ms on the device clock. */
  readonly postTime: number;
  readonly key: string;
  readonly isRemoved: boolean;
}

/** Opens the notification shade (Android) / Notification Centre (iOS). */
export async function mobileOpenNotifications(this: PushSimDriver): Promise<void> {
  this.phone.openNotifications();
}

/** `{ statusBarNotifications }`, newest first, at most 100, removed ones flagged; Android only, as in UiAutomator2. */
export async function mobileGetNotifications(this: PushSimDriver): Promise<{ statusBarNotifications: StatusBarNotification[] }> {
  this.requirePlatform('android', 'mobile: getNotifications');
  return {
    statusBarNotifications: this.phone.shade.all().map((n) => ({
      isGroup: false,
      packageName: n.packageName,
      isClearable: n.isClearable,
      isOngoing: n.isOngoing,
      id: n.id,
      tag: n.tag,
      notification: {
        title: n.title || null,
        bigTitle: n.title || null,
        text: n.text || null,
        bigText: n.text || null,
        tickerText: null,
        subText: null,
        infoText: null,
        template: n.postedBy === 'app' && n.actions.length ? 'android.app.Notification$CallStyle' : 'android.app.Notification$BigTextStyle',
      },
      userHandle: 0,
      groupKey: n.key,
      overrideGroupKey: null,
      postTime: n.postTime,
      key: n.key,
      isRemoved: n.isRemoved,
    })),
  };
}

/** XCUITest `mobile: pushNotification {bundleId, payload}` (simctl push): an APNs payload delivered to the app, `aps` required. */
export async function mobilePushNotification(this: PushSimDriver, bundleId: string, payload: Record<string, unknown>): Promise<void> {
  this.requirePlatform('ios', 'mobile: pushNotification');
  if (typeof payload !== 'object' || payload === null || typeof payload.aps !== 'object' || payload.aps === null) {
    throw new errors.InvalidArgumentError(`mobile: pushNotification needs payload with an 'aps' dictionary (got ${JSON.stringify(payload)?.slice(0, 120)})`);
  }
  if (!this.phone.isInstalled(bundleId)) throw new errors.InvalidArgumentError(`mobile: pushNotification: ${bundleId} is not installed on this phone`);
  this.phone.deliverLocal(bundleId, payload);
  await this.phone.idle();
}

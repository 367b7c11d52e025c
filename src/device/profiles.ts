import type { VendorId } from '../vendors/common/ids.js';

/** What a simulated phone is: its push vendor, OS and the strings a real one reports. */
export interface DeviceProfile {
  /** The vendor whose system push service the phone runs (APNs on iPhone, FCM on stock Android). */
  readonly vendor: VendorId;
  readonly platform: 'android' | 'ios';
  /** The vendor skin and its version, as the phone's settings show it. */
  readonly os: { readonly name: string; readonly version: string };
  /** Android release (`ro.build.version.release`) or iOS version: what `platformVersion` reports. */
  readonly platformVersion: string;
  readonly manufacturer: string;
  readonly model: string;
  /** Marketing name, the default `appium:deviceName`. */
  readonly marketingName: string;
  /** Package of the launcher / SpringBoard that draws home and recents. */
  readonly launcherPackage: string;
  /** The system push service's process (logged as the receiver of pushes). */
  readonly pushServiceProcess: string;
  /**
   * Whether an app-posted call notification carries Accept/Decline buttons on this skin.
   * System-channel notifications built from a vendor push never carry buttons here.
   */
  readonly callNotificationActions: boolean;
  readonly screen: { readonly width: number; readonly height: number };
}

/**
 * The phones pushlab simulates, keyed by profile id (`pushsim:vendor`).
 * @note Models and versions are representative 2024–2026 devices; the action-button flags are
 * assumptions (skins differ in how they render `Notification.Action`s of call notifications).
 */
export const deviceProfiles = {
  xiaomi: {
    vendor: 'xiaomi', platform: 'android', os: { name: 'HyperOS', version: '1.0.5' }, platformVersion: '14',
    manufacturer: 'Xiaomi', model: '23127PN0CC', marketingName: 'Xiaomi 14', launcherPackage: 'com.miui.home',
    pushServiceProcess: 'com.xiaomi.xmsf', callNotificationActions: true, screen: { width: 1200, height: 2670 },
  },
  huawei: {
    vendor: 'huawei', platform: 'android', os: { name: 'HarmonyOS', version: '4.2.0' }, platformVersion: '12',
    manufacturer: 'HUAWEI', model: 'ALN-AL00', marketingName: 'HUAWEI Mate 60 Pro', launcherPackage: 'com.huawei.android.launcher',
    pushServiceProcess: 'com.huawei.hwid.core', callNotificationActions: true, screen: { width: 1260, height: 2720 },
  },
  honor: {
    vendor: 'honor', platform: 'android', os: { name: 'MagicOS', version: '8.0' }, platformVersion: '14',
    manufacturer: 'HONOR', model: 'PGT-AN10', marketingName: 'HONOR Magic6', launcherPackage: 'com.hihonor.android.launcher',
    pushServiceProcess: 'com.hihonor.push', callNotificationActions: true, screen: { width: 1200, height: 2664 },
  },
  oppo: {
    vendor: 'oppo', platform: 'android', os: { name: 'ColorOS', version: '14.0' }, platformVersion: '14',
    manufacturer: 'OPPO', model: 'PHZ110', marketingName: 'OPPO Find X7', launcherPackage: 'com.android.launcher',
    pushServiceProcess: 'com.heytap.mcs', callNotificationActions: true, screen: { width: 1264, height: 2780 },
  },
  vivo: {
    vendor: 'vivo', platform: 'android', os: { name: 'OriginOS', version: '4' }, platformVersion: '14',
    manufacturer: 'vivo', model: 'V2309A', marketingName: 'vivo X100', launcherPackage: 'com.bbk.launcher2',
    pushServiceProcess: 'com.vivo.pushservice', callNotificationActions: false, screen: { width: 1260, height: 2800 },
  },
  meizu: {
    vendor: 'meizu', platform: 'android', os: { name: 'Flyme', version: '10.5' }, platformVersion: '13',
    manufacturer: 'Meizu', model: 'M391Q', marketingName: 'Meizu 21', launcherPackage: 'com.meizu.flyme.launcher',
    pushServiceProcess: 'com.meizu.cloud', callNotificationActions: false, screen: { width: 1260, height: 2800 },
  },
  pixel: {
    vendor: 'fcm', platform: 'android', os: { name: 'Android', version: '15' }, platformVersion: '15',
    manufacturer: 'Google', model: 'Pixel 8', marketingName: 'Pixel 8', launcherPackage: 'com.google.android.apps.nexuslauncher',
    pushServiceProcess: 'com.google.android.gms.persistent', callNotificationActions: true, screen: { width: 1080, height: 2400 },
  },
  iphone: {
    vendor: 'apns', platform: 'ios', os: { name: 'iOS', version: '17.5' }, platformVersion: '17.5',
    manufacturer: 'Apple', model: 'iPhone16,1', marketingName: 'iPhone 15 Pro', launcherPackage: 'com.apple.springboard',
    pushServiceProcess: 'apsd', callNotificationActions: true, screen: { width: 393, height: 852 },
  },
} as const satisfies Record<string, DeviceProfile>;

export type ProfileId = keyof typeof deviceProfiles;
export const profileIds = Object.keys(deviceProfiles) as ProfileId[];

export function isProfileId(value: unknown): value is ProfileId {
  return typeof value === 'string' && Object.hasOwn(deviceProfiles, value);
}

/** The profile whose phones use this vendor's push service (iphone for apns, pixel for fcm, else the vendor's own). */
export function profileForVendor(vendor: VendorId): ProfileId {
  return profileIds.find((id) => deviceProfiles[id].vendor === vendor)!;
}

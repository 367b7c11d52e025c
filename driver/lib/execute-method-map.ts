import type { ExecuteMethodMap } from '@appium/types';
import type { PushSimDriver } from './driver.js';

const app = { optional: ['appId', 'bundleId'] } as const;

/**
 * `execute('mobile: …')` methods, named and shaped as in UiAutomator2 (Android) and XCUITest (iOS);
 * `pushsim:` only for what no real driver can do.
 */
export const executeMethodMap = {
  'mobile: shell': { command: 'mobileShell', params: { required: ['command'], optional: ['args', 'timeout', 'includeStderr'] } },
  'mobile: installApp': { command: 'mobileInstallApp', params: { required: ['appPath'], optional: ['checkVersion', 'timeout', 'allowTestPackages', 'useSdcard', 'grantPermissions', 'replace', 'noIncremental'] } },
  'mobile: removeApp': { command: 'mobileRemoveApp', params: app },
  'mobile: isAppInstalled': { command: 'mobileIsAppInstalled', params: app },
  'mobile: activateApp': { command: 'mobileActivateApp', params: app },
  'mobile: terminateApp': { command: 'mobileTerminateApp', params: app },
  'mobile: queryAppState': { command: 'mobileQueryAppState', params: app },
  'mobile: clearApp': { command: 'mobileClearApp', params: app },
  'mobile: backgroundApp': { command: 'mobileBackgroundApp', params: { optional: ['seconds'] } },
  'mobile: deepLink': { command: 'mobileDeepLink', params: { required: ['url'], optional: ['package', 'waitForLaunch', 'bundleId'] } },
  'mobile: openNotifications': { command: 'mobileOpenNotifications' },
  'mobile: getNotifications': { command: 'mobileGetNotifications' },
  'mobile: pushNotification': { command: 'mobilePushNotification', params: { required: ['bundleId', 'payload'] } },
  'mobile: lock': { command: 'mobileLock', params: { optional: ['seconds'] } },
  'mobile: unlock': { command: 'mobileUnlock', params: { optional: ['key', 'type', 'strategy', 'timeoutMs'] } },
  'mobile: isLocked': { command: 'mobileIsLocked' },
  'mobile: getDeviceTime': { command: 'mobileGetDeviceTime', params: { optional: ['format'] } },
  'mobile: setConnectivity': { command: 'mobileSetConnectivity', params: { optional: ['wifi', 'data', 'airplaneMode'] } },
  'mobile: getConnectivity': { command: 'mobileGetConnectivity', params: { optional: ['services'] } },
  'mobile: changePermissions': { command: 'mobileChangePermissions', params: { required: ['permissions'], optional: ['appPackage', 'action', 'target'] } },
  'mobile: getPermissions': { command: 'mobileGetPermissions', params: { optional: ['type', 'appPackage'] } },
  'mobile: setPermission': { command: 'mobileSetPermission', params: { required: ['bundleId', 'access'] } },
  'mobile: pressKey': { command: 'mobilePressKey', params: { required: ['keycode'], optional: ['metastate', 'flags', 'isLongPress'] } },
  'mobile: pressButton': { command: 'mobilePressButton', params: { required: ['name'] } },
  'pushsim: state': { command: 'pushsimState' },
  'pushsim: setAppState': { command: 'pushsimSetAppState', params: { required: ['state'], optional: ['appId', 'bundleId'] } },
  'pushsim: setNetwork': { command: 'pushsimSetNetwork', params: { required: ['online'] } },
} as const satisfies ExecuteMethodMap<PushSimDriver>;

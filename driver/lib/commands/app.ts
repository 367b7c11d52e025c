import { errors } from 'appium/driver.js';
import type { AppLifecycle } from '../../../src/device/app.js';
import { loadBuild } from '../../../src/device/build.js';
import type { PushSimDriver } from '../driver.js';

/** queryAppState codes, as UiAutomator2 and XCUITest report them (0 not installed … 4 foreground). */
export const appStateCodes = {
  'not-installed': 0,
  'force-stopped': 1,
  swiped: 1,
  killed: 1,
  frozen: 3,
  background: 3,
  foreground: 4,
} as const satisfies Record<AppLifecycle | 'not-installed', 0 | 1 | 2 | 3 | 4>;

function appIdOf(driver: PushSimDriver, command: string, appId?: string, bundleId?: string): string {
  const id = appId ?? bundleId;
  if (typeof id !== 'string' || !id) throw new errors.InvalidArgumentError(`${command} needs ${driver.phone.platform === 'ios' ? 'bundleId' : 'appId'} (the package name or bundle id)`);
  return id;
}

function installed(driver: PushSimDriver, command: string, id: string): string {
  if (!driver.phone.isInstalled(id)) throw new errors.InvalidArgumentError(`${command}: ${id} is not installed on this phone (installed: ${driver.phone.apps().map((a) => a.appId).join(', ') || 'none'})`);
  return id;
}

/** `mobile: installApp {appPath}`: appPath is a build descriptor (fixtures/builds/*.json). */
export async function mobileInstallApp(this: PushSimDriver, appPath: string): Promise<void> {
  try {
    this.phone.install(loadBuild(appPath));
  } catch (error) {
    throw new errors.InvalidArgumentError((error as Error).message);
  }
}

/** `mobile: removeApp {appId|bundleId}`: true when it was installed. The push token is unregistered at the gateway. */
export async function mobileRemoveApp(this: PushSimDriver, appId?: string, bundleId?: string): Promise<boolean> {
  return this.phone.uninstall(appIdOf(this, 'mobile: removeApp', appId, bundleId));
}

export async function mobileIsAppInstalled(this: PushSimDriver, appId?: string, bundleId?: string): Promise<boolean> {
  return this.phone.isInstalled(appIdOf(this, 'mobile: isAppInstalled', appId, bundleId));
}

export async function mobileActivateApp(this: PushSimDriver, appId?: string, bundleId?: string): Promise<void> {
  this.phone.launch(installed(this, 'mobile: activateApp', appIdOf(this, 'mobile: activateApp', appId, bundleId)));
  await this.phone.idle();
}

/** `mobile: terminateApp`: `am force-stop` on Android; on iPhone the process is killed. True when it was running. */
export async function mobileTerminateApp(this: PushSimDriver, appId?: string, bundleId?: string): Promise<boolean> {
  return this.phone.terminate(installed(this, 'mobile: terminateApp', appIdOf(this, 'mobile: terminateApp', appId, bundleId)));
}

export async function mobileQueryAppState(this: PushSimDriver, appId?: string, bundleId?: string): Promise<number> {
  return appStateCodes[this.phone.appLifecycle(appIdOf(this, 'mobile: queryAppState', appId, bundleId))];
}

/**
 * `mobile: backgroundApp {seconds}`: HOME, then after `seconds` the app comes back to the
 * foreground; a negative value leaves it in the background.
 */
export async function mobileBackgroundApp(this: PushSimDriver, seconds = -1): Promise<void> {
  const app = this.phone.topApp;
  this.phone.home();
  if (!app || seconds < 0) return;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, seconds) * 1000));
  if (this.phone.isInstalled(app.appId)) this.phone.launch(app.appId);
  await this.phone.idle();
}

/** `mobile: clearApp {appId}` (pm clear): process killed, login and push token forgotten. */
export async function mobileClearApp(this: PushSimDriver, appId?: string, bundleId?: string): Promise<void> {
  await this.phone.clearData(installed(this, 'mobile: clearApp', appIdOf(this, 'mobile: clearApp', appId, bundleId)));
}

/** `mobile: deepLink {url, package}` (iOS: `{url, bundleId}`): opens the app; the URL is logged. */
export async function mobileDeepLink(this: PushSimDriver, url: string, pkg?: string, _waitForLaunch?: boolean, bundleId?: string): Promise<void> {
  if (typeof url !== 'string' || !url) throw new errors.InvalidArgumentError('mobile: deepLink needs url');
  const id = pkg ?? bundleId ?? this.appId;
  if (!id) throw new errors.InvalidArgumentError('mobile: deepLink needs package (Android) or bundleId (iOS)');
  installed(this, 'mobile: deepLink', id);
  this.phone.log.write('I', 'ActivityTaskManager', `START u0 {act=android.intent.action.VIEW dat=${url} pkg=${id}}`);
  this.phone.launch(id);
  await this.phone.idle();
}

// The legacy Appium routes (POST /appium/device/…) map onto the same behaviour.
export async function installApp(this: PushSimDriver, appPath: string): Promise<void> { return this.mobileInstallApp(appPath); }
export async function removeApp(this: PushSimDriver, appId: string): Promise<boolean> { return this.mobileRemoveApp(appId); }
export async function isAppInstalled(this: PushSimDriver, appId: string): Promise<boolean> { return this.mobileIsAppInstalled(appId); }
export async function activateApp(this: PushSimDriver, appId: string): Promise<void> { return this.mobileActivateApp(appId); }
export async function terminateApp(this: PushSimDriver, appId: string): Promise<boolean> { return this.mobileTerminateApp(appId); }
export async function queryAppState(this: PushSimDriver, appId: string): Promise<number> { return this.mobileQueryAppState(appId); }
export async function background(this: PushSimDriver, seconds: number | null = null): Promise<void> { return this.mobileBackgroundApp(seconds ?? -1); }

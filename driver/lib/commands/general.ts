import type { Rect } from '@appium/types';
import { errors } from 'appium/driver.js';
import { DEFAULT_DEVICE_TIME_FORMAT, formatDeviceTime } from '../../../src/device/device-time.js';
import { pageSource } from '../../../src/device/ui.js';
import type { PushSimDriver } from '../driver.js';

/** A 1×1 grey PNG: the simulated screen has no pixels, but reporters that save screenshots must not fail. */
const PLACEHOLDER_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII=';

/** Page source in UiAutomator2's (Android) or XCUITest's (iOS) XML shape. */
export async function getPageSource(this: PushSimDriver): Promise<string> {
  return pageSource(this.screen());
}

export async function getWindowRect(this: PushSimDriver): Promise<Rect> {
  const { width, height } = this.phone.profile.screen;
  return { x: 0, y: 0, width, height };
}

export async function getScreenshot(this: PushSimDriver): Promise<string> {
  return PLACEHOLDER_PNG;
}

export async function getOrientation(this: PushSimDriver): Promise<'PORTRAIT'> {
  return 'PORTRAIT';
}

export async function getCurrentContext(this: PushSimDriver): Promise<string> {
  return 'NATIVE_APP';
}

export async function getContexts(this: PushSimDriver): Promise<string[]> {
  return ['NATIVE_APP'];
}

export async function setContext(this: PushSimDriver, name: string): Promise<void> {
  if (name !== 'NATIVE_APP') throw new errors.NoSuchContextError(`PushSim phones have only the NATIVE_APP context (got '${name}')`);
}

/** GET /appium/device/system_time: the device clock, moment-formatted (default `YYYY-MM-DDTHH:mm:ssZ`; `x` = epoch ms). */
export async function getDeviceTime(this: PushSimDriver, format: string = DEFAULT_DEVICE_TIME_FORMAT): Promise<string> {
  // GET /appium/device/system_time has no payload: Appium then hands the session id over as the only argument.
  if (format === this.sessionId) format = DEFAULT_DEVICE_TIME_FORMAT;
  if (typeof format !== 'string') throw new errors.InvalidArgumentError(`The format specifier must be a string (got ${JSON.stringify(format)})`);
  return formatDeviceTime(this.phone.now(), format);
}

export async function mobileGetDeviceTime(this: PushSimDriver, format?: string): Promise<string> {
  return this.getDeviceTime(format);
}

/**
 * `execute('mobile: …')` / `execute('pushsim: …')`, forwarded to the execute-method map.
 * `mobile:x` is read as `mobile: x` (WebdriverIO's deepLink sends it without the space).
 */
export async function execute(this: PushSimDriver, script: string, args: unknown[]): Promise<unknown> {
  const normalised = script.trim().replace(/^(mobile|pushsim):\s*/, '$1: ');
  if (!/^(mobile|pushsim): /.test(normalised)) {
    throw new errors.UnsupportedOperationError(`PushSim runs no JavaScript: execute takes 'mobile: …' and 'pushsim: …' methods only (got ${JSON.stringify(script.slice(0, 60))})`);
  }
  return this.executeMethod(normalised, args as [Record<string, unknown>]);
}

export async function hideKeyboard(this: PushSimDriver): Promise<boolean> {
  return true;
}

export async function isKeyboardShown(this: PushSimDriver): Promise<boolean> {
  return false;
}

/** POST /back: closes an overlay or leaves the app (BACK key). */
export async function back(this: PushSimDriver): Promise<void> {
  this.phone.back();
}

import { errors } from 'appium/driver.js';
import { runShell } from '../../../src/device/shell.js';
import type { PushSimDriver } from '../driver.js';

/** The insecure feature `mobile: shell` needs, as UiAutomator2 names it (`--allow-insecure=pushsim:adb_shell` or `*:adb_shell`). */
export const ADB_SHELL_FEATURE = 'adb_shell';
const POST_NOTIFICATIONS = 'android.permission.POST_NOTIFICATIONS';

/**
 * `mobile: shell {command, args, includeStderr}`: the adb shell commands of src/device/shell.ts.
 * Refused unless the server allows `adb_shell`; a failing command throws with its stderr, as
 * UiAutomator2 does.
 */
export async function mobileShell(this: PushSimDriver, command: string, args: string | string[] = [], _timeout?: number, includeStderr = false): Promise<string | { stdout: string; stderr: string }> {
  this.requirePlatform('android', 'mobile: shell');
  this.assertFeatureEnabled(ADB_SHELL_FEATURE);
  if (typeof command !== 'string' || !command.trim()) throw new errors.InvalidArgumentError(`mobile: shell needs a command string (got ${JSON.stringify(command)})`);
  const argv = (Array.isArray(args) ? args : [args]).map(String);
  const line = [command, ...argv.map((a) => (/[\s'"|]/.test(a) ? `'${a.replace(/'/g, `'\\''`)}'` : a))].join(' ');
  const result = await runShell(this.phone, line);
  await this.phone.idle();
  if (result.code !== 0) {
    throw new Error(`Cannot execute the '${command}' shell command. Original error: Command 'adb -s ${this.phone.deviceId} shell ${line}' exited with code ${result.code}; StdErr: '${result.stderr.trim()}'`);
  }
  return includeStderr ? { stdout: result.stdout, stderr: result.stderr } : result.stdout;
}

/** `mobile: lock {seconds}`: screen off and locked; with seconds > 0 it unlocks again after that long. */
export async function mobileLock(this: PushSimDriver, seconds?: number): Promise<void> {
  this.phone.lock();
  if (typeof seconds === 'number' && seconds > 0) {
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    this.phone.unlock();
    await this.phone.idle();
  }
}

export async function mobileUnlock(this: PushSimDriver): Promise<void> {
  this.phone.unlock();
  await this.phone.idle();
}

export async function mobileIsLocked(this: PushSimDriver): Promise<boolean> {
  return this.phone.locked;
}

/** `mobile: setConnectivity {wifi, data, airplaneMode}` (UiAutomator2): both off = offline. */
export async function mobileSetConnectivity(this: PushSimDriver, wifi?: boolean, data?: boolean, airplaneMode?: boolean): Promise<void> {
  this.requirePlatform('android', 'mobile: setConnectivity');
  if (wifi === undefined && data === undefined && airplaneMode === undefined) throw new errors.InvalidArgumentError('mobile: setConnectivity needs at least one of wifi, data, airplaneMode');
  if (airplaneMode === true) this.phone.setNetwork({ wifi: false, data: false });
  else if (airplaneMode === false && wifi === undefined && data === undefined) this.phone.setNetwork({ wifi: true, data: true });
  if (wifi !== undefined || data !== undefined) this.phone.setNetwork({ wifi, data });
  await this.phone.idle();
}

export async function mobileGetConnectivity(this: PushSimDriver): Promise<{ wifi: boolean; data: boolean; airplaneMode: boolean }> {
  this.requirePlatform('android', 'mobile: getConnectivity');
  return { wifi: this.phone.wifi, data: this.phone.data, airplaneMode: !this.phone.online };
}

/**
 * `mobile: changePermissions {permissions, appPackage, action, target}`: POST_NOTIFICATIONS
 * (target pm, action grant|revoke) or the POST_NOTIFICATION appop (target appops, action
 * allow|ignore|deny|default) switch the app's notifications; other permissions are accepted and
 * have no effect on a simulated phone.
 */
export async function mobileChangePermissions(this: PushSimDriver, permissions: string | string[], appPackage?: string, action?: string, target = 'pm'): Promise<void> {
  this.requirePlatform('android', 'mobile: changePermissions');
  const pkg = appPackage ?? this.appId;
  if (!pkg || !this.phone.isInstalled(pkg)) throw new errors.InvalidArgumentError(`mobile: changePermissions: ${pkg ?? 'appPackage'} is not installed`);
  const list = Array.isArray(permissions) ? permissions : [permissions];
  if (target === 'appops') {
    const mode = action ?? 'allow';
    if (!['allow', 'deny', 'ignore', 'default'].includes(mode)) throw new errors.InvalidArgumentError(`appops action must be allow, deny, ignore or default (got ${mode})`);
    if (list.some((p) => p === 'POST_NOTIFICATION' || p === 'all')) this.phone.setNotificationsAllowed(pkg, mode === 'allow' || mode === 'default');
    return;
  }
  if (target !== 'pm') throw new errors.InvalidArgumentError(`target must be pm or appops (got ${target})`);
  const grant = (action ?? 'grant').toLowerCase();
  if (grant !== 'grant' && grant !== 'revoke') throw new errors.InvalidArgumentError(`pm action must be grant or revoke (got ${action})`);
  if (list.some((p) => p === POST_NOTIFICATIONS || p === 'all')) this.phone.setNotificationsAllowed(pkg, grant === 'grant');
}

/** `mobile: getPermissions {type, appPackage}`: requested | granted | denied. */
export async function mobileGetPermissions(this: PushSimDriver, type = 'requested', appPackage?: string): Promise<string[]> {
  this.requirePlatform('android', 'mobile: getPermissions');
  const pkg = appPackage ?? this.appId;
  if (!pkg || !this.phone.isInstalled(pkg)) throw new errors.InvalidArgumentError(`mobile: getPermissions: ${pkg ?? 'appPackage'} is not installed`);
  const allowed = this.phone.notificationsAllowed(pkg);
  const always = ['android.permission.INTERNET', 'android.permission.WAKE_LOCK', 'android.permission.RECEIVE_BOOT_COMPLETED'];
  switch (type) {
    case 'requested': return [...always, POST_NOTIFICATIONS];
    case 'granted': return allowed ? [...always, POST_NOTIFICATIONS] : always;
    case 'denied': return allowed ? [] : [POST_NOTIFICATIONS];
    default: throw new errors.InvalidArgumentError(`type must be requested, granted or denied (got ${type})`);
  }
}

/** XCUITest `mobile: setPermission {bundleId, access: {notifications: 'yes'|'no'|'unset'}}`. */
export async function mobileSetPermission(this: PushSimDriver, bundleId: string, access: Record<string, string>): Promise<void> {
  this.requirePlatform('ios', 'mobile: setPermission');
  if (!this.phone.isInstalled(bundleId)) throw new errors.InvalidArgumentError(`mobile: setPermission: ${bundleId} is not installed`);
  if (typeof access !== 'object' || access === null) throw new errors.InvalidArgumentError('mobile: setPermission needs access, e.g. {"notifications": "no"}');
  const value = access.notifications;
  if (value !== undefined) this.phone.setNotificationsAllowed(bundleId, value !== 'no');
}

/** JSONWP network connection bitmask: 1 airplane, 2 wifi, 4 data. */
export async function getNetworkConnection(this: PushSimDriver): Promise<number> {
  const p = this.phone;
  return (p.online ? 0 : 1) | (p.wifi ? 2 : 0) | (p.data ? 4 : 0);
}

export async function setNetworkConnection(this: PushSimDriver, type: number): Promise<number> {
  this.phone.setNetwork({ wifi: (type & 2) !== 0 && (type & 1) === 0, data: (type & 4) !== 0 && (type & 1) === 0 });
  await this.phone.idle();
  return this.getNetworkConnection();
}

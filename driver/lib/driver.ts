import type { DefaultCreateSessionResult, DriverData, InitialOpts, LogDefRecord, W3CDriverCaps } from '@appium/types';
import { BaseDriver, errors } from 'appium/driver.js';
import type { SimPhone } from '../../src/device/phone.js';
import * as actions from './commands/actions.js';
import * as app from './commands/app.js';
import * as device from './commands/device.js';
import * as element from './commands/element.js';
import * as find from './commands/find.js';
import * as general from './commands/general.js';
import * as notifications from './commands/notifications.js';
import * as pushsim from './commands/pushsim.js';
import { startPhone, validateSessionCaps } from './session.js';
import { desiredCapConstraints, type PushSimConstraints } from './desired-caps.js';
import { executeMethodMap } from './execute-method-map.js';
import { locatorStrategies } from '../../src/device/find.js';
import { screenOf, type PlacedNode, type Screenshot } from '../../src/device/ui.js';

/** logcat on Android profiles, syslog on iPhone; reading drains what was read before (getLogs semantics). */
function logTypesFor(phone: SimPhone): LogDefRecord {
  const getter = () => phone.log.readNew();
  return phone.platform === 'ios'
    ? { syslog: { description: 'System Logs - Device logs for iOS applications on real devices and simulators', getter } }
    : { logcat: { description: 'Logs for Android applications on real device and emulators via ADB', getter } };
}

/**
 * The PushSim driver: one simulated phone per session (`src/device/phone.ts`), exposed with the
 * commands and result shapes of UiAutomator2 (Android profiles) and XCUITest (iPhone).
 */
export class PushSimDriver extends BaseDriver<PushSimConstraints> {
  static executeMethodMap = executeMethodMap;
  override readonly desiredCapConstraints = desiredCapConstraints;

  /** The phone behind this session; set by createSession. */
  phone!: SimPhone;
  /** Package / bundle id of the app from `appium:app` (short Android ids resolve against it). */
  appId: string | undefined;
  /** Element id → UI node key; element references survive re-renders while their node exists. */
  readonly elementKeys = new Map<string, string>();
  readonly elementIds = new Map<string, string>();
  elementSeq = 0;
  /** Live pointer state between performActions and releaseActions. */
  pointer = { x: 0, y: 0 };

  constructor(opts: InitialOpts = {} as InitialOpts, shouldValidateCaps = true) {
    super(opts, shouldValidateCaps);
    this.locatorStrategies = [...locatorStrategies];
  }

  override validateDesiredCaps(caps: any): caps is any {
    super.validateDesiredCaps(caps);
    const problems = validateSessionCaps(caps);
    if (problems.length) throw new errors.SessionNotCreatedError(`Session capabilities were not valid for the following reason(s): ${problems.join('; ')}`);
    return true;
  }

  override async createSession(w3c1: W3CDriverCaps<PushSimConstraints>, w3c2?: W3CDriverCaps<PushSimConstraints>, w3c3?: W3CDriverCaps<PushSimConstraints>, driverData?: DriverData[]): Promise<DefaultCreateSessionResult<PushSimConstraints>> {
    const [sessionId, caps] = await super.createSession(w3c1, w3c2, w3c3, driverData);
    try {
      const started = await startPhone(caps as unknown as Record<string, unknown>, this.log);
      this.phone = started.phone;
      this.appId = started.appId;
      this.supportedLogTypes = logTypesFor(started.phone);
      return [sessionId, { ...caps, ...started.reportedCaps }] as DefaultCreateSessionResult<PushSimConstraints>;
    } catch (error) {
      await super.deleteSession(sessionId).catch(() => undefined);
      if (error instanceof errors.SessionNotCreatedError) throw error;
      throw new errors.SessionNotCreatedError((error as Error).message);
    }
  }

  override async deleteSession(sessionId?: string | null): Promise<void> {
    this.phone?.close();
    this.elementKeys.clear();
    this.elementIds.clear();
    await super.deleteSession(sessionId);
  }

  /** The current screen, laid out. */
  screen(): Screenshot {
    return screenOf(this.phone);
  }

  /** The on-screen node behind an element reference; stale when its node is gone from the screen. */
  placed(elementId: string, shot: Screenshot = this.screen()): PlacedNode {
    const key = this.elementKeys.get(elementId);
    if (!key) throw new errors.NoSuchElementError(`No element with id '${elementId}' was found in this session`);
    const found = shot.nodes.find((p) => p.node.key === key);
    if (!found) throw new errors.StaleElementReferenceError(`The element '${elementId}' is no longer on the screen; find it again`);
    return found;
  }

  /** Refuses a command the other platform's real driver does not have. */
  requirePlatform(platform: 'android' | 'ios', command: string): void {
    if (this.phone.platform !== platform) throw new errors.UnsupportedOperationError(`'${command}' is only available on ${platform === 'ios' ? 'iOS (XCUITest)' : 'Android (UiAutomator2)'}; this session runs the ${this.phone.profileId} profile`);
  }

  /** Unknown commands answer W3C "unsupported operation", naming the command (Appium's default is "not yet implemented"). */
  override async executeCommand<T = unknown>(cmd: string, ...args: any[]): Promise<T> {
    if (typeof (this as unknown as Record<string, unknown>)[cmd] !== 'function') {
      throw new errors.UnsupportedOperationError(`The PushSim driver does not support the '${cmd}' command. PushSim answers the commands of UiAutomator2/XCUITest that a push test needs; see driver/README or 'pushsim: state' for the phone's state.`);
    }
    return super.executeCommand<T>(cmd, ...args);
  }

  // find
  override findElOrEls = find.findElOrEls;
  // element
  click = element.click;
  getText = element.getText;
  getAttribute = element.getAttribute;
  getProperty = element.getProperty;
  getName = element.getName;
  setValue = element.setValue;
  clear = element.clear;
  elementDisplayed = element.elementDisplayed;
  elementEnabled = element.elementEnabled;
  elementSelected = element.elementSelected;
  getElementRect = element.getElementRect;
  // general
  override getPageSource = general.getPageSource;
  getWindowRect = general.getWindowRect;
  getScreenshot = general.getScreenshot;
  getOrientation = general.getOrientation;
  getCurrentContext = general.getCurrentContext;
  getContexts = general.getContexts;
  setContext = general.setContext;
  getDeviceTime = general.getDeviceTime;
  mobileGetDeviceTime = general.mobileGetDeviceTime;
  execute = general.execute;
  hideKeyboard = general.hideKeyboard;
  isKeyboardShown = general.isKeyboardShown;
  back = general.back;
  // actions
  performActions = actions.performActions;
  releaseActions = actions.releaseActions;
  mobilePressKey = actions.mobilePressKey;
  mobilePressButton = actions.mobilePressButton;
  // apps
  mobileInstallApp = app.mobileInstallApp;
  mobileRemoveApp = app.mobileRemoveApp;
  mobileIsAppInstalled = app.mobileIsAppInstalled;
  mobileActivateApp = app.mobileActivateApp;
  mobileTerminateApp = app.mobileTerminateApp;
  mobileQueryAppState = app.mobileQueryAppState;
  mobileBackgroundApp = app.mobileBackgroundApp;
  mobileClearApp = app.mobileClearApp;
  mobileDeepLink = app.mobileDeepLink;
  installApp = app.installApp;
  removeApp = app.removeApp;
  isAppInstalled = app.isAppInstalled;
  activateApp = app.activateApp;
  terminateApp = app.terminateApp;
  queryAppState = app.queryAppState;
  background = app.background;
  // notifications
  mobileOpenNotifications = notifications.mobileOpenNotifications;
  mobileGetNotifications = notifications.mobileGetNotifications;
  mobilePushNotification = notifications.mobilePushNotification;
  // device
  mobileShell = device.mobileShell;
  mobileLock = device.mobileLock;
  mobileUnlock = device.mobileUnlock;
  mobileIsLocked = device.mobileIsLocked;
  mobileSetConnectivity = device.mobileSetConnectivity;
  mobileGetConnectivity = device.mobileGetConnectivity;
  mobileChangePermissions = device.mobileChangePermissions;
  mobileGetPermissions = device.mobileGetPermissions;
  mobileSetPermission = device.mobileSetPermission;
  getNetworkConnection = device.getNetworkConnection;
  setNetworkConnection = device.setNetworkConnection;
  // pushsim
  pushsimState = pushsim.pushsimState;
  pushsimSetAppState = pushsim.pushsimSetAppState;
  pushsimSetNetwork = pushsim.pushsimSetNetwork;
}

import type { SelectorName, SelectorSet } from '../device/selectors.js';
import type { AppState } from '../vendors/common/delivery-rules.js';
import { estimateOffset, toHostTime, type ClockOffset, type TimeProbe } from './clock-offset.js';
import type { DeviceConfig } from './devices.js';
import { waitFor } from './waits.js';

/** A notification as UiAutomator2's `mobile: getNotifications` returns it (the fields the harness reads). */
interface StatusBarNotification {
  readonly packageName: string;
  readonly key: string;
  readonly postTime: number;
  readonly isRemoved: boolean;
  readonly notification: { readonly title: string | null; readonly text: string | null };
}

/** What told the harness a call invitation reached the user. */
export type CallAlert =
  | { readonly kind: 'notification'; readonly title: string; readonly text: string; readonly key?: string; /** device clock, Android only */ readonly postTime?: number; readonly seenAt: number }
  | { readonly kind: 'incoming-call'; readonly seenAt: number };

export interface PhoneTimeouts {
  /** Longest wait for something that should appear (a page, a notification). */
  readonly appearMs: number;
  /** Commands that change state (launch, login). */
  readonly actionMs: number;
}

/**
 * A phone as specs see it — simulated or real — driven only by commands the UiAutomator2 and
 * XCUITest drivers also have. The few states no real driver can reach on iOS (network, the system
 * killing an app, notification permission) go through `pushsim:` methods, and only on PushSim.
 */
export class Phone {
  #clock?: ClockOffset;
  /** The app's display name (its recents card and notifications carry it); set from the installed build. */
  appName: string;

  constructor(
    readonly browser: WebdriverIO.Browser,
    readonly device: DeviceConfig,
    readonly selectors: SelectorSet,
    /** Package name (Android) or bundle id (iOS) of the app under test. */
    readonly appId: string,
    readonly timeouts: PhoneTimeouts = { appearMs: 5000, actionMs: 10_000 },
  ) {
    this.appName = appId;
  }

  get android(): boolean { return this.device.platform === 'android'; }
  get simulated(): boolean { return this.device.simulated !== undefined; }
  get clock(): ClockOffset {
    if (!this.#clock) throw new Error(`${this.device.id}: clock offset not estimated yet; call estimateClock() first`);
    return this.#clock;
  }

  mobile<T = unknown>(method: string, args: Record<string, unknown> = {}): Promise<T> {
    return this.browser.execute(`mobile: ${method}`, args) as Promise<T>;
  }

  private sim<T = unknown>(method: string, args: Record<string, unknown> = {}): Promise<T> {
    if (!this.simulated) throw new Error(`${this.device.id}: '${method}' needs a simulated phone; no real ${this.device.platform} driver offers it`);
    return this.browser.execute(`pushsim: ${method}`, args) as Promise<T>;
  }

  private get appArg(): Record<string, string> { return this.android ? { appId: this.appId } : { bundleId: this.appId }; }

  // ---- clock --------------------------------------------------------------------------------------

  /** Device time in epoch ms (`mobile: getDeviceTime {format: 'x'}`). */
  async deviceNow(): Promise<number> {
    return Number(await this.mobile<string>('getDeviceTime', { format: 'x' }));
  }

  /** Estimates the device clock's offset from several getDeviceTime round trips; the tightest wins. */
  async estimateClock(rounds = 9): Promise<ClockOffset> {
    const probes: TimeProbe[] = [];
    for (let i = 0; i < rounds; i++) {
      const sentAt = Date.now();
      const deviceTime = await this.deviceNow();
      probes.push({ sentAt, deviceTime, receivedAt: Date.now() });
    }
    // getDeviceTime 'x' has 1 ms resolution; the host's Date.now() too.
    this.#clock = estimateOffset(probes, 1);
    return this.#clock;
  }

  toHost(deviceStamp: number): number { return toHostTime(deviceStamp, this.clock); }

  // ---- elements -----------------------------------------------------------------------------------

  selector(name: SelectorName, text?: string): string {
    const raw = this.selectors[name];
    return text === undefined ? raw : raw.replace('{text}', text.replace(/["']/g, ''));
  }

  async exists(name: SelectorName, text?: string): Promise<boolean> {
    return (await this.browser.$$(this.selector(name, text)).length) > 0;
  }

  async tap(name: SelectorName, text?: string): Promise<void> {
    const element = await this.browser.$(this.selector(name, text));
    await element.waitForExist({ timeout: this.timeouts.appearMs, timeoutMsg: `${this.device.id}: ${name} (${this.selector(name, text)}) did not appear within ${this.timeouts.appearMs} ms` });
    await element.click();
  }

  /** The element's text (a field's typed value, or its hint when empty). */
  async textOf(name: SelectorName): Promise<string> {
    const element = await this.browser.$(this.selector(name));
    await element.waitForExist({ timeout: this.timeouts.appearMs, timeoutMsg: `${this.device.id}: ${name} (${this.selector(name)}) did not appear within ${this.timeouts.appearMs} ms` });
    return element.getText();
  }

  /** Types into a field, replacing what it held (WebDriver element value). */
  async typeInto(name: SelectorName, text: string): Promise<void> {
    const element = await this.browser.$(this.selector(name));
    await element.waitForExist({ timeout: this.timeouts.appearMs, timeoutMsg: `${this.device.id}: ${name} (${this.selector(name)}) did not appear within ${this.timeouts.appearMs} ms` });
    await element.setValue(text);
  }

  /** Waits until an element shows exactly `text` (or one of several); the error says what it showed and what the screen held. */
  async waitForText(name: SelectorName, text: string | readonly string[], timeoutMs = this.timeouts.appearMs): Promise<string> {
    const wanted = typeof text === 'string' ? [text] : text;
    return waitFor(`${name} to read ${wanted.map((t) => `"${t}"`).join(' or ')} on ${this.device.id}`, async () => {
      const shown = (await this.exists(name)) ? await this.browser.$(this.selector(name)).getText() : undefined;
      return { value: shown !== undefined && wanted.includes(shown) ? shown : undefined, observed: `${name}: ${shown === undefined ? '(not on screen)' : `"${shown}"`}; screen: ${await this.screenSummary()}` };
    }, { timeoutMs, intervalMs: 10, describe: (s) => s });
  }

  /** Waits for an element; the error says which and what the screen held instead. */
  async waitFor(name: SelectorName, timeoutMs = this.timeouts.appearMs): Promise<void> {
    await waitFor(`${name} (${this.selector(name)}) on ${this.device.id}`, async () => ({ value: (await this.exists(name)) || undefined, observed: await this.screenSummary() }), { timeoutMs, intervalMs: 10, describe: (s) => s });
  }

  /** A short account of what is on screen, for failure messages. */
  async screenSummary(): Promise<string> {
    const source = await this.browser.getPageSource();
    const texts = [...source.matchAll(/(?:text|label)="([^"]+)"/g)].map((m) => m[1]).filter((t, i, all) => t && all.indexOf(t) === i);
    return texts.slice(0, 25).join(' | ') || '(no text on screen)';
  }

  // ---- the app ------------------------------------------------------------------------------------

  async isInstalled(): Promise<boolean> { return Boolean(await this.mobile('isAppInstalled', this.appArg)); }
  async install(appPath: string): Promise<void> { await this.mobile('installApp', { appPath }); }
  async uninstall(): Promise<void> { await this.mobile('removeApp', this.appArg); }
  async activate(): Promise<void> { await this.mobile('activateApp', this.appArg); }
  /** 0 not installed · 1 not running · 3 background · 4 foreground (both drivers' codes). */
  async appState(): Promise<number> { return Number(await this.mobile('queryAppState', this.appArg)); }

  /** Installed, network up, unlocked, notifications allowed, app in front and logged in as `userID`. */
  async ensureReady(appPath: string, userID: string): Promise<void> {
    await this.setNetwork(true);
    if (await this.mobile<boolean>('isLocked')) await this.mobile('unlock');
    if (!(await this.isInstalled())) await this.install(appPath);
    await this.setNotificationsAllowed(true);
    await this.activate();
    await this.login(userID);
  }

  /** Logs in through the app's own login page, unless it is already logged in as this user. */
  async login(userID: string): Promise<void> {
    const deadline = performance.now() + this.timeouts.actionMs;
    while (performance.now() < deadline) {
      if (await this.exists('homeUserId')) {
        const text = await this.browser.$(this.selector('homeUserId')).getText();
        if (text.includes(userID)) return;
        await this.tap('logoutButton');
        continue;
      }
      if (await this.exists('loginUserId')) {
        await this.browser.$(this.selector('loginUserId')).setValue(userID);
        await this.tap('loginButton');
        await this.waitFor('homeUserId', this.timeouts.actionMs);
        continue;
      }
      if (await this.exists('callHangup')) { await this.tap('callHangup'); continue; }
      if (await this.exists('incomingDecline')) { await this.tap('incomingDecline'); continue; }
      if (await this.exists('missedDismiss')) { await this.tap('missedDismiss'); continue; }
      if (await this.exists('outgoingCancel')) { await this.tap('outgoingCancel'); continue; }
      if (await this.exists('outgoingDismiss')) { await this.tap('outgoingDismiss'); continue; }
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`${this.device.id}: could not log in as ${userID} within ${this.timeouts.actionMs} ms; screen: ${await this.screenSummary()}`);
  }

  // ---- app and device states ----------------------------------------------------------------------

  /** Puts the app/device in a state with the commands a tester uses on a real phone (adb shell on Android). */
  async enterState(state: AppState): Promise<void> {
    switch (state) {
      case 'foreground': await this.activate(); return;
      case 'background': await this.toBackground(); return;
      case 'frozen':
        await this.toBackground();
        if (this.android) await this.shell('am', ['set-inactive', this.appId, 'true']);
        else await this.sim('setAppState', { state: 'frozen', ...this.appArg });
        return;
      case 'swiped': await this.swipeFromRecents(); return;
      case 'killed':
        await this.toBackground();
        if (this.android) await this.shell('am', ['kill', this.appId]);
        else await this.sim('setAppState', { state: 'killed', ...this.appArg }); // iOS ends a suspended app itself; XCUITest cannot ask it to
        return;
      case 'force-stopped':
        if (this.android) await this.shell('am', ['force-stop', this.appId]);
        else await this.mobile('terminateApp', this.appArg);
        return;
      case 'offline': await this.toBackground(); await this.setNetwork(false); return;
      case 'doze':
        await this.toBackground();
        await this.mobile('lock');
        if (this.android) await this.shell('cmd', ['deviceidle', 'force-idle']);
        return;
      case 'notifications-off': await this.setNotificationsAllowed(false); await this.toBackground(); return;
      case 'uninstalled': await this.uninstall(); return;
    }
  }

  /** Undoes what enterState did to the device (network, lock, idle, permission); the app itself is brought back by ensureReady. */
  async leaveState(state: AppState): Promise<void> {
    switch (state) {
      case 'offline': await this.setNetwork(true); return;
      case 'doze':
        if (this.android) await this.shell('cmd', ['deviceidle', 'unforce']);
        await this.mobile('unlock');
        return;
      case 'notifications-off': await this.setNotificationsAllowed(true); return;
      case 'frozen':
        if (this.android) await this.shell('am', ['set-inactive', this.appId, 'false']);
        return;
      default: return;
    }
  }

  async toBackground(): Promise<void> {
    if (this.android) await this.mobile('pressKey', { keycode: 3 }); // KEYCODE_HOME
    else await this.mobile('backgroundApp', { seconds: -1 });
  }

  /** Opens recents and swipes the app's card away (Android); on iOS the same gesture is XCUITest's terminateApp. */
  async swipeFromRecents(): Promise<void> {
    if (!this.android) { await this.mobile('terminateApp', this.appArg); return; }
    await this.mobile('pressKey', { keycode: 187 }); // KEYCODE_APP_SWITCH
    const card = await this.browser.$(`android=new UiSelector().description("${this.appName}")`);
    await card.waitForExist({ timeout: this.timeouts.appearMs, timeoutMsg: `${this.device.id}: the app's card did not show in recents` });
    const { x, y } = await card.getLocation();
    const { width, height } = await card.getSize();
    const cx = Math.round(x + width / 2), cy = Math.round(y + height / 2);
    await this.browser.action('pointer', { parameters: { pointerType: 'touch' } })
      .move({ x: cx, y: cy }).down().pause(50).move({ x: cx, y: Math.max(0, cy - 900), duration: 150 }).up().perform();
    await this.mobile('pressKey', { keycode: 3 });
  }

  async setNetwork(online: boolean): Promise<void> {
    if (this.android) await this.mobile('setConnectivity', { wifi: online, data: online });
    else if (this.simulated) await this.sim('setNetwork', { online });
  }

  async setNotificationsAllowed(allowed: boolean): Promise<void> {
    if (this.android) await this.mobile('changePermissions', { permissions: 'android.permission.POST_NOTIFICATIONS', action: allowed ? 'grant' : 'revoke', appPackage: this.appId });
    else await this.mobile('setPermission', { bundleId: this.appId, access: { notifications: allowed ? 'yes' : 'no' } });
  }

  shell(command: string, args: string[]): Promise<string> {
    return this.mobile<string>('shell', { command, args });
  }

  // ---- what arrived -------------------------------------------------------------------------------

  /** The app's notifications (Android, `mobile: getNotifications`), newest first, removed ones left out. */
  async notifications(): Promise<StatusBarNotification[]> {
    const { statusBarNotifications } = await this.mobile<{ statusBarNotifications: StatusBarNotification[] }>('getNotifications');
    return statusBarNotifications.filter((n) => !n.isRemoved && n.packageName === this.appId);
  }

  /** Looks once for the call: an incoming-call page in front, or a notification whose text contains `marker`. */
  async findCallAlert(marker: string): Promise<CallAlert | undefined> {
    const seenAt = Date.now();
    if (await this.exists('incomingAccept')) return { kind: 'incoming-call', seenAt };
    if (this.android) {
      const hit = (await this.notifications()).find((n) => `${n.notification.title ?? ''} ${n.notification.text ?? ''}`.includes(marker));
      return hit ? { kind: 'notification', title: hit.notification.title ?? '', text: hit.notification.text ?? '', key: hit.key, postTime: hit.postTime, seenAt } : undefined;
    }
    await this.openNotifications();
    const found = await this.exists('notificationWithText', marker);
    await this.mobile('pressButton', { name: 'home' }).catch(() => undefined);
    return found ? { kind: 'notification', title: marker, text: marker, seenAt } : undefined;
  }

  /** Waits for the call to show; the timeout says what the phone showed instead. */
  async waitForCallAlert(marker: string, timeoutMs: number): Promise<CallAlert> {
    return waitFor(`the call invitation "${marker}" on ${this.device.id}`, async () => ({ value: await this.findCallAlert(marker), observed: await this.screenSummary() }), { timeoutMs, intervalMs: 10, describe: (s) => s });
  }

  async openNotifications(): Promise<void> {
    if (this.android) await this.mobile('openNotifications');
    else {
      await this.browser.action('pointer', { parameters: { pointerType: 'touch' } }).move({ x: 200, y: 2 }).down().move({ x: 200, y: 600, duration: 100 }).up().perform();
    }
  }

  /** Taps the call's notification in the shade (which opens the app into the incoming call). */
  async tapNotification(marker: string): Promise<void> {
    await this.openNotifications();
    await this.tap('notificationWithText', marker);
  }

  /** Device-clock time the phone logged receiving the push for this invitation (logcat / syslog), if it did. */
  async receivedAt(invitationID: string): Promise<number | undefined> {
    const entries = (await this.browser.getLogs(this.android ? 'logcat' : 'syslog')) as { timestamp: number; message: string }[];
    const line = entries.find((e) => e.message.includes(`invitationID=${invitationID}`) && /push received/.test(e.message));
    return line?.timestamp;
  }
}

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { invitationPushKeys, type AppClient, type AppIdentity, type ProviderId } from '../cloud/app-client.js';
import { systemClock, type Clock } from '../vendors/common/clock.js';
import type { AppState, Outcome, RuleMessage } from '../vendors/common/delivery-rules.js';
import type { VendorId } from '../vendors/common/ids.js';
import type { DeliveredPush } from '../vendors/common/push.js';
import { SimApp, type AppHost, type AppLifecycle } from './app.js';
import { appIdOf, type BuildDescriptor } from './build.js';
import { DeviceLog, type LogPriority } from './device-log.js';
import { NotificationShade, type ShadeNotification } from './notification-shade.js';
import { deviceProfiles, type DeviceProfile, type ProfileId } from './profiles.js';
import { SystemPushService } from './push-service.js';
import { ruleFor } from './rules.js';

/** Where a phone's push service and apps connect: the `pushlab:endpoints` capability. */
export interface PhoneEndpoints {
  readonly gateways?: Partial<Record<VendorId, string>>;
  /** Path of the PEM that signs the APNs mock's certificate. */
  readonly caFile?: string;
  readonly clouds?: Partial<Record<ProviderId, string>>;
}

export interface SimPhoneOptions {
  readonly profile: ProfileId;
  /** `pushsim:osVersion`, e.g. "HyperOS 2.0" or "17.4". */
  readonly osVersion?: string;
  /** How far the phone's clock is ahead of the host's (negative: behind). */
  readonly clockOffsetMs?: number;
  readonly endpoints?: PhoneEndpoints;
  /** The provider SDK factory (src/cloud's createAppClient); injected so the model needs no cloud to be tested. */
  readonly createAppClient: (identity: AppIdentity) => AppClient;
  readonly hostClock?: Clock;
  readonly deviceId?: string;
}

/** What the screen shows: the launcher, the foreground app, recents / app switcher, or the notification shade. */
export type Screen = 'home' | 'app' | 'recents' | 'notifications';

/** Deep Doze states `dumpsys deviceidle step` walks through (AOSP DeviceIdleController). */
export const deepIdleStates = ['ACTIVE', 'INACTIVE', 'IDLE_PENDING', 'SENSING', 'LOCATING', 'IDLE', 'IDLE_MAINTENANCE'] as const;
export type DeepIdleState = (typeof deepIdleStates)[number];

/** What happened to one push on the phone; the last few are kept for `pushsim: state`. */
export interface PushReceipt {
  readonly messageId: string;
  readonly vendor: VendorId;
  readonly kind: DeliveredPush['kind'];
  readonly app?: string;
  readonly state: AppState;
  readonly outcome: Outcome;
  readonly source: string;
  /** Device clock. */
  readonly receivedAt: number;
  readonly invitationID?: string;
}

/**
 * A simulated phone: OS, clock, network, lock/Doze, per-app notification permission, installed apps,
 * notification shade, logcat/syslog and the system push service. A plain model with no WebDriver
 * in it; the PushSim Appium driver adapts it.
 */
export class SimPhone {
  readonly profileId: ProfileId;
  readonly profile: DeviceProfile;
  readonly deviceId: string;
  readonly osName: string;
  readonly osVersion: string;
  readonly shade = new NotificationShade();
  readonly log: DeviceLog;
  readonly push: SystemPushService;
  readonly receipts: PushReceipt[] = [];
  clockOffsetMs: number;
  wifi = true;
  data = true;
  locked = false;
  screenOn = true;
  deepIdle: DeepIdleState = 'ACTIVE';
  screen: Screen = 'home';

  readonly #apps = new Map<string, SimApp>();
  readonly #notificationsAllowed = new Map<string, boolean>();
  readonly #recents: string[] = [];
  readonly #pending = new Set<Promise<unknown>>();
  readonly #hostClock: Clock;
  readonly #opts: SimPhoneOptions;
  #top: string | undefined;
  #resumeAfterUnlock: string | undefined;
  #localSeq = 0;
  #closed = false;

  constructor(options: SimPhoneOptions) {
    this.#opts = options;
    this.profileId = options.profile;
    this.profile = deviceProfiles[options.profile];
    this.#hostClock = options.hostClock ?? systemClock;
    this.clockOffsetMs = options.clockOffsetMs ?? 0;
    this.deviceId = options.deviceId ?? `pushsim-${options.profile}-${randomBytes(4).toString('hex')}`;
    const [name, version] = splitOsVersion(options.osVersion, this.profile);
    this.osName = name;
    this.osVersion = version;
    this.log = new DeviceLog(this.profile.platform, () => this.now(), this.profile.platform === 'ios' ? 'iPhone' : this.profile.model);
    const gatewayUrl = options.endpoints?.gateways?.[this.profile.vendor];
    const caFile = options.endpoints?.caFile;
    this.push = new SystemPushService({
      vendor: this.profile.vendor,
      deviceId: this.deviceId,
      gatewayUrl,
      ca: caFile ? readFileSync(caFile) : undefined,
      onPush: (push) => this.#onPush(push),
      log: (priority, message) => this.#write(priority, this.#pushTag, message, this.profile.pushServiceProcess),
    });
    this.#write('I', 'PushSim', `boot ${this.profile.manufacturer} ${this.profile.model} ${this.osName} ${this.osVersion} vendor=${this.profile.vendor} clockOffsetMs=${this.clockOffsetMs}`);
  }

  get platform(): 'android' | 'ios' { return this.profile.platform; }
  get vendor(): VendorId { return this.profile.vendor; }
  /** The phone's clock: the host's plus the configured offset. */
  now(): number { return this.#hostClock.now() + this.clockOffsetMs; }
  get online(): boolean { return this.wifi || this.data; }
  get dozing(): boolean { return this.deepIdle === 'IDLE' || this.deepIdle === 'IDLE_MAINTENANCE'; }
  get #pushTag(): string { return `PushSim/${this.profile.vendor}`; }

  // ---- apps -----------------------------------------------------------------------------------

  apps(): SimApp[] { return [...this.#apps.values()]; }
  app(appId: string): SimApp | undefined { return this.#apps.get(appId); }
  /** The app in the foreground (shown unless the phone is locked or an overlay is open). */
  get topApp(): SimApp | undefined { return this.#top ? this.#apps.get(this.#top) : undefined; }
  /** Apps in recents / the app switcher, most recent first. */
  recents(): SimApp[] { return this.#recents.map((id) => this.#apps.get(id)).filter((a): a is SimApp => a !== undefined); }

  /** Installs (or replaces) an app from its build descriptor; the app starts in the stopped state. */
  install(build: BuildDescriptor): SimApp {
    const appId = appIdOf(build, this.platform);
    const old = this.#apps.get(appId);
    if (old) {
      old.stop('force-stopped');
      this.#dropTop(appId);
    }
    const app = new SimApp(build, this.#appHost());
    this.#apps.set(appId, app);
    if (!this.#notificationsAllowed.has(appId)) this.#notificationsAllowed.set(appId, true);
    this.#write('I', 'PackageManager', `${old ? 'Replacing' : 'Installing'} package ${appId} (${build.appName}, provider ${build.provider})`);
    return app;
  }

  isInstalled(appId: string): boolean { return this.#apps.has(appId); }

  /** Uninstalls: process gone, notifications gone, and the push service unregisters the token at the gateway. */
  async uninstall(appId: string): Promise<boolean> {
    const app = this.#apps.get(appId);
    if (!app) return false;
    app.stop('force-stopped');
    this.#apps.delete(appId);
    this.#notificationsAllowed.delete(appId);
    this.#dropTop(appId);
    this.#removeRecent(appId);
    this.shade.removeWhere((n) => n.packageName === appId);
    this.#write('I', 'PackageManager', `Removing package ${appId}`);
    await this.push.unregister(appId).catch((error: Error) => this.#write('W', this.#pushTag, `unregister ${appId} failed: ${error.message}`));
    return true;
  }

  /** Brings an app to the foreground, starting it when its process is dead (launcher tap, `am start`, activateApp). */
  launch(appId: string): SimApp {
    const app = this.#require(appId);
    this.wake();
    const previous = this.topApp;
    if (previous && previous !== app) previous.toBackground();
    app.start(true);
    this.#top = appId;
    this.#touchRecent(appId);
    this.screen = 'app';
    if (this.locked) {
      // Started behind the keyguard: it shows once the phone is unlocked.
      app.toBackground();
      this.#resumeAfterUnlock = appId;
    }
    this.#sync();
    return app;
  }

  /** Sends the foreground app to the background and shows the launcher (HOME). */
  home(): void {
    this.topApp?.toBackground();
    this.#top = undefined;
    this.screen = 'home';
    this.#sync();
  }

  /** BACK: closes an overlay, else moves the foreground app's task to the back. */
  back(): void {
    if (this.screen === 'notifications' || this.screen === 'recents') {
      this.screen = this.#top ? 'app' : 'home';
      return;
    }
    if (this.topApp) this.home();
  }

  /** Recents (Android APP_SWITCH) / the iOS app switcher: the foreground app is paused into the background. */
  openRecents(): void {
    this.wake();
    this.topApp?.toBackground();
    this.#top = undefined;
    this.screen = 'recents';
    this.#sync();
  }

  openNotifications(): void {
    this.wake();
    this.screen = 'notifications';
  }

  /** Swipes an app away in recents: its process dies (not a force-stop on stock Android; OEM skins kill it too). */
  swipeAway(appId: string): void {
    const app = this.#require(appId);
    this.#removeRecent(appId);
    this.#dropTop(appId);
    app.stop('swiped');
    this.#sync();
  }

  clearRecents(): void {
    for (const app of this.recents()) this.swipeAway(app.appId);
  }

  /** `am force-stop` (Android) — also Settings → Force stop. */
  forceStop(appId: string): void {
    const app = this.#require(appId);
    this.#dropTop(appId);
    this.#removeRecent(appId);
    app.stop('force-stopped');
    this.#sync();
  }

  /** `am kill`: kills the process only when it is in the background, as the real command does. Returns whether it died. */
  kill(appId: string): boolean {
    const app = this.#require(appId);
    if (app.lifecycle !== 'background' && app.lifecycle !== 'frozen') return false;
    app.stop('killed');
    this.#sync();
    return true;
  }

  /**
   * `mobile: terminateApp`: `am force-stop` on Android (as UiAutomator2 does); on iPhone the app is
   * force-quit. @note assumption: iOS treats an XCUITest terminate like the user's force-quit (the
   * APNs rules give force-stopped and swiped the same rows); a system kill is `pushsim: setAppState killed`.
   */
  terminate(appId: string): boolean {
    const app = this.#require(appId);
    const wasRunning = app.isRunning;
    this.#dropTop(appId);
    this.#removeRecent(appId);
    app.stop('force-stopped');
    this.#sync();
    return wasRunning;
  }

  /** `am set-inactive <pkg> true|false`: the sim's way to freeze a background app (process alive, long connection dropped). */
  setInactive(appId: string, inactive: boolean): void {
    const app = this.#require(appId);
    if (inactive) {
      if (app.lifecycle === 'foreground') { this.#dropTop(appId); app.toBackground(); this.screen = 'home'; }
      app.freeze();
      app.inactive = app.isRunning;
    } else if (app.lifecycle === 'frozen') {
      app.start(false);
    }
    this.#sync();
  }

  /** `pm clear`: kills the app and wipes its data (login, push token). */
  async clearData(appId: string): Promise<void> {
    const app = this.#require(appId);
    this.#dropTop(appId);
    app.clearData();
    this.shade.removeWhere((n) => n.packageName === appId);
    await this.push.unregister(appId).catch(() => undefined);
  }

  /**
   * Puts an app straight into a lifecycle state, for states a platform offers no command for
   * (iPhone: frozen/suspended, force-stopped). `pushsim: setAppState`.
   */
  setAppState(appId: string, state: AppLifecycle): void {
    const app = this.#require(appId);
    const toBackground = () => {
      if (this.#top === appId) this.home();
      if (!app.isRunning) app.start(false);
      if (app.lifecycle === 'frozen') app.start(false);
    };
    switch (state) {
      case 'foreground': this.launch(appId); break;
      case 'background': toBackground(); break;
      case 'frozen': toBackground(); this.setInactive(appId, true); break;
      case 'swiped': this.swipeAway(appId); break;
      case 'killed': toBackground(); this.kill(appId); break;
      case 'force-stopped': this.forceStop(appId); break;
    }
    this.#sync();
  }

  /** The app lifecycle state, or 'not-installed'. */
  appLifecycle(appId: string): AppLifecycle | 'not-installed' {
    return this.#apps.get(appId)?.lifecycle ?? 'not-installed';
  }

  // ---- device states --------------------------------------------------------------------------

  /**
   * Screen off and keyguard up (POWER, `mobile: lock`). An iPhone also goes to sleep: iOS has no
   * Doze or `deviceidle` command, so its locked, sleeping state is what the rules call doze.
   */
  lock(): void {
    this.screenOn = false;
    // assumption: a locked iPhone is the APNs table's doze row (reference/vendor-gateways.md has no iOS Doze).
    if (this.platform === 'ios') this.setDoze(true);
    if (this.locked) return;
    this.locked = true;
    if (this.#top) {
      this.#resumeAfterUnlock = this.#top;
      this.topApp?.toBackground();
    }
    if (this.screen !== 'app') this.screen = 'home';
    this.#write('I', 'PowerManager', 'Going to sleep due to power button');
    this.#sync();
  }

  unlock(): void {
    if (!this.locked) return;
    this.locked = false;
    this.wake();
    const resume = this.#resumeAfterUnlock;
    this.#resumeAfterUnlock = undefined;
    const app = resume ? this.#apps.get(resume) : undefined;
    if (app && resume === this.#top && app.lifecycle === 'background') {
      app.start(true);
      this.screen = 'app';
    } else if (this.#top && !this.topApp?.isRunning) {
      this.#top = undefined;
      this.screen = 'home';
    }
    this.#sync();
  }

  /** Screen on (WAKEUP, POWER on a dark screen): leaves Doze, as real devices do; the keyguard stays. */
  wake(): void {
    this.screenOn = true;
    if (this.deepIdle !== 'ACTIVE') this.setDoze(false);
  }

  /** KEYCODE_POWER: a lit screen goes dark and locks; a dark one lights up (still locked). */
  power(): void {
    if (this.screenOn) this.lock();
    else this.wake();
  }

  /** `cmd deviceidle force-idle` / `unforce`. */
  setDoze(idle: boolean): void {
    const next: DeepIdleState = idle ? 'IDLE' : 'ACTIVE';
    if (next === this.deepIdle) return;
    this.deepIdle = next;
    this.#write('I', 'DeviceIdleController', `Moved to deep state ${next}`);
    this.#sync();
  }

  /** `dumpsys deviceidle step`: the next deep-idle state. */
  stepDoze(): DeepIdleState {
    const i = deepIdleStates.indexOf(this.deepIdle);
    const next = deepIdleStates[i === deepIdleStates.length - 1 ? deepIdleStates.indexOf('IDLE') : i + 1]!;
    this.deepIdle = next;
    this.#write('I', 'DeviceIdleController', `Moved to deep state ${next}`);
    this.#sync();
    return next;
  }

  /** `svc wifi|data enable|disable`: offline closes the push channel (the gateway queues) and the apps' connections. */
  setNetwork(change: { wifi?: boolean; data?: boolean }): void {
    const wasOnline = this.online;
    if (change.wifi !== undefined) this.wifi = change.wifi;
    if (change.data !== undefined) this.data = change.data;
    if (wasOnline !== this.online) {
      this.#write('I', 'ConnectivityService', this.online ? 'Network available' : 'Network lost: no default network');
      this.track(this.push.setOnline(this.online));
    }
    this.#sync();
  }

  notificationsAllowed(appId: string): boolean { return this.#notificationsAllowed.get(appId) ?? true; }

  /** POST_NOTIFICATIONS grant/revoke (Android), notification access (iOS). */
  setNotificationsAllowed(appId: string, allowed: boolean): void {
    this.#require(appId);
    this.#notificationsAllowed.set(appId, allowed);
    this.push.reportNotificationSwitch(appId, allowed);
    if (!allowed) this.shade.removeWhere((n) => n.packageName === appId);
  }

  /**
   * The state a push for this app is judged by: device states win over the app's own
   * (offline, then Doze, then notifications off), as `pushlab rules` lists them.
   */
  ruleState(appId: string | undefined): AppState {
    const app = appId === undefined ? undefined : this.#apps.get(appId);
    if (!app) return 'uninstalled';
    if (!this.online) return 'offline';
    if (this.dozing) return 'doze';
    if (!this.notificationsAllowed(app.appId)) return 'notifications-off';
    return app.lifecycle;
  }

  // ---- pushes ---------------------------------------------------------------------------------

  /** XCUITest `pushNotification` (simctl push): a payload handed to the phone as if APNs delivered it. */
  deliverLocal(appId: string, payload: Record<string, unknown>): PushReceipt {
    const aps = payload.aps as Record<string, unknown>;
    const alert = aps.alert;
    const title = typeof alert === 'string' ? undefined : typeof (alert as { title?: unknown })?.title === 'string' ? (alert as { title: string }).title : undefined;
    const body = typeof alert === 'string' ? alert : typeof (alert as { body?: unknown })?.body === 'string' ? (alert as { body: string }).body : undefined;
    const data: Record<string, string> = {};
    for (const [k, v] of Object.entries(payload)) if (k !== 'aps') data[k] = typeof v === 'string' ? v : JSON.stringify(v);
    const kind: RuleMessage = alert === undefined && aps['content-available'] === 1 ? 'data' : 'notification';
    const push: DeliveredPush = { vendor: this.vendor, messageId: `simctl-${++this.#localSeq}`, token: '', kind, title, body, data, acceptedAt: this.now(), raw: payload };
    return this.receive(push, appId);
  }

  #onPush(push: DeliveredPush): void {
    if (this.#closed) return;
    this.receive(push);
  }

  /**
   * Applies the vendor's rule to a push that reached the phone (the push service calls this): the
   * app's state decides whether the app gets it, the OS shows it, or it is dropped. Every receipt
   * is logged as `PushSim/<vendor>: push received messageId=… invitationID=… kind=… … receivedAt=<device ms>`.
   */
  receive(push: DeliveredPush, appId: string | undefined = this.push.appFor(push.token)): PushReceipt {
    const receivedAt = this.now();
    const app = appId === undefined ? undefined : this.#apps.get(appId);
    const state = this.ruleState(appId);
    const rule = ruleFor(this.vendor, state, push.kind);
    const outcome: Outcome = rule?.outcome ?? 'dropped';
    const source = rule?.source ?? `no ${this.vendor} rule for ${push.kind} messages: the vendor has no such message type`;
    const invitationID = push.data[invitationPushKeys.invitationID];
    const receipt: PushReceipt = { messageId: push.messageId, vendor: this.vendor, kind: push.kind, app: appId, state, outcome, source, receivedAt, ...(invitationID ? { invitationID } : {}) };
    this.receipts.push(receipt);
    if (this.receipts.length > 200) this.receipts.shift();
    this.#write('I', this.#pushTag, `push received messageId=${push.messageId} invitationID=${invitationID ?? '-'} kind=${push.kind} app=${appId ?? '-'} state=${state} outcome=${outcome} receivedAt=${receivedAt}`, this.profile.pushServiceProcess);
    switch (outcome) {
      case 'system': {
        const posted = this.shade.post({
          packageName: app!.appId,
          appName: app!.name,
          postTime: this.now(),
          title: push.title ?? app!.name,
          text: push.body ?? '',
          channelId: push.channelId,
          postedBy: 'system',
          actions: [],
          data: { ...push.data },
          messageId: push.messageId,
          tag: push.collapseKey ?? null,
        });
        this.#write('I', 'NotificationService', `posted ${posted.key} by system channel for messageId=${push.messageId}`);
        break;
      }
      case 'app':
        app!.handlePush(push);
        this.#sync();
        break;
      case 'dropped':
        this.#write('W', this.#pushTag, `push dropped messageId=${push.messageId}: ${source}`, this.profile.pushServiceProcess);
        break;
      default:
        // queued happens at the gateway and refused at send time; a connected phone never sees either.
        this.#write('W', this.#pushTag, `push with outcome ${outcome} reached the phone (state ${state}); not shown`, this.profile.pushServiceProcess);
    }
    return receipt;
  }

  /** Taps a notification (or one of its buttons): the shade closes and the app opens into the call. */
  async tapNotification(key: string, action?: string): Promise<void> {
    const n = this.shade.find(key);
    if (!n || n.isRemoved) throw new Error(`no notification ${key} on the phone (it was removed or never posted)`);
    const app = this.#require(n.packageName);
    this.shade.remove(key);
    this.#write('I', 'NotificationService', `clicked ${key}${action ? ` action=${action}` : ''}`);
    if (action === 'Decline') {
      await app.openNotification(n, action);
      return;
    }
    if (this.locked) this.unlock();
    this.launch(app.appId);
    await app.openNotification(n, action);
  }

  // ---- plumbing -------------------------------------------------------------------------------

  /** Lets background work (logins, token requests, call setup) be awaited by `idle()`. */
  track(work: Promise<unknown>): void {
    const p = work.catch(() => undefined).finally(() => this.#pending.delete(p));
    this.#pending.add(p);
  }

  /** Waits until background work settles (bounded), like UiAutomator2's wait-for-idle. Returns whether it settled. */
  async idle(timeoutMs = 3000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.#pending.size) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...this.#pending]), new Promise((r) => { timer = setTimeout(r, left); })]);
      clearTimeout(timer);
    }
    return true;
  }

  /** Shuts the phone down: closes the push channel and the apps' connections. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const app of this.#apps.values()) app.stop('killed');
    this.push.close();
  }

  /** A debugging snapshot (`pushsim: state`). */
  snapshot(): Record<string, unknown> {
    return {
      profile: this.profileId,
      vendor: this.vendor,
      platform: this.platform,
      os: `${this.osName} ${this.osVersion}`,
      deviceId: this.deviceId,
      deviceTime: this.now(),
      clockOffsetMs: this.clockOffsetMs,
      network: { wifi: this.wifi, data: this.data, online: this.online },
      locked: this.locked,
      screenOn: this.screenOn,
      deepIdle: this.deepIdle,
      screen: this.screen,
      topApp: this.#top ?? null,
      pushChannelConnected: this.push.connected,
      apps: this.apps().map((a) => ({
        appId: a.appId,
        provider: a.build.provider,
        lifecycle: a.lifecycle,
        ruleState: this.ruleState(a.appId),
        page: a.page.name,
        user: a.user ?? null,
        connected: a.connected,
        notificationsAllowed: this.notificationsAllowed(a.appId),
        pushToken: a.pushToken ? `${a.pushToken.slice(0, 6)}…` : null,
        pushStatus: a.pushStatus,
        problems: a.problems,
      })),
      notifications: this.shade.visible().map((n) => ({ key: n.key, title: n.title, text: n.text, postedBy: n.postedBy })),
      receipts: this.receipts.slice(-20),
    };
  }

  #require(appId: string): SimApp {
    const app = this.#apps.get(appId);
    if (!app) throw new Error(`${appId} is not installed on this phone (installed: ${[...this.#apps.keys()].join(', ') || 'none'})`);
    return app;
  }

  #dropTop(appId: string): void {
    if (this.#top !== appId) return;
    this.#top = undefined;
    if (this.screen === 'app') this.screen = 'home';
  }

  #touchRecent(appId: string): void {
    this.#removeRecent(appId);
    this.#recents.unshift(appId);
  }

  #removeRecent(appId: string): void {
    const i = this.#recents.indexOf(appId);
    if (i >= 0) this.#recents.splice(i, 1);
  }

  /** Re-derives every app's long connection from the device state. */
  #sync(): void {
    for (const app of this.#apps.values()) app.syncConnection();
  }

  #write(priority: LogPriority, tag: string, message: string, process?: string): void {
    this.log.write(priority, tag, message, process);
  }

  #appHost(): AppHost {
    return {
      platform: this.platform,
      vendor: this.vendor,
      deviceId: this.deviceId,
      callNotificationActions: this.profile.callNotificationActions,
      log: (priority, tag, message) => this.#write(priority, tag, message),
      networkUsable: () => this.online && !this.dozing,
      pushToken: (appId) => this.push.register(appId),
      postNotification: (appId, n) => {
        const app = this.#apps.get(appId);
        if (!app || (!n.callKit && !this.notificationsAllowed(appId))) return false;
        this.shade.post({ packageName: appId, appName: app.name, postTime: this.now(), title: n.title, text: n.text, channelId: n.channelId, postedBy: 'app', actions: n.actions, data: n.data, tag: n.tag });
        return true;
      },
      cancelNotifications: (appId, tag) => { this.shade.removeWhere((n) => n.packageName === appId && n.tag === tag); },
      createClient: (identity) => this.#opts.createAppClient(identity),
      cloudUrl: (provider) => this.#opts.endpoints?.clouds?.[provider],
      track: (work) => this.track(work),
    };
  }
}

/** "HyperOS 2.0" → ['HyperOS', '2.0']; "17.4" → [profile OS name, '17.4']. */
function splitOsVersion(value: string | undefined, profile: DeviceProfile): [string, string] {
  if (!value) return [profile.os.name, profile.os.version];
  const m = /^(.*\D)\s+(\d[\w.]*)$/.exec(value.trim());
  return m ? [m[1]!.trim(), m[2]!] : [profile.os.name, value.trim()];
}

export type { ShadeNotification };

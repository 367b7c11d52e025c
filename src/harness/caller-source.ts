import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { remote } from 'webdriverio';
import type { SendInvitationResult } from '../cloud/app-client.js';
import { appIdOf, loadBuild, type BuildDescriptor } from '../device/build.js';
import { defaultSelectors, type Selectors } from '../device/selectors.js';
import { capabilityFor } from './capabilities.js';
import { CloudRecords } from './cloud-records.js';
import type { DeviceConfig } from './devices.js';
import type { PushlabEndpoints } from './endpoints.js';
import { Phone } from './phone.js';
import { waitFor, WaitTimeoutError } from './waits.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Where the run's Appium server listens, as WebdriverIO's connection options. */
export interface AppiumServer {
  readonly protocol?: string;
  readonly hostname?: string;
  readonly port?: number;
  readonly path?: string;
}

export interface CallerPhoneOptions {
  /** Build descriptor (custom base) the caller's app is: the callee's, so both talk to the same provider cloud. */
  readonly buildPath: string;
  /** The run's `pushlab:endpoints` (the callee session's capability). */
  readonly endpoints: PushlabEndpoints;
  /** Who the caller logs in as. */
  readonly userID: string;
  /** The callee's device: the default caller phone is named after it. */
  readonly callee: DeviceConfig;
  /**
   * The caller's device. Default: a simulated Pixel 8 (FCM) on the same Appium server. A real phone
   * (devices.json entry with `real`) works the same way, through its own `real.appiumUrl` if it has one.
   */
  readonly device?: DeviceConfig;
  /** Where Appium is: the callee session's own `browser.options` (the server the suite started). */
  readonly server: AppiumServer;
  readonly selectors?: Selectors;
  /** Longest wait for the invitation id to show in the caller's log or the cloud's records. */
  readonly sendTimeoutMs?: number;
}

/** One invitation a caller phone sent by tapping its call button. */
export interface CallerSent {
  readonly invitationID: string;
  readonly callID: string;
  /** Harness clock, just before the tap. */
  readonly sentAt: number;
  /** The app's own log stamp of the tap, moved onto the harness clock (absent when the id came from the cloud's records). */
  readonly tappedOnDeviceAt?: number;
  /** What sendInvitation answered, as far as the caller phone showed it: reached, or not reached and why. */
  readonly result: SendInvitationResult;
  /** Where the invitation id was read. */
  readonly from: 'device-log' | 'cloud-records';
}

interface LogEntry { readonly timestamp: number; readonly message: string }

const SENT = /invitation sent invitationID=(\S+) callID=(\S+) to=(\S+)/;
const TAPPED = /invite button tapped type=(voice|video) to=(\S+)/;
const FAILED = /sendInvitation to=(\S+) failed: (.*)$/;
const NOT_REACHED = /invitation (\S+) not reached (\S+) yet: (.*)$/;

/** The default caller: a simulated Pixel 8 next to the callee. */
export function defaultCallerDevice(callee: DeviceConfig, buildPath: string): DeviceConfig {
  return {
    id: `${callee.id}-caller`,
    name: `Caller for ${callee.id} (Pixel 8)`,
    tags: ['caller'],
    vendor: 'fcm',
    platform: 'android',
    enabled: true,
    app: buildPath,
    simulated: { profile: 'pixel', clockOffsetMs: 0 },
  };
}

/**
 * The `caller` invitation source (issue 5, DESIGN.md "Invitation sources"): a second phone whose
 * user taps the app's call button (ZEGO's ZegoSendCallInvitationButton; an Easemob build's call
 * button), so the invitation takes the whole real path — caller app, provider cloud, vendor
 * gateway, callee phone. Opens its own WebDriver session; `close()` ends it.
 */
export class CallerSource {
  readonly #log: LogEntry[] = [];
  readonly #records: CloudRecords;

  private constructor(
    readonly phone: Phone,
    readonly userID: string,
    readonly build: BuildDescriptor,
    readonly buildPath: string,
    private readonly sendTimeoutMs: number,
    cloudUrl: string,
  ) {
    this.#records = new CloudRecords(cloudUrl);
  }

  /**
   * Opens the caller phone's session, installs and launches the build, estimates its clock and logs
   * in as `userID`. Throws saying what failed (session refused, login failed).
   */
  static async open(options: CallerPhoneOptions): Promise<CallerSource> {
    const build = loadBuild(options.buildPath);
    const device = options.device ?? defaultCallerDevice(options.callee, options.buildPath);
    const caps = capabilityFor(device, options.endpoints, root);
    delete caps['wdio:exclude'];
    // A simulated phone installs the build descriptor itself; a real one has its APK/IPA in devices.json (`app`).
    if (!device.app && device.simulated) caps['appium:app'] = resolve(root, options.buildPath);
    const server = device.real?.appiumUrl ? serverOf(device.real.appiumUrl) : options.server;
    let browser: WebdriverIO.Browser;
    try {
      browser = await remote({
        ...(server.protocol ? { protocol: server.protocol } : {}),
        hostname: server.hostname ?? '127.0.0.1',
        port: server.port ?? 4723,
        path: server.path ?? '/',
        logLevel: 'warn',
        connectionRetryCount: 0,
        capabilities: caps as WebdriverIO.Capabilities,
      });
    } catch (error) {
      throw new Error(`caller source: could not open a session for the caller phone ${device.id} on Appium at ${server.hostname ?? '127.0.0.1'}:${server.port ?? 4723}${server.path ?? '/'}: ${(error as Error).message}`, { cause: error });
    }
    const selectors = (options.selectors ?? defaultSelectors)[device.platform];
    const phone = new Phone(browser, device, selectors, appIdOf(build, device.platform));
    phone.appName = build.appName;
    const source = new CallerSource(phone, options.userID, build, options.buildPath, options.sendTimeoutMs ?? 5000, build.cloudUrl ?? options.endpoints.clouds[build.provider]);
    try {
      await phone.estimateClock();
      await phone.ensureReady(options.buildPath, options.userID);
    } catch (error) {
      await source.close();
      throw error;
    }
    return source;
  }

  /**
   * Types the callee into "User ID to call" and taps the voice or video button; resolves with the
   * invitation id, read from the caller app's log or else from the cloud's records of this caller.
   * `sentAt` is the harness time just before the tap.
   */
  async call(callee: string, type: 'voice' | 'video' = 'video'): Promise<CallerSent> {
    const { phone } = this;
    await phone.login(this.userID);
    await phone.typeInto('inviteUserId', callee);
    await this.#readLog();
    const logFrom = this.#log.length;
    const since = await this.#lastRecordSeq();
    const sentAt = Date.now();
    await phone.tap(type === 'video' ? 'inviteVideo' : 'inviteVoice');
    let outcome: CallerSent | { readonly failure: string };
    try {
      outcome = await waitFor(`the invitation id of ${this.userID}'s ${type} call to ${callee} on ${phone.device.id}`, async () => {
        const fromLog = await this.#fromLog(logFrom, callee, sentAt);
        if (fromLog) return { value: fromLog, observed: '' };
        const fromRecords = await this.#fromRecords(since, callee, sentAt);
        return { value: fromRecords, observed: await this.#whatItShowed(logFrom) };
      }, { timeoutMs: this.sendTimeoutMs, intervalMs: 10, describe: (s) => s });
    } catch (error) {
      if (!(error instanceof WaitTimeoutError)) throw error;
      throw new Error(`caller source: ${phone.device.id} tapped ${type === 'video' ? 'Video' : 'Voice'} call for ${callee}, but no invitation id showed in its log or the cloud's records within ${error.timeoutMs} ms; it showed: ${error.lastSeen}`, { cause: error });
    }
    if ('failure' in outcome) throw new Error(`caller source: ${phone.device.id}'s app could not send the invitation to ${callee}: ${outcome.failure}; its calling page shows "${await this.status().catch(() => '?')}"`);
    return outcome;
  }

  /** The calling page's status line ("Calling…", "Declined", "Busy", "No answer"…). */
  status(): Promise<string> { return this.phone.textOf('outgoingStatus'); }

  /** Ends the caller phone's session (never throws: cleanup). */
  async close(): Promise<void> {
    await this.phone.browser.deleteSession().catch(() => undefined);
  }

  async #readLog(): Promise<void> {
    const type = this.phone.android ? 'logcat' : 'syslog';
    const entries = (await this.phone.browser.getLogs(type)) as LogEntry[];
    this.#log.push(...entries);
  }

  /** The app's "invitation sent" line for this callee (or its "sendInvitation … failed" line). */
  async #fromLog(from: number, callee: string, sentAt: number): Promise<CallerSent | { readonly failure: string } | undefined> {
    await this.#readLog();
    const lines = this.#log.slice(from);
    const failed = lines.map((e) => FAILED.exec(e.message)).find((m) => m?.[1] === callee);
    if (failed) return { failure: failed[2]! };
    const sent = lines.map((e) => SENT.exec(e.message)).find((m) => m?.[3] === callee);
    if (!sent) return undefined;
    const [, invitationID, callID] = sent as unknown as [string, string, string];
    const tapped = lines.find((e) => TAPPED.exec(e.message)?.[2] === callee);
    const notReached = lines.map((e) => NOT_REACHED.exec(e.message)).find((m) => m?.[1] === invitationID);
    return {
      invitationID, callID, sentAt, from: 'device-log',
      ...(tapped ? { tappedOnDeviceAt: this.phone.toHost(tapped.timestamp) } : {}),
      result: resultOf(invitationID, callID, callee, notReached?.[3]),
    };
  }

  async #lastRecordSeq(): Promise<number | undefined> {
    const records = await this.#records.list({ userID: this.userID }).catch(() => undefined);
    return records ? records.reduce((max, r) => Math.max(max, r.seq), 0) : undefined;
  }

  /** The cloud's invitation-created record of this caller after the tap (emulated clouds only; a real cloud has no records API). */
  async #fromRecords(since: number | undefined, callee: string, sentAt: number): Promise<CallerSent | undefined> {
    if (since === undefined) return undefined;
    const records = await this.#records.list({ userID: this.userID, since }).catch(() => []);
    const created = records.find((r) => r.kind === 'invitation-created' && r.invitationID && r.reason.includes(callee));
    if (!created?.invitationID) return undefined;
    const callID = created.callID ?? created.invitationID;
    return { invitationID: created.invitationID, callID, sentAt, from: 'cloud-records', result: resultOf(created.invitationID, callID, callee, undefined) };
  }

  async #whatItShowed(logFrom: number): Promise<string> {
    const screen = await this.phone.screenSummary().catch((error: Error) => `(screen unreadable: ${error.message})`);
    const appLines = this.#log.slice(logFrom).map((e) => e.message).filter((m) => m.includes('PushSim/app') || m.includes('invit')).slice(-5);
    return `screen: ${screen}; log: ${appLines.length ? appLines.join(' / ') : 'nothing from the app since the tap'}`;
  }
}

function resultOf(invitationID: string, callID: string, callee: string, notReached: string | undefined): SendInvitationResult {
  return notReached === undefined
    ? { invitationID, callID, successUsers: [{ userID: callee }], errorUsers: [] }
    : { invitationID, callID, successUsers: [], errorUsers: [{ userID: callee, reason: notReached }] };
}

function serverOf(url: string): AppiumServer {
  const u = new URL(url);
  return { protocol: u.protocol.replace(':', ''), hostname: u.hostname, port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)), path: u.pathname };
}

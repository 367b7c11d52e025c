import { invitationPushKeys, type AppClient, type AppIdentity, type Invitation, type InvitationAnswer, type InvitationState, type SendInvitationConfig } from '../cloud/app-client.js';
import type { VendorId } from '../vendors/common/ids.js';
import type { DeliveredPush } from '../vendors/common/push.js';
import { appIdOf, diagnose, easemobCertificateFields, type BuildDescriptor, type BuildProblem } from './build.js';
import type { LogPriority } from './device-log.js';
import type { ShadeNotification } from './notification-shade.js';

/** Where an installed app's process is. A fresh install counts as force-stopped (Android's stopped state). */
export const appLifecycles = ['foreground', 'background', 'frozen', 'swiped', 'killed', 'force-stopped'] as const;
export type AppLifecycle = (typeof appLifecycles)[number];

/** The page the app shows while in the foreground. */
export type AppPage =
  | { readonly name: 'login'; readonly error?: string }
  | { readonly name: 'home'; readonly error?: string }
  | { readonly name: 'incoming'; readonly invitation: Invitation }
  | { readonly name: 'missed'; readonly invitation: Invitation; readonly reason: InvitationState | 'cancelled' | 'timeout' | 'answered-elsewhere' | 'refused' }
  | { readonly name: 'outgoing'; readonly call: OutgoingCall; readonly status: OutgoingStatus; readonly note?: string }
  /** `peer`: whom the call is with — the inviter on the callee's phone, the invitee on the caller's. */
  | { readonly name: 'in-call'; readonly invitation: Invitation; readonly connected: boolean; readonly peer: string };

/** The calling page's status line (ZEGO Call Kit's waiting page, ZegoCallInvitationWaiting), by where the call stands. */
export const outgoingStatusTexts = {
  calling: 'Calling…',
  /** The invitee accepted; the app is joining the room (the in-call page follows). */
  accepted: 'Connected',
  declined: 'Declined',
  busy: 'Busy',
  'no-answer': 'No answer',
  failed: 'Call failed',
} as const satisfies Record<string, string>;
export type OutgoingStatus = keyof typeof outgoingStatusTexts;

/** The caller's answers (onInvitationAnswered) that end the calling page, and the status each shows. */
const finalStatusOf = { refused: 'declined', busy: 'busy', timeout: 'no-answer' } as const satisfies Record<Exclude<InvitationAnswer, 'accepted'>, OutgoingStatus>;

/** The app's own bookkeeping of the call on the calling page. */
interface PlacingCall { call: OutgoingCall; cancelled: boolean }

/** A call this app is placing: known by its invitation id once sendInvitation answered. */
export interface OutgoingCall {
  readonly callee: string;
  readonly type: 'voice' | 'video';
  readonly invitationID?: string;
  readonly callID?: string;
}

/** What the phone gives an app: its OS services. */
export interface AppHost {
  readonly platform: 'android' | 'ios';
  readonly vendor: VendorId;
  readonly deviceId: string;
  /** Whether this skin renders Accept/Decline buttons on an app's call notification. */
  readonly callNotificationActions: boolean;
  log(priority: LogPriority, tag: string, message: string): void;
  /** Network up and not in Doze: the app can reach its cloud. */
  networkUsable(): boolean;
  /** Asks the system push service for this app's token. */
  pushToken(appId: string): Promise<string>;
  /** Posts an app notification; false when the app may not post (notifications off). */
  /** Posts the app's own notification; false when notifications are off — unless it is CallKit's call screen, which needs no permission. */
  postNotification(appId: string, n: { title: string; text: string; data: Record<string, string>; actions: readonly string[]; tag: string; channelId?: string; callKit?: boolean }): boolean;
  cancelNotifications(appId: string, tag: string): void;
  createClient(identity: AppIdentity): AppClient;
  /** The emulated cloud for a provider, from the phone's endpoints. */
  cloudUrl(provider: BuildDescriptor['provider']): string | undefined;
  /** Runs app work in the background; the phone can wait for it to settle. */
  track(work: Promise<unknown>): void;
}

const running = (s: AppLifecycle) => s === 'foreground' || s === 'background' || s === 'frozen';
const TAG = 'PushSim/app';

/**
 * A uni-app custom base with the ZEGO Call Kit or Easemob push plugin, as its user sees it: login,
 * home, incoming call, missed call, in call. Plain model: the phone calls it, it calls its cloud.
 */
export class SimApp {
  readonly appId: string;
  readonly problems: readonly BuildProblem[];
  lifecycle: AppLifecycle = 'force-stopped';
  page: AppPage = { name: 'login' };
  /** What the login page's userID field holds. */
  typedUserId = '';
  /** What the home page's invitee field ("User ID to call") holds. */
  typedInvitee = '';
  pushToken: string | undefined;
  pushStatus: string;
  /** Set by `am set-inactive <pkg> true` (the sim's way to freeze a background app). */
  inactive = false;

  #user: string | undefined;
  #remembered: string | undefined;
  #client: AppClient | undefined;
  #connected = false;
  #connecting: Promise<void> | undefined;
  #tokenWork: Promise<string | undefined> | undefined;
  #process = 0;
  #callPoll: NodeJS.Timeout | undefined;
  /** The process in which the push token was last bound to the provider. */
  #boundIn = -1;
  /** The call being placed from the calling page; `cancelled` when the user hung up before the invitation id came back. */
  #outgoing: PlacingCall | undefined;
  /** Answers heard for an invitation before sendInvitation returned its id (ZEGO answers "busy" during the send). */
  readonly #earlyAnswers = new Map<string, { userID: string; answer: InvitationAnswer }>();

  constructor(readonly build: BuildDescriptor, private readonly host: AppHost) {
    this.appId = appIdOf(build, host.platform);
    this.problems = diagnose(build, host.vendor);
    this.pushStatus = 'Push: not started';
  }

  get name(): string { return this.build.appName; }
  get user(): string | undefined { return this.#user; }
  get isRunning(): boolean { return running(this.lifecycle); }
  get connected(): boolean { return this.#connected; }

  // ---- lifecycle (driven by the phone) -------------------------------------------------------

  /** Launches the app (cold start if its process is dead), into the foreground or only in the background (a push woke it). */
  start(foreground: boolean): void {
    if (!this.isRunning) {
      this.#process++;
      this.lifecycle = foreground ? 'foreground' : 'background';
      this.inactive = false;
      this.page = this.#remembered ? { name: 'home' } : { name: 'login' };
      this.host.log('I', 'ActivityManager', `Start proc ${this.appId} for ${foreground ? 'activity' : 'push'}`);
      this.#tokenWork = this.#obtainToken();
      this.host.track(this.#tokenWork);
      if (this.#remembered) this.host.track(this.login(this.#remembered, true));
      return;
    }
    const was = this.lifecycle;
    this.lifecycle = foreground ? 'foreground' : this.lifecycle === 'frozen' ? 'background' : this.lifecycle;
    this.inactive = false;
    if (was !== this.lifecycle) this.#reportAppState();
    this.syncConnection();
  }

  toBackground(): void {
    if (this.lifecycle !== 'foreground') return;
    this.lifecycle = 'background';
    this.#reportAppState();
  }

  /** Frozen by the OS: the process lives but its long connection is gone. */
  freeze(): void {
    if (!this.isRunning) return;
    this.lifecycle = 'frozen';
    this.syncConnection();
  }

  /** The process dies: swiped from recents, killed, or force-stopped. */
  stop(how: 'swiped' | 'killed' | 'force-stopped'): void {
    if (this.isRunning) this.host.log('I', 'ActivityManager', `${how === 'force-stopped' ? 'Force stopping' : 'Killing'} ${this.appId}: ${how}`);
    if (!this.isRunning && how !== 'force-stopped') return;
    this.lifecycle = how;
    this.#process++;
    this.#stopCallPoll();
    if (this.#client) {
      this.host.track(this.#client.disconnect());
      this.#client = undefined;
    }
    this.#connected = false;
    this.#connecting = undefined;
    this.#user = undefined;
    this.#outgoing = undefined;
    this.#earlyAnswers.clear();
    this.inactive = false;
    this.page = { name: 'login' };
  }

  /** `pm clear`: process gone, remembered login and push token forgotten. */
  clearData(): void {
    this.stop('force-stopped');
    this.#remembered = undefined;
    this.pushToken = undefined;
    this.typedUserId = '';
    this.typedInvitee = '';
    this.pushStatus = 'Push: not started';
  }

  /** Connects or disconnects the long connection to match the process state, login and network. */
  syncConnection(): void {
    const want = (this.lifecycle === 'foreground' || this.lifecycle === 'background') && this.#user !== undefined && this.host.networkUsable();
    if (!want && this.#connected) {
      if (this.#client) this.host.track(this.#client.disconnect());
      this.#connected = false;
      this.host.log('I', TAG, `long connection closed (${this.lifecycle}${this.host.networkUsable() ? '' : ', no network'})`);
    } else if (want && !this.#connected && !this.#connecting && this.#client) {
      this.host.track(this.#connect(this.#client, this.#process).catch(() => undefined));
    }
  }

  // ---- the user's actions ---------------------------------------------------------------------

  /** Logs in through the provider SDK, then binds the push token. `auto`: a relaunch with the remembered user. */
  async login(userID: string, auto = false): Promise<void> {
    const id = userID.trim();
    if (!id) {
      this.page = { name: 'login', error: 'Enter a user ID' };
      return;
    }
    const cloudUrl = this.build.cloudUrl ?? this.host.cloudUrl(this.build.provider);
    if (!cloudUrl) {
      this.page = { name: 'login', error: `No ${this.build.provider} cloud URL: give pushlab:endpoints.clouds.${this.build.provider} or cloudUrl in the build` };
      this.host.log('E', TAG, `login failed: no ${this.build.provider} cloud URL`);
      return;
    }
    const process = this.#process;
    const client = this.host.createClient(this.#identity(cloudUrl, id));
    client.onInvitation((invitation) => this.#onInvitation(invitation, process));
    client.onInvitationEnded((invitationID, reason) => this.#onInvitationEnded(invitationID, reason, process));
    client.onInvitationAnswered((invitationID, userID, answer) => this.#onInvitationAnswered(invitationID, userID, answer, process));
    if (this.#client) this.host.track(this.#client.disconnect());
    this.#client = client;
    this.#user = id;
    this.#remembered = id;
    if (this.page.name === 'login') this.page = { name: 'home' };
    this.host.log('I', TAG, `${auto ? 'auto-login' : 'login'} as ${id} to ${this.build.provider} at ${cloudUrl}`);
    if (!this.host.networkUsable() || (this.lifecycle !== 'foreground' && this.lifecycle !== 'background')) {
      // The SDK logs in (and binds the push token) once the long connection can open.
      this.host.log('I', TAG, `no network for ${this.build.provider} now; will connect when it is back`);
      return;
    }
    try {
      await this.#connect(client, process);
    } catch (error) {
      if (process !== this.#process) return;
      this.#user = undefined;
      this.#client = undefined;
      if (!auto) this.#remembered = undefined;
      this.page = { name: 'login', error: `Login failed: ${(error as Error).message}` };
    }
  }

  /** Logout: the provider unbinds the push token (Easemob unbindPushToken / ZEGO uninit), nothing reaches this user here any more. */
  async logout(): Promise<void> {
    const client = this.#client;
    this.#stopCallPoll();
    if (client) {
      await client.unbindPush().catch((error: Error) => this.host.log('W', TAG, `unbindPush failed: ${error.message}`));
      await client.disconnect();
    }
    this.host.log('I', TAG, `logout ${this.#user ?? ''}`.trim());
    this.#client = undefined;
    this.#connected = false;
    this.#user = undefined;
    this.#remembered = undefined;
    this.#outgoing = undefined;
    this.pushStatus = 'Push: unbound (logged out)';
    this.#boundIn = -1;
    this.page = { name: 'login' };
  }

  async acceptCall(): Promise<void> {
    if (this.page.name !== 'incoming') return;
    await this.#accept(this.page.invitation);
  }

  async declineCall(): Promise<void> {
    if (this.page.name !== 'incoming') return;
    const { invitation } = this.page;
    this.page = { name: 'home' };
    this.host.cancelNotifications(this.appId, callTag(invitation.invitationID));
    await this.#client?.refuse(invitation.invitationID, 'declined').catch((error: Error) => this.host.log('W', TAG, `refuse failed: ${error.message}`));
  }

  async hangUp(): Promise<void> {
    if (this.page.name !== 'in-call') return;
    const { invitation } = this.page;
    this.#stopCallPoll();
    this.page = { name: 'home' };
    this.host.log('I', TAG, `call ended invitationID=${invitation.invitationID}`);
    await this.#client?.leaveRoom(invitation.callID).catch((error: Error) => this.host.log('W', TAG, `leaveRoom failed: ${error.message}`));
  }

  dismissMissed(): void {
    if (this.page.name === 'missed') this.page = { name: 'home' };
  }

  /**
   * The home page's call button: ZEGO's `ZegoSendCallInvitationButton` (an Easemob build sends its
   * call-invite message through the same AppClient call) to the user typed in "User ID to call",
   * with the build's console resource in `notificationConfig` (seeds/zego-callkit-uniapp-offline-push.md,
   * "发送呼叫邀请时使用离线推送功能"). Opens the calling page, which follows the invitee's answer.
   */
  async invite(type: 'voice' | 'video'): Promise<void> {
    if (this.page.name !== 'home') return;
    const callee = this.typedInvitee.trim();
    const client = this.#client;
    if (!callee) { this.page = { name: 'home', error: 'Enter a user ID to call' }; return; }
    if (!client || !this.#user) { this.page = { name: 'home', error: 'Log in before calling' }; return; }
    const process = this.#process;
    const outgoing: PlacingCall = { call: { callee, type }, cancelled: false };
    this.#outgoing = outgoing;
    this.#earlyAnswers.clear();
    this.page = { name: 'outgoing', call: outgoing.call, status: 'calling' };
    this.host.log('I', TAG, `invite button tapped type=${type} to=${callee}`);
    await this.#whenLoggedIn();
    const config: SendInvitationConfig = {
      invitees: [{ userID: callee }],
      type,
      notificationConfig: {
        // The title names the caller, so a tester (and the shade's title-only selectors) can tell calls apart.
        title: `Incoming ${type} call from ${this.#user}`,
        message: `${this.#user} is calling`,
        ...(this.build.zego?.resourceID ? { resourceID: this.build.zego.resourceID } : {}),
      },
    };
    let result: Awaited<ReturnType<AppClient['sendInvitation']>>;
    try {
      result = await client.sendInvitation(config);
    } catch (error) {
      const message = (error as Error).message;
      this.host.log('E', TAG, `sendInvitation to=${callee} failed: ${message}`);
      if (process !== this.#process || this.#outgoing !== outgoing) return;
      this.#outgoing = undefined;
      this.page = { name: 'outgoing', call: outgoing.call, status: 'failed', note: message };
      return;
    }
    const { invitationID, callID } = result;
    this.host.log('I', TAG, `invitation sent invitationID=${invitationID} callID=${callID} to=${callee} type=${type}`);
    if (process !== this.#process) return;
    if (this.#outgoing !== outgoing || outgoing.cancelled) {
      // Hung up while the invitation was on its way: withdraw it now that it has an id.
      if (outgoing.cancelled) await this.#cancelInvitation(client, invitationID);
      return;
    }
    const call: OutgoingCall = { ...outgoing.call, invitationID, callID };
    outgoing.call = call;
    const notReached = result.errorUsers.find((u) => u.userID === callee);
    const early = this.#earlyAnswers.get(invitationID);
    this.#earlyAnswers.clear();
    // A busy invitee is answered "busy" by the cloud itself (listed in errorUsers, and told to the caller).
    if (early) { this.#answer(outgoing, early.answer); return; }
    if (notReached && /busy/i.test(notReached.reason)) { this.#answer(outgoing, 'busy'); return; }
    // Not reached now (offline, no push channel): it still rings on the cloud until it times out.
    this.page = { name: 'outgoing', call, status: 'calling', ...(notReached ? { note: `Not reached yet: ${notReached.reason}` } : {}) };
    if (notReached) this.host.log('W', TAG, `invitation ${invitationID} not reached ${callee} yet: ${notReached.reason}`);
  }

  /** The calling page's Cancel: withdraws the invitation and goes home. */
  async cancelOutgoing(): Promise<void> {
    if (this.page.name !== 'outgoing' || this.page.status !== 'calling') return;
    const outgoing = this.#outgoing;
    this.#outgoing = undefined;
    this.page = { name: 'home' };
    if (!outgoing) return;
    const { invitationID } = outgoing.call;
    this.host.log('I', TAG, `outgoing call cancelled by the caller${invitationID ? ` invitationID=${invitationID}` : ' (invitation still being sent)'} to=${outgoing.call.callee}`);
    if (!invitationID) { outgoing.cancelled = true; return; }
    if (this.#client) await this.#cancelInvitation(this.#client, invitationID);
  }

  /** The calling page's OK once the call ended unanswered (declined, busy, no answer, failed). */
  dismissOutgoing(): void {
    if (this.page.name === 'outgoing' && this.page.status !== 'calling' && this.page.status !== 'accepted') this.page = { name: 'home' };
  }

  // ---- pushes and notifications ---------------------------------------------------------------

  /** A push the OS handed to the app (rule outcome `app`): the app rings in the foreground, or posts its own call notification. */
  handlePush(push: DeliveredPush): void {
    const invitation = invitationFromPush(push);
    // A PushKit VoIP push must be reported to CallKit, whose incoming-call screen needs no notification
    // permission (reference/vendor-gateways.md §1.7); the sim shows it as a call notification with Accept/Decline.
    const callKit = push.kind === 'voip';
    if (!this.isRunning) this.start(false);
    if (!invitation) {
      this.host.log('I', TAG, `push ${push.messageId} carries no invitation; ignored`);
      return;
    }
    if (callKit) this.host.log('I', TAG, `CallKit reportNewIncomingCall invitationID=${invitation.invitationID}`);
    this.#ring(invitation, 'push', callKit);
  }

  /** The user tapped one of this app's notifications (or one of its action buttons). */
  async openNotification(n: ShadeNotification, action?: string): Promise<void> {
    const invitationID = n.data[invitationPushKeys.invitationID];
    if (action === 'Decline') {
      if (!this.isRunning) this.start(false);
      await this.#whenLoggedIn();
      if (invitationID) await this.#client?.refuse(invitationID, 'declined').catch((error: Error) => this.host.log('W', TAG, `refuse failed: ${error.message}`));
      return;
    }
    this.start(true);
    if (!invitationID) return;
    await this.#whenLoggedIn();
    const client = this.#client;
    if (!client) {
      this.host.log('W', TAG, `opened from a notification for invitation ${invitationID} but nobody is logged in`);
      return;
    }
    const process = this.#process;
    let current: Invitation & { state: InvitationState };
    try {
      current = await client.invitation(invitationID);
    } catch (error) {
      this.host.log('E', TAG, `cannot fetch invitation ${invitationID}: ${(error as Error).message}`);
      return;
    }
    if (process !== this.#process) return;
    if (current.state === 'pending') {
      this.page = { name: 'incoming', invitation: current };
      this.host.log('I', TAG, `incoming call shown invitationID=${invitationID} via=notification`);
      if (action === 'Accept') await this.#accept(current);
    } else {
      this.page = { name: 'missed', invitation: current, reason: current.state };
      this.host.log('I', TAG, `missed call shown invitationID=${invitationID} state=${current.state}`);
    }
  }

  // ---- internals ------------------------------------------------------------------------------

  #identity(cloudUrl: string, userID: string): AppIdentity {
    const b = this.build;
    return b.provider === 'zego'
      ? { provider: 'zego', cloudUrl, appID: b.zego!.appID, appSign: b.zego!.appSign, userID, userName: userID, deviceId: this.host.deviceId }
      // assumption: the demo accounts' password is the user id (fixtures/cloud/easemob.json, open registration).
      : { provider: 'easemob', cloudUrl, appID: b.easemob!.appKey, userID, userName: userID, password: userID, deviceId: this.host.deviceId };
  }

  async #connect(client: AppClient, process: number): Promise<void> {
    const work = client.connect().then(async () => {
      if (process !== this.#process || client !== this.#client) { await client.disconnect(); return; }
      this.#connected = true;
      this.host.log('I', TAG, `long connection up (${this.build.provider}) user=${this.#user}`);
      if (this.lifecycle === 'background') await client.reportAppState('background').catch(() => undefined);
      if (this.#boundIn !== process) await this.#bindPush(client, process);
      // Conditions may have changed while connecting (backgrounded, frozen, offline).
      this.syncConnection();
    }, (error: Error) => {
      this.host.log('E', TAG, `${this.build.provider} connect failed: ${error.message}`);
      throw error;
    }).finally(() => { if (this.#connecting === work) this.#connecting = undefined; });
    this.#connecting = work;
    return work;
  }

  async #obtainToken(): Promise<string | undefined> {
    const blocking = this.problems.filter((p) => p.blocksToken);
    for (const p of this.problems) this.host.log(p.blocksToken ? 'E' : 'W', TAG, `push diagnosis ${p.field}: ${p.message}`);
    if (blocking.length) {
      this.pushToken = undefined;
      this.pushStatus = `Push: ${blocking[0]!.message}`;
      return undefined;
    }
    try {
      const token = await this.host.pushToken(this.appId);
      this.pushToken = token;
      this.pushStatus = `Push: ${this.host.vendor} token registered`;
      this.host.log('I', TAG, `push token obtained vendor=${this.host.vendor}`);
      return token;
    } catch (error) {
      this.pushStatus = `Push: token request failed: ${(error as Error).message}`;
      this.host.log('E', TAG, `push token request failed: ${(error as Error).message}`);
      return undefined;
    }
  }

  async #bindPush(client: AppClient, process: number): Promise<void> {
    const token = await this.#tokenWork;
    if (!token || process !== this.#process || client !== this.#client) return;
    this.#boundIn = process;
    const vendor = this.host.vendor;
    const b = this.build;
    const certificateField = easemobCertificateFields[vendor as keyof typeof easemobCertificateFields] as string | undefined;
    const certificateName = certificateField ? b.easemob?.certificates[certificateField as keyof NonNullable<typeof b.easemob>['certificates']] : undefined;
    if (b.provider === 'easemob' && !certificateName) {
      // The plugin binds no channel without a certificate name (seeds/shengwang: one certificate name per vendor).
      this.host.log('W', TAG, `push token not bound: no Easemob certificate name for ${vendor}`);
      return;
    }
    try {
      await client.registerPush({
        vendor,
        token,
        deviceId: this.host.deviceId,
        ...(b.provider === 'easemob' ? { certificateName } : {}),
        ...(b.provider === 'zego' ? { enableOfflinePush: b.zego!.enableNotifyWhenAppRunningInBackgroundOrQuit, offlinePushConfig: b.zego!.offlinePushConfig } : {}),
      });
      const warning = this.problems.find((p) => !p.blocksToken);
      this.pushStatus = warning ? `Push: ${warning.message}` : `Push: ${vendor} token bound for ${this.#user}`;
      this.host.log('I', TAG, `push token bound vendor=${vendor} user=${this.#user}`);
    } catch (error) {
      this.#boundIn = -1;
      this.pushStatus = `Push: registerPush failed: ${(error as Error).message}`;
      this.host.log('E', TAG, `registerPush failed: ${(error as Error).message}`);
    }
  }

  async #whenLoggedIn(): Promise<void> {
    if (this.#connecting) await this.#connecting.catch(() => undefined);
  }

  #onInvitation(invitation: Invitation, process: number): void {
    if (process !== this.#process) return;
    this.host.log('I', TAG, `invitation received online invitationID=${invitation.invitationID} callID=${invitation.callID} from=${invitation.inviter.userID}`);
    this.#ring(invitation, 'online');
  }

  #ring(invitation: Invitation, via: 'online' | 'push', callKit = false): void {
    if (this.lifecycle === 'foreground') {
      if (this.page.name === 'in-call' && this.page.invitation.invitationID !== invitation.invitationID) {
        this.host.log('I', TAG, `invitation ${invitation.invitationID} while in a call; not shown`);
        return;
      }
      if (this.page.name === 'incoming' && this.page.invitation.invitationID === invitation.invitationID) return;
      if (this.page.name === 'outgoing' && (this.page.status === 'calling' || this.page.status === 'accepted')) {
        // assumption: Call Kit keeps the calling page up and does not ring over it; the invitation still rings on the cloud until answered or timed out.
        this.host.log('I', TAG, `invitation ${invitation.invitationID} while calling ${this.page.call.callee}; not shown`);
        return;
      }
      this.page = { name: 'incoming', invitation };
      this.host.log('I', TAG, `incoming call shown invitationID=${invitation.invitationID} via=${via}`);
      return;
    }
    const caller = invitation.inviter.userName ?? invitation.inviter.userID;
    const posted = this.host.postNotification(this.appId, {
      title: invitation.title ?? `Incoming ${invitation.type} call`,
      text: invitation.message ?? `${caller} is calling`,
      data: pushDataOf(invitation),
      actions: this.host.callNotificationActions ? ['Accept', 'Decline'] : [],
      tag: callTag(invitation.invitationID),
      callKit,
    });
    this.host.log('I', TAG, `${posted ? 'call notification posted' : 'call notification blocked (notifications off)'} invitationID=${invitation.invitationID} via=${via}`);
  }

  #onInvitationEnded(invitationID: string, reason: string, process: number): void {
    if (process !== this.#process) return;
    this.host.cancelNotifications(this.appId, callTag(invitationID));
    if (this.page.name === 'incoming' && this.page.invitation.invitationID === invitationID) {
      this.page = { name: 'missed', invitation: this.page.invitation, reason: reason as 'cancelled' };
      this.host.log('I', TAG, `invitation ended invitationID=${invitationID} reason=${reason}`);
    }
  }

  #onInvitationAnswered(invitationID: string, userID: string, answer: InvitationAnswer, process: number): void {
    if (process !== this.#process) return;
    this.host.log('I', TAG, `invitation answered invitationID=${invitationID} by=${userID} answer=${answer}`);
    const outgoing = this.#outgoing;
    if (!outgoing || outgoing.call.callee !== userID) return;
    if (outgoing.call.invitationID === undefined) { this.#earlyAnswers.set(invitationID, { userID, answer }); return; }
    if (outgoing.call.invitationID === invitationID) this.#answer(outgoing, answer);
  }

  /** The invitee's answer reached the calling page: join the call, or show why it ended. */
  #answer(outgoing: PlacingCall, answer: InvitationAnswer): void {
    const { call } = outgoing;
    if (this.#outgoing !== outgoing || this.page.name !== 'outgoing') return;
    if (answer === 'accepted') {
      this.page = { name: 'outgoing', call, status: 'accepted' };
      this.host.track(this.#joinAsCaller(outgoing));
      return;
    }
    this.#outgoing = undefined;
    this.page = { name: 'outgoing', call, status: finalStatusOf[answer] };
    this.host.log('I', TAG, `outgoing call ended invitationID=${call.invitationID} status=${finalStatusOf[answer]}`);
  }

  /** The caller's side of an accepted call: join the room, then the in-call page until the cloud says both are in. */
  async #joinAsCaller(outgoing: PlacingCall): Promise<void> {
    const client = this.#client;
    const { call } = outgoing;
    if (!client || !call.invitationID || !call.callID) return;
    const process = this.#process;
    const invitation: Invitation = { invitationID: call.invitationID, callID: call.callID, inviter: { userID: this.#user ?? '', userName: this.#user ?? '' }, type: call.type, timeoutSeconds: 60 };
    try {
      await client.joinRoom(call.callID);
    } catch (error) {
      if (process !== this.#process || this.#outgoing !== outgoing) return;
      this.host.log('E', TAG, `joinRoom ${call.callID} failed: ${(error as Error).message}`);
      this.#outgoing = undefined;
      this.page = { name: 'outgoing', call, status: 'failed', note: `Could not join the call: ${(error as Error).message}` };
      return;
    }
    if (process !== this.#process || this.#outgoing !== outgoing) return;
    this.#outgoing = undefined;
    this.page = { name: 'in-call', invitation, connected: false, peer: call.callee };
    this.host.log('I', TAG, `call joined as caller invitationID=${call.invitationID} callID=${call.callID} peer=${call.callee}`);
    await this.#checkConnected(client, invitation, process);
  }

  async #cancelInvitation(client: AppClient, invitationID: string): Promise<void> {
    await client.cancelInvitation(invitationID).catch((error: Error) => this.host.log('W', TAG, `cancelInvitation ${invitationID} failed: ${error.message}`));
  }

  async #accept(invitation: Invitation): Promise<void> {
    const client = this.#client;
    if (!client) return;
    const process = this.#process;
    this.host.cancelNotifications(this.appId, callTag(invitation.invitationID));
    try {
      await client.accept(invitation.invitationID);
      this.page = { name: 'in-call', invitation, connected: false, peer: peerOf(invitation) };
      this.host.log('I', TAG, `call accepted invitationID=${invitation.invitationID}`);
      await client.joinRoom(invitation.callID);
    } catch (error) {
      if (process !== this.#process) return;
      this.host.log('E', TAG, `accepting ${invitation.invitationID} failed: ${(error as Error).message}`);
      const state = await client.invitation(invitation.invitationID).then((i) => i.state, () => 'cancelled' as const);
      this.page = { name: 'missed', invitation, reason: state };
      return;
    }
    if (process !== this.#process) return;
    await this.#checkConnected(client, invitation, process);
  }

  /** The call counts as connected when caller and callee are both in the room; poll until the cloud says so. */
  async #checkConnected(client: AppClient, invitation: Invitation, process: number): Promise<void> {
    const state = await client.invitation(invitation.invitationID).then((i) => i.state, () => undefined);
    if (process !== this.#process || this.page.name !== 'in-call' || this.page.invitation.invitationID !== invitation.invitationID) return;
    if (state === 'connected') {
      this.page = { ...this.page, connected: true };
      this.host.log('I', TAG, `call connected invitationID=${invitation.invitationID} callID=${invitation.callID}`);
      return;
    }
    if (state === 'ended' || state === 'cancelled' || state === 'timeout') {
      this.page = { name: 'home' };
      return;
    }
    this.#callPoll = setTimeout(() => this.host.track(this.#checkConnected(client, invitation, process)), 100);
    this.#callPoll.unref();
  }

  /** The SDK tells its cloud when the app moves between foreground and background (ZEGO then pushes instead of ringing online). */
  #reportAppState(): void {
    const client = this.#client;
    if (!client || !this.#connected) return;
    const state = this.lifecycle === 'foreground' ? 'foreground' : 'background';
    this.host.track(client.reportAppState(state).catch((error: Error) => this.host.log('W', TAG, `reportAppState ${state} failed: ${error.message}`)));
  }

  #stopCallPoll(): void {
    if (this.#callPoll) clearTimeout(this.#callPoll);
    this.#callPoll = undefined;
  }
}

/** Whom a received invitation's call is with: the inviter, by name when it has one. */
const peerOf = (invitation: Invitation) => invitation.inviter.userName ?? invitation.inviter.userID;

/** The tag an app's call notification is posted under, so a later one for the same invitation replaces it. */
export const callTag = (invitationID: string) => `call:${invitationID}`;

/** The invitation a push describes (its data map carries `invitationPushKeys`); undefined when it is not a call push. */
export function invitationFromPush(push: Pick<DeliveredPush, 'data' | 'title' | 'body'>): Invitation | undefined {
  const k = invitationPushKeys;
  const invitationID = push.data[k.invitationID];
  if (!invitationID) return undefined;
  return {
    invitationID,
    callID: push.data[k.callID] ?? invitationID,
    inviter: parseInviter(push.data[k.inviter]),
    type: push.data[k.type] === 'voice' ? 'voice' : 'video',
    timeoutSeconds: 60,
    ...(push.title ? { title: push.title } : {}),
    ...(push.body ? { message: push.body } : {}),
  };
}

/** The inviter field is a JSON `{userID, userName}` or a bare user id. */
function parseInviter(value: string | undefined): Invitation['inviter'] {
  if (!value) return { userID: 'unknown' };
  if (value.startsWith('{')) {
    try {
      const parsed = JSON.parse(value) as { userID?: unknown; userName?: unknown };
      if (typeof parsed.userID === 'string') return { userID: parsed.userID, ...(typeof parsed.userName === 'string' ? { userName: parsed.userName } : {}) };
    } catch { /* a bare id that happens to start with a brace */ }
  }
  return { userID: value };
}

/** The data map an app-posted call notification carries (same keys as the push's). */
export function pushDataOf(invitation: Invitation): Record<string, string> {
  const k = invitationPushKeys;
  return {
    [k.invitationID]: invitation.invitationID,
    [k.callID]: invitation.callID,
    [k.type]: invitation.type,
    [k.inviter]: JSON.stringify(invitation.inviter),
  };
}

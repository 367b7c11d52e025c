import { invitationPushKeys, type SendInvitationResult } from '../app-client.js';
import { CloudError, FrameValidator, zegoOpSchemas, type RequestFrame } from '../frames.js';
import { publicInvitation, type CallInvitation } from '../invitations.js';
import type { DeviceEntry, Session } from '../presence.js';
import { ProviderCloud, type LoginResult } from '../provider-cloud.js';
import type { SenderPool } from '../senders.js';
import type { ConnectionLink } from '../server.js';
import type { CloudClock } from '../timers.js';
import type { ZegoConsole } from './console.js';
import { zegoErrors } from './errors.js';

/** Where the ZEGO long connection listens on the cloud's port. */
export const ZEGO_WS_PATH = '/zego/ws';
/** The contract's default (AppClient `SendInvitationConfig.timeout`); ZIM's server API defaults to 90 s when none is given. */
export const DEFAULT_TIMEOUT_SECONDS = 60;

interface NotificationConfig { readonly title?: string; readonly message?: string; readonly resourceID?: string }

/**
 * The emulated ZEGO cloud (ZIM signalling + ZPNs offline push, as Call Kit uses them).
 *
 * Routing of one invitation to one invitee device:
 * - connected and foreground → over the long connection (`online-delivery`);
 * - connected but the app reported `background` (the `appState` op, which is how the emulator
 *   learns what the real SDK knows about its app) → a vendor push when the device enabled
 *   `enableNotifyWhenAppRunningInBackgroundOrQuit`, else over the connection only;
 * - not connected → a vendor push when enabled, else `push-suppressed`;
 * - a push that cannot go (no certificate, unknown resourceID, gateway refusal) is `push-failed`;
 *   a connected device then still gets the invitation over its connection.
 * An invitee nobody could reach lands in `errorUsers` with the reasons.
 */
export class ZegoCloud extends ProviderCloud {
  readonly wsPath = ZEGO_WS_PATH;
  readonly validator = new FrameValidator(zegoOpSchemas);

  constructor(private readonly zegoConsole: ZegoConsole, senders: SenderPool, clock: CloudClock) {
    super('zego', clock, senders, {
      badRequest: zegoErrors.paramInvalid.code,
      internal: zegoErrors.internal.code,
      notLoggedIn: zegoErrors.notLoggedIn.code,
      notAllowed: zegoErrors.invitationNotAllowed.code,
      notFound: zegoErrors.invitationNotFound.code,
    });
    this.invitations.hooks = { timedOut: (invitation, userIDs) => this.#timedOut(invitation, userIDs) };
  }

  protected authenticate(frame: RequestFrame): LoginResult {
    const userID = frame.userID as string;
    const appID = Number(frame.appID);
    const refuse = (error: { code: number; message: string }, field: string, why: string): never => {
      this.records.add({ kind: 'login-failed', userID, reason: `${userID} could not log in: ${why} (${error.code})` });
      throw new CloudError('zego', error.code, error.message, field);
    };
    if (appID !== this.zegoConsole.appID) refuse(zegoErrors.appIDInvalid, 'appID', `AppID ${String(frame.appID)} is not this console's app`);
    if (frame.appSign !== this.zegoConsole.appSign) refuse(zegoErrors.appSignIncorrect, 'appSign', 'the AppSign does not match the console');
    return { userID, userName: frame.userName as string | undefined, deviceId: frame.deviceId as string | undefined };
  }

  /** An invitee who (re)connects while still invited gets the invitation over the connection (the app was opened from a push, say). */
  protected loggedIn(session: Session): void {
    for (const invitation of this.invitations.pendingFor(session.userID)) {
      this.#deliverOnline(invitation, session, 'still ringing when the device logged in: delivered over the new connection');
      this.invitations.reached(invitation, session.userID);
    }
  }

  protected describeBinding(device: DeviceEntry): string {
    const push = device.push!;
    const certificate = this.zegoConsole.pushCertificates[push.vendor];
    return [
      `enableNotifyWhenAppRunningInBackgroundOrQuit=${push.enableOfflinePush === true}`,
      push.enableOfflinePush ? 'offline invitations go as vendor pushes' : 'no offline push will be sent to this device',
      certificate ? `console has a ${certificate} ${push.vendor} certificate` : `the console has NO ${push.vendor} push certificate: pushes will fail`,
    ].join('; ');
  }

  protected async operate(session: Session, frame: RequestFrame, _link: ConnectionLink): Promise<unknown> {
    switch (frame.op) {
      case 'sendInvitation': return this.#sendInvitation(session, frame);
      case 'cancelInvitation': {
        const invitationID = frame.invitationID as string;
        const cancelled = this.invitations.cancel(invitationID, session.userID);
        for (const userID of cancelled) this.#tell(userID, { event: 'invitationEnded', invitationID, reason: 'cancelled' });
        return { cancelled };
      }
      case 'accept': {
        const invitation = this.invitations.accept(frame.invitationID as string, session.userID);
        this.#tellOthers(session, { event: 'invitationEnded', invitationID: invitation.invitationID, reason: 'answered-elsewhere' });
        this.#tell(invitation.inviter.userID, { event: 'invitationAnswered', invitationID: invitation.invitationID, userID: session.userID, answer: 'accepted' });
        return { callID: invitation.callID };
      }
      case 'refuse': {
        const reason = (frame.reason as 'declined' | 'busy' | undefined) ?? 'declined';
        const invitation = this.invitations.refuse(frame.invitationID as string, session.userID, reason);
        this.#tellOthers(session, { event: 'invitationEnded', invitationID: invitation.invitationID, reason: 'refused' });
        this.#tell(invitation.inviter.userID, { event: 'invitationAnswered', invitationID: invitation.invitationID, userID: session.userID, answer: reason === 'busy' ? 'busy' : 'refused' });
        return {};
      }
      default: throw new CloudError('zego', zegoErrors.paramInvalid.code, `op "${frame.op}" is not served`, 'op');
    }
  }

  async #sendInvitation(session: Session, frame: RequestFrame): Promise<SendInvitationResult> {
    const invitees = frame.invitees as { userID: string; userName?: string }[];
    const seen = new Set<string>();
    const problems: string[] = [];
    invitees.forEach((invitee, i) => {
      if (invitee.userID === session.userID) problems.push(`invitees[${i}].userID is the caller (${session.userID}); one cannot invite oneself`);
      if (seen.has(invitee.userID)) problems.push(`invitees[${i}].userID ${invitee.userID} is listed twice`);
      seen.add(invitee.userID);
    });
    if (problems.length) throw new CloudError('zego', zegoErrors.paramInvalid.code, `sendInvitation: ${problems.join('; ')}`, problems[0]!.split(' ')[0]);
    const config = (frame.notificationConfig ?? {}) as NotificationConfig;
    const invitation = this.invitations.create({
      inviter: { userID: session.userID, userName: session.userName },
      invitees,
      type: frame.type as 'voice' | 'video',
      timeoutSeconds: (frame.timeout as number | undefined) ?? DEFAULT_TIMEOUT_SECONDS,
      data: frame.data as string | undefined,
      title: config.title,
      message: config.message,
      resourceID: config.resourceID,
    });
    const successUsers: { userID: string }[] = [];
    const errorUsers: { userID: string; reason: string }[] = [];
    for (const invitee of invitees) {
      const reason = await this.#route(invitation, invitee.userID, config);
      if (reason === undefined) successUsers.push({ userID: invitee.userID });
      else errorUsers.push({ userID: invitee.userID, reason });
    }
    return { invitationID: invitation.invitationID, callID: invitation.callID, successUsers, errorUsers };
  }

  /** Routes one invitee; undefined when at least one of their devices got it, else why not. */
  async #route(invitation: CallInvitation, userID: string, config: NotificationConfig): Promise<string | undefined> {
    if (!this.directory.known(userID)) {
      const reason = `unknown user: ${userID} never logged in to app ${this.zegoConsole.appID}`;
      this.records.add({ kind: 'push-suppressed', userID, invitationID: invitation.invitationID, callID: invitation.callID, reason });
      this.invitations.markUnreachable(invitation, userID, reason);
      return reason;
    }
    const otherCall = this.invitations.activeCallOf(userID);
    if (otherCall !== undefined) {
      this.invitations.markBusy(invitation, userID, otherCall);
      this.#tell(invitation.inviter.userID, { event: 'invitationAnswered', invitationID: invitation.invitationID, userID, answer: 'busy' });
      return `busy: already in call ${otherCall}`;
    }
    const devices = this.directory.devices(userID);
    const reasons: string[] = [];
    let reached = false;
    for (const device of devices) {
      const outcome = await this.#routeDevice(invitation, device, config);
      if (outcome === true) reached = true;
      else reasons.push(`device ${device.deviceId}: ${outcome}`);
    }
    if (reached) return undefined;
    let reason = reasons.join('; ');
    if (devices.length === 0) {
      reason = `${userID} has no device online and none registered for push (never registered, or unbound at logout)`;
      this.records.add({ kind: 'push-suppressed', userID, invitationID: invitation.invitationID, callID: invitation.callID, resourceID: config.resourceID, reason });
    }
    this.invitations.markUnreachable(invitation, userID, reason);
    return reason;
  }

  /** true when this device got the invitation, else the reason it did not. */
  async #routeDevice(invitation: CallInvitation, device: DeviceEntry, config: NotificationConfig): Promise<true | string> {
    const session = device.session;
    const enabled = device.push?.enableOfflinePush === true;
    if (session && session.appState === 'foreground') {
      this.#deliverOnline(invitation, session, 'the app is in the foreground with its connection up');
      return true;
    }
    if (session && !enabled) {
      this.#deliverOnline(invitation, session, 'the app reported background but offline push is not enabled for it: over the connection only');
      return true;
    }
    const base = { userID: device.userID, deviceId: device.deviceId, invitationID: invitation.invitationID, callID: invitation.callID, resourceID: config.resourceID };
    const state = session ? 'the app reported background' : 'the device is offline';
    if (!device.push) {
      const reason = `${state} and it has no push registration (init without offline push, or logged out)`;
      this.records.add({ ...base, kind: 'push-suppressed', reason });
      return reason;
    }
    if (!enabled) {
      const reason = `${state} and enableNotifyWhenAppRunningInBackgroundOrQuit is off: ZEGO sends no offline push`;
      this.records.add({ ...base, kind: 'push-suppressed', vendor: device.push.vendor, reason });
      return reason;
    }
    const sent = await this.#pushInvitation(invitation, device, config, state);
    if (sent === true) return true;
    if (session) {
      this.#deliverOnline(invitation, session, 'the push could not go, but the connection is up: delivered over it');
      return true;
    }
    return sent;
  }

  /** true when the gateway accepted the push, else why not (the record says it too). */
  async #pushInvitation(invitation: CallInvitation, device: DeviceEntry, config: NotificationConfig, state: string): Promise<true | string> {
    const push = device.push!;
    const base = { userID: device.userID, deviceId: device.deviceId, vendor: push.vendor, invitationID: invitation.invitationID, callID: invitation.callID, resourceID: config.resourceID };
    const certificate = this.zegoConsole.pushCertificates[push.vendor];
    if (!certificate) {
      const reason = `no ${push.vendor} push certificate in the ZEGO console for app ${this.zegoConsole.appID}`;
      this.records.add({ ...base, kind: 'push-failed', reason: `${state}; ${reason}` });
      return reason;
    }
    let settings;
    let resourceNote: string;
    if (config.resourceID === undefined) {
      resourceNote = 'no resourceID in notificationConfig: vendor defaults';
    } else {
      const resource = this.zegoConsole.resources[config.resourceID];
      if (!resource) {
        const known = Object.keys(this.zegoConsole.resources);
        const reason = `resourceID "${config.resourceID}" is not configured in the ZEGO console (known: ${known.join(', ') || 'none'})`;
        this.records.add({ ...base, kind: 'push-failed', reason: `${state}; ${reason}` });
        return reason;
      }
      settings = resource[push.vendor];
      resourceNote = settings ? `resource ${config.resourceID}` : `resource ${config.resourceID} has no ${push.vendor} settings: vendor defaults`;
    }
    const inviter = invitation.inviter;
    const sent = await this.push({
      userID: device.userID, device, vendor: push.vendor, source: certificate, settings, invitation, resourceID: config.resourceID,
      why: `${state}, offline push enabled, ${resourceNote}`,
      content: {
        token: push.token,
        title: config.title ?? inviter.userName ?? inviter.userID,
        body: config.message ?? `Incoming ${invitation.type} call`,
        data: {
          [invitationPushKeys.invitationID]: invitation.invitationID,
          [invitationPushKeys.callID]: invitation.callID,
          [invitationPushKeys.type]: invitation.type,
          [invitationPushKeys.inviter]: JSON.stringify(inviter),
        },
        ttlSeconds: invitation.timeoutSeconds,
        collapseId: invitation.invitationID,
      },
    });
    return sent ? true : `the ${push.vendor} push failed (see the push-failed record)`;
  }

  #deliverOnline(invitation: CallInvitation, session: Session, why: string): void {
    session.send({ event: 'invitation', invitation: publicInvitation(invitation) });
    this.records.add({ kind: 'online-delivery', userID: session.userID, deviceId: session.deviceId, invitationID: invitation.invitationID, callID: invitation.callID, reason: why });
  }

  #timedOut(invitation: CallInvitation, userIDs: readonly string[]): void {
    for (const userID of userIDs) {
      this.#tell(userID, { event: 'invitationEnded', invitationID: invitation.invitationID, reason: 'timeout' });
      this.#tell(invitation.inviter.userID, { event: 'invitationAnswered', invitationID: invitation.invitationID, userID, answer: 'timeout' });
    }
  }

  #tell(userID: string, event: { event: string; [k: string]: unknown }): void {
    for (const session of this.directory.sessions(userID)) session.send(event);
  }

  #tellOthers(self: Session, event: { event: string; [k: string]: unknown }): void {
    for (const session of this.directory.sessions(self.userID)) if (session !== self) session.send(event);
  }
}

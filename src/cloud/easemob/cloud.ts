import { randomUUID } from 'node:crypto';
import { isRecord } from '../../vendors/common/wire.js';
import { invitationPushKeys } from '../app-client.js';
import { CloudError, easemobOpSchemas, FrameValidator, type RequestFrame } from '../frames.js';
import type { CallInvitation } from '../invitations.js';
import type { DeviceEntry, Session } from '../presence.js';
import { ProviderCloud, type LoginResult } from '../provider-cloud.js';
import type { SenderPool } from '../senders.js';
import type { ConnectionLink } from '../server.js';
import type { CloudClock } from '../timers.js';
import { callEvents, defaultPushText, type AnswerExts, type ImMessage, type InviteExts } from './call-messages.js';
import type { EasemobConsole } from './console.js';
import { easemobErrors } from './errors.js';

export const EASEMOB_WS_PATH = '/easemob/ws';
/** How long undelivered messages wait for a device to sync them (assumption: Easemob keeps offline messages for days; 7 is used here). */
const OFFLINE_KEEP_MS = 7 * 86_400_000;
const OFFLINE_KEEP_COUNT = 500;

/** What sendMessage answers (besides the server id, an emulator extension saying where the message went). */
export interface MessageDelivery {
  readonly serverMsgId: string;
  /** Connected devices that got it over the long connection. */
  readonly online: number;
  /** Vendor pushes the gateways accepted. */
  readonly pushed: number;
  readonly reached: boolean;
  /** Why a device got nothing (unknown user, policy, no token, certificate name…). */
  readonly reasons: readonly string[];
}

/**
 * The emulated Easemob IM cloud with the uni-app push plugin's server side
 * (seeds/shengwang-im-uniapp-push-plugin.md):
 * - a device whose long connection is up gets messages over it — also while the app is in the
 *   background: "若应用在后台运行，则用户仍为在线状态，即时通讯 IM 不会向用户推送消息通知" (常见问题 1);
 * - an offline device gets a vendor push through the certificate its build named, if that name is
 *   in the console and belongs to the device's vendor; `unbindPushToken()` ends that;
 * - the console's multi-device policy decides between "push only when all devices are offline"
 *   and "push to each offline device" (常见问题 2);
 * - messages wait for offline devices and are synced at their next login (`offline: true`).
 * Calls ride on custom messages (call-messages.ts); the cloud reads them to keep the invitation book.
 */
export class EasemobCloud extends ProviderCloud {
  readonly wsPath = EASEMOB_WS_PATH;
  readonly validator = new FrameValidator(easemobOpSchemas);
  readonly #passwords: Map<string, string>;
  readonly #queued: { message: ImMessage; deliveredTo: Set<string> }[] = [];

  constructor(private readonly easemobConsole: EasemobConsole, senders: SenderPool, clock: CloudClock) {
    super('easemob', clock, senders, {
      badRequest: easemobErrors.parameterError.code,
      internal: easemobErrors.unknown.code,
      notLoggedIn: easemobErrors.tokenNotAssigned.code,
      // assumption: Easemob has no call signalling of its own, so "no such invitation" uses the parameter error.
      notAllowed: easemobErrors.parameterError.code,
      notFound: easemobErrors.parameterError.code,
    });
    this.#passwords = new Map(easemobConsole.users.map((u) => [u.username, u.password]));
    for (const user of easemobConsole.users) this.directory.addUser(user.username);
    this.invitations.hooks = { timedOut: (invitation, userIDs) => this.#timedOut(invitation, userIDs) };
  }

  protected authenticate(frame: RequestFrame): LoginResult {
    const username = frame.username as string;
    const refuse = (error: { code: number; message: string }, field: string, text: string): never => {
      this.records.add({ kind: 'login-failed', userID: username, reason: `${username} could not log in: ${text} (${error.code} ${error.message})` });
      throw new CloudError('easemob', error.code, `${error.message}: ${text}`, field);
    };
    if (frame.appKey !== this.easemobConsole.appKey && frame.appKey !== this.easemobConsole.appId) refuse(easemobErrors.appKeyNotAssigned, 'appKey', `appKey ${String(frame.appKey)} is not this console's app`);
    let password = this.#passwords.get(username);
    let note: string | undefined;
    if (password === undefined && this.easemobConsole.registration === 'open' && typeof frame.password === 'string' && frame.password !== '') {
      password = frame.password;
      this.#passwords.set(username, password);
      this.directory.addUser(username);
      note = 'a new user, registered at this first login: the console allows open registration';
    }
    if (password === undefined) refuse(easemobErrors.openError, 'username', 'user not found');
    if (frame.password !== password) refuse(easemobErrors.openError, 'password', 'invalid password');
    return { userID: username, deviceId: frame.deviceId as string | undefined, note };
  }

  /** Offline sync: what this device has not seen yet. */
  protected loggedIn(session: Session): void {
    const now = this.clock.now();
    for (const entry of this.#queued) {
      if (entry.message.to !== session.userID || entry.deliveredTo.has(session.deviceId) || now - entry.message.time > OFFLINE_KEEP_MS) continue;
      entry.deliveredTo.add(session.deviceId);
      session.send({ event: 'message', message: entry.message, offline: true });
      this.records.add({ kind: 'online-delivery', userID: session.userID, deviceId: session.deviceId, ...this.#callIds(entry.message), reason: `${describeMessage(entry.message)}: synced at login (it arrived while this device was offline)` });
      const invitationID = entry.message.customEvent === callEvents.invite ? entry.message.customExts?.invitationID : undefined;
      const invitation = invitationID ? this.invitations.get(invitationID) : undefined;
      if (invitation) this.invitations.reached(invitation, session.userID);
    }
  }

  protected describeBinding(device: DeviceEntry): string {
    const problem = this.#certificateProblem(device);
    return problem ?? `certificate "${device.push!.certificateName}" found in the console; offline messages will be pushed`;
  }

  protected async operate(session: Session, frame: RequestFrame, _link: ConnectionLink): Promise<unknown> {
    if (frame.op !== 'sendMessage') throw new CloudError('easemob', easemobErrors.parameterError.code, `op "${frame.op}" is not served`, 'op');
    const message: ImMessage = {
      id: randomUUID(),
      from: session.userID,
      to: frame.to as string,
      type: frame.type as 'txt' | 'custom',
      msg: frame.msg as string | undefined,
      customEvent: frame.customEvent as string | undefined,
      customExts: frame.customExts as Record<string, string> | undefined,
      ext: frame.ext as Record<string, unknown> | undefined,
      time: this.clock.now(),
    };
    return this.#send(session, message);
  }

  async #send(sender: Session, message: ImMessage): Promise<MessageDelivery> {
    const invitation = this.#signal(message);
    if (invitation && message.customEvent === callEvents.invite) {
      const otherCall = this.invitations.activeCallOf(message.to);
      if (otherCall !== undefined) {
        this.invitations.markBusy(invitation, message.to, otherCall);
        // The callee's app answers busy by itself; the cloud does it on its behalf (it is not woken for this).
        await this.#route(this.#reply(message, callEvents.refuse, { invitationID: invitation.invitationID, reason: 'busy' }), invitation);
        return { serverMsgId: message.id, online: 0, pushed: 0, reached: false, reasons: [`busy: already in call ${otherCall}`] };
      }
    }
    this.#syncToOwnDevices(sender, message);
    const delivery = await this.#route(message, invitation);
    if (invitation && message.customEvent === callEvents.invite && !delivery.reached) {
      this.invitations.markUnreachable(invitation, message.to, delivery.reasons.join('; '));
    }
    return delivery;
  }

  /** Reads a call signal into the invitation book; refusals (accepting a cancelled call…) reject the message. */
  #signal(message: ImMessage): CallInvitation | undefined {
    if (message.type !== 'custom' || !message.customEvent?.startsWith('pushlab_call_')) return undefined;
    const exts = message.customExts ?? {};
    const need = (field: string): string => {
      const value = exts[field];
      if (typeof value !== 'string' || value === '') throw new CloudError('easemob', easemobErrors.parameterError.code, `${message.customEvent}: field customExts.${field} is required (a non-empty string)`, `customExts.${field}`);
      return value;
    };
    switch (message.customEvent) {
      case callEvents.invite: {
        const ext = exts as Partial<InviteExts>;
        const invitationID = need('invitationID');
        const callID = need('callID');
        const type = need('type');
        if (type !== 'voice' && type !== 'video') throw new CloudError('easemob', easemobErrors.parameterError.code, `${message.customEvent}: field customExts.type must be "voice"|"video" (got "${type}")`, 'customExts.type');
        const timeout = Number(need('timeout'));
        if (!Number.isInteger(timeout) || timeout < 1 || timeout > 600) throw new CloudError('easemob', easemobErrors.parameterError.code, `${message.customEvent}: field customExts.timeout must be whole seconds 1..600 (got "${ext.timeout}")`, 'customExts.timeout');
        if (message.to === message.from) throw new CloudError('easemob', easemobErrors.parameterError.code, `${message.customEvent}: field to is the caller (${message.from}); one cannot invite oneself`, 'to');
        const push = pushText(message);
        const existing = this.invitations.get(invitationID);
        if (existing) {
          if (existing.inviter.userID !== message.from || existing.callID !== callID) throw new CloudError('easemob', easemobErrors.parameterError.code, `invitation ${invitationID} belongs to ${existing.inviter.userID}'s call ${existing.callID}`, 'customExts.invitationID');
          this.invitations.addInvitee(existing, { userID: message.to });
          return existing;
        }
        return this.invitations.create({
          invitationID, callID, type, timeoutSeconds: timeout, data: ext.data,
          inviter: { userID: message.from, userName: ext.inviterName },
          invitees: [{ userID: message.to }], title: push.title, message: push.content,
        });
      }
      case callEvents.accept: return this.invitations.accept(need('invitationID'), message.from);
      case callEvents.refuse: return this.invitations.refuse(need('invitationID'), message.from, exts.reason === 'busy' ? 'busy' : 'declined');
      case callEvents.cancel: {
        const invitationID = need('invitationID');
        if (exts.reason !== 'timeout') this.invitations.cancel(invitationID, message.from, message.to);
        return this.invitations.get(invitationID);
      }
      default: throw new CloudError('easemob', easemobErrors.parameterError.code, `unknown call event "${message.customEvent}"; pushlab's are ${Object.values(callEvents).join('|')}`, 'customEvent');
    }
  }

  /** Online delivery, offline queue, and the push decision for one message. */
  async #route(message: ImMessage, invitation: CallInvitation | undefined): Promise<MessageDelivery> {
    const ids = this.#callIds(message);
    const reasons: string[] = [];
    if (!this.directory.known(message.to)) {
      const reason = `unknown user: ${message.to} is not a user of ${this.easemobConsole.appKey}`;
      this.records.add({ kind: 'push-suppressed', userID: message.to, ...ids, reason });
      return { serverMsgId: message.id, online: 0, pushed: 0, reached: false, reasons: [reason] };
    }
    const devices = this.directory.devices(message.to);
    const entry = { message, deliveredTo: new Set<string>() };
    let online = 0;
    for (const device of devices) {
      if (!device.session) continue;
      device.session.send({ event: 'message', message });
      entry.deliveredTo.add(device.deviceId);
      online += 1;
      this.records.add({
        kind: 'online-delivery', userID: message.to, deviceId: device.deviceId, ...ids,
        reason: `${describeMessage(message)}: ${device.session.appState === 'background'
          ? 'the app is in the background but its connection is up: the user counts as online, so the message goes over the connection and no push is sent'
          : 'the device is connected: delivered over the long connection'}`,
      });
    }
    this.#queue(entry);
    const offline = devices.filter((d) => !d.session);
    if (devices.length === 0) reasons.push(`${message.to} has never logged in on any device`);
    const silent = message.ext?.em_ignore_notification === true;
    let pushed = 0;
    for (const device of offline) {
      const base = { userID: message.to, deviceId: device.deviceId, vendor: device.push?.vendor, certificateName: device.push?.certificateName, ...ids };
      const why = this.#noPushReason(device, online, silent);
      if (why) {
        reasons.push(`device ${device.deviceId}: ${why}`);
        // A silent signalling message is not a push decision worth a record.
        if (!silent) this.records.add({ ...base, kind: 'push-suppressed', reason: `${describeMessage(message)}: ${why}` });
        continue;
      }
      const certificate = this.easemobConsole.certificates[device.push!.certificateName!]!;
      const text = pushText(message);
      const sent = await this.push({
        userID: message.to, device, vendor: device.push!.vendor, source: certificate.credentials, settings: certificate.options, invitation,
        certificateName: device.push!.certificateName,
        why: `${describeMessage(message)}: device ${device.deviceId} is offline (policy ${this.easemobConsole.multiDevicePolicy}, certificate "${device.push!.certificateName}")`,
        content: {
          token: device.push!.token,
          title: text.title,
          body: text.content,
          // Easemob pushes carry f (from), t (to), m (message id) (doc.easemob.com/document/ios/push/push_display_field.html).
          data: { f: message.from, t: message.to, m: message.id, ...(invitation ? invitationData(invitation) : {}) },
          ttlSeconds: invitation?.timeoutSeconds ?? 86_400,
          collapseId: invitation?.invitationID,
        },
      });
      if (sent) pushed += 1;
      else reasons.push(`device ${device.deviceId}: the ${device.push!.vendor} push failed (see the push-failed record)`);
    }
    return { serverMsgId: message.id, online, pushed, reached: online + pushed > 0, reasons };
  }

  /** Why an offline device gets no push for this message, or undefined when it does. */
  #noPushReason(device: DeviceEntry, onlineDevices: number, silent: boolean): string | undefined {
    if (silent) return 'the message is silent (em_ignore_notification): no push';
    if (!device.push) return `device ${device.deviceId} is offline and has no push token bound (unbindPushToken() was called, or initPushModule never bound one)`;
    if (this.easemobConsole.multiDevicePolicy === 'all-offline' && onlineDevices > 0) {
      return `multi-device policy all-offline: ${device.userID} has ${onlineDevices} device(s) online, so no push goes to offline device ${device.deviceId}`;
    }
    return this.#certificateProblem(device);
  }

  /** The push binding's certificate name checked against the console. */
  #certificateProblem(device: DeviceEntry): string | undefined {
    const binding = device.push!;
    if (!binding.certificateName) return `the build names no certificate for ${binding.vendor} (its <Vendor>CertificateName is empty): nothing is pushed`;
    const certificate = this.easemobConsole.certificates[binding.certificateName];
    if (!certificate) return `certificate name "${binding.certificateName}" not found in console (it has ${Object.keys(this.easemobConsole.certificates).map((n) => `"${n}"`).join(', ') || 'none'})`;
    if (certificate.vendor !== binding.vendor) return `certificate "${binding.certificateName}" is a ${certificate.vendor} certificate but the device's token is ${binding.vendor}`;
    return undefined;
  }

  /** The sender's other connected devices get a copy (multi-device sync), so a call answered on one stops ringing on the others. */
  #syncToOwnDevices(sender: Session, message: ImMessage): void {
    for (const session of this.directory.sessions(sender.userID)) if (session !== sender) session.send({ event: 'message', message, sync: true });
  }

  /** Nobody answered in time: the caller's app cancels with reason timeout (done here on its behalf). */
  #timedOut(invitation: CallInvitation, userIDs: readonly string[]): void {
    for (const userID of userIDs) {
      const cancel: ImMessage = {
        id: randomUUID(), from: invitation.inviter.userID, to: userID, type: 'custom', customEvent: callEvents.cancel,
        customExts: { invitationID: invitation.invitationID, reason: 'timeout' }, ext: { em_ignore_notification: true }, time: this.clock.now(),
      };
      for (const session of this.directory.sessions(invitation.inviter.userID)) session.send({ event: 'message', message: cancel, sync: true });
      void this.#route(cancel, invitation).catch((error: unknown) => this.log('timeout cancel failed: %s', String(error)));
    }
  }

  #reply(to: ImMessage, event: string, exts: AnswerExts): ImMessage {
    return {
      id: randomUUID(), from: to.to, to: to.from, type: 'custom', customEvent: event,
      customExts: Object.fromEntries(Object.entries(exts).filter(([, v]) => v !== undefined)) as Record<string, string>,
      ext: { em_ignore_notification: true }, time: this.clock.now(),
    };
  }

  #queue(entry: { message: ImMessage; deliveredTo: Set<string> }): void {
    this.#queued.push(entry);
    if (this.#queued.length > OFFLINE_KEEP_COUNT) this.#queued.splice(0, this.#queued.length - OFFLINE_KEEP_COUNT);
  }

  #callIds(message: ImMessage): { invitationID?: string; callID?: string } {
    const invitationID = message.customExts?.invitationID;
    if (!invitationID) return {};
    return { invitationID, callID: this.invitations.get(invitationID)?.callID };
  }
}

/** "call invite from alice" / "text message from alice", for record reasons. */
function describeMessage(message: ImMessage): string {
  const what = message.type === 'txt' ? 'text message' : message.customEvent?.startsWith('pushlab_call_') ? `call ${message.customEvent.slice('pushlab_call_'.length)}` : `custom message ${message.customEvent ?? ''}`.trim();
  return `${what} from ${message.from}`;
}

/** The push title/content a message asks for, or Easemob's defaults. */
function pushText(message: ImMessage): { title: string; content: string } {
  const apns = isRecord(message.ext?.em_apns_ext) ? message.ext.em_apns_ext : {};
  return {
    title: typeof apns.em_push_title === 'string' && apns.em_push_title ? apns.em_push_title : defaultPushText.title,
    content: typeof apns.em_push_content === 'string' && apns.em_push_content ? apns.em_push_content : message.type === 'txt' && message.msg ? message.msg : defaultPushText.content,
  };
}

function invitationData(invitation: CallInvitation): Record<string, string> {
  return {
    [invitationPushKeys.invitationID]: invitation.invitationID,
    [invitationPushKeys.callID]: invitation.callID,
    [invitationPushKeys.type]: invitation.type,
    [invitationPushKeys.inviter]: JSON.stringify(invitation.inviter),
  };
}

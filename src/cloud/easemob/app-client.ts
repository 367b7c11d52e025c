import { randomUUID } from 'node:crypto';
import type { AppIdentity, Invitation, PushRegistration, SendInvitationConfig, SendInvitationResult } from '../app-client.js';
import { BaseAppClient } from '../app-client-base.js';
import { CloudError, type EventFrame } from '../frames.js';
import { callEvents, type ImMessage } from './call-messages.js';
import { EASEMOB_WS_PATH, type MessageDelivery } from './cloud.js';

const DEFAULT_TIMEOUT_SECONDS = 60;
const silent = { em_ignore_notification: true } as const;

/**
 * The Easemob IM SDK + EMPushUniPlugin inside a custom base: `chatClient.open()` is `connect()`,
 * `usePlugin(pushOption, "push")` + `initPushModule()` bind the token (`registerPush`),
 * `unbindPushToken()` is `unbindPush()`. Calls are custom messages (call-messages.ts): one invite
 * per invitee, answers and cancels back as silent messages.
 */
export class EasemobAppClient extends BaseAppClient {
  readonly provider = 'easemob' as const;
  /** Invitations this user sent: who was invited. */
  readonly #outgoing = new Map<string, { invitees: string[] }>();
  /** Invitations this user received: from whom. */
  readonly #incoming = new Map<string, Invitation>();

  constructor(identity: AppIdentity, options: { timeoutMs?: number } = {}) {
    super(identity, 'easemob', EASEMOB_WS_PATH, options.timeoutMs);
  }

  protected loginParams(): object {
    return { appKey: this.identity.appID, username: this.identity.userID, password: this.identity.password ?? '' };
  }

  async registerPush(registration: PushRegistration): Promise<void> {
    await this.connection.request('registerPush', { vendor: registration.vendor, token: registration.token, deviceId: registration.deviceId, certificateName: registration.certificateName });
    this.deviceId = registration.deviceId;
  }

  async sendInvitation(config: SendInvitationConfig): Promise<SendInvitationResult> {
    const invitationID = randomUUID();
    const callID = `call_${invitationID.slice(0, 8)}`;
    const timeout = config.timeout ?? DEFAULT_TIMEOUT_SECONDS;
    const successUsers: { userID: string }[] = [];
    const errorUsers: { userID: string; reason: string }[] = [];
    this.#outgoing.set(invitationID, { invitees: config.invitees.map((i) => i.userID) });
    for (const invitee of config.invitees) {
      try {
        const delivery = await this.#message(invitee.userID, callEvents.invite, {
          invitationID, callID, type: config.type, timeout: String(timeout),
          ...(this.identity.userName ? { inviterName: this.identity.userName } : {}),
          ...(config.data !== undefined ? { data: config.data } : {}),
        }, { em_apns_ext: { em_push_title: config.notificationConfig?.title ?? this.identity.userName ?? this.identity.userID, em_push_content: config.notificationConfig?.message ?? `Incoming ${config.type} call` } });
        if (delivery.reached) successUsers.push({ userID: invitee.userID });
        else errorUsers.push({ userID: invitee.userID, reason: delivery.reasons.join('; ') || 'not delivered' });
      } catch (error) {
        if (!(error instanceof CloudError)) throw error;
        errorUsers.push({ userID: invitee.userID, reason: error.message });
      }
    }
    return { invitationID, callID, successUsers, errorUsers };
  }

  async cancelInvitation(invitationID: string): Promise<void> {
    const outgoing = this.#outgoing.get(invitationID);
    if (!outgoing) throw new CloudError('easemob', -3, `invitation ${invitationID} was not sent from this client`, 'invitationID');
    for (const userID of outgoing.invitees) {
      await this.#message(userID, callEvents.cancel, { invitationID, reason: 'cancelled' }, silent).catch(() => undefined);
    }
  }

  async accept(invitationID: string): Promise<void> {
    await this.#message(await this.#inviterOf(invitationID), callEvents.accept, { invitationID }, silent);
  }

  async refuse(invitationID: string, reason: 'declined' | 'busy' = 'declined'): Promise<void> {
    await this.#message(await this.#inviterOf(invitationID), callEvents.refuse, { invitationID, reason }, silent);
  }

  protected handleEvent(event: EventFrame): void {
    if (event.event !== 'message') return;
    const message = event.message as ImMessage;
    const exts = message.customExts ?? {};
    const invitationID = exts.invitationID;
    if (message.type !== 'custom' || !invitationID) return;
    const mine = message.from === this.identity.userID;
    switch (message.customEvent) {
      case callEvents.invite: {
        if (mine) return;
        const push = (message.ext?.em_apns_ext ?? {}) as { em_push_title?: string; em_push_content?: string };
        const invitation: Invitation = {
          invitationID, callID: exts.callID ?? '', type: exts.type === 'voice' ? 'voice' : 'video', timeoutSeconds: Number(exts.timeout ?? DEFAULT_TIMEOUT_SECONDS),
          inviter: { userID: message.from, ...(exts.inviterName ? { userName: exts.inviterName } : {}) },
          ...(exts.data !== undefined ? { data: exts.data } : {}), title: push.em_push_title, message: push.em_push_content,
        };
        this.#incoming.set(invitationID, invitation);
        if (!event.offline) { this.emitInvitation(invitation); return; }
        // Synced at login: only a call still ringing rings (the sync also brings old ones).
        void this.invitation(invitationID).then((current) => { if (current.state === 'pending') this.emitInvitation(invitation); }, () => undefined);
        return;
      }
      case callEvents.cancel:
        if (mine) { if (exts.reason === 'timeout') this.emitAnswered(invitationID, message.to, 'timeout'); return; }
        if (this.#incoming.has(invitationID)) this.emitEnded(invitationID, exts.reason === 'timeout' ? 'timeout' : 'cancelled');
        return;
      case callEvents.accept:
        if (mine) this.emitEnded(invitationID, 'answered-elsewhere');
        else this.emitAnswered(invitationID, message.from, 'accepted');
        return;
      case callEvents.refuse:
        if (mine) this.emitEnded(invitationID, 'refused');
        else this.emitAnswered(invitationID, message.from, exts.reason === 'busy' ? 'busy' : 'refused');
        return;
    }
  }

  #message(to: string, customEvent: string, customExts: Record<string, string>, ext: object): Promise<MessageDelivery> {
    return this.connection.request<MessageDelivery>('sendMessage', { to, type: 'custom', customEvent, customExts, ext });
  }

  /** Who invited this user: known from the invite message, else asked of the cloud (opened from a push). */
  async #inviterOf(invitationID: string): Promise<string> {
    const known = this.#incoming.get(invitationID);
    if (known) return known.inviter.userID;
    const fetched = await this.invitation(invitationID);
    this.#incoming.set(invitationID, fetched);
    return fetched.inviter.userID;
  }
}

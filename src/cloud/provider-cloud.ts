import { VendorError } from '../vendors/common/errors.js';
import type { VendorId } from '../vendors/common/ids.js';
import { logger } from '../vendors/common/log.js';
import { shortToken } from '../vendors/common/redact.js';
import type { InvitationState, ProviderId } from './app-client.js';
import { callPush, describeSettings, type CallPushContent, type VendorPushSettings } from './call-push.js';
import { CloudError, type FrameValidator, type RequestFrame } from './frames.js';
import { InvitationBook, publicInvitation, type CallInvitation } from './invitations.js';
import { Directory, type DeviceEntry, type Session } from './presence.js';
import { RecordBook } from './records.js';
import type { CertificateSource, SenderPool } from './senders.js';
import type { CloudService, ConnectionHandler, ConnectionLink } from './server.js';
import type { CloudClock } from './timers.js';

/** The provider's codes the shared parts answer with. */
export interface ProviderCodes {
  readonly badRequest: number | string;
  readonly internal: number | string;
  readonly notLoggedIn: number | string;
  readonly notAllowed: number | string;
  readonly notFound: number | string;
}

/** Who a login frame names, once the provider has checked its credentials. */
export interface LoginResult {
  readonly userID: string;
  readonly userName?: string;
  readonly deviceId?: string;
  /** Words for the login record (e.g. "registered at first login"). */
  readonly note?: string;
}

/** One push to send for a decision already taken: where, shaped how, and why. */
export interface PushPlan {
  readonly userID: string;
  readonly device: DeviceEntry;
  readonly vendor: VendorId;
  readonly source: CertificateSource;
  readonly settings: VendorPushSettings | undefined;
  readonly content: CallPushContent;
  readonly invitation?: CallInvitation;
  readonly resourceID?: string;
  readonly certificateName?: string;
  /** Why this device gets a push (the record's reason starts with it). */
  readonly why: string;
}

/**
 * What ZEGO and Easemob share: sessions on the long connection, device push bindings, the
 * invitation book and rooms, vendor pushes through the sender pool, and the decision records.
 * Each provider adds its login check and its own operations.
 */
export abstract class ProviderCloud implements CloudService {
  abstract readonly wsPath: string;
  abstract readonly validator: FrameValidator;
  readonly records: RecordBook;
  readonly directory = new Directory();
  readonly invitations: InvitationBook;
  protected readonly log: (format: string, ...args: unknown[]) => void;

  constructor(
    readonly provider: ProviderId,
    readonly clock: CloudClock,
    protected readonly senders: SenderPool,
    readonly codes: ProviderCodes,
  ) {
    this.records = new RecordBook(provider, clock);
    this.invitations = new InvitationBook(this.records, clock, { notFound: codes.notFound, notAllowed: codes.notAllowed }, provider);
    this.log = logger(`pushlab:cloud:${provider}`);
  }

  /** Checks a login frame; throws CloudError (after recording `login-failed`) to refuse. */
  protected abstract authenticate(frame: RequestFrame): LoginResult;
  /** The provider's own operations (everything but the shared ones). */
  protected abstract operate(session: Session, frame: RequestFrame, link: ConnectionLink): Promise<unknown>;
  /** Called after a login succeeded (deliver what waited for this device). */
  protected abstract loggedIn(session: Session): void;
  /** Extra words for the push-bound record (does the console have what this binding needs?). */
  protected abstract describeBinding(device: DeviceEntry): string;

  connect(link: ConnectionLink): ConnectionHandler {
    let session: Session | undefined;
    const end = (kind: 'logout' | 'connection-lost', reason: string) => {
      if (!session) return;
      const gone = session;
      session = undefined;
      if (!this.directory.detach(gone)) return;
      this.records.add({ kind, userID: gone.userID, deviceId: gone.deviceId, reason });
    };
    return {
      handle: async (frame) => {
        if (frame.op === 'login') {
          if (session) throw new CloudError(this.provider, this.codes.notAllowed, `this connection is already logged in as ${session.userID}; log out first`, 'op');
          const who = this.authenticate(frame);
          session = { id: link.id, userID: who.userID, userName: who.userName, deviceId: who.deviceId ?? `conn-${link.id.slice(0, 8)}`, ephemeral: who.deviceId === undefined, appState: 'foreground', send: link.send };
          const { replaced } = this.directory.attach(session);
          if (replaced) replaced.send({ event: 'kicked', reason: `${who.userID} logged in again on device ${session.deviceId}` });
          this.records.add({ kind: 'login', userID: who.userID, deviceId: session.deviceId, reason: `${who.userID} logged in on device ${session.deviceId}: online over the long connection${who.note ? ` (${who.note})` : ''}` });
          this.loggedIn(session);
          return { userID: who.userID, deviceId: session.deviceId, serverTime: this.clock.now() };
        }
        if (!session) throw new CloudError(this.provider, this.codes.notLoggedIn, `log in before "${frame.op}"`, 'op');
        switch (frame.op) {
          case 'drop':
            end('connection-lost', `${session.userID}'s connection on device ${session.deviceId} dropped (app frozen or killed, or phone offline): the device counts as offline`);
            setImmediate(() => link.close('dropped'));
            return {};
          case 'logout':
            end('logout', `${session.userID} logged out on device ${session.deviceId}`);
            setImmediate(() => link.close('logged out'));
            return {};
          case 'appState': return this.#appState(session, frame.state as 'foreground' | 'background');
          case 'registerPush': return this.#registerPush(session, frame);
          case 'unbindPush': return this.#unbindPush(session);
          case 'getInvitation': return this.#getInvitation(session, frame.invitationID as string);
          case 'joinRoom':
            this.invitations.join(frame.callID as string, session.userID);
            return { callID: frame.callID, members: this.invitations.members(frame.callID as string) };
          case 'leaveRoom':
            this.invitations.leave(frame.callID as string, session.userID);
            return { callID: frame.callID, members: this.invitations.members(frame.callID as string) };
          default: return this.operate(session, frame, link);
        }
      },
      closed: () => end('connection-lost', 'the long connection closed without a logout: the device counts as offline'),
    };
  }

  inspectInvitation(invitationID: string): unknown {
    const invitation = this.invitations.get(invitationID);
    if (!invitation) return undefined;
    return { ...publicInvitation(invitation), createdAt: invitation.createdAt, resourceID: invitation.resourceID, closed: invitation.closed, invitees: [...invitation.invitees.values()] };
  }

  close(): void { this.invitations.close(); }

  /** Sends one push through the pool and records the outcome; true when the gateway accepted it. */
  protected async push(plan: PushPlan): Promise<boolean> {
    const base = {
      userID: plan.userID, deviceId: plan.device.deviceId, vendor: plan.vendor, token: shortToken(plan.content.token),
      invitationID: plan.invitation?.invitationID, callID: plan.invitation?.callID, resourceID: plan.resourceID, certificateName: plan.certificateName,
    };
    const found = this.senders.lookup(plan.vendor, plan.source);
    if (!found.ok) {
      this.records.add({ ...base, kind: 'push-failed', errorKind: 'no-sender', reason: `${plan.why}, but there is no ${plan.vendor} sender: ${found.reason}` });
      return false;
    }
    const push = callPush(plan.vendor, plan.settings, plan.content);
    try {
      const result = await found.sender.send(push);
      this.records.add({
        ...base, kind: 'push-sent', gateway: found.gateway, messageId: result.messageId, gatewayAcceptedAt: result.acceptedAt,
        reason: `${plan.why}: ${push.kind} push via ${plan.vendor} (${found.gateway} gateway) with ${describeSettings(plan.settings)}`,
      });
      return true;
    } catch (error) {
      const what = error instanceof VendorError ? `${error.message} [${error.kind}${error.tokenInvalid ? ', token invalid' : ''}]` : (error as Error).message;
      this.records.add({
        ...base, kind: 'push-failed', gateway: found.gateway,
        ...(error instanceof VendorError ? { errorKind: error.kind, tokenInvalid: error.tokenInvalid } : {}),
        reason: `${plan.why}, but the ${found.gateway} ${plan.vendor} gateway refused: ${what}`,
      });
      return false;
    }
  }

  /** The invitation as this user may see it; strangers get the provider's not-allowed error. */
  #getInvitation(session: Session, invitationID: string): unknown {
    const invitation = this.invitations.require(invitationID);
    if (invitation.inviter.userID !== session.userID && !invitation.invitees.has(session.userID)) {
      throw new CloudError(this.provider, this.codes.notAllowed, `${session.userID} is neither the inviter nor an invitee of ${invitationID}`, 'invitationID');
    }
    const state: InvitationState = this.invitations.stateFor(invitation, session.userID);
    return { ...publicInvitation(invitation), state };
  }

  #appState(session: Session, state: 'foreground' | 'background'): object {
    session.appState = state;
    const device = this.directory.device(session.userID, session.deviceId);
    if (device) device.appState = state;
    this.records.add({ kind: 'app-state', userID: session.userID, deviceId: session.deviceId, reason: `the app on device ${session.deviceId} reported ${state}; its connection is still up` });
    return { state };
  }

  #registerPush(session: Session, frame: RequestFrame): object {
    const deviceId = frame.deviceId as string;
    const device = deviceId === session.deviceId ? this.directory.device(session.userID, deviceId)! : this.directory.rename(session, deviceId);
    device.push = {
      vendor: frame.vendor as VendorId,
      token: frame.token as string,
      certificateName: frame.certificateName as string | undefined,
      offlinePushConfig: frame.offlinePushConfig as Record<string, unknown> | undefined,
      enableOfflinePush: frame.enableOfflinePush as boolean | undefined,
      boundAt: this.clock.now(),
    };
    this.records.add({
      kind: 'push-bound', userID: session.userID, deviceId, vendor: device.push.vendor, token: shortToken(device.push.token), certificateName: device.push.certificateName,
      reason: `device ${deviceId} bound a ${device.push.vendor} token: ${this.describeBinding(device)}`,
    });
    return { deviceId, vendor: device.push.vendor };
  }

  #unbindPush(session: Session): object {
    const device = this.directory.device(session.userID, session.deviceId);
    const binding = device?.push;
    if (device) device.push = undefined;
    this.records.add({
      kind: 'push-unbound', userID: session.userID, deviceId: session.deviceId, vendor: binding?.vendor, token: binding ? shortToken(binding.token) : undefined,
      reason: binding ? `device ${session.deviceId} unbound its ${binding.vendor} token: no push reaches it from now on` : `device ${session.deviceId} had no push token bound; nothing to unbind`,
    });
    return { unbound: binding !== undefined };
  }
}

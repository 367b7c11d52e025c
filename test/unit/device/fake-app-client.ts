import type {
  AppClient, AppIdentity, Invitation, InvitationAnswer, InvitationEndReason, InvitationState, PushRegistration, SendInvitationConfig, SendInvitationResult,
} from '../../../src/cloud/app-client.js';

/** An in-memory provider SDK for phone-model tests: records calls, answers invitations from a table. */
export class FakeAppClient implements AppClient {
  readonly provider;
  connected = false;
  readonly calls: string[] = [];
  readonly registrations: PushRegistration[] = [];
  invitations = new Map<string, Invitation & { state: InvitationState }>();
  #invitationListeners: ((i: Invitation) => void)[] = [];
  #endedListeners: ((id: string, reason: InvitationEndReason) => void)[] = [];
  #answeredListeners: ((id: string, userID: string, answer: InvitationAnswer) => void)[] = [];
  /** Every sendInvitation config, in order. */
  readonly sent: SendInvitationConfig[] = [];
  /** How sendInvitation answers (default: everyone reached, ids inv-<n>/call-<n>); may answer over the connection first, as ZEGO does for busy. */
  sendReply: (config: SendInvitationConfig, n: number) => Promise<SendInvitationResult> = async (config, n) => ({
    invitationID: `inv-${n}`, callID: `call-${n}`, successUsers: config.invitees.map((i) => ({ userID: i.userID })), errorUsers: [],
  });

  constructor(readonly identity: AppIdentity) { this.provider = identity.provider; }

  async connect() { this.calls.push('connect'); this.connected = true; }
  async disconnect() { this.calls.push('disconnect'); this.connected = false; }
  async registerPush(r: PushRegistration) { this.calls.push('registerPush'); this.registrations.push(r); }
  async unbindPush() { this.calls.push('unbindPush'); }
  async sendInvitation(config: SendInvitationConfig): Promise<SendInvitationResult> {
    this.sent.push(config);
    const result = await this.sendReply(config, this.sent.length);
    this.calls.push(`send:${result.invitationID}`);
    this.invitations.set(result.invitationID, { invitationID: result.invitationID, callID: result.callID, inviter: { userID: this.identity.userID }, type: config.type, timeoutSeconds: 60, state: 'pending' });
    return result;
  }
  async cancelInvitation(id: string) { this.calls.push(`cancel:${id}`); }
  onInvitation(l: (i: Invitation) => void) { this.#invitationListeners.push(l); }
  onInvitationEnded(l: (id: string, reason: InvitationEndReason) => void) { this.#endedListeners.push(l); }
  onInvitationAnswered(l: (id: string, userID: string, answer: InvitationAnswer) => void) { this.#answeredListeners.push(l); }
  async reportAppState(state: 'foreground' | 'background') { this.calls.push(`appState:${state}`); }
  async invitation(id: string) {
    const found = this.invitations.get(id);
    if (!found) throw new Error(`no invitation ${id}`);
    return found;
  }
  async accept(id: string) { this.calls.push(`accept:${id}`); const i = this.invitations.get(id); if (i) this.invitations.set(id, { ...i, state: 'connected' }); }
  async refuse(id: string) { this.calls.push(`refuse:${id}`); }
  async joinRoom(callID: string) { this.calls.push(`join:${callID}`); }
  async leaveRoom(callID: string) { this.calls.push(`leave:${callID}`); }
  close() { this.connected = false; }

  /** The cloud rings this client over its long connection. */
  ring(invitation: Invitation) { for (const l of this.#invitationListeners) l(invitation); }
  end(id: string, reason: InvitationEndReason) { for (const l of this.#endedListeners) l(id, reason); }
  /** The cloud tells this caller an invitee's answer. */
  answer(id: string, userID: string, answer: InvitationAnswer) { for (const l of this.#answeredListeners) l(id, userID, answer); }
}

/** A factory that keeps every client it made. */
export function fakeClients() {
  const made: FakeAppClient[] = [];
  return { made, create: (identity: AppIdentity) => { const c = new FakeAppClient(identity); made.push(c); return c; }, last: () => made.at(-1)! };
}

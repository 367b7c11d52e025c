import type { AppClient, AppIdentity, Invitation, InvitationEndReason, InvitationState, PushRegistration } from '../../../src/cloud/app-client.js';

/** An in-memory provider SDK for phone-model tests: records calls, answers invitations from a table. */
export class FakeAppClient implements AppClient {
  readonly provider;
  connected = false;
  readonly calls: string[] = [];
  readonly registrations: PushRegistration[] = [];
  invitations = new Map<string, Invitation & { state: InvitationState }>();
  #invitationListeners: ((i: Invitation) => void)[] = [];
  #endedListeners: ((id: string, reason: InvitationEndReason) => void)[] = [];

  constructor(readonly identity: AppIdentity) { this.provider = identity.provider; }

  async connect() { this.calls.push('connect'); this.connected = true; }
  async disconnect() { this.calls.push('disconnect'); this.connected = false; }
  async registerPush(r: PushRegistration) { this.calls.push('registerPush'); this.registrations.push(r); }
  async unbindPush() { this.calls.push('unbindPush'); }
  async sendInvitation(): Promise<never> { throw new Error('not in the fake'); }
  async cancelInvitation() {}
  onInvitation(l: (i: Invitation) => void) { this.#invitationListeners.push(l); }
  onInvitationEnded(l: (id: string, reason: InvitationEndReason) => void) { this.#endedListeners.push(l); }
  onInvitationAnswered() {}
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
}

/** A factory that keeps every client it made. */
export function fakeClients() {
  const made: FakeAppClient[] = [];
  return { made, create: (identity: AppIdentity) => { const c = new FakeAppClient(identity); made.push(c); return c; }, last: () => made.at(-1)! };
}

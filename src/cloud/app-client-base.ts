import type {
  AppClient, AppIdentity, Invitation, InvitationAnswer, InvitationEndReason, InvitationState, ProviderId, PushRegistration, SendInvitationConfig, SendInvitationResult,
} from './app-client.js';
import { CloudConnection, longConnectionUrl } from './cloud-connection.js';
import type { EventFrame } from './frames.js';

/** What both providers' app clients share: the connection, listeners, and the operations with the same wire shape. */
export abstract class BaseAppClient implements AppClient {
  abstract readonly provider: ProviderId;
  protected readonly connection: CloudConnection;
  /** The device last registered for push, so a reconnect logs in as the same device. */
  protected deviceId: string | undefined;
  #loggedIn = false;
  readonly #invitationListeners = new Set<(invitation: Invitation) => void>();
  readonly #endedListeners = new Set<(invitationID: string, reason: InvitationEndReason) => void>();
  readonly #answeredListeners = new Set<(invitationID: string, userID: string, answer: InvitationAnswer) => void>();

  constructor(protected readonly identity: AppIdentity, provider: ProviderId, wsPath: string, timeoutMs = 5000) {
    this.connection = new CloudConnection(provider, longConnectionUrl(identity.cloudUrl, wsPath), timeoutMs);
    this.deviceId = identity.deviceId;
    this.connection.onEvent((event) => {
      if (event.event === 'kicked') {
        // Another connection logged in as this device: this one is no longer the device's.
        this.#loggedIn = false;
        void this.connection.close();
        return;
      }
      this.handleEvent(event);
    });
    this.connection.onClose(() => { this.#loggedIn = false; });
  }

  /** The provider's login frame (credentials from the identity). */
  protected abstract loginParams(): object;
  protected abstract handleEvent(event: EventFrame): void;
  abstract registerPush(registration: PushRegistration): Promise<void>;
  abstract sendInvitation(config: SendInvitationConfig): Promise<SendInvitationResult>;
  abstract cancelInvitation(invitationID: string): Promise<void>;
  abstract accept(invitationID: string): Promise<void>;
  abstract refuse(invitationID: string, reason?: 'declined' | 'busy'): Promise<void>;

  get connected(): boolean { return this.#loggedIn && this.connection.isOpen; }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.connection.open();
    try {
      await this.connection.request('login', { ...this.loginParams(), ...(this.deviceId ? { deviceId: this.deviceId } : {}) });
    } catch (error) {
      await this.connection.close();
      throw error;
    }
    this.#loggedIn = true;
  }

  async disconnect(): Promise<void> {
    this.#loggedIn = false;
    await this.connection.drop();
  }

  async unbindPush(): Promise<void> { await this.connection.request('unbindPush'); }

  async reportAppState(state: 'foreground' | 'background'): Promise<void> { await this.connection.request('appState', { state }); }

  async invitation(invitationID: string): Promise<Invitation & { state: InvitationState }> {
    return this.connection.request('getInvitation', { invitationID });
  }

  async joinRoom(callID: string): Promise<void> { await this.connection.request('joinRoom', { callID }); }
  async leaveRoom(callID: string): Promise<void> { await this.connection.request('leaveRoom', { callID }); }

  onInvitation(listener: (invitation: Invitation) => void): void { this.#invitationListeners.add(listener); }
  onInvitationEnded(listener: (invitationID: string, reason: InvitationEndReason) => void): void { this.#endedListeners.add(listener); }
  onInvitationAnswered(listener: (invitationID: string, userID: string, answer: InvitationAnswer) => void): void { this.#answeredListeners.add(listener); }

  close(): void {
    this.#loggedIn = false;
    void this.connection.close();
  }

  protected emitInvitation(invitation: Invitation): void { for (const l of this.#invitationListeners) l(invitation); }
  protected emitEnded(invitationID: string, reason: InvitationEndReason): void { for (const l of this.#endedListeners) l(invitationID, reason); }
  protected emitAnswered(invitationID: string, userID: string, answer: InvitationAnswer): void { for (const l of this.#answeredListeners) l(invitationID, userID, answer); }
}

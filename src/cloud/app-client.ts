import type { VendorId } from '../vendors/common/ids.js';

/**
 * The contract between a simulated app (src/device) and its provider's emulated cloud (src/cloud):
 * what the ZEGO Call Kit plugin or the Easemob/Shengwang IM SDK + push plugin does inside a custom
 * base, over the provider's long connection. Implemented by `src/cloud/zego/app-client.ts` and
 * `src/cloud/easemob/app-client.ts`; created with `createAppClient()` (src/cloud/index.ts).
 */
export interface AppClient {
  readonly provider: ProviderId;
  /** Opens the long connection and logs the user in (online presence). Rejects with the cloud's own error (wrong appSign, unknown appKey, bad password). */
  connect(): Promise<void>;
  /**
   * The long connection dropped (app frozen/killed, phone offline): the cloud sees the device offline.
   * Resolves once the cloud has taken the device offline, so an invitation sent right after is
   * routed as offline (a real cloud notices later, by heartbeat; the emulator is told at once).
   */
  disconnect(): Promise<void>;
  readonly connected: boolean;
  /**
   * Registers this device for offline push: the vendor channel the plugin picked and its token.
   * ZEGO: part of init with enableNotifyWhenAppRunningInBackgroundOrQuit; Easemob: bound under the build's certificate name.
   */
  registerPush(registration: PushRegistration): Promise<void>;
  /** Easemob `unbindPushToken()` (logout / multi-device kick); ZEGO: uninit/logout. No push reaches this device afterwards. */
  unbindPush(): Promise<void>;
  /** ZEGO `sendInvitation` (Easemob: a call-invitation custom message) from this user. */
  sendInvitation(config: SendInvitationConfig): Promise<SendInvitationResult>;
  /** The caller cancels a ringing invitation. */
  cancelInvitation(invitationID: string): Promise<void>;
  /** An invitation arrived over the long connection (online path). */
  onInvitation(listener: (invitation: Invitation) => void): void;
  /** An invitation ended before this user answered (caller cancelled, timed out, answered on another device). */
  onInvitationEnded(listener: (invitationID: string, reason: InvitationEndReason) => void): void;
  /** Caller side: an invitee answered, was busy, or let the invitation time out. */
  onInvitationAnswered(listener: (invitationID: string, userID: string, answer: InvitationAnswer) => void): void;
  /**
   * The SDK reports the app going to the background or coming back, its connection still up. ZEGO
   * then routes invitations to this device as vendor pushes (when offline push is enabled);
   * Easemob keeps delivering over the connection (the user is still online).
   */
  reportAppState(state: 'foreground' | 'background'): Promise<void>;
  /** Fetches an invitation's current state, e.g. after being opened from an offline push. */
  invitation(invitationID: string): Promise<Invitation & { state: InvitationState }>;
  accept(invitationID: string): Promise<void>;
  refuse(invitationID: string, reason?: 'declined' | 'busy'): Promise<void>;
  /** Joins the call's room; the call counts as connected when caller and callee are both in it. */
  joinRoom(callID: string): Promise<void>;
  leaveRoom(callID: string): Promise<void>;
  /** Closes everything for good. */
  close(): void;
}

export const providerIds = ['zego', 'easemob'] as const;
export type ProviderId = (typeof providerIds)[number];

export interface PushRegistration {
  readonly vendor: VendorId;
  readonly token: string;
  /** Device id (one user may have several devices — the Easemob multi-device policy). */
  readonly deviceId: string;
  /** Easemob: the certificate name the build carries for this vendor (e.g. MICertificateName's value). */
  readonly certificateName?: string;
  /** ZEGO: offlinePushConfig from init (per-vendor settings the build was made with). */
  readonly offlinePushConfig?: Readonly<Record<string, unknown>>;
  /** ZEGO: enableNotifyWhenAppRunningInBackgroundOrQuit; without it no offline push is sent. */
  readonly enableOfflinePush?: boolean;
}

export interface Invitation {
  readonly invitationID: string;
  /** Names the call room. */
  readonly callID: string;
  readonly inviter: { readonly userID: string; readonly userName?: string };
  readonly type: 'voice' | 'video';
  readonly timeoutSeconds: number;
  readonly data?: string;
  readonly title?: string;
  readonly message?: string;
}

export interface SendInvitationConfig {
  readonly invitees: readonly { readonly userID: string; readonly userName?: string }[];
  readonly type: 'voice' | 'video';
  /** Seconds until the invitation times out as a missed call (default 60). */
  readonly timeout?: number;
  readonly data?: string;
  /** ZEGO notificationConfig: the offline push's title/message and the console resource that shapes it. */
  readonly notificationConfig?: { readonly title?: string; readonly message?: string; readonly resourceID?: string };
}

export interface SendInvitationResult {
  readonly invitationID: string;
  readonly callID: string;
  readonly successUsers: readonly { readonly userID: string }[];
  /** Each with why: unknown user, not registered for push, busy… */
  readonly errorUsers: readonly { readonly userID: string; readonly reason: string }[];
}

export type InvitationEndReason = 'cancelled' | 'timeout' | 'answered-elsewhere' | 'refused';
export type InvitationAnswer = 'accepted' | 'refused' | 'busy' | 'timeout';
export type InvitationState = 'pending' | 'accepted' | 'refused' | 'cancelled' | 'timeout' | 'busy' | 'connected' | 'ended';

/** Who the app logs in as, and against which cloud. */
export interface AppIdentity {
  readonly provider: ProviderId;
  /** Cloud base URL (emulated: http://127.0.0.1:P). */
  readonly cloudUrl: string;
  /** ZEGO appID + appSign; Easemob appKey (or appId). */
  readonly appID: string;
  readonly appSign?: string;
  readonly userID: string;
  readonly userName?: string;
  /** Easemob password (or token). */
  readonly password?: string;
  /** The device this app runs on; sent at login so a reconnect resumes the same device (default: the one last registered for push). */
  readonly deviceId?: string;
}

/** The push keys every invitation push carries in its data map, so a tapped notification can find its invitation. */
export const invitationPushKeys = { invitationID: 'zego_invitation_id', callID: 'zego_call_id', type: 'zego_call_type', inviter: 'zego_inviter' } as const;

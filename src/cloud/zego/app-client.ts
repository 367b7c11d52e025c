import type { AppIdentity, Invitation, InvitationAnswer, InvitationEndReason, PushRegistration, SendInvitationConfig, SendInvitationResult } from '../app-client.js';
import { BaseAppClient } from '../app-client-base.js';
import type { EventFrame } from '../frames.js';
import { ZEGO_WS_PATH } from './cloud.js';

/**
 * The ZEGO Call Kit plugin inside a custom base, as the emulated cloud sees it:
 * `ZegoUIKitPrebuiltCallService.init(appID, appSign, userID, userName, config)` is `connect()` +
 * `registerPush()`, `sendInvitation()` is the seed doc's call with `notificationConfig`.
 */
export class ZegoAppClient extends BaseAppClient {
  readonly provider = 'zego' as const;

  constructor(identity: AppIdentity, options: { timeoutMs?: number } = {}) {
    super(identity, 'zego', ZEGO_WS_PATH, options.timeoutMs);
  }

  protected loginParams(): object {
    return { appID: this.identity.appID, appSign: this.identity.appSign ?? '', userID: this.identity.userID, userName: this.identity.userName };
  }

  async registerPush(registration: PushRegistration): Promise<void> {
    await this.connection.request('registerPush', {
      vendor: registration.vendor, token: registration.token, deviceId: registration.deviceId,
      offlinePushConfig: registration.offlinePushConfig, enableOfflinePush: registration.enableOfflinePush ?? false,
    });
    this.deviceId = registration.deviceId;
  }

  sendInvitation(config: SendInvitationConfig): Promise<SendInvitationResult> {
    return this.connection.request('sendInvitation', { invitees: config.invitees, type: config.type, timeout: config.timeout, data: config.data, notificationConfig: config.notificationConfig });
  }

  async cancelInvitation(invitationID: string): Promise<void> { await this.connection.request('cancelInvitation', { invitationID }); }
  async accept(invitationID: string): Promise<void> { await this.connection.request('accept', { invitationID }); }
  async refuse(invitationID: string, reason: 'declined' | 'busy' = 'declined'): Promise<void> { await this.connection.request('refuse', { invitationID, reason }); }

  protected handleEvent(event: EventFrame): void {
    switch (event.event) {
      case 'invitation': this.emitInvitation(event.invitation as Invitation); break;
      case 'invitationEnded': this.emitEnded(event.invitationID as string, event.reason as InvitationEndReason); break;
      case 'invitationAnswered': this.emitAnswered(event.invitationID as string, event.userID as string, event.answer as InvitationAnswer); break;
    }
  }
}

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { invitationPushKeys } from '../cloud/app-client.js';
import { callPush, type VendorPushSettings } from '../cloud/call-push.js';
import { AdjustableClock } from '../vendors/common/clock.js';
import { credentialsFromEnv } from '../vendors/common/definition.js';
import type { VendorId } from '../vendors/common/ids.js';
import type { SendResult, VendorSender } from '../vendors/common/push.js';
import { vendors } from '../vendors/index.js';
import type { PushlabEndpoints } from './endpoints.js';
import { GatewayControl } from './gateway-control.js';

/** Where a direct push goes: the run's mock gateway (mock credentials), or the vendor's real one (credentials from the environment). */
export type DirectGateway =
  | { readonly kind: 'mock'; readonly endpoints: PushlabEndpoints }
  | { readonly kind: 'real'; readonly env: Readonly<Record<string, string | undefined>> };

/** One call-invitation push sent by the harness itself. */
export interface DirectCall {
  readonly token: string;
  readonly title: string;
  readonly body: string;
  /** Offline retention in seconds (the gateway drops it after this). */
  readonly ttlSeconds: number;
  /** Console-style push settings (a ZEGO resource's entry for this vendor); vendor defaults when absent. */
  readonly settings?: VendorPushSettings;
  /** Invitation id the push carries in its data map (a made-up one by default: no cloud knows it). */
  readonly invitationID?: string;
}

export interface DirectSent extends SendResult {
  /** Harness clock, just before the request left. */
  readonly sentAt: number;
  readonly invitationID: string;
}

/**
 * The `direct` invitation source (issue 5, DESIGN.md "Invitation sources"): the harness sends the
 * vendor payload itself with the vendor's real sender, to the run's mock gateway or — with real
 * credentials from the environment — the real gateway. No provider cloud decides anything, so a
 * spec sees exactly what the gateway and the phone do with one push (TTL, offline storage, faults).
 */
export class DirectSource {
  readonly #sender: VendorSender;

  readonly #clock: AdjustableClock | undefined;

  private constructor(readonly vendor: VendorId, sender: VendorSender, readonly gateway: 'mock' | 'real', readonly control: GatewayControl | undefined, clock?: AdjustableClock) {
    this.#sender = sender;
    this.#clock = clock;
  }

  /** A direct source for one vendor; throws naming what is missing (no mock gateway, missing env variables). */
  static async create(vendor: VendorId, target: DirectGateway, options: { timeoutMs?: number } = {}): Promise<DirectSource> {
    const def = vendors[vendor];
    const timeoutMs = options.timeoutMs ?? 5000;
    if (target.kind === 'real') {
      return new DirectSource(vendor, def.createSender(credentialsFromEnv(def, target.env), { timeoutMs }), 'real', undefined);
    }
    const { endpoints } = target;
    const baseUrl = endpoints.gateways[vendor];
    if (!baseUrl) throw new Error(`direct source: the run has no ${def.title} mock gateway (pushlab:endpoints.gateways.${vendor} is empty); start the run through \`npm run suite\``);
    const all = JSON.parse(readFileSync(endpoints.credentialsFile, 'utf8')) as Partial<Record<VendorId, unknown>>;
    if (all[vendor] === undefined) throw new Error(`direct source: ${endpoints.credentialsFile} has no "${vendor}" credentials`);
    const control = new GatewayControl(vendor, baseUrl, endpoints.caFile);
    // The sender lives on the mock's clock, as a real provider shares (NTP) time with the real gateway:
    // APNs takes an absolute apns-expiration and JWT iat, which a mock clock moved on would otherwise read as past.
    const clock = new AdjustableClock();
    const sender = def.createSender(def.parseCredentials(all[vendor]), { baseUrl, ca: readFileSync(endpoints.caFile), timeoutMs }, { clock });
    return new DirectSource(vendor, sender, 'mock', control, clock);
  }

  /**
   * The device token of `app` on the phone `deviceId` (WebDriver's `deviceUDID`). Mock gateways list
   * their tokens; a real gateway does not, so real runs must pass the token the app logged.
   */
  async tokenFor(app: string, deviceId: string): Promise<string> {
    if (!this.control) throw new Error(`direct source: the real ${this.vendor} gateway cannot list device tokens; give the token the app registered (from its log) instead`);
    return this.control.tokenOf(app, deviceId);
  }

  /** Sends one call-invitation push, shaped as a provider cloud shapes it (`callPush`), with its data map naming the invitation. */
  async sendCall(call: DirectCall): Promise<DirectSent> {
    const invitationID = call.invitationID ?? `direct-${randomUUID()}`;
    const push = callPush(this.vendor, call.settings, {
      token: call.token,
      title: call.title,
      body: call.body,
      data: {
        [invitationPushKeys.invitationID]: invitationID,
        [invitationPushKeys.callID]: `call_${invitationID.slice(-8)}`,
        [invitationPushKeys.type]: 'voice',
        [invitationPushKeys.inviter]: JSON.stringify({ userID: 'pushlab-direct' }),
      },
      ttlSeconds: call.ttlSeconds,
      collapseId: invitationID,
    });
    if (this.#clock && this.control) {
      this.#clock.reset();
      this.#clock.advance(await this.control.clockOffsetMs());
    }
    const sentAt = Date.now();
    const result = await this.#sender.send(push);
    return { ...result, sentAt, invitationID };
  }

  close(): Promise<void> { return this.#sender.close(); }
}

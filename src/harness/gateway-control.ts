import { readFileSync } from 'node:fs';
import { controlRequest } from '../../mocks/control-client.js';
import type { VendorId } from '../vendors/common/ids.js';
import type { FaultSpec } from '../vendors/common/faults.js';
import type { TokenRecord } from '../vendors/common/gateway-state.js';
import type { DeliveryEvent } from '../vendors/common/recording-rings.js';
import type { PushlabEndpoints } from './endpoints.js';

/** A token as `GET /__pushlab/tokens` lists it: the registry entry plus whether a phone listens on it now. */
export type GatewayToken = TokenRecord & { readonly online: boolean };

/**
 * One mock gateway's control API (README "Control API", `/__pushlab/…`) as specs use it: device
 * tokens, faults, the gateway clock and its delivery log. Mock gateways only: a real vendor has
 * none of this, so `forDevice` answers undefined when the run has no mock for the vendor.
 */
export class GatewayControl {
  readonly #ca: Buffer;

  constructor(readonly vendor: VendorId, readonly baseUrl: string, caFile: string) {
    this.#ca = readFileSync(caFile);
  }

  /** The run's mock gateway for a vendor, or undefined when the run pushes to the real one. */
  static forVendor(endpoints: PushlabEndpoints, vendor: VendorId): GatewayControl | undefined {
    const url = endpoints.gateways[vendor];
    return url ? new GatewayControl(vendor, url, endpoints.caFile) : undefined;
  }

  #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return controlRequest<T>(this.baseUrl, method, path, body, { ca: this.#ca });
  }

  async tokens(): Promise<GatewayToken[]> {
    return (await this.#call<{ tokens: GatewayToken[] }>('GET', 'tokens')).tokens;
  }

  /**
   * The active token the gateway issued to `app` on the phone `deviceId` (its `deviceUDID`); the
   * error lists what the gateway holds, so a missing registration is plain to see.
   */
  async tokenOf(app: string, deviceId: string): Promise<string> {
    const all = await this.tokens();
    const mine = all.filter((t) => t.app === app && t.deviceId === deviceId && t.state === 'active');
    const hit = mine.at(-1);
    if (!hit) {
      const held = all.filter((t) => t.deviceId === deviceId).map((t) => `${t.app} (${t.state})`).join(', ') || 'nothing';
      throw new Error(`the ${this.vendor} mock has no active token for ${app} on device ${deviceId} (that device holds: ${held}); is the app installed and started, and its push channel up?`);
    }
    return hit.token;
  }

  /** Adds a fault (`POST /__pushlab/faults`); returns its id. */
  async addFault(spec: FaultSpec): Promise<number> {
    return (await this.#call<{ id: number }>('POST', 'faults', spec)).id;
  }

  /** Clears every fault on this gateway (`DELETE /__pushlab/faults`). */
  async clearFaults(): Promise<void> { await this.#call('DELETE', 'faults'); }

  /** How far the gateway clock runs ahead of the wall clock (moved on by `advanceClock`). */
  async clockOffsetMs(): Promise<number> {
    return (await this.#call<{ offsetMs: number }>('GET', 'clock')).offsetMs;
  }

  /** Moves only the gateway's quota windows on (per-minute and per-day limits); TTLs and token lifetimes keep the real clock. */
  async advanceQuotas(ms: number): Promise<void> { await this.#call('POST', 'clock', { advanceMs: ms, scope: 'quotas' }); }

  /** Moves the gateway clock on (TTLs, quotas, token lifetimes) and expires what is due. */
  async advanceClock(ms: number): Promise<void> { await this.#call('POST', 'clock', { advanceMs: ms }); }

  /** The gateway's delivery log (delivered, queued, expired, …), oldest first. */
  async deliveries(): Promise<DeliveryEvent[]> {
    return (await this.#call<{ deliveries: DeliveryEvent[] }>('GET', 'deliveries')).deliveries;
  }

  /** The delivery events for one message id, as "queued → expired (TTL passed…)". */
  async describeMessage(messageId: string): Promise<string> {
    const events = (await this.deliveries()).filter((e) => e.messageId === messageId);
    return events.length ? events.map((e) => `${e.kind}${e.detail ? ` (${e.detail})` : ''}`).join(' → ') : `no delivery events for ${messageId}`;
  }
}

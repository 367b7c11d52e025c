import { randomBytes } from 'node:crypto';
import { AdjustableClock, preciseNow } from './clock.js';
import { FaultBook } from './faults.js';
import type { VendorId } from './ids.js';
import type { DeliveredPush } from './push.js';
import { QuotaBook } from './quota.js';
import { DeliveryLog, RequestLog, type DeliveryEvent, type DeliveryEventKind, type RecordedRequest, type RequestEntry } from './recording-rings.js';

/** A device token the mock gateway knows. */
export interface TokenRecord {
  readonly token: string;
  /** Package name (Android) or bundle id (iOS) the token was issued for. */
  readonly app: string;
  readonly deviceId: string;
  readonly registeredAt: number;
  state: 'active' | 'unregistered';
  unregisteredAt?: number;
}

/** Where a registered device currently listens: one open device-channel connection. */
export interface DeviceLink {
  send(push: DeliveredPush): void;
}

/** How the vendor stores pushes for a device that is offline. */
export interface StoragePolicy {
  /** false = deliver now or drop (APNs expiration 0, Xiaomi only_send_once, vivo sendOnline, FCM ttl 0). */
  readonly storeOffline: boolean;
  /** all: keep every push; newest: keep only the newest per token (APNs); by-collapse-key: newest per collapse key, others all. */
  readonly keep: 'all' | 'newest' | 'by-collapse-key';
  /** Most pushes stored per token. */
  readonly maxStored?: number;
  /** On overflow: drop the oldest, or drop everything stored (FCM's 100-message rule). */
  readonly overflow?: 'drop-oldest' | 'drop-all';
  /** Most distinct collapse keys kept per token (FCM: 4). */
  readonly maxCollapseKeys?: number;
}

interface QueuedPush { push: DeliveredPush }
const noneQueued: readonly QueuedPush[] = Object.freeze([]);

/** Token formats per vendor (shape only; values are random). */
export type TokenFactory = () => string;

/**
 * Everything one mock gateway remembers: known device tokens, issued access tokens, the offline
 * queue, quotas, faults, recordings and its clock. Route handlers read and change it; the device
 * channel attaches phones to it.
 */
export class GatewayState {
  readonly clock = new AdjustableClock();
  readonly faults = new FaultBook();
  readonly quota = new QuotaBook(this.clock);
  /** Vendor-specific switches (e.g. Huawei's HTTP status mode); set through `/__pushlab/settings`. */
  settings: Record<string, unknown>;

  #tokens = new Map<string, TokenRecord>();
  #accessTokens = new Map<string, { subject: string; expiresAt: number }>();
  #links = new Map<string, DeviceLink>();
  #switchedOff = new Set<string>();
  #queues = new Map<string, QueuedPush[]>();
  readonly #requests: RequestLog;
  readonly #deliveries: DeliveryLog;
  #messageSeq = 0;
  #resets = 0;
  /** Requests and delivery events kept (oldest dropped): 2 000 covers a full suite run many times over and keeps the old generation small under load. */
  readonly maxRecorded: number;

  constructor(
    readonly vendor: VendorId,
    readonly credentials: Readonly<Record<string, unknown>>,
    readonly newToken: TokenFactory,
    options: { settings?: Record<string, unknown>; maxRecorded?: number } = {},
  ) {
    this.settings = { ...options.settings };
    this.maxRecorded = options.maxRecorded ?? 2_000;
    this.#requests = new RequestLog(this.maxRecorded);
    this.#deliveries = new DeliveryLog(this.maxRecorded);
  }

  // ---- device tokens -------------------------------------------------------------------------

  /** Issues a token for an app on a device (what the phone's push service does at registration). */
  registerToken(app: string, deviceId: string): TokenRecord {
    const record: TokenRecord = { token: this.newToken(), app, deviceId, registeredAt: this.clock.now(), state: 'active' };
    this.#tokens.set(record.token, record);
    return record;
  }

  /** Adopts a token chosen by the caller (a test fixture, or a reconnecting phone that still holds one). */
  adoptToken(token: string, app: string, deviceId: string): TokenRecord {
    const existing = this.#tokens.get(token);
    if (existing) return existing;
    const record: TokenRecord = { token, app, deviceId, registeredAt: this.clock.now(), state: 'active' };
    this.#tokens.set(token, record);
    return record;
  }

  token(token: string): TokenRecord | undefined { return this.#tokens.get(token); }
  tokens(): readonly TokenRecord[] { return [...this.#tokens.values()]; }

  /** The app was uninstalled or unregistered: the token answers as invalid from now on, and its queue is gone. */
  unregisterToken(token: string): boolean {
    const record = this.#tokens.get(token);
    if (!record) return false;
    record.state = 'unregistered';
    record.unregisteredAt = this.clock.now();
    this.#queues.delete(token);
    this.#links.delete(token);
    return true;
  }

  // ---- access tokens (OAuth / vendor auth tokens) ---------------------------------------------

  issueAccessToken(subject: string, ttlMs: number): { token: string; expiresAt: number } {
    const token = randomBytes(24).toString('base64url');
    const expiresAt = this.clock.now() + ttlMs;
    this.#accessTokens.set(token, { subject, expiresAt });
    return { token, expiresAt };
  }

  /** unknown: never issued here; expired: issued but past its lifetime. */
  checkAccessToken(token: string | undefined): { status: 'ok'; subject: string } | { status: 'unknown' | 'expired' } {
    if (!token) return { status: 'unknown' };
    const entry = this.#accessTokens.get(token);
    if (!entry) return { status: 'unknown' };
    if (entry.expiresAt <= this.clock.now()) return { status: 'expired' };
    return { status: 'ok', subject: entry.subject };
  }

  // ---- delivery -------------------------------------------------------------------------------

  nextMessageId(prefix = ''): string {
    this.#messageSeq += 1;
    return `${prefix}${Date.now().toString(36)}${this.#messageSeq.toString(36).padStart(4, '0')}${randomBytes(3).toString('hex')}`;
  }

  isOnline(token: string): boolean { return this.#links.has(token); }

  /** The phone reported the user's notification switch for the app behind this token (Meizu refuses pushes to a switched-off pushId, code 110010). */
  setNotificationSwitch(token: string, enabled: boolean): void {
    if (enabled) this.#switchedOff.delete(token);
    else this.#switchedOff.add(token);
  }

  notificationsEnabled(token: string): boolean { return !this.#switchedOff.has(token); }

  /** Hands an accepted push to the device now, or stores it by the vendor's policy while the device is offline. */
  deliver(push: DeliveredPush, policy: StoragePolicy): void {
    const link = this.#links.get(push.token);
    if (link) {
      // A gateway acknowledges the send and fans out afterwards: delivering once the reply is written keeps
      // the sender's gatewayAcceptedAt ahead of the device's receipt, as with a real gateway.
      setImmediate(() => {
        if (this.#links.get(push.token) === link) this.#send(link, push);
        else this.deliver(push, policy);
      });
      return;
    }
    if (!policy.storeOffline || (push.expiresAt !== undefined && push.expiresAt <= this.clock.now())) {
      this.#event('dropped-offline', push, 'device offline and the push may not be stored');
      return;
    }
    let queue = this.#queues.get(push.token) ?? [];
    const at = preciseNow();
    if (policy.keep === 'newest') {
      for (const old of queue) this.#event('replaced', old.push, undefined, at, push.messageId);
      queue = [];
    } else if (policy.keep === 'by-collapse-key' && push.collapseKey !== undefined) {
      for (const old of queue.filter((q) => q.push.collapseKey === push.collapseKey)) this.#event('replaced', old.push, undefined, at, push.messageId);
      queue = queue.filter((q) => q.push.collapseKey !== push.collapseKey);
      const keys = new Set(queue.map((q) => q.push.collapseKey).filter((k) => k !== undefined));
      if (policy.maxCollapseKeys !== undefined && keys.size >= policy.maxCollapseKeys) {
        const oldestKey = queue.find((q) => q.push.collapseKey !== undefined)?.push.collapseKey;
        for (const old of queue.filter((q) => q.push.collapseKey === oldestKey)) this.#event('overflow', old.push, 'too many collapse keys stored');
        queue = queue.filter((q) => q.push.collapseKey !== oldestKey);
      }
    }
    const uncollapsed = policy.maxStored === undefined ? noneQueued : queue.filter((q) => q.push.collapseKey === undefined || policy.keep !== 'by-collapse-key');
    if (policy.maxStored !== undefined && uncollapsed.length >= policy.maxStored) {
      if (policy.overflow === 'drop-all') {
        for (const old of uncollapsed) this.#event('overflow', old.push, 'stored limit exceeded: all stored pushes dropped');
        queue = queue.filter((q) => !uncollapsed.includes(q));
      } else {
        const oldest = uncollapsed[0]!;
        this.#event('overflow', oldest.push, 'stored limit exceeded: oldest dropped');
        queue = queue.filter((q) => q !== oldest);
      }
    }
    if (queue.length === 0) queue = [{ push }]; // sized to fit: the usual case, one stored push (APNs keeps only the newest)
    else queue.push({ push });
    this.#queues.set(push.token, queue);
    this.#event('queued', push, undefined, at);
  }

  /** Records that the push was accepted but is lost on purpose (drop fault). */
  dropByFault(push: DeliveredPush): void { this.#event('fault-dropped', push, 'drop fault'); }

  /** A device came online for this token: deliver what is stored and still within its TTL. */
  attach(token: string, link: DeviceLink): void {
    this.#links.set(token, link);
    const queue = this.#queues.get(token);
    if (!queue) return;
    this.#queues.delete(token);
    const now = this.clock.now();
    for (const { push } of queue) {
      if (push.expiresAt !== undefined && push.expiresAt <= now) this.#event('expired', push, 'TTL passed while the device was offline');
      else this.#send(link, push);
    }
  }

  detach(token: string, link?: DeviceLink): void {
    if (link === undefined || this.#links.get(token) === link) this.#links.delete(token);
  }

  /** Drops stored pushes whose TTL has passed (run when the clock is advanced). */
  expireStored(): void {
    const now = this.clock.now();
    for (const [token, queue] of this.#queues) {
      const kept = queue.filter(({ push }) => {
        if (push.expiresAt !== undefined && push.expiresAt <= now) { this.#event('expired', push, 'TTL passed while the device was offline'); return false; }
        return true;
      });
      if (kept.length) this.#queues.set(token, kept); else this.#queues.delete(token);
    }
  }

  stored(token?: string): readonly DeliveredPush[] {
    const queues = token === undefined ? [...this.#queues.values()] : [this.#queues.get(token) ?? []];
    return queues.flat().map((q) => q.push);
  }

  ack(messageId: string, token: string): void {
    this.#deliveries.add(preciseNow(), 'acked', messageId, token);
  }

  /** The delivery log (oldest first, at most `maxRecorded`). */
  get deliveries(): DeliveryEvent[] { return this.#deliveries.list(); }

  #send(link: DeviceLink, push: DeliveredPush): void {
    this.#event('delivered', push);
    link.send(push);
  }

  #event(kind: DeliveryEventKind, push: DeliveredPush, detail?: string, at = preciseNow(), replacedBy?: string): void {
    this.#deliveries.add(at, kind, push.messageId, push.token, detail, replacedBy);
  }

  // ---- recording ------------------------------------------------------------------------------

  /** Keeps one request (the oldest drops out past `maxRecorded`) and returns its number. */
  record(entry: RequestEntry): number { return this.#requests.add(entry); }

  /** The recorded requests (newest last, at most `maxRecorded`), secrets masked. */
  get requests(): readonly RecordedRequest[] { return this.#requests.since(0); }

  requestsSince(seq: number): RecordedRequest[] { return this.#requests.since(seq); }

  /** How many times `reset()` has run: caches kept outside the state (APNs provider tokens) compare it to forget with it. */
  get resets(): number { return this.#resets; }

  /** Forgets everything but credentials, settings and the tokens of phones connected right now: queues, quotas, faults, recordings, clock offset. */
  reset(): void {
    for (const token of this.#tokens.keys()) if (!this.#links.has(token)) this.#tokens.delete(token);
    this.#accessTokens.clear();
    this.#queues.clear();
    this.#requests.clear();
    this.#deliveries.clear();
    this.faults.clear();
    this.quota.clear();
    this.clock.reset();
    this.#resets += 1;
  }
}

/** Random hex of n bytes, for token factories. */
export const randomHex = (bytes: number) => randomBytes(bytes).toString('hex');

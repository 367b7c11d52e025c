import type { ErrorKind } from '../vendors/common/errors.js';
import type { VendorId } from '../vendors/common/ids.js';
import { redact } from '../vendors/common/redact.js';
import type { ProviderId } from './app-client.js';
import type { Clock } from '../vendors/common/clock.js';

/** Every decision a cloud makes, by kind (the report and the records API group by these). */
export const recordKinds = [
  'login', 'login-failed', 'logout', 'connection-lost', 'app-state',
  'push-bound', 'push-unbound',
  'online-delivery', 'push-sent', 'push-failed', 'push-suppressed',
  'invitation-created', 'invitation-accepted', 'invitation-refused', 'invitation-cancelled',
  'invitation-timeout', 'invitation-busy', 'call-connected', 'call-ended',
] as const;
export type RecordKind = (typeof recordKinds)[number];

/** One decision: what happened, to whom, and — in `reason` — why, in words a tester can act on. */
export interface CloudRecord {
  readonly seq: number;
  /** Epoch ms on the cloud's clock. */
  readonly at: number;
  readonly provider: ProviderId;
  readonly kind: RecordKind;
  /** The user the decision is about (the invitee for deliveries, the caller for creation). */
  readonly userID: string;
  readonly deviceId?: string;
  readonly vendor?: VendorId;
  /** The device token, shortened (`shortToken`): enough to tell devices apart, not enough to push. */
  readonly token?: string;
  readonly invitationID?: string;
  readonly callID?: string;
  /** The vendor's message id from the gateway's reply (push-sent). */
  readonly messageId?: string;
  /** When the gateway's success reply arrived, epoch ms (push-sent). */
  readonly gatewayAcceptedAt?: number;
  /** ZEGO: the console resource that shaped the push; Easemob: the certificate name used. */
  readonly resourceID?: string;
  readonly certificateName?: string;
  /** push-failed: what kind of refusal it was (VendorError.kind), and whether the gateway called the device token dead. */
  readonly errorKind?: ErrorKind | 'no-sender';
  readonly tokenInvalid?: boolean;
  /** Whether the push went to the mock gateway or the real one. */
  readonly gateway?: 'mock' | 'real';
  readonly reason: string;
}

export type NewRecord = Omit<CloudRecord, 'seq' | 'at' | 'provider'>;

export interface RecordFilter {
  /** Only records with seq > since. */
  readonly since?: number;
  readonly userID?: string;
  readonly invitationID?: string;
  readonly kind?: RecordKind;
}

/** The append-only decision log of one cloud; reasons are passed through `redact` on the way in. */
export class RecordBook {
  readonly #records: CloudRecord[] = [];
  #seq = 0;
  readonly #waiters = new Set<{ match: (r: CloudRecord) => boolean; resolve: (r: CloudRecord) => void }>();

  constructor(readonly provider: ProviderId, private readonly clock: Clock, private readonly maxRecords = 50_000) {}

  add(entry: NewRecord): CloudRecord {
    const record: CloudRecord = { seq: ++this.#seq, at: this.clock.now(), provider: this.provider, ...entry, reason: redact(entry.reason) };
    this.#records.push(record);
    if (this.#records.length > this.maxRecords) this.#records.splice(0, this.#records.length - this.maxRecords);
    for (const waiter of this.#waiters) {
      if (!waiter.match(record)) continue;
      this.#waiters.delete(waiter);
      waiter.resolve(record);
    }
    return record;
  }

  list(filter: RecordFilter = {}): CloudRecord[] {
    return this.#records.filter((r) =>
      (filter.since === undefined || r.seq > filter.since)
      && (filter.userID === undefined || r.userID === filter.userID)
      && (filter.invitationID === undefined || r.invitationID === filter.invitationID)
      && (filter.kind === undefined || r.kind === filter.kind));
  }

  /** The newest seq (0 when empty): pass it as `since` to see only what happens next. */
  get lastSeq(): number { return this.#seq; }

  /**
   * Resolves with the first record (already logged after `since`, or still to come) that matches;
   * rejects after `timeoutMs` naming what it waited for.
   */
  waitFor(match: (r: CloudRecord) => boolean, options: { since?: number; timeoutMs?: number; what?: string } = {}): Promise<CloudRecord> {
    const existing = this.#records.find((r) => r.seq > (options.since ?? 0) && match(r));
    if (existing) return Promise.resolve(existing);
    const timeoutMs = options.timeoutMs ?? 2000;
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (r: CloudRecord) => { clearTimeout(timer); resolve(r); },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        const recent = this.#records.slice(-5).map((r) => `${r.kind}(${r.userID}): ${r.reason}`).join(' | ');
        reject(new Error(`${this.provider} cloud: no ${options.what ?? 'matching record'} within ${timeoutMs} ms; last records: ${recent || 'none'}`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }
}

/**
 * The gateway's recordings of requests and delivery events: fixed-size rings stored column by column.
 *
 * A mock under load records every request. Kept as one object per request, each record lives long enough
 * (a ring of 2 000 is ~40 ms at 50 000 req/s) to be copied out of V8's young generation and promoted, several
 * hundred bytes a request for the old generation's collections to walk. Here a record is numbers in typed arrays
 * and references to strings the request already holds, written into slots allocated once, so recording allocates
 * next to nothing that outlives the request (BENCHMARKS.md: the APNs mock now promotes no more than a bare server).
 */
import { redact, redactHeaders } from './redact.js';

/** One request as the mock saw it, accepted or rejected, with secrets masked. */
export interface RecordedRequest {
  readonly seq: number;
  /** Epoch ms, sub-ms precision, when the request arrived. */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** The vendor's own result code or reason, when the handler set one. */
  readonly code?: string;
  readonly outcome: 'accepted' | 'rejected' | 'fault' | 'control';
  readonly tokens: readonly string[];
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly durationMs: number;
}

/** What `RequestLog.add()` takes: the request as received, masked only when read (masking every request would cost throughput). */
export interface RequestEntry extends Omit<RecordedRequest, 'seq' | 'headers' | 'body'> {
  /**
   * The headers: an object (names lower-cased, repeats joined), or the list as received, `[name, value, …]`, whose
   * repeated names are joined with ", " when read. Pseudo-headers (`:path`) are not shown.
   */
  readonly rawHeaders: Readonly<Record<string, string | undefined>> | readonly string[];
  /** The body as UTF-8 text, cut to what is recorded. */
  readonly rawBody: string;
}

type HeaderSlot = Readonly<Record<string, string | undefined>> | string[];

/** The last `capacity` requests, numbered from 1 on; numbers go on across `clear()`. */
export class RequestLog {
  readonly #capacity: number;
  #last = 0;
  /** The lowest number still kept after the last `clear()`. */
  #first = 1;
  readonly #at: Float64Array;
  readonly #durationMs: Float64Array;
  readonly #status: Uint16Array;
  readonly #method: string[];
  readonly #path: string[];
  readonly #code: (string | undefined)[];
  readonly #outcome: RecordedRequest['outcome'][];
  /** One token as the string itself (the usual case), several as the array. */
  readonly #tokens: (string | readonly string[])[];
  readonly #headers: HeaderSlot[];
  readonly #body: string[];
  /** Masked copies already handed out, so polling readers do not mask the same record again. */
  readonly #masked: (RecordedRequest | undefined)[];

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`a request log holds at least 1 request (got ${capacity})`);
    this.#capacity = capacity;
    this.#at = new Float64Array(capacity);
    this.#durationMs = new Float64Array(capacity);
    this.#status = new Uint16Array(capacity);
    this.#method = new Array<string>(capacity).fill('');
    this.#path = new Array<string>(capacity).fill('');
    this.#code = new Array<string | undefined>(capacity).fill(undefined);
    this.#outcome = new Array<RecordedRequest['outcome']>(capacity).fill('accepted');
    this.#tokens = new Array<string | readonly string[]>(capacity).fill(noTokens);
    this.#headers = Array.from({ length: capacity }, (): HeaderSlot => []);
    this.#body = new Array<string>(capacity).fill('');
    this.#masked = new Array<RecordedRequest | undefined>(capacity).fill(undefined);
  }

  /** Keeps one request (the oldest drops out once full) and returns its number. */
  add(entry: RequestEntry): number {
    const seq = ++this.#last;
    const slot = (seq - 1) % this.#capacity;
    this.#at[slot] = entry.at;
    this.#durationMs[slot] = entry.durationMs;
    this.#status[slot] = entry.status;
    this.#method[slot] = entry.method;
    this.#path[slot] = entry.path;
    this.#code[slot] = entry.code;
    this.#outcome[slot] = entry.outcome;
    this.#tokens[slot] = entry.tokens.length === 1 ? entry.tokens[0]! : entry.tokens;
    // Where this request repeats the previous one's strings (the same provider token, topic, payload), the slot keeps
    // the previous request's copies, so this request's strings die young and one copy serves many records.
    const previous = (slot + this.#capacity - 1) % this.#capacity;
    this.#headers[slot] = copyHeaders(entry.rawHeaders, this.#headers[slot]!, this.#headers[previous]!);
    const previousBody = this.#body[previous]!;
    this.#body[slot] = entry.rawBody === previousBody ? previousBody : entry.rawBody;
    this.#masked[slot] = undefined;
    return seq;
  }

  /** The kept requests numbered above `seq`, oldest first, secrets masked. */
  since(seq: number): RecordedRequest[] {
    const from = Math.max(seq + 1, this.#first, this.#last - this.#capacity + 1);
    const out: RecordedRequest[] = [];
    for (let s = from; s <= this.#last; s++) out.push(this.#read(s));
    return out;
  }

  clear(): void {
    this.#first = this.#last + 1;
    this.#masked.fill(undefined);
  }

  #read(seq: number): RecordedRequest {
    const slot = (seq - 1) % this.#capacity;
    const cached = this.#masked[slot];
    if (cached?.seq === seq) return cached;
    const tokens = this.#tokens[slot]!;
    const code = this.#code[slot];
    const masked: RecordedRequest = {
      seq, at: this.#at[slot]!, method: this.#method[slot]!, path: this.#path[slot]!, status: this.#status[slot]!,
      ...(code === undefined ? {} : { code }),
      outcome: this.#outcome[slot]!,
      tokens: typeof tokens === 'string' ? [tokens] : tokens,
      headers: redactHeaders(withoutPseudoHeaders(this.#headers[slot]!)),
      body: redact(this.#body[slot]!),
      durationMs: this.#durationMs[slot]!,
    };
    this.#masked[slot] = masked;
    return masked;
  }
}

/**
 * A header list is copied into the slot's own array (the transport's array would otherwise be kept), pseudo-headers
 * left out (the path is kept on its own; the rest is not shown); an object is kept as it is.
 */
function copyHeaders(headers: RequestEntry['rawHeaders'], into: HeaderSlot, previous: HeaderSlot): HeaderSlot {
  if (!isHeaderList(headers)) return headers;
  const list = Array.isArray(into) ? into : [];
  const before: readonly (string | undefined)[] = isHeaderList(previous) ? previous : noTokens;
  let n = 0;
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i]!;
    if (name.charCodeAt(0) === 58 /* ':' */) continue;
    const value = headers[i + 1]!;
    const nameBefore = before[n];
    const valueBefore = before[n + 1];
    list[n] = name === nameBefore ? nameBefore : name;
    list[n + 1] = value === valueBefore ? valueBefore : value;
    n += 2;
  }
  list.length = n;
  return list;
}

function withoutPseudoHeaders(headers: HeaderSlot): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (isHeaderList(headers)) {
    for (let i = 0; i < headers.length; i += 2) {
      const name = headers[i]!;
      if (name[0] !== ':') out[name] = out[name] === undefined ? headers[i + 1] : `${out[name]}, ${headers[i + 1]}`;
    }
  } else {
    for (const name in headers) if (name[0] !== ':') out[name] = headers[name];
  }
  return out;
}

const isHeaderList = (headers: RequestEntry['rawHeaders'] | HeaderSlot): headers is readonly string[] => Array.isArray(headers);
const noTokens: readonly string[] = Object.freeze([]);

export type DeliveryEventKind = 'delivered' | 'queued' | 'expired' | 'dropped-offline' | 'replaced' | 'overflow' | 'fault-dropped' | 'acked';

export interface DeliveryEvent {
  readonly at: number;
  readonly kind: DeliveryEventKind;
  readonly messageId: string;
  readonly token: string;
  readonly detail?: string;
}

/** The last `capacity` delivery events, oldest first. */
export class DeliveryLog {
  readonly #capacity: number;
  /** Events added since the last `clear()`. */
  #count = 0;
  readonly #at: Float64Array;
  readonly #kind: DeliveryEventKind[];
  readonly #messageId: string[];
  readonly #token: string[];
  readonly #detail: (string | undefined)[];
  /** For `replaced`: the message that replaced this one; the detail text is written when read. */
  readonly #replacedBy: (string | undefined)[];

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`a delivery log holds at least 1 event (got ${capacity})`);
    this.#capacity = capacity;
    this.#at = new Float64Array(capacity);
    this.#kind = new Array<DeliveryEventKind>(capacity).fill('delivered');
    this.#messageId = new Array<string>(capacity).fill('');
    this.#token = new Array<string>(capacity).fill('');
    this.#detail = new Array<string | undefined>(capacity).fill(undefined);
    this.#replacedBy = new Array<string | undefined>(capacity).fill(undefined);
  }

  add(at: number, kind: DeliveryEventKind, messageId: string, token: string, detail?: string, replacedBy?: string): void {
    const slot = this.#count % this.#capacity;
    this.#count += 1;
    this.#at[slot] = at;
    this.#kind[slot] = kind;
    this.#messageId[slot] = messageId;
    this.#token[slot] = token;
    this.#detail[slot] = detail;
    this.#replacedBy[slot] = replacedBy;
  }

  get size(): number { return Math.min(this.#count, this.#capacity); }

  list(): DeliveryEvent[] {
    const out: DeliveryEvent[] = [];
    for (let i = Math.max(0, this.#count - this.#capacity); i < this.#count; i++) {
      const slot = i % this.#capacity;
      const replacedBy = this.#replacedBy[slot];
      const detail = replacedBy === undefined ? this.#detail[slot] : `replaced by ${replacedBy}`;
      out.push({ at: this.#at[slot]!, kind: this.#kind[slot]!, messageId: this.#messageId[slot]!, token: this.#token[slot]!, ...(detail === undefined ? {} : { detail }) });
    }
    return out;
  }

  clear(): void {
    this.#count = 0;
    this.#messageId.fill('');
    this.#token.fill('');
    this.#detail.fill(undefined);
    this.#replacedBy.fill(undefined);
  }
}

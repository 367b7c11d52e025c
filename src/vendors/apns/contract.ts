import { isRecord } from '../common/wire.js';

/** APNs HTTP/2 provider API (reference/vendor-gateways.md §1). */
export const apnsEndpoints = {
  production: 'https://api.push.apple.com', // §1.1
  development: 'https://api.sandbox.push.apple.com', // §1.1
  /** Also accepted on both hosts, for firewalls that block other HTTPS ports (§1.1). */
  alternativePort: 2197,
  devicePath: '/3/device/', // POST /3/device/<hex token> §1.1
} as const;

export const apnsLimits = {
  alertBytes: 4096, // alert and background payloads §1.4
  voipBytes: 5120, // PushKit VoIP payloads §1.4
  collapseIdBytes: 64, // §1.3
  tokenHexChars: 64, // 32-byte device token as hex; assumption: APNs tokens stay 32 bytes (the mock issues only these)
  jwtMaxAgeSeconds: 3600, // iat older than an hour → ExpiredProviderToken §1.2
  jwtMinRefreshSeconds: 20 * 60, // refresh no more often than every 20 min → TooManyProviderTokenUpdates §1.2, §1.6
  jwtResignSeconds: 3000, // apns2 regenerates after 3000 s §1.2
  jwtClockSkewSeconds: 60, // assumption: APNs tolerates a minute of provider clock skew before calling an iat "in the future"
  maxStorageMs: 30 * 24 * 3600_000, // stored up to 30 days §1.6
} as const;

/** Values of `apns-push-type` (§1.3), each with the suffix its `apns-topic` carries after the bundle id. */
export const apnsPushTypes = {
  alert: { topicSuffix: '', sizeLimit: apnsLimits.alertBytes },
  background: { topicSuffix: '', sizeLimit: apnsLimits.alertBytes },
  voip: { topicSuffix: '.voip', sizeLimit: apnsLimits.voipBytes },
  complication: { topicSuffix: '.complication', sizeLimit: apnsLimits.alertBytes },
  fileprovider: { topicSuffix: '.pushkit.fileprovider', sizeLimit: apnsLimits.alertBytes },
  // assumption: MDM pushes name the MDM certificate's topic; the mock accepts the bundle id for them
  mdm: { topicSuffix: '', sizeLimit: apnsLimits.alertBytes },
  location: { topicSuffix: '.location-query', sizeLimit: apnsLimits.alertBytes },
  liveactivity: { topicSuffix: '.push-type.liveactivity', sizeLimit: apnsLimits.alertBytes },
  // assumption: push-to-talk payloads share the VoIP limit (both are PushKit)
  pushtotalk: { topicSuffix: '.voip-ptt', sizeLimit: apnsLimits.voipBytes },
} as const satisfies Record<string, { topicSuffix: string; sizeLimit: number }>;
export type ApnsPushType = keyof typeof apnsPushTypes;

/** `apns-priority`: 10 send now, 5 power-aware, 1 power first (§1.3). */
export const apnsPriorities = [10, 5, 1] as const;
export type ApnsPriority = (typeof apnsPriorities)[number];

/** The APNs request headers a provider sets (§1.3); `authorization` carries `bearer <jwt>` (§1.2). */
export interface ApnsHeaders {
  'apns-push-type': ApnsPushType;
  'apns-topic': string;
  'apns-priority'?: `${ApnsPriority}`;
  'apns-expiration'?: string;
  'apns-collapse-id'?: string;
  'apns-id'?: string;
}

/** The JSON body (§1.4): `aps` for the system, every other top-level key goes to the app. */
export interface ApnsPayload {
  aps: {
    alert?: string | { title?: string; subtitle?: string; body?: string };
    sound?: string;
    badge?: number;
    category?: string;
    'thread-id'?: string;
    'content-available'?: 1;
    'mutable-content'?: 1;
    [key: string]: unknown;
  };
  [custom: string]: unknown;
}

/** An error reply (§1.5): `timestamp` (ms) only with 410. */
export interface ApnsErrorReply {
  reason: string;
  timestamp?: number;
}

/** Codes `validateApnsRequest` can answer with; all 400 but PayloadTooLarge (413). */
export type ApnsValidationReason =
  | 'DuplicateHeaders' | 'InvalidPushType' | 'MissingTopic' | 'BadTopic' | 'TopicDisallowed' | 'BadPriority'
  | 'BadExpirationDate' | 'BadCollapseId' | 'BadMessageId' | 'MissingDeviceToken' | 'BadDeviceToken'
  | 'PayloadEmpty' | 'PayloadTooLarge';

export interface ApnsRequest {
  readonly token: string;
  readonly pushType: ApnsPushType;
  readonly topic: string;
  /** The topic without its push-type suffix: the app's bundle id. */
  readonly bundleId: string;
  readonly priority: ApnsPriority;
  /** UNIX seconds; undefined when the header was absent (storage policy applies). */
  readonly expiration?: number;
  readonly collapseId?: string;
  readonly apnsId?: string;
  readonly payload: ApnsPayload;
}

export type ApnsValidation = { ok: true; request: ApnsRequest } | { ok: false; reason: ApnsValidationReason; detail: string };

const fail = (reason: ApnsValidationReason, detail: string): ApnsValidation => ({ ok: false, reason, detail });
const bundleIdPattern = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i; // assumption: APNs accepts upper-case hex too (§1.3 says canonical lower-case)
const tokenPattern = /^[0-9a-fA-F]{64}$/;
const lowerTokenPattern = /^[0-9a-f]{64}$/;
const integerPattern = /^\d{1,12}$/;
/**
 * Push types by name. A header value is looked up here rather than used as a key of `apnsPushTypes`: node:http2 hands
 * header values over as external strings, and a property lookup with one makes V8 internalize it on every request.
 */
const pushTypeNamed: ReadonlyMap<string, ApnsPushType> = new Map(Object.keys(apnsPushTypes).map((name) => [name, name as ApnsPushType]));
/** Headers whose values never contain ", ", so a joined value means the header was sent twice. */
const singleValueHeaders = ['apns-push-type', 'apns-topic', 'apns-priority', 'apns-expiration', 'apns-id'] as const;

/**
 * Validates one `POST /3/device/<token>` as the gateway does (§1.3, §1.4), after authentication.
 * `teamTopics` are the bundle ids the provider key may push to (token auth covers every app of the team).
 * The first problem decides the reason.
 */
export function validateApnsRequest(
  headers: Readonly<Record<string, string | undefined>>,
  rawToken: string | undefined,
  body: Buffer,
  teamTopics: readonly string[],
  /** `body` as UTF-8 text, when the caller has it decoded already. */
  bodyText?: string,
): ApnsValidation {
  // assumption: the transport joins a repeated header with ", " (wire.ts); no value of these headers may contain it
  for (const name of singleValueHeaders) if (headers[name]?.includes(', ')) return fail('DuplicateHeaders', `${name} sent more than once`);

  const typeHeader = headers['apns-push-type'] ?? 'alert'; // assumption: a missing push type is taken as alert, as apns2 sends by default (§1.3)
  const pushType = pushTypeNamed.get(typeHeader);
  if (pushType === undefined) return fail('InvalidPushType', `apns-push-type must be one of ${Object.keys(apnsPushTypes).join('|')} (got "${typeHeader}")`);

  const topic = headers['apns-topic'];
  if (!topic) return fail('MissingTopic', 'apns-topic is required with token-based authentication');
  const suffix = apnsPushTypes[pushType].topicSuffix;
  if (suffix && !topic.endsWith(suffix)) return fail('BadTopic', `a ${pushType} push needs the topic <bundle id>${suffix} (got "${topic}")`);
  const bundleId = suffix ? topic.slice(0, -suffix.length) : topic;
  if (!bundleIdPattern.test(bundleId)) return fail('BadTopic', `"${topic}" is not a bundle id${suffix ? ` + ${suffix}` : ''}`);
  if (!teamTopics.includes(bundleId)) return fail('TopicDisallowed', `the provider key's team has no app ${bundleId}`);

  const priorityHeader = headers['apns-priority'];
  let priority: ApnsPriority = 10; // omitted → 10 §1.3
  if (priorityHeader !== undefined) {
    priority = Number(priorityHeader) as ApnsPriority;
    if (!/^\d+$/.test(priorityHeader) || !apnsPriorities.includes(priority)) return fail('BadPriority', `apns-priority must be 10, 5 or 1 (got "${priorityHeader}")`);
    // background must use 5 (§1.3); assumption: an omitted header on a background push is let through, as APNs clients commonly omit it
    if (pushType === 'background' && priority !== 5) return fail('BadPriority', `a background push must use apns-priority 5 (got ${priority})`);
  }

  const expirationHeader = headers['apns-expiration'];
  if (expirationHeader !== undefined && !integerPattern.test(expirationHeader)) return fail('BadExpirationDate', `apns-expiration is UNIX seconds, an integer (got "${expirationHeader}")`);
  const collapseId = headers['apns-collapse-id'];
  if (collapseId !== undefined && (collapseId === '' || Buffer.byteLength(collapseId) > apnsLimits.collapseIdBytes)) return fail('BadCollapseId', `apns-collapse-id must be 1..${apnsLimits.collapseIdBytes} bytes (got ${Buffer.byteLength(collapseId)})`);
  const apnsId = headers['apns-id'];
  if (apnsId !== undefined && !uuidPattern.test(apnsId)) return fail('BadMessageId', `apns-id must be a canonical UUID 8-4-4-4-12 (got "${apnsId}")`);

  if (!rawToken) return fail('MissingDeviceToken', 'the :path names no device token: POST /3/device/<hex token>');
  const lowerCase = lowerTokenPattern.test(rawToken); // the usual case: no need to lower-case it
  if (!lowerCase && !tokenPattern.test(rawToken)) return fail('BadDeviceToken', `a device token is ${apnsLimits.tokenHexChars} hex characters (got ${rawToken.length} characters)`);

  if (body.length === 0) return fail('PayloadEmpty', 'the request has no JSON payload');
  const limit = apnsPushTypes[pushType].sizeLimit;
  if (body.length > limit) return fail('PayloadTooLarge', `a ${pushType} payload may be ${limit} bytes (got ${body.length})`);
  let payload: unknown;
  try { payload = JSON.parse(bodyText ?? body.toString('utf8')); } catch { payload = undefined; }
  // assumption: APNs documents no reason for a payload that is not a JSON object; PayloadEmpty is the closest (§1.5)
  if (!isRecord(payload)) return fail('PayloadEmpty', 'the payload must be a JSON object');
  if (payload.aps !== undefined && !isRecord(payload.aps)) return fail('PayloadEmpty', 'aps must be a JSON object'); // assumption: as above

  return {
    ok: true,
    request: {
      token: lowerCase ? rawToken : rawToken.toLowerCase(), pushType, topic, bundleId, priority,
      expiration: expirationHeader === undefined ? undefined : Number(expirationHeader),
      collapseId, apnsId, payload: (payload.aps === undefined ? { ...payload, aps: {} } : payload) as ApnsPayload,
    },
  };
}

/** Title and body the user sees: `aps.alert` as a string (the body) or a dictionary (§1.4). */
export function alertText(aps: ApnsPayload['aps']): { title?: string; body?: string } {
  const alert = aps.alert;
  if (typeof alert === 'string') return { body: alert };
  if (!isRecord(alert)) return {};
  return {
    title: typeof alert.title === 'string' ? alert.title : undefined,
    body: typeof alert.body === 'string' ? alert.body : undefined,
  };
}

/** The custom top-level keys the app receives, as strings (non-strings as JSON). */
export function customData(payload: ApnsPayload): Record<string, string> {
  const data: Record<string, string> = {};
  for (const key in payload) {
    if (key === 'aps') continue;
    const value = payload[key];
    data[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return data;
}

import { isRecord } from '../common/wire.js';
import type { FcmCode } from './errors.js';

/** FCM HTTP v1 and Google's OAuth2 token endpoint (reference/vendor-gateways.md §2.1, §2.2). */
export const fcmEndpoints = {
  production: 'https://fcm.googleapis.com',
  oauth: 'https://oauth2.googleapis.com',
  /** Path on the OAuth host; the JWT's `aud` is the full token URL. */
  tokenPath: '/token',
  /** Legacy token path some clients still use. assumption: www.googleapis.com/oauth2/v4/token answers the same as oauth2.googleapis.com/token */
  legacyTokenPath: '/oauth2/v4/token',
  send: (projectId: string) => `/v1/projects/${encodeURIComponent(projectId)}/messages:send`,
} as const;

/** The scope a sender asks for (§2.2); cloud-platform also grants FCM sends (firebase-admin requests it too). */
export const fcmScopes = {
  messaging: 'https://www.googleapis.com/auth/firebase.messaging',
  cloudPlatform: 'https://www.googleapis.com/auth/cloud-platform',
} as const;

export const fcmLimits = {
  payloadBytes: 4096, // "4096 bytes for most messages, keys+values" §2.3 (FCM-ErrorCode)
  maxTtlSeconds: 2_419_200, // 0…2,419,200 s, absent → 4 weeks §2.3, §2.5 (FCM-lifespan)
  defaultTtlSeconds: 2_419_200, // §2.5
  accessTokenSeconds: 3600, // "lifetime 1 h" §2.2
  assertionMaxSeconds: 3600, // exp ≤ iat + 3600 §2.2
  devicePerMinute: 240, // §2.5 (FCM-throttle zh-cn)
  devicePerHour: 5000, // §2.5
  projectPerMinute: 600_000, // §2.5 (FCM-throttle)
  storedNonCollapsible: 100, // overflow drops all §2.5 (FCM-collapse)
  storedCollapseKeys: 4, // §2.5 (FCM-collapse)
  sdkTimeoutMs: 15_000, // §2.1
} as const;

/** `message.android.notification` (§2.3, firebase-admin property maps). */
export interface FcmAndroidNotification {
  title?: string;
  body?: string;
  icon?: string;
  color?: string;
  sound?: string;
  tag?: string;
  click_action?: string;
  channel_id?: string;
  image?: string;
  ticker?: string;
  sticky?: boolean;
  event_time?: string;
  local_only?: boolean;
  notification_priority?: FcmNotificationPriority;
  default_sound?: boolean;
  default_vibrate_timings?: boolean;
  default_light_settings?: boolean;
  vibrate_timings?: string[];
  visibility?: 'VISIBILITY_UNSPECIFIED' | 'PRIVATE' | 'PUBLIC' | 'SECRET';
  notification_count?: number;
  light_settings?: Record<string, unknown>;
  body_loc_key?: string;
  body_loc_args?: string[];
  title_loc_key?: string;
  title_loc_args?: string[];
}

export const fcmNotificationPriorities = ['PRIORITY_UNSPECIFIED', 'PRIORITY_MIN', 'PRIORITY_LOW', 'PRIORITY_DEFAULT', 'PRIORITY_HIGH', 'PRIORITY_MAX'] as const;
export type FcmNotificationPriority = (typeof fcmNotificationPriorities)[number];

export interface FcmAndroidConfig {
  collapse_key?: string;
  priority?: 'NORMAL' | 'HIGH';
  /** Duration string, e.g. "86400s" or "3.5s" (§2.3). */
  ttl?: string;
  restricted_package_name?: string;
  data?: Record<string, string>;
  notification?: FcmAndroidNotification;
  fcm_options?: { analytics_label?: string };
  direct_boot_ok?: boolean;
}

/** `message` of a v1 send (§2.3). */
export interface FcmMessage {
  token?: string;
  topic?: string;
  condition?: string;
  name?: string;
  data?: Record<string, string>;
  notification?: { title?: string; body?: string; image?: string };
  android?: FcmAndroidConfig;
  apns?: Record<string, unknown>;
  webpush?: Record<string, unknown>;
  fcm_options?: { analytics_label?: string };
}

export interface FcmSendRequest {
  message: FcmMessage;
  validate_only?: boolean;
}

/** Success reply (§2.4). */
export interface FcmSendReply {
  name: string;
}

/** One `details[]` entry of the Google error envelope (§2.4). */
export type FcmErrorDetail =
  | { '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError'; errorCode: FcmCode }
  | { '@type': 'type.googleapis.com/google.rpc.BadRequest'; fieldViolations: { field?: string; description: string }[] }
  | { '@type': 'type.googleapis.com/google.rpc.QuotaFailure'; violations: { subject: string; description: string }[] }
  | { '@type': 'type.googleapis.com/google.rpc.ErrorInfo'; reason: string; domain: string; metadata?: Record<string, string> };

/** Error reply (§2.4): `{"error":{"code","message","status","details"}}`. */
export interface FcmErrorReply {
  error: { code: number; message: string; status: string; details?: FcmErrorDetail[] };
}

/** Google OAuth token reply (§2.2). */
export interface GoogleTokenReply {
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
}

/** Google OAuth error reply. assumption: `{error, error_description}` with HTTP 400, as RFC 6749 §5.2; the reference (§2.2) does not show it */
export interface GoogleOAuthErrorReply {
  error: string;
  error_description: string;
}

/** A problem found in a send request: the FCM code, the message Google would give, the field at fault. */
export interface FcmProblem {
  readonly code: Extract<FcmCode, 'INVALID_ARGUMENT'>;
  readonly message: string;
  readonly field?: string;
  /** Problems of JSON shape carry no FcmError detail, only a BadRequest one (as Google's JSON parser answers). */
  readonly parseError?: boolean;
}

export type FcmValidation = { ok: true; request: FcmSendRequest } | { ok: false; problem: FcmProblem };

const messageFields = ['name', 'data', 'notification', 'android', 'webpush', 'apns', 'fcm_options', 'token', 'topic', 'condition'] as const;
const notificationFields = ['title', 'body', 'image'] as const;
const androidFields = ['collapse_key', 'priority', 'ttl', 'restricted_package_name', 'data', 'notification', 'fcm_options', 'direct_boot_ok'] as const;
const androidNotificationFields = [
  'title', 'body', 'icon', 'color', 'sound', 'tag', 'click_action', 'channel_id', 'image', 'ticker', 'sticky', 'event_time', 'local_only',
  'notification_priority', 'default_sound', 'default_vibrate_timings', 'default_light_settings', 'vibrate_timings', 'visibility',
  'notification_count', 'light_settings', 'body_loc_key', 'body_loc_args', 'title_loc_key', 'title_loc_args',
] as const;
const androidNotificationStrings = ['title', 'body', 'icon', 'color', 'sound', 'tag', 'click_action', 'channel_id', 'image', 'ticker', 'event_time', 'body_loc_key', 'title_loc_key'] as const;
const androidNotificationBooleans = ['sticky', 'local_only', 'default_sound', 'default_vibrate_timings', 'default_light_settings'] as const;

/** Protobuf Duration as JSON: seconds with up to 9 fractional digits and an `s` suffix (§2.3 `"3.5s"`). */
const durationPattern = /^(\d+)(\.\d{1,9})?s$/;

/** Seconds of a protobuf duration string, or undefined when it is not one. */
export function parseFcmDuration(value: string): number | undefined {
  const m = durationPattern.exec(value);
  return m ? Number(m[1]) + (m[2] ? Number(m[2]) : 0) : undefined;
}

/** Reserved data keys (§2.3): `from`, `gcm`, anything prefixed `google`. assumption: `message_type` and the `gcm.` prefix are reserved too, as FCM's docs list them */
export function isReservedDataKey(key: string): boolean {
  const k = key.toLowerCase();
  return k === 'from' || k === 'message_type' || k === 'gcm' || k.startsWith('gcm.') || k.startsWith('google');
}

/**
 * Payload bytes as FCM counts them, "keys+values" (§2.3): the data map plus the notification texts.
 * assumption: notification strings count with their field names; FCM does not publish the exact formula
 */
export function fcmPayloadBytes(message: FcmMessage): number {
  let bytes = 0;
  const add = (k: string, v: unknown) => { if (typeof v === 'string') bytes += Buffer.byteLength(k) + Buffer.byteLength(v); };
  for (const [k, v] of Object.entries({ ...message.data, ...message.android?.data })) add(k, v);
  for (const [k, v] of Object.entries(message.notification ?? {})) add(k, v);
  for (const [k, v] of Object.entries(message.android?.notification ?? {})) add(k, v);
  return bytes;
}

/** Google's proto-JSON parser wording (assumption: paraphrased from observed FCM replies; not in the reference). */
const unknownName = (name: string, at?: string): FcmProblem => ({
  code: 'INVALID_ARGUMENT', parseError: true, field: at,
  message: `Invalid JSON payload received. Unknown name "${name}"${at ? ` at '${at}'` : ''}: Cannot find field.`,
});
const badValue = (field: string, type: string, value: unknown): FcmProblem => ({
  code: 'INVALID_ARGUMENT', parseError: true, field,
  message: `Invalid value at '${field}' (${type}), ${JSON.stringify(value)?.slice(0, 100)}`,
});
const invalid = (message: string, field?: string): FcmProblem => ({ code: 'INVALID_ARGUMENT', message, field });

function unknownField(obj: Record<string, unknown>, known: readonly string[], at?: string): FcmProblem | undefined {
  const extra = Object.keys(obj).find((k) => !known.includes(k));
  return extra === undefined ? undefined : unknownName(extra, at);
}

function stringMapProblem(value: unknown, field: string): FcmProblem | undefined {
  if (!isRecord(value)) return badValue(field, 'type.googleapis.com/google.protobuf.Struct', value);
  const entries = Object.entries(value);
  const i = entries.findIndex(([, v]) => typeof v !== 'string');
  if (i >= 0) return badValue(`${field}[${i}].value`, 'TYPE_STRING', entries[i]![1]);
  const reserved = entries.find(([k]) => isReservedDataKey(k));
  // assumption: wording of the reserved-key error; the code (INVALID_ARGUMENT) is §2.3
  if (reserved) return invalid(`Invalid data payload key: ${reserved[0]}. Keys "from", "message_type" and those starting with "google" or "gcm" are reserved.`, field);
  return undefined;
}

/**
 * Validates a v1 send body as FCM does (§2.3, §2.4); the first problem decides the reply.
 * Field shapes follow the proto: unknown names and wrong JSON types are parse errors.
 */
export function validateFcmSend(body: unknown): FcmValidation {
  if (!isRecord(body)) return { ok: false, problem: { code: 'INVALID_ARGUMENT', parseError: true, message: 'Invalid JSON payload received. Expected an object.' } };
  const top = unknownField(body, ['message', 'validate_only']);
  if (top) return { ok: false, problem: top };
  if (body.validate_only !== undefined && typeof body.validate_only !== 'boolean') return { ok: false, problem: badValue('validate_only', 'TYPE_BOOL', body.validate_only) };
  const message = body.message;
  // "Recipient of the message is not set." is FCM's answer for a missing target. assumption: the same for a missing message
  if (message === undefined || message === null) return { ok: false, problem: invalid('Recipient of the message is not set.', 'message') };
  if (!isRecord(message)) return { ok: false, problem: badValue('message', 'type.googleapis.com/google.firebase.fcm.v1.Message', message) };
  const problem = messageProblem(message);
  if (problem) return { ok: false, problem };
  return { ok: true, request: body as unknown as FcmSendRequest };
}

function messageProblem(m: Record<string, unknown>): FcmProblem | undefined {
  const unknown = unknownField(m, messageFields, 'message');
  if (unknown) return unknown;
  for (const f of ['token', 'topic', 'condition', 'name'] as const) {
    if (m[f] !== undefined && typeof m[f] !== 'string') return badValue(`message.${f}`, 'TYPE_STRING', m[f]);
  }
  const targets = (['token', 'topic', 'condition'] as const).filter((f) => m[f] !== undefined);
  if (targets.length === 0) return invalid('Recipient of the message is not set.', 'message');
  if (targets.length > 1) return { code: 'INVALID_ARGUMENT', parseError: true, field: 'message', message: `Invalid value at 'message' (oneof), oneof field 'target' is already set. Cannot set '${targets[1]}'` };
  if (m.token === '') return invalid('The registration token is not a valid FCM registration token', 'message.token');
  if (m.data !== undefined) { const p = stringMapProblem(m.data, 'message.data'); if (p) return p; }
  if (m.notification !== undefined) {
    if (!isRecord(m.notification)) return badValue('message.notification', 'type.googleapis.com/google.firebase.fcm.v1.Notification', m.notification);
    const p = unknownField(m.notification, notificationFields, 'message.notification');
    if (p) return p;
    for (const f of notificationFields) if (m.notification[f] !== undefined && typeof m.notification[f] !== 'string') return badValue(`message.notification.${f}`, 'TYPE_STRING', m.notification[f]);
  }
  for (const f of ['apns', 'webpush', 'fcm_options'] as const) {
    // passed through to APNs / web push (§2.3); only the shape is checked here
    if (m[f] !== undefined && !isRecord(m[f])) return badValue(`message.${f}`, 'type.googleapis.com/google.protobuf.Struct', m[f]);
  }
  if (m.android !== undefined) { const p = androidProblem(m.android); if (p) return p; }
  const bytes = fcmPayloadBytes(m as FcmMessage);
  // assumption: the wording "Android message is too big"; the code INVALID_ARGUMENT for "too big" is §2.4
  if (bytes > fcmLimits.payloadBytes) return invalid(`Android message is too big (${bytes} bytes of keys and values; the limit is ${fcmLimits.payloadBytes})`, 'message');
  return undefined;
}

function androidProblem(a: unknown): FcmProblem | undefined {
  if (!isRecord(a)) return badValue('message.android', 'type.googleapis.com/google.firebase.fcm.v1.AndroidConfig', a);
  const unknown = unknownField(a, androidFields, 'message.android');
  if (unknown) return unknown;
  for (const f of ['collapse_key', 'restricted_package_name', 'ttl'] as const) {
    if (a[f] !== undefined && typeof a[f] !== 'string') return badValue(`message.android.${f}`, f === 'ttl' ? 'type.googleapis.com/google.protobuf.Duration' : 'TYPE_STRING', a[f]);
  }
  if (a.direct_boot_ok !== undefined && typeof a.direct_boot_ok !== 'boolean') return badValue('message.android.direct_boot_ok', 'TYPE_BOOL', a.direct_boot_ok);
  // NORMAL / HIGH are the wire values; lower case appears in docs examples (§2.3)
  if (a.priority !== undefined && !(typeof a.priority === 'string' && /^(normal|high)$/i.test(a.priority))) return badValue('message.android.priority', 'type.googleapis.com/google.firebase.fcm.v1.AndroidMessagePriority', a.priority);
  if (typeof a.ttl === 'string') {
    const seconds = parseFcmDuration(a.ttl);
    if (seconds === undefined) return badValue('message.android.ttl', 'type.googleapis.com/google.protobuf.Duration', a.ttl);
    // assumption: wording; INVALID_ARGUMENT for "bad TTL" is §2.4, the 0…2,419,200 s range §2.3
    if (seconds > fcmLimits.maxTtlSeconds) return invalid(`TTL ${a.ttl} is over the maximum of ${fcmLimits.maxTtlSeconds}s (4 weeks)`, 'message.android.ttl');
  }
  if (a.data !== undefined) { const p = stringMapProblem(a.data, 'message.android.data'); if (p) return p; }
  if (a.fcm_options !== undefined && !isRecord(a.fcm_options)) return badValue('message.android.fcm_options', 'type.googleapis.com/google.firebase.fcm.v1.AndroidFcmOptions', a.fcm_options);
  if (a.notification !== undefined) {
    const n = a.notification;
    if (!isRecord(n)) return badValue('message.android.notification', 'type.googleapis.com/google.firebase.fcm.v1.AndroidNotification', n);
    const p = unknownField(n, androidNotificationFields, 'message.android.notification');
    if (p) return p;
    for (const f of androidNotificationStrings) if (n[f] !== undefined && typeof n[f] !== 'string') return badValue(`message.android.notification.${f}`, 'TYPE_STRING', n[f]);
    for (const f of androidNotificationBooleans) if (n[f] !== undefined && typeof n[f] !== 'boolean') return badValue(`message.android.notification.${f}`, 'TYPE_BOOL', n[f]);
    if (n.notification_priority !== undefined && !fcmNotificationPriorities.includes(n.notification_priority as FcmNotificationPriority)) {
      return badValue('message.android.notification.notification_priority', 'type.googleapis.com/google.firebase.fcm.v1.AndroidNotification.NotificationPriority', n.notification_priority);
    }
    // color is #RRGGBB (§2.3)
    if (typeof n.color === 'string' && !/^#[0-9a-fA-F]{6}$/.test(n.color)) return invalid('color must be in the form #RRGGBB', 'message.android.notification.color');
    if (n.notification_count !== undefined && !(Number.isInteger(n.notification_count) && (n.notification_count as number) >= 0)) return badValue('message.android.notification.notification_count', 'TYPE_INT32', n.notification_count);
  }
  return undefined;
}

/**
 * Device token shape. FCM tokens are `<instance id>:APA91b…`, about 160 characters.
 * assumption: a token that does not look like one is INVALID_ARGUMENT ("bad token format", §2.4); a well-formed
 * one the gateway does not know is UNREGISTERED (FCM cannot tell a never-issued token from an expired one)
 */
export function isWellFormedFcmToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{8,}:[A-Za-z0-9_-]{32,}$/.test(token) && token.length <= 4096;
}

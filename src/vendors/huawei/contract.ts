import { isInteger, isRecord } from '../common/wire.js';
import type { HUAWEI_SUCCESS, HuaweiBodyCode, HuaweiCode } from './errors.js';

/** Huawei Push Kit server API, v1/v2 (reference/vendor-gateways.md §3.1). */
export const huaweiEndpoints = {
  production: 'https://push-api.cloud.huawei.com',
  oauth: 'https://oauth-login.cloud.huawei.com',
  tokenPath: '/oauth2/v3/token',
  /** Older SDKs (modood-hw) still post here (§3.1). */
  legacyTokenPath: '/oauth2/v2/token',
  sendV1: (appId: string) => `/v1/${encodeURIComponent(appId)}/messages:send`,
  sendV2: (projectId: string) => `/v2/${encodeURIComponent(projectId)}/messages:send`,
} as const;

export const huaweiLimits = {
  messageBytes: 4096, // "message content ≤ 4 KB excluding the token list" §3.3 (80300008)
  tokensPerRequest: 1000, // "1–1000 tokens" §3.3 (80300010)
  defaultTtlSeconds: 86_400, // default "86400s" §3.3
  maxTtlSeconds: 1_296_000, // max "1296000s" (15 days) §3.3
  collapseKeyMax: 100, // -1 / 0 / 1..100 §3.3
  accessTokenSeconds: 3600, // "lifetime 1 hour" §3.2
  marketingPerDevicePerDay: 2, // "2 for most app categories" §3.5
  marketingPerDevicePerDayNews: 5, // "5 for news apps holding a news licence" §3.5
  testMessagesPerAppPerDay: 500, // target_user_type=1 §3.3, §3.5
  minQps: 6000, // "floor 6000" §3.5
} as const;

/** `android.category` values (§3.3). */
export const huaweiCategories = ['IM', 'VOIP', 'SUBSCRIPTION', 'TRAVEL', 'HEALTH', 'WORK', 'ACCOUNT', 'EXPRESS', 'FINANCE', 'DEVICE_REMINDER', 'SYSTEM_REMINDER', 'MAIL', 'PLAY_VOICE', 'MARKETING'] as const;
export type HuaweiCategory = (typeof huaweiCategories)[number];
export const huaweiImportances = ['LOW', 'NORMAL', 'HIGH'] as const;
export type HuaweiImportance = (typeof huaweiImportances)[number];

/** `message.android.notification` (§3.3, modood-hw `AndroidNotification`); the fields the mock reads are typed. */
export interface HuaweiAndroidNotification {
  title?: string;
  body?: string;
  channel_id?: string;
  importance?: HuaweiImportance;
  /** type 1 intent/action, 2 url, 3 open app, 4 rich resource; required for Android notification messages (§3.3). */
  click_action?: { type: 1 | 2 | 3 | 4; intent?: string; action?: string; url?: string; rich_resource?: string };
  notify_id?: number;
  sound?: string;
  default_sound?: boolean;
  tag?: string;
  foreground_show?: boolean;
  [field: string]: unknown;
}

export interface HuaweiAndroidConfig {
  category?: HuaweiCategory;
  /** Data-message priority (§3.3); HIGH needs a permission. */
  urgency?: 'HIGH' | 'NORMAL';
  /** Seconds as a string, e.g. "86400s" (§3.3). */
  ttl?: string;
  /** -1 cache all (default), 0 newest only, 1..100 newest per group (§3.3). */
  collapse_key?: number;
  /** 0 normal, 1 test message (§3.3). */
  target_user_type?: 0 | 1;
  /** Overrides message.data (modood-hw). */
  data?: string;
  bi_tag?: string;
  receipt_id?: string;
  fast_app_target?: number;
  notification?: HuaweiAndroidNotification;
}

/** `message` of a v1/v2 send (§3.3). */
export interface HuaweiMessage {
  token?: string[];
  topic?: string;
  condition?: string;
  /** A string; JSON allowed. Data without any notification = pass-through (data) message (§3.3). */
  data?: string;
  notification?: { title?: string; body?: string; image?: string };
  android?: HuaweiAndroidConfig;
  apns?: Record<string, unknown>;
  webpush?: Record<string, unknown>;
}

export interface HuaweiSendRequest {
  validate_only?: boolean;
  message: HuaweiMessage;
}

/** Every reply, success or business error (§3.4); `code` is a string. */
export interface HuaweiReply {
  code: HuaweiBodyCode | typeof HUAWEI_SUCCESS;
  msg: string;
  requestId: string;
}

/** OAuth token reply (§3.2). */
export interface HuaweiTokenReply {
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
}

/**
 * OAuth error reply. §3.2 names `error`, `error_description` (codes unconfirmed).
 * assumption: numeric `error` 1101 with a `sub_error`, as Huawei's account server answers (e.g. 12304 "invalid client_secret")
 */
export interface HuaweiTokenErrorReply {
  error: number;
  sub_error: number;
  error_description: string;
}

export interface HuaweiProblem { readonly code: HuaweiCode; readonly detail: string }
export type HuaweiValidation = { ok: true; request: HuaweiSendRequest } | { ok: false; problem: HuaweiProblem };

/** `\d+|\d+[sS]|\d+.\d{1,9}|\d+.\d{1,9}[sS]` — the duration pattern of Huawei's own SDK (HMS-node `message-validator.ts`). */
const durationPattern = /^(\d+)(\.\d{1,9})?[sS]?$/;

/** Seconds of a Huawei duration string ("86400s", "3.5"), or undefined when it is not one. */
export function parseHuaweiDuration(value: string): number | undefined {
  const m = durationPattern.exec(value);
  return m ? Number(m[1]) + (m[2] ? Number(m[2]) : 0) : undefined;
}

/** Message content bytes as §3.3 counts them: the message without its token list. */
export function huaweiMessageBytes(message: Record<string, unknown>): number {
  const { token: _tokens, ...content } = message;
  return Buffer.byteLength(JSON.stringify(content));
}

// Wrong JSON types are "message structure" errors (80100003), wrong values "parameter" errors (80100001).
// assumption: that split; HMS-java only names the two codes (§3.4)
const structure = (detail: string): HuaweiValidation => ({ ok: false, problem: { code: '80100003', detail } });
const parameter = (detail: string): HuaweiValidation => ({ ok: false, problem: { code: '80100001', detail } });

/** Validates a send body as the gateway does (§3.3, §3.4); the first problem decides the code. */
export function validateHuaweiSend(body: unknown): HuaweiValidation {
  if (!isRecord(body)) return structure('the body must be a JSON object {"validate_only", "message"}');
  if (body.validate_only !== undefined && typeof body.validate_only !== 'boolean') return structure('validate_only must be a boolean');
  const m = body.message;
  if (!isRecord(m)) return structure('message must be an object');
  for (const f of ['topic', 'condition', 'data'] as const) if (m[f] !== undefined && typeof m[f] !== 'string') return structure(`message.${f} must be a string`);
  if (m.token !== undefined && !(Array.isArray(m.token) && m.token.every((t) => typeof t === 'string'))) return structure('message.token must be an array of token strings');
  const targets = (['token', 'topic', 'condition'] as const).filter((f) => m[f] !== undefined);
  if (targets.length !== 1) return parameter(`exactly one of message.token, message.topic, message.condition must be set (got ${targets.join(', ') || 'none'})`);
  if (Array.isArray(m.token) && (m.token.length < 1 || m.token.length > huaweiLimits.tokensPerRequest)) return { ok: false, problem: { code: '80300010', detail: `message.token holds ${m.token.length} tokens; 1..${huaweiLimits.tokensPerRequest} allowed` } };
  if (m.notification !== undefined) {
    if (!isRecord(m.notification)) return structure('message.notification must be an object');
    for (const f of ['title', 'body', 'image'] as const) if (m.notification[f] !== undefined && typeof m.notification[f] !== 'string') return structure(`message.notification.${f} must be a string`);
  }
  for (const f of ['apns', 'webpush'] as const) if (m[f] !== undefined && !isRecord(m[f])) return structure(`message.${f} must be an object`);
  if (m.android !== undefined) {
    const p = androidProblem(m.android, m.notification as Record<string, unknown> | undefined);
    if (p) return p;
  }
  const bytes = huaweiMessageBytes(m);
  if (bytes > huaweiLimits.messageBytes) return { ok: false, problem: { code: '80300008', detail: `message content is ${bytes} bytes without the token list; the limit is ${huaweiLimits.messageBytes}` } };
  return { ok: true, request: body as unknown as HuaweiSendRequest };
}

function androidProblem(a: unknown, notification: Record<string, unknown> | undefined): HuaweiValidation | undefined {
  if (!isRecord(a)) return structure('message.android must be an object');
  for (const f of ['category', 'urgency', 'ttl', 'data', 'bi_tag', 'receipt_id'] as const) if (a[f] !== undefined && typeof a[f] !== 'string') return structure(`message.android.${f} must be a string`);
  for (const f of ['collapse_key', 'target_user_type', 'fast_app_target'] as const) if (a[f] !== undefined && !isInteger(a[f])) return structure(`message.android.${f} must be an integer`);
  if (a.category !== undefined && !huaweiCategories.includes(a.category as HuaweiCategory)) return parameter(`message.android.category must be one of ${huaweiCategories.join('|')} (got "${String(a.category)}")`);
  if (a.urgency !== undefined && a.urgency !== 'HIGH' && a.urgency !== 'NORMAL') return parameter(`message.android.urgency must be HIGH or NORMAL (got "${String(a.urgency)}")`);
  if (a.collapse_key !== undefined && ((a.collapse_key as number) < -1 || (a.collapse_key as number) > huaweiLimits.collapseKeyMax)) return { ok: false, problem: { code: '80100013', detail: `collapse_key must be -1, 0 or 1..${huaweiLimits.collapseKeyMax} (got ${String(a.collapse_key)})` } };
  if (a.target_user_type !== undefined && a.target_user_type !== 0 && a.target_user_type !== 1) return parameter('message.android.target_user_type must be 0 (normal) or 1 (test)');
  if (typeof a.ttl === 'string') {
    // a negative ttl would expire before now: 80100004 (§3.4). assumption: other non-durations are parameter errors
    if (/^-/.test(a.ttl)) return { ok: false, problem: { code: '80100004', detail: `ttl ${a.ttl} ends before now` } };
    const seconds = parseHuaweiDuration(a.ttl);
    if (seconds === undefined) return parameter(`message.android.ttl must be seconds such as "86400s" (got "${a.ttl}")`);
    // assumption: a ttl over the 15-day maximum (§3.3) is refused as a parameter error rather than clamped
    if (seconds > huaweiLimits.maxTtlSeconds) return parameter(`message.android.ttl ${a.ttl} is over the maximum of ${huaweiLimits.maxTtlSeconds}s (15 days)`);
  }
  if (a.notification !== undefined) {
    const n = a.notification;
    if (!isRecord(n)) return structure('message.android.notification must be an object');
    for (const f of ['title', 'body', 'channel_id', 'importance', 'sound', 'tag', 'color', 'icon', 'image'] as const) if (n[f] !== undefined && typeof n[f] !== 'string') return structure(`message.android.notification.${f} must be a string`);
    for (const f of ['default_sound', 'foreground_show', 'auto_cancel'] as const) if (n[f] !== undefined && typeof n[f] !== 'boolean') return structure(`message.android.notification.${f} must be a boolean`);
    if (n.notify_id !== undefined && !isInteger(n.notify_id)) return structure('message.android.notification.notify_id must be an integer');
    if (!n.title && !notification?.title) return parameter('a notification message needs a title in message.android.notification or message.notification');
    if (!n.body && !notification?.body) return parameter('a notification message needs a body in message.android.notification or message.notification');
    if (n.importance !== undefined && !huaweiImportances.includes(n.importance as HuaweiImportance)) return parameter(`message.android.notification.importance must be LOW, NORMAL or HIGH (got "${String(n.importance)}")`);
    if (typeof n.color === 'string' && !/^#[0-9a-fA-F]{6}$/.test(n.color)) return parameter('message.android.notification.color must be #RRGGBB');
    // click_action is required for Android notification messages (§3.3)
    const click = n.click_action;
    if (!isRecord(click)) return parameter('message.android.notification.click_action is required: {"type": 1 intent/action | 2 url | 3 open app | 4 rich resource}');
    if (!isInteger(click.type) || click.type < 1 || click.type > 4) return parameter(`click_action.type must be 1..4 (got ${JSON.stringify(click.type)})`);
    if (click.type === 1 && !click.intent && !click.action) return parameter('click_action type 1 needs intent or action');
    if (click.type === 2 && !click.url) return parameter('click_action type 2 needs url');
    if (click.type === 4 && !click.rich_resource) return parameter('click_action type 4 needs rich_resource');
  }
  return undefined;
}

/** The app's data: the sender writes JSON of the data map; other clients may send any string. */
export function huaweiData(data: string | undefined): Record<string, string> {
  if (data === undefined || data === '') return {};
  try {
    const parsed: unknown = JSON.parse(data);
    if (isRecord(parsed)) return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  } catch { /* not JSON: delivered as-is */ }
  return { data };
}

/**
 * Token shape: HMS tokens are long base64-like strings (e.g. `IQAAAACy0…`, ~130 chars); older ones 32 digits ending `CN01`.
 * assumption: anything else is a malformed token, which counts as invalid (80300007, §3.4)
 */
export function isWellFormedHuaweiToken(token: string): boolean {
  return /^[A-Za-z0-9_+/=.:-]{32,512}$/.test(token);
}

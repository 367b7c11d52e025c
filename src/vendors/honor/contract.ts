import { isRecord } from '../common/wire.js';

/** Honor Push server API (reference/vendor-gateways.md §4). */
export const honorEndpoints = {
  /** Send host (§4.1 honor-masa, honor-go). */
  production: 'https://push-api.cloud.honor.com',
  /** Token host (§4.1); a sender uses baseUrl for it when only baseUrl is given. */
  auth: 'https://iam.developer.honor.com',
  token: '/auth/token',
  /** `/api/v1/<appId>/sendMessage` (§4.1). */
  send: (appId: string) => `/api/v1/${encodeURIComponent(appId)}/sendMessage`,
} as const;

/** Honor's documented limits, and the assumed ones the mock needs (each cites §4 or says why it is assumed). */
export const honorLimits = {
  tokensPerRequest: 1000, // "senders cap at 1000" §4.2
  defaultTtlSeconds: 86_400, // android.ttl default "86400s" §4.2
  maxTtlSeconds: 1_296_000, // android.ttl max "1296000s" (15 d) §4.2
  // assumption: Honor's size limit is unconfirmed; mirrors Huawei's 4 KB excluding the token list (§3.3, §4.3)
  messageBytes: 4096,
  testMessagesPerDay: 1000, // targetUserType 1: 1000/day per app §4.2
  // assumption: Honor's marketing cap per device per day is unconfirmed (§4.4); Huawei's is 2 (§3.5)
  marketingPerDevicePerDay: 2,
  // assumption: Honor's access-token lifetime is unconfirmed (§4.1: honor-go caches 24 h, MASA uses expires_in); 1 h as Huawei (§3.2)
  accessTokenSeconds: 3600,
  // assumption: Honor's QPS is unconfirmed; Huawei's floor is 6000 (§3.5)
  defaultQps: 6000,
} as const;

/** `android.notification.importance` (§4.2): LOW = news & marketing, NORMAL = service & communication. */
export const honorImportances = ['LOW', 'NORMAL'] as const;
export type HonorImportance = (typeof honorImportances)[number];

/** `clickAction.type` (§4.2): 1 app page by intent/action, 2 URL, 3 open the app. */
export const honorClickActionTypes = [1, 2, 3] as const;

/** Token request form (§4.1). */
export interface HonorTokenForm {
  grant_type: 'client_credentials';
  client_id: string;
  client_secret: string;
}

/** Token reply (§4.1). */
export interface HonorTokenReply {
  access_token: string;
  expires_in: number;
  token_type: string;
}

/** OAuth-style failure of the token endpoint. assumption: the shape is RFC 6749 §5.2 (Honor's IAM was Keycloak-based, §4.1 older hosts). */
export interface HonorTokenError {
  error: string;
  error_description: string;
}

export interface HonorClickAction {
  type: number;
  intent?: string;
  url?: string;
  action?: string;
}

export interface HonorAndroidNotification {
  title?: string;
  body?: string;
  clickAction?: HonorClickAction;
  image?: string;
  style?: number;
  bigTitle?: string;
  bigBody?: string;
  importance?: HonorImportance;
  when?: string;
  notifyId?: number;
  tag?: string;
  group?: string;
  badge?: { addNum?: number; badgeClass?: string; setNum?: number };
  buttons?: unknown[];
}

export interface HonorAndroidConfig {
  /** Seconds as a string with an `s` suffix, e.g. "86400s". */
  ttl?: string;
  biTag?: string;
  /** Overrides the outer `data` when set (§4.2 honor-go). */
  data?: string;
  notification?: HonorAndroidNotification;
  /** 1 = test message (§4.2). */
  targetUserType?: number;
}

/** The JSON body of `sendMessage` (§4.2, camelCase). */
export interface HonorSendBody {
  token: string[];
  data?: string;
  notification?: { title?: string; body?: string; image?: string };
  android?: HonorAndroidConfig;
}

/** The send reply (§4.3); the code is a number, 200 on success. */
export interface HonorReply {
  code: number;
  message: string;
  data?: { sendResult: boolean; requestId: string; failTokens?: string[]; expireTokens?: string[] };
}

export type HonorValidationCode = '80100001' | '80100003' | '80300008' | '80300010';
export type HonorValidation = { ok: true; body: HonorSendBody; ttlSeconds: number } | { ok: false; code: HonorValidationCode; detail: string };

const ttlPattern = /^(\d{1,10})(?:\.\d{1,9})?s?$/;

/** Seconds of an `android.ttl` string ("86400s", "3600"), or undefined when it is not one. */
export function parseHonorTtl(ttl: string): number | undefined {
  const match = ttlPattern.exec(ttl);
  return match ? Number(match[1]) : undefined;
}

/**
 * Validates a sendMessage body as the gateway does; the first problem decides the code.
 * assumption: Honor's per-problem codes are unconfirmed (§4.3); they mirror Huawei's (§3.4):
 * 80100003 structure, 80100001 parameter, 80300010 token count, 80300008 size.
 */
export function validateHonorSend(body: unknown): HonorValidation {
  if (!isRecord(body)) return { ok: false, code: '80100003', detail: 'the body must be a JSON object' };
  const { token, data, notification, android } = body;
  if (token === undefined || !Array.isArray(token)) return { ok: false, code: '80300010', detail: 'token must be an array of 1..1000 push tokens' };
  if (token.length === 0 || token.length > honorLimits.tokensPerRequest) return { ok: false, code: '80300010', detail: `token must name 1..${honorLimits.tokensPerRequest} push tokens (got ${token.length})` };
  if (!token.every((t) => typeof t === 'string')) return { ok: false, code: '80100003', detail: 'every token must be a string' };
  if (data !== undefined && typeof data !== 'string') return { ok: false, code: '80100001', detail: 'data must be a string (JSON text allowed)' };
  if (notification !== undefined && !isRecord(notification)) return { ok: false, code: '80100003', detail: 'notification must be an object' };
  if (android !== undefined && !isRecord(android)) return { ok: false, code: '80100003', detail: 'android must be an object' };
  const a = (android ?? {}) as Record<string, unknown>;
  if (a.data !== undefined && typeof a.data !== 'string') return { ok: false, code: '80100001', detail: 'android.data must be a string' };
  if (a.biTag !== undefined && typeof a.biTag !== 'string') return { ok: false, code: '80100001', detail: 'android.biTag must be a string' };
  if (a.targetUserType !== undefined && a.targetUserType !== 0 && a.targetUserType !== 1) return { ok: false, code: '80100001', detail: 'android.targetUserType must be 0 (normal) or 1 (test)' };
  let ttlSeconds: number = honorLimits.defaultTtlSeconds;
  if (a.ttl !== undefined) {
    const parsed = typeof a.ttl === 'string' ? parseHonorTtl(a.ttl) : undefined;
    if (parsed === undefined || parsed > honorLimits.maxTtlSeconds) return { ok: false, code: '80100001', detail: `android.ttl must be "<seconds>s", 0..${honorLimits.maxTtlSeconds} (got ${JSON.stringify(a.ttl)})` };
    ttlSeconds = parsed;
  }
  const n = a.notification;
  if (n !== undefined && !isRecord(n)) return { ok: false, code: '80100003', detail: 'android.notification must be an object' };
  const isNotification = notification !== undefined || n !== undefined;
  if (!isNotification && (data === undefined || data === '') && !a.data) return { ok: false, code: '80100001', detail: 'a message needs notification, android.notification or data' };
  if (isNotification) {
    const outer = (notification ?? {}) as Record<string, unknown>;
    const inner = (n ?? {}) as Record<string, unknown>;
    for (const field of ['title', 'body'] as const) {
      for (const [where, v] of [['notification', outer[field]], ['android.notification', inner[field]]] as const) {
        if (v !== undefined && typeof v !== 'string') return { ok: false, code: '80100001', detail: `${where}.${field} must be a string` };
      }
      // §4.2 honor-go: title/body must be set in notification or android.notification
      if (!outer[field] && !inner[field]) return { ok: false, code: '80100001', detail: `a notification message needs ${field} in notification or android.notification` };
    }
    if (n !== undefined) {
      const click = inner.clickAction;
      // §4.2 honor-go: clickAction is required for Android notification messages
      if (!isRecord(click)) return { ok: false, code: '80100001', detail: 'android.notification.clickAction is required ({"type": 1|2|3})' };
      if (!honorClickActionTypes.includes(click.type as never)) return { ok: false, code: '80100001', detail: `clickAction.type must be 1, 2 or 3 (got ${JSON.stringify(click.type)})` };
      if (click.type === 1 && !click.intent && !click.action) return { ok: false, code: '80100001', detail: 'clickAction type 1 needs intent or action' };
      if (click.type === 2 && !(typeof click.url === 'string' && click.url.startsWith('https://'))) return { ok: false, code: '80100001', detail: 'clickAction type 2 needs an https url' };
      if (inner.importance !== undefined && !honorImportances.includes(inner.importance as never)) return { ok: false, code: '80100001', detail: `android.notification.importance must be LOW or NORMAL (got ${JSON.stringify(inner.importance)})` };
      if (inner.notifyId !== undefined && !(Number.isInteger(inner.notifyId) && (inner.notifyId as number) >= -1 && (inner.notifyId as number) <= 2147483647)) return { ok: false, code: '80100001', detail: 'android.notification.notifyId must be an integer -1..2147483647' };
      if (inner.tag !== undefined && typeof inner.tag !== 'string') return { ok: false, code: '80100001', detail: 'android.notification.tag must be a string' };
    }
  }
  const contentBytes = Buffer.byteLength(JSON.stringify({ ...body, token: [] }));
  if (contentBytes > honorLimits.messageBytes) return { ok: false, code: '80300008', detail: `message of ${contentBytes} bytes (without the token list) is over ${honorLimits.messageBytes}` };
  return { ok: true, body: body as unknown as HonorSendBody, ttlSeconds };
}

/** The app's custom data as a string map: JSON objects spread out, anything else kept whole under `data`. */
export function honorData(data: string | undefined): Record<string, string> {
  if (!data) return {};
  try {
    const parsed: unknown = JSON.parse(data);
    if (isRecord(parsed)) return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  } catch { /* not JSON: delivered as-is */ }
  return { data };
}

import { createHash } from 'node:crypto';
import { isInteger, isRecord } from '../common/wire.js';

/** vivo Push server API (reference/vendor-gateways.md §7). */
export const vivoEndpoints = {
  production: 'https://api-push.vivo.com.cn', // §7.1
  auth: '/message/auth', // §7.1
  send: '/message/send', // §7.1
} as const;

export const vivoLimits = {
  titleChars: 40, // "≤ 40 chars regardless of script" §7.3
  contentChars: 100, // "≤ 100 chars regardless of script" §7.3
  minTtlSeconds: 60, // "≥ 60" §7.3
  defaultTtlSeconds: 86_400, // "default 1 day" §7.3
  /** The newer modood-vv copy says 1 day, the older one and dcloud-opts 7 days: a mock setting (§7.3). */
  maxTtlSecondsNewer: 86_400,
  maxTtlSecondsOlder: 7 * 86_400,
  skipContentChars: 1024, // §7.3
  clientCustomMapChars: 1024, // "string map ≤ 1024 chars total" §7.3
  clientCustomMapPairs: 10, // modood-vv message.go: "键值对个数不能超过10个" (§7 Sources)
  requestIdChars: 64, // §7.3
  aliasChars: 40, // modood-vv message.go: alias "长度不超过40字符" (§7 Sources)
  notifyIdMax: 2_147_483_647, // §7.3
  timestampSkewMs: 10 * 60_000, // "within ±10 min of vivo server UTC time" §7.2
  authTokenTtlMs: 24 * 3600_000, // "1 day" §7.2
  authCallsPerSecond: 10, // "auth endpoint limited to 10 calls/s per app" §7.2
  operationalPerUserPerDay: 5, // §7.5
  operationalWindowHours: { from: 7, to: 23 }, // "operational messages only 07:00–23:00" §7.5
  defaultQps: 500, // assumption: vivo publishes no QPS figure in the reference; a setting
  defaultDailyLimit: 1_000_000, // assumption: the 10070 total depends on the app's subscriber count (§7.4); a setting
} as const;

/**
 * Second-level categories and the classification each belongs to (vivo doc 359). IM ↔ system and
 * MARKETING ↔ operational are in §7.3 (Tencent IM samples); the rest of the list is unconfirmed.
 */
export const vivoCategories = {
  IM: 1,
  MARKETING: 0,
  // assumption: the remaining categories and their classes as vivo doc 359 lists them (not read; §7.3 "full official list unconfirmed")
  ACCOUNT: 1,
  TODO: 1,
  DEVICE_REMINDER: 1,
  ORDER: 1,
  SUBSCRIPTION: 1,
  NEWS: 0,
  CONTENT: 0,
  SOCIAL: 0,
} as const satisfies Record<string, 0 | 1>;
export type VivoCategory = keyof typeof vivoCategories;

/** classification 0 operational, 1 system (§7.3); the DeliveredPush messageClass uses these words. */
export const vivoClasses = { 0: 'operational', 1: 'system' } as const;

/** `/message/auth` request body (§7.2). `appId` travels as a string or a number depending on the client. */
export interface VivoAuthRequest {
  appId: string | number;
  appKey: string;
  timestamp: number;
  sign: string;
}

export interface VivoAuthReply {
  result: number;
  desc: string;
  authToken?: string;
}

/** `/message/send` body (§7.3); field names are vivo's. */
export interface VivoSendBody {
  appId: string | number;
  regId?: string;
  alias?: string;
  notifyType: 1 | 2 | 3 | 4;
  title: string;
  content: string;
  timeToLive?: number;
  skipType: 1 | 2 | 3 | 4;
  skipContent?: string;
  networkType?: -1 | 1;
  classification?: 0 | 1;
  category?: string;
  clientCustomMap?: Record<string, string>;
  extra?: { callback: string; 'callback.param'?: string };
  requestId: string;
  pushMode?: 0 | 1;
  notifyId?: number;
  sendOnline?: boolean;
  foregroundShow?: boolean;
  profileId?: string;
}

/** invalidUser.status: 1 unknown id, 2 uninstalled / unsubscribed, 3 offline 90 days (older copy), 4 not a test user (§7.4). */
export type VivoInvalidStatus = 1 | 2 | 3 | 4;

export interface VivoSendReply {
  result: number;
  desc: string;
  taskId?: string;
  invalidUser?: { userid: string; status: VivoInvalidStatus };
}

/** The auth sign: lower-hex MD5 of trimmed appId + appKey + timestamp + appSecret (§7.2). */
export function vivoAuthSign(appId: string | number, appKey: string, timestamp: number | string, appSecret: string): string {
  const base = `${String(appId).trim()}${appKey.trim()}${String(timestamp).trim()}${appSecret.trim()}`;
  return createHash('md5').update(base, 'utf8').digest('hex');
}

/** Beijing-time hour (0..23) of an epoch-ms instant; the operational window is local time (§7.5). */
export function beijingHour(epochMs: number): number {
  return new Date(epochMs + 8 * 3600_000).getUTCHours();
}

/** Codes the send validation answers with (see errors.ts; most are placeholders, marked there). */
export type VivoValidationCode = '10040' | '10050' | '10051' | '10052' | '10053' | '10054' | '10055' | '10056' | '10057' | '10058' | '10059' | '10060' | '10061' | '10062' | '10063' | '10096' | '10097' | '10302' | '10303';

export type VivoValidation =
  | { ok: true; body: VivoSendBody; target: { kind: 'regId' | 'alias'; id: string }; classification: 0 | 1 }
  | { ok: false; code: VivoValidationCode; detail: string };

/** A regId's shape: the reference gives none (modood-vv says 23 chars); assumption: 1..64 of [A-Za-z0-9_-]. */
const regIdPattern = /^[A-Za-z0-9_-]{1,64}$/;
/** What came in, for error details: a string's length, else its JSON type. */
const describe = (v: unknown) => (typeof v === 'string' ? `${[...v].length} characters` : v === undefined ? 'nothing' : typeof v);

/** Validates a `/message/send` body as the gateway does (§7.3); the first problem decides the code. */
export function validateVivoSend(value: unknown, options: { maxTtlSeconds: number }): VivoValidation {
  if (!isRecord(value)) return { ok: false, code: '10040', detail: 'request body must be a JSON object' };
  const b = value;
  const bad = (code: VivoValidationCode, detail: string): VivoValidation => ({ ok: false, code, detail });
  const hasRegId = b.regId !== undefined && b.regId !== null && b.regId !== '';
  const hasAlias = b.alias !== undefined && b.alias !== null && b.alias !== '';
  if (!hasRegId && !hasAlias) return bad('10050', 'regId and alias must not both be empty');
  // regId wins when both are present (§7.3)
  if (hasRegId && !(typeof b.regId === 'string' && regIdPattern.test(b.regId))) return bad('10302', `regId 不合法: ${JSON.stringify(b.regId).slice(0, 80)}`);
  if (!hasRegId && !(typeof b.alias === 'string' && b.alias.length <= vivoLimits.aliasChars)) return bad('10303', `alias 不合法: a string of at most ${vivoLimits.aliasChars} characters`);
  if (!(isInteger(b.notifyType) && b.notifyType >= 1 && b.notifyType <= 4)) return bad('10051', 'notifyType 不合法: 1 none, 2 ring, 3 vibrate, 4 ring and vibrate');
  if (!(typeof b.title === 'string' && b.title.trim().length > 0 && [...b.title].length <= vivoLimits.titleChars)) return bad('10052', `title 不合法: 1..${vivoLimits.titleChars} characters (got ${describe(b.title)})`);
  if (!(typeof b.content === 'string' && b.content.trim().length > 0 && [...b.content].length <= vivoLimits.contentChars)) return bad('10053', `content 不合法: 1..${vivoLimits.contentChars} characters (got ${describe(b.content)})`);
  if (b.timeToLive !== undefined && !(isInteger(b.timeToLive) && b.timeToLive >= vivoLimits.minTtlSeconds && b.timeToLive <= options.maxTtlSeconds)) return bad('10054', `timeToLive 不合法: seconds, ${vivoLimits.minTtlSeconds}..${options.maxTtlSeconds}`);
  if (!(isInteger(b.skipType) && b.skipType >= 1 && b.skipType <= 4)) return bad('10055', 'skipType 不合法: 1 home, 2 URL, 3 custom, 4 in-app page');
  if (b.skipType !== 1 && !(typeof b.skipContent === 'string' && b.skipContent.length > 0 && b.skipContent.length <= vivoLimits.skipContentChars)) return bad('10056', `skipContent 不合法: required for skipType 2/3/4, at most ${vivoLimits.skipContentChars} characters`);
  if (b.skipContent !== undefined && !(typeof b.skipContent === 'string' && b.skipContent.length <= vivoLimits.skipContentChars)) return bad('10056', `skipContent 不合法: at most ${vivoLimits.skipContentChars} characters`);
  if (b.networkType !== undefined && b.networkType !== -1 && b.networkType !== 1 && b.networkType !== '-1' && b.networkType !== '1') return bad('10057', 'networkType 不合法: -1 any, 1 Wi-Fi');
  if (b.clientCustomMap !== undefined) {
    const map = b.clientCustomMap;
    if (!isRecord(map) || Object.values(map).some((v) => typeof v !== 'string')) return bad('10058', 'clientCustomMap 不合法: a map of string to string');
    const entries = Object.entries(map as Record<string, string>);
    const chars = entries.reduce((n, [k, v]) => n + k.length + v.length, 0);
    if (entries.length > vivoLimits.clientCustomMapPairs) return bad('10058', `clientCustomMap 不合法: at most ${vivoLimits.clientCustomMapPairs} pairs (got ${entries.length})`);
    if (chars > vivoLimits.clientCustomMapChars) return bad('10058', `clientCustomMap 不合法: keys and values ${chars} characters, over ${vivoLimits.clientCustomMapChars}`);
  }
  if (!(typeof b.requestId === 'string' && b.requestId.length > 0 && b.requestId.length <= vivoLimits.requestIdChars)) return bad('10059', `requestId 不合法: required, 1..${vivoLimits.requestIdChars} characters`);
  if (b.classification !== undefined && b.classification !== 0 && b.classification !== 1) return bad('10060', 'classification 不合法: 0 operational, 1 system');
  if (b.pushMode !== undefined && b.pushMode !== 0 && b.pushMode !== 1) return bad('10061', 'pushMode 不合法: 0 formal, 1 test');
  if (b.notifyId !== undefined && !(isInteger(b.notifyId) && b.notifyId >= 1 && b.notifyId <= vivoLimits.notifyIdMax)) return bad('10062', `notifyId 不合法: 1..${vivoLimits.notifyIdMax}`);
  if (b.extra !== undefined && !(isRecord(b.extra) && typeof b.extra.callback === 'string' && b.extra.callback.length <= 128)) return bad('10063', 'extra 不合法: {callback (≤ 128 chars), callback.param?}');
  for (const flag of ['sendOnline', 'foregroundShow'] as const) {
    if (b[flag] !== undefined && typeof b[flag] !== 'boolean') return bad('10040', `${flag} must be true or false`);
  }
  let classification = (b.classification ?? 0) as 0 | 1; // "0 operational (default)" §7.3
  if (b.category !== undefined) {
    if (typeof b.category !== 'string' || !(b.category in vivoCategories)) return bad('10096', `category 不合法: one of ${Object.keys(vivoCategories).join(', ')}`);
    const implied = vivoCategories[b.category as VivoCategory];
    // "may be sent without classification; if both are sent they must correspond (else 10097)" §7.3
    if (b.classification !== undefined && b.classification !== implied) return bad('10097', `category ${b.category} is a ${vivoClasses[implied]} category but classification is ${String(b.classification)}`);
    classification = implied;
  }
  const body = b as unknown as VivoSendBody;
  return { ok: true, body, target: hasRegId ? { kind: 'regId', id: body.regId! } : { kind: 'alias', id: body.alias! }, classification };
}

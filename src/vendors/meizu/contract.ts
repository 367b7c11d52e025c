import { createHash } from 'node:crypto';
import { isInteger, isRecord } from '../common/wire.js';

/** Meizu Flyme Push server API (reference/vendor-gateways.md §8). */
export const meizuEndpoints = {
  production: 'https://server-api-push.meizu.com', // §8.1
  overseas: 'https://server-api-push.in.meizu.com', // §8.1
  notificationByPushId: '/garcia/api/server/push/varnished/pushByPushId', // §8.1
  passThroughByPushId: '/garcia/api/server/push/unvarnished/pushByPushId', // §8.1
} as const;

export const meizuLimits = {
  titleChars: 32, // noticeBarInfo.title 1–32 §8.3
  contentChars: 100, // noticeBarInfo.content 1–100 §8.3
  passThroughContentChars: 2000, // pass-through content ≤ 2000 §8.3
  validTimeHours: { min: 1, max: 72, default: 24 }, // §8.3
  notifyKeyChars: 8, // advanceInfo.notifyKey ≤ 8 chars §8.3
  /** §8.3 says ≤ 100; the mz-api README copy read for this module says 1000 per batch — a mock setting. */
  pushIdsPerRequest: 100,
  foldPerMinute: 5, // "> 5 messages to one device/app in 1 min get folded (520)" §8.5
  publicPerDevicePerDay: 5, // assumption: §8.5 "numeric cap unconfirmed"; a setting
  callbackChars: 128, // extra.callback ≤ 128 bytes (mz-api README, §8 Sources)
  defaultQps: 500, // assumption: Meizu publishes no QPS figure in the reference (110010 has no number); a setting
  defaultDailyLimit: 1_000_000, // assumption: 110019 names no number (§8.4); a setting
  passThroughPerDay: 1000, // assumption: "restricted since 2018-06-16" gives no number (§8.5); over it → 110053 (§8.4)
} as const;

/** noticeMsgType: 0 public (公信, default), 1 private (私信) — the DeliveredPush messageClass words (§8.3). */
export const meizuNoticeClasses = { 0: 'public', 1: 'private' } as const;

/** Form of every push call (§8.3); `sign` covers the other fields (§8.2). */
export interface MeizuForm {
  appId: string;
  pushIds: string;
  messageJson: string;
  sign: string;
}

/** messageJson of a notification-bar ("varnished") push (§8.3). */
export interface MeizuNotificationMessage {
  noticeBarInfo: { noticeMsgType?: 0 | 1; noticeBarType?: 0 | 2; title: string; content: string };
  noticeExpandInfo?: { noticeExpandType?: 0 | 1 | 2; noticeExpandContent?: string; noticeExpandImgUrl?: string };
  clickTypeInfo?: { clickType?: 0 | 1 | 2 | 3; url?: string; parameters?: Record<string, unknown>; activity?: string; customAttribute?: string };
  pushTimeInfo?: MeizuPushTimeInfo;
  advanceInfo?: {
    suspend?: 0 | 1;
    clearNoticeBar?: 0 | 1;
    fixDisplay?: 0 | 1;
    fixStartDisplayTime?: string;
    fixEndDisplayTime?: string;
    notificationType?: { vibrate?: 0 | 1; lights?: 0 | 1; sound?: 0 | 1 };
    notifyKey?: string;
  };
  vipInfo?: Record<string, unknown>;
  extra?: { callback: string; 'callback.param'?: string; 'callback.type'?: 1 | 2 | 3 };
}

/** messageJson of a pass-through ("unvarnished") push (§8.3). */
export interface MeizuPassThroughMessage {
  title?: string;
  content: string;
  pushTimeInfo?: MeizuPushTimeInfo;
}

export interface MeizuPushTimeInfo { offLine?: 0 | 1; validTime?: number }

/** Every reply's envelope; per-target failures are listed under their code in `value` (§8.4). */
export interface MeizuReply {
  code: string;
  message: string;
  value: Record<string, string[]> | string;
  redirect: string;
  msgId?: string;
}

/**
 * The request sign: lower-hex MD5 of every parameter but `sign`, sorted by name, as `key=value`
 * with no separators and raw (not URL-encoded) values, then the appSecret (§8.2).
 * @example meizuSign({ appId: '10000', pushIds: 'RA50…', messageJson: '{…}' }, appSecret)
 */
export function meizuSign(params: Readonly<Record<string, string>>, appSecret: string): string {
  const base = Object.keys(params).filter((k) => k !== 'sign').sort().map((k) => `${k}=${params[k]}`).join('') + appSecret;
  return createHash('md5').update(base, 'utf8').digest('hex');
}

/** A pushId's shape: the reference gives none; assumption from mz-api examples (a letter, then 44 alphanumerics): 20..64 of [A-Za-z0-9]. */
export const meizuPushIdPattern = /^[A-Za-z0-9]{20,64}$/;
const notifyKeyPattern = /^[0-9A-Za-z_-]{1,8}$/; // "digits, letters, _ and -, ≤ 8" (mz-api README)

export type MeizuValidation<M> = { ok: true; message: M; offLine: boolean; validHours: number } | { ok: false; code: '1005'; detail: string };

const chars = (s: string) => [...s].length;
/** What came in, for error details: a string's length, else its JSON type. */
const describe = (v: unknown) => (typeof v === 'string' ? `${chars(v)} characters` : v === undefined ? 'nothing' : typeof v);

function pushTime(info: unknown): { ok: true; offLine: boolean; validHours: number } | { ok: false; detail: string } {
  if (info === undefined) return { ok: true, offLine: true, validHours: meizuLimits.validTimeHours.default };
  if (!isRecord(info)) return { ok: false, detail: 'pushTimeInfo must be an object {offLine, validTime}' };
  if (info.offLine !== undefined && info.offLine !== 0 && info.offLine !== 1) return { ok: false, detail: 'pushTimeInfo.offLine must be 0 or 1' };
  const offLine = info.offLine !== 0; // default 1 §8.3
  const { min, max, default: fallback } = meizuLimits.validTimeHours;
  if (offLine && info.validTime !== undefined && !(isInteger(info.validTime) && info.validTime >= min && info.validTime <= max)) return { ok: false, detail: `pushTimeInfo.validTime must be whole hours ${min}..${max}` };
  return { ok: true, offLine, validHours: offLine ? ((info.validTime as number | undefined) ?? fallback) : 0 };
}

/** Validates a notification messageJson as the gateway does (§8.3); every problem is a 1005 parameter error. */
export function validateMeizuNotification(messageJson: string): MeizuValidation<MeizuNotificationMessage> {
  const bad = (detail: string): MeizuValidation<MeizuNotificationMessage> => ({ ok: false, code: '1005', detail });
  let m: unknown;
  try { m = JSON.parse(messageJson); } catch { return bad('messageJson is not JSON'); }
  if (!isRecord(m)) return bad('messageJson must be a JSON object');
  const bar = m.noticeBarInfo;
  if (!isRecord(bar)) return bad('noticeBarInfo is required');
  if (!(typeof bar.title === 'string' && chars(bar.title) >= 1 && chars(bar.title) <= meizuLimits.titleChars)) return bad(`noticeBarInfo.title must be 1..${meizuLimits.titleChars} characters (got ${describe(bar.title)})`);
  if (!(typeof bar.content === 'string' && chars(bar.content) >= 1 && chars(bar.content) <= meizuLimits.contentChars)) return bad(`noticeBarInfo.content must be 1..${meizuLimits.contentChars} characters (got ${describe(bar.content)})`);
  if (bar.noticeMsgType !== undefined && bar.noticeMsgType !== 0 && bar.noticeMsgType !== 1) return bad('noticeBarInfo.noticeMsgType must be 0 (public) or 1 (private)');
  if (bar.noticeBarType !== undefined && bar.noticeBarType !== 0 && bar.noticeBarType !== 2) return bad('noticeBarInfo.noticeBarType must be 0 or 2');
  const click = m.clickTypeInfo;
  if (click !== undefined) {
    if (!isRecord(click)) return bad('clickTypeInfo must be an object');
    if (click.clickType !== undefined && !(isInteger(click.clickType) && click.clickType >= 0 && click.clickType <= 3)) return bad('clickTypeInfo.clickType must be 0..3');
    if (click.clickType === 1 && !(typeof click.activity === 'string' && click.activity.includes('.'))) return bad('clickTypeInfo.activity (pkg.Activity) is required for clickType 1');
    if (click.clickType === 2 && !(typeof click.url === 'string' && click.url.length > 0)) return bad('clickTypeInfo.url is required for clickType 2');
    if (click.parameters !== undefined && !isRecord(click.parameters)) return bad('clickTypeInfo.parameters must be a JSON object');
  }
  const time = pushTime(m.pushTimeInfo);
  if (!time.ok) return bad(time.detail);
  const advance = m.advanceInfo;
  if (advance !== undefined) {
    if (!isRecord(advance)) return bad('advanceInfo must be an object');
    if (advance.notifyKey !== undefined && advance.notifyKey !== '' && !(typeof advance.notifyKey === 'string' && notifyKeyPattern.test(advance.notifyKey))) return bad(`advanceInfo.notifyKey must be ≤ ${meizuLimits.notifyKeyChars} of [0-9A-Za-z_-]`);
    for (const flag of ['suspend', 'clearNoticeBar', 'fixDisplay'] as const) {
      if (advance[flag] !== undefined && advance[flag] !== 0 && advance[flag] !== 1) return bad(`advanceInfo.${flag} must be 0 or 1`);
    }
  }
  const extra = m.extra;
  if (extra !== undefined && !(isRecord(extra) && typeof extra.callback === 'string' && Buffer.byteLength(extra.callback) <= meizuLimits.callbackChars)) return bad(`extra.callback (≤ ${meizuLimits.callbackChars} bytes) is required when extra is set`);
  return { ok: true, message: m as unknown as MeizuNotificationMessage, offLine: time.offLine, validHours: time.validHours };
}

/** Validates a pass-through messageJson (§8.3). */
export function validateMeizuPassThrough(messageJson: string): MeizuValidation<MeizuPassThroughMessage> {
  const bad = (detail: string): MeizuValidation<MeizuPassThroughMessage> => ({ ok: false, code: '1005', detail });
  let m: unknown;
  try { m = JSON.parse(messageJson); } catch { return bad('messageJson is not JSON'); }
  if (!isRecord(m)) return bad('messageJson must be a JSON object');
  if (m.title !== undefined && !(typeof m.title === 'string' && chars(m.title) <= meizuLimits.titleChars)) return bad(`title must be at most ${meizuLimits.titleChars} characters`);
  if (!(typeof m.content === 'string' && m.content.length >= 1 && chars(m.content) <= meizuLimits.passThroughContentChars)) return bad(`content must be 1..${meizuLimits.passThroughContentChars} characters`);
  const time = pushTime(m.pushTimeInfo);
  if (!time.ok) return bad(time.detail);
  return { ok: true, message: m as unknown as MeizuPassThroughMessage, offLine: time.offLine, validHours: time.validHours };
}

/** A JSON object's values as the string map a DeliveredPush carries. */
export function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

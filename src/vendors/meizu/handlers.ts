import { randomBytes, randomUUID } from 'node:crypto';
import type { StoragePolicy } from '../common/gateway-state.js';
import type { DeliveredPush } from '../common/push.js';
import { route, type RouteContext, type VendorMock } from '../common/route.js';
import { isRecord, json, parseForm, plainText, type WireRequest, type WireResponse } from '../common/wire.js';
import {
  meizuEndpoints, meizuLimits, meizuNoticeClasses, meizuPushIdPattern, meizuSign, stringMap, validateMeizuNotification, validateMeizuPassThrough,
  type MeizuNotificationMessage, type MeizuPassThroughMessage, type MeizuReply,
} from './contract.js';
import { meizuErrors, type MeizuCode, type MeizuTargetCode } from './errors.js';

/** Console configuration and gateway switches of the Meizu mock (`POST /__pushlab/settings`). */
export const meizuDefaultSettings = {
  qps: meizuLimits.defaultQps,
  /** Push calls per app per day before 110019 (§8.4). */
  dailyLimit: meizuLimits.defaultDailyLimit,
  /** Public (公信) messages per device per day before 110011 (§8.5: number unconfirmed). */
  publicPerDevicePerDay: meizuLimits.publicPerDevicePerDay,
  /** Messages per device per app per minute before 520 folding (§8.5). */
  foldPerMinute: meizuLimits.foldPerMinute,
  maxPushIds: meizuLimits.pushIdsPerRequest,
  /** Pass-through is "restricted since 2018-06-16 (may be shut off)" (§8.5): false answers every one with 110053. */
  passThroughEnabled: true,
  passThroughPerDay: meizuLimits.passThroughPerDay,
  /** assumption: the console binds the appId to one Android package; pushIds of other apps are illegal for it. */
  appPackage: 'com.pushlab.demo',
};
type MeizuSettings = typeof meizuDefaultSettings;

/** The gateway's error reply for a top-level code: HTTP 200, the code in the envelope, `value: ""` (§8.4). */
export function meizuReply(code: MeizuCode, message?: string): WireResponse {
  const entry = meizuErrors[code];
  if (entry.httpStatus !== 200) return plainText(entry.httpStatus, entry.reason);
  const body: MeizuReply = { code, message: message ?? entry.reason, value: '', redirect: '' };
  return json(200, body);
}

type Kind = 'notification' | 'pass-through';

function push(kind: Kind) {
  return async (ctx: RouteContext): Promise<WireResponse> => {
    const { gw, req } = ctx;
    const settings = gw.settings as MeizuSettings;
    const params = parseForm(req.body);
    const fields: Record<string, string> = {};
    for (const [k, v] of params) if (!(k in fields)) fields[k] = v;
    const missing = ['appId', 'pushIds', 'messageJson', 'sign'].filter((k) => !fields[k]);
    if (missing.length) return fail(ctx, '110004', `参数不能为空: ${missing.join(', ')}`);
    if (fields.appId !== String(gw.credentials.appId)) return fail(ctx, '110000');
    if (fields.sign !== meizuSign(fields, String(gw.credentials.appSecret))) return fail(ctx, '1006');
    const pushIds = [...new Set(fields.pushIds!.split(',').map((p) => p.trim()).filter(Boolean))];
    const maxPushIds = Number(settings.maxPushIds ?? meizuLimits.pushIdsPerRequest);
    if (pushIds.length === 0 || pushIds.length > maxPushIds) return fail(ctx, '1005', `pushIds must name 1..${maxPushIds} pushIds`);
    const valid = kind === 'notification' ? validateMeizuNotification(fields.messageJson!) : validateMeizuPassThrough(fields.messageJson!);
    if (!valid.ok) return fail(ctx, valid.code, `参数错误: ${valid.detail}`);
    ctx.note('pending', pushIds);
    if (kind === 'pass-through') {
      // "restricted since 2018-06-16 (may be shut off)" §8.5; over the limit → 110053 §8.4
      if (settings.passThroughEnabled === false) return fail(ctx, '110053', '透传超过限制: pass-through is shut off for this app', pushIds);
      if (!gw.quota.take('pass-through-day', Number(settings.passThroughPerDay ?? meizuLimits.passThroughPerDay), 'day-cn').ok) return fail(ctx, '110053', undefined, pushIds);
    }
    const fault = await ctx.tokenFaults(pushIds);
    if (fault) return fault;
    if (!gw.quota.take('app-qps', Number(settings.qps ?? meizuLimits.defaultQps), { ms: 1000 }).ok) return fail(ctx, '110010', '应用请求频率超过限制', pushIds);
    if (!gw.quota.take('app-day', Number(settings.dailyLimit ?? meizuLimits.defaultDailyLimit), 'day-cn').ok) return fail(ctx, '110019', undefined, pushIds);

    const now = gw.clock.now();
    const msgId = randomUUID().replace(/-/g, '');
    const refused: Partial<Record<MeizuTargetCode, string[]>> = {};
    const refuse = (code: MeizuTargetCode, pushId: string) => { (refused[code] ??= []).push(pushId); };
    const notice = kind === 'notification' ? (valid.message as MeizuNotificationMessage) : undefined;
    const noticeMsgType = notice?.noticeBarInfo.noticeMsgType === 1 ? 1 : 0;
    for (const pushId of pushIds) {
      const record = meizuPushIdPattern.test(pushId) ? gw.token(pushId) : undefined;
      // "pushId not registered is generally treated as illegal" (mz-api README); unregistered → not subscribed (§8.4)
      if (!record || record.app !== settings.appPackage) { refuse('110003', pushId); continue; }
      if (record.state !== 'active') { refuse('110002', pushId); continue; }
      // "pushId invalid because the user turned the switch off" (§8.4 per-target 110010): the phone reports the switch
      if (notice && !gw.notificationsEnabled(pushId)) { refuse('110010', pushId); continue; }
      // "> 5 messages to one device/app in 1 min get folded (520)" §8.5; assumption: a folded message is not shown
      if (!gw.quota.take(`fold:${pushId}`, Number(settings.foldPerMinute ?? meizuLimits.foldPerMinute), { ms: 60_000 }).ok) { refuse('520', pushId); continue; }
      // public messages have a daily cap (110011) §8.5
      if (notice && noticeMsgType === 0 && !gw.quota.take(`day:public:${pushId}`, Number(settings.publicPerDevicePerDay ?? meizuLimits.publicPerDevicePerDay), 'day-cn').ok) { refuse('110011', pushId); continue; }
      ctx.deliver(delivered(kind, valid.message, { msgId, token: pushId, now, offLine: valid.offLine, validHours: valid.validHours }), policy(valid.offLine));
    }
    const codes = Object.keys(refused);
    ctx.note(codes.length === 1 && refused[codes[0] as MeizuTargetCode]!.length === pushIds.length ? codes[0]! : '200', pushIds);
    const body: MeizuReply = { code: '200', message: '', value: refused as Record<string, string[]>, redirect: '', msgId };
    return json(200, body);
  };
}

// offLine=1 keeps it validTime hours (§8.5); assumption: like the shown notification, storage keeps only the last per notifyKey
const policy = (offLine: boolean): StoragePolicy => ({ storeOffline: offLine, keep: 'by-collapse-key' });

function delivered(kind: Kind, message: MeizuNotificationMessage | MeizuPassThroughMessage, at: { msgId: string; token: string; now: number; offLine: boolean; validHours: number }): DeliveredPush {
  const base = { vendor: 'meizu' as const, messageId: at.msgId, token: at.token, acceptedAt: at.now, expiresAt: at.offLine ? at.now + at.validHours * 3600_000 : at.now, raw: message };
  if (kind === 'pass-through') {
    const m = message as MeizuPassThroughMessage;
    let data: Record<string, string>;
    try { const parsed: unknown = JSON.parse(m.content); data = isRecord(parsed) ? stringMap(parsed) : { content: m.content }; } catch { data = { content: m.content }; }
    return { ...base, kind: 'data', title: m.title, data, messageClass: 'pass-through', priority: 'normal' };
  }
  const m = message as MeizuNotificationMessage;
  const notifyKey = m.advanceInfo?.notifyKey;
  return {
    ...base, kind: 'notification', title: m.noticeBarInfo.title, body: m.noticeBarInfo.content,
    data: stringMap(m.clickTypeInfo?.parameters), messageClass: meizuNoticeClasses[m.noticeBarInfo.noticeMsgType === 1 ? 1 : 0],
    channelId: undefined, // the Meizu API has no channel field (§8.3)
    collapseKey: notifyKey ? notifyKey : undefined,
    priority: m.advanceInfo?.suspend === 0 ? 'normal' : 'high', // assumption: suspend (heads-up, default 1) is Meizu's urgency
  };
}

function fail(ctx: RouteContext, code: MeizuCode, message?: string, tokens?: readonly string[]): WireResponse {
  ctx.note(code, tokens);
  return meizuReply(code, message);
}

/** Meizu Flyme Push mock: notification and pass-through by pushId, form-encoded with an md5 `sign`. */
export const meizuMock: VendorMock = {
  vendor: 'meizu',
  productionUrls: [meizuEndpoints.production, meizuEndpoints.overseas],
  routes: [
    route('POST', /^\/garcia\/api\/server\/push\/varnished\/pushByPushId$/, push('notification')),
    route('POST', /^\/garcia\/api\/server\/push\/unvarnished\/pushByPushId$/, push('pass-through')),
  ],
  // mz-api examples: a letter and 44 alphanumerics, e.g. J0476035d625e6c64567f71487e040e7d017f0558675b
  newToken: () => `J${randomBytes(22).toString('hex')}`,
  statusReply: (status) => {
    const entry = (meizuErrors as Record<string, { httpStatus: number; reason?: string }>)[String(status)];
    return plainText(status, entry?.httpStatus === status ? entry.reason ?? '' : `HTTP ${status}`);
  },
  notFound: (_req: WireRequest, methodMismatch: boolean) => meizuReply(methodMismatch ? '405' : '404'),
  // assumption: an internal failure answers the envelope with 1001 系统错误 (§8.4)
  serverError: () => meizuReply('1001'),
  defaultSettings: meizuDefaultSettings,
};

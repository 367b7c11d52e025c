import { randomInt } from 'node:crypto';
import type { StoragePolicy } from '../common/gateway-state.js';
import { route, type RouteContext, type VendorMock } from '../common/route.js';
import { isRecord, json, parseJson, plainText, type WireRequest, type WireResponse } from '../common/wire.js';
import { beijingHour, validateVivoSend, vivoAuthSign, vivoClasses, vivoEndpoints, vivoLimits, type VivoAuthReply, type VivoInvalidStatus, type VivoSendReply } from './contract.js';
import { vivoErrors, type VivoCode } from './errors.js';

/** Console configuration and gateway switches of the vivo mock (`POST /__pushlab/settings`). */
export const vivoDefaultSettings = {
  /** Largest timeToLive accepted: 1 day (newer modood-vv) or 7 days (older copy, dcloud-opts) — §7.3 conflict. */
  maxTtlSeconds: vivoLimits.maxTtlSecondsNewer,
  qps: vivoLimits.defaultQps,
  /** /message/send calls per app per day before 10070 (§7.4). */
  dailyLimit: vivoLimits.defaultDailyLimit,
  operationalPerUserPerDay: vivoLimits.operationalPerUserPerDay,
  /** Test devices entered in the vivo console; pushMode 1 reaches only these (§7.3). */
  testRegIds: [] as string[],
  /** assumption: the console binds the appId to one Android package; regIds of other apps are unknown to it. */
  appPackage: 'com.pushlab.demo',
};

const taskId = () => `${Date.now()}${randomInt(100_000, 1_000_000)}`;

/** The gateway's error reply for a catalogue code. */
export function vivoReply(code: VivoCode, desc?: string): WireResponse {
  const entry = vivoErrors[code];
  if (entry.httpStatus !== 200) return plainText(entry.httpStatus, entry.reason);
  return json(200, { result: Number(code), desc: desc ?? entry.reason });
}

async function auth(ctx: RouteContext): Promise<WireResponse> {
  const { gw, req } = ctx;
  const body = parseJson(req.body);
  if (!isRecord(body)) return fail(ctx, '10040', 'request body must be a JSON object {appId, appKey, timestamp, sign}');
  const appId = typeof body.appId === 'number' || typeof body.appId === 'string' ? String(body.appId).trim() : '';
  const appKey = typeof body.appKey === 'string' ? body.appKey.trim() : '';
  if (!appId) return fail(ctx, '10200');
  if (!appKey) return fail(ctx, '10201');
  // "limited to 10 calls/s per app" §7.2
  if (!gw.quota.take(`auth:${appId}`, vivoLimits.authCallsPerSecond, { ms: 1000 }).ok) return fail(ctx, '10072', `auth over ${vivoLimits.authCallsPerSecond} calls per second`);
  if (appId !== String(gw.credentials.appId)) return fail(ctx, '10205');
  if (appKey !== gw.credentials.appKey) return fail(ctx, '10202');
  const timestamp = typeof body.timestamp === 'number' ? body.timestamp : typeof body.timestamp === 'string' && /^\d+$/.test(body.timestamp) ? Number(body.timestamp) : NaN;
  // "ms, within ±10 min of vivo server UTC time" §7.2
  if (!Number.isFinite(timestamp) || Math.abs(timestamp - gw.clock.now()) > vivoLimits.timestampSkewMs) return fail(ctx, '10203', 'timestamp 不合法: epoch milliseconds within 10 minutes of the server clock');
  const expected = vivoAuthSign(appId, appKey, String(body.timestamp), String(gw.credentials.appSecret));
  if (body.sign !== expected) return fail(ctx, '10204');
  const issued = gw.issueAccessToken(appId, vivoLimits.authTokenTtlMs);
  ctx.note(0);
  const reply: VivoAuthReply = { result: 0, desc: '请求成功', authToken: issued.token };
  return json(200, reply);
}

async function send(ctx: RouteContext): Promise<WireResponse> {
  const { gw, req } = ctx;
  const access = gw.checkAccessToken(req.headers.authtoken);
  if (access.status !== 'ok') return fail(ctx, '10000', access.status === 'expired' ? '鉴权失败: authToken expired' : '鉴权失败: authToken missing or unknown');
  const body = parseJson(req.body);
  if (!isRecord(body)) return fail(ctx, '10040', '请求体不合法: a JSON object is required');
  // "must match the token's app, else 10094"; number or string (§7.3)
  if (!(typeof body.appId === 'number' || typeof body.appId === 'string') || String(body.appId).trim() !== access.subject) return fail(ctx, '10094');
  const settings = gw.settings as typeof vivoDefaultSettings;
  const valid = validateVivoSend(body, { maxTtlSeconds: Number(settings.maxTtlSeconds ?? vivoLimits.maxTtlSecondsNewer) });
  if (!valid.ok) return fail(ctx, valid.code, valid.detail);
  const { body: message, target, classification } = valid;
  ctx.note('pending', [target.id]);
  const fault = await ctx.tokenFaults([target.id]);
  if (fault) return fault;
  const qps = Number(settings.qps ?? vivoLimits.defaultQps);
  if (!gw.quota.take('send-qps', qps, { ms: 1000 }).ok) return fail(ctx, '10072', `发送速度过快: over ${qps} requests per second`, [target.id]);
  const dailyLimit = Number(settings.dailyLimit ?? vivoLimits.defaultDailyLimit);
  if (!gw.quota.take('send-day', dailyLimit, 'day-cn').ok) return fail(ctx, '10070', `发送总量超出限制: ${dailyLimit} sends today`, [target.id]);

  const id = taskId();
  const invalid = (status: VivoInvalidStatus): WireResponse => {
    ctx.note(`invalidUser.${status}`, [target.id]);
    const reply: VivoSendReply = { result: 0, desc: '请求成功', taskId: id, invalidUser: { userid: target.id, status } };
    return json(200, reply);
  };
  // assumption: the mock binds no aliases, so every alias is an unknown user (status 1)
  const record = target.kind === 'regId' ? gw.token(target.id) : undefined;
  if (!record || record.app !== settings.appPackage) return invalid(1);
  if (record.state !== 'active') return invalid(2);
  if (message.pushMode === 1 && !(Array.isArray(settings.testRegIds) && settings.testRegIds.includes(record.token))) return invalid(4);

  const now = gw.clock.now();
  const messageClass = vivoClasses[classification];
  let deliver = true;
  if (classification === 0 && message.pushMode !== 1) {
    const hour = beijingHour(now);
    const { from, to } = vivoLimits.operationalWindowHours;
    // "operational messages only 07:00–23:00; outside only system messages" §7.5.
    // assumption: vivo accepts them outside the window and never shows them (no error code is documented)
    if (hour < from || hour >= to) deliver = false;
    // "≤ 5 per app per user per day" §7.5; assumption: over the cap the send is accepted and not shown, like Xiaomi (§5.5)
    else if (!gw.quota.take(`day:operational:${record.token}`, Number(settings.operationalPerUserPerDay ?? vivoLimits.operationalPerUserPerDay), 'day-cn').ok) deliver = false;
  }
  if (deliver) {
    const ttlSeconds = message.timeToLive ?? vivoLimits.defaultTtlSeconds;
    // sendOnline=true: deliver only if online now, never cache (§7.3, §7.5)
    const policy: StoragePolicy = { storeOffline: message.sendOnline !== true, keep: 'all' }; // assumption: every message is cached within timeToLive; notifyId replaces on the phone
    ctx.deliver({
      vendor: 'vivo', messageId: id, token: record.token, kind: 'notification',
      title: message.title, body: message.content, data: { ...message.clientCustomMap }, messageClass,
      channelId: undefined, // the vivo API has no channel field (§7.3)
      collapseKey: message.notifyId !== undefined ? String(message.notifyId) : undefined,
      priority: classification === 1 ? 'high' : 'normal', // assumption: vivo has no priority field; system messages are the urgent class
      acceptedAt: now, expiresAt: message.sendOnline === true ? now : now + ttlSeconds * 1000, raw: message,
    }, policy);
  }
  ctx.note(0, [target.id]);
  const reply: VivoSendReply = { result: 0, desc: '请求成功', taskId: id };
  return json(200, reply);
}

function fail(ctx: RouteContext, code: VivoCode, desc?: string, tokens?: readonly string[]): WireResponse {
  ctx.note(code, tokens);
  return vivoReply(code, desc);
}

/** vivo Push mock: `/message/auth` (md5 sign → authToken) and `/message/send` (JSON, `authToken` header). */
export const vivoMock: VendorMock = {
  vendor: 'vivo',
  productionUrls: [vivoEndpoints.production],
  routes: [
    route('POST', /^\/message\/auth$/, auth),
    route('POST', /^\/message\/send$/, send),
  ],
  // modood-vv: "regId 长度23个字符"; assumption: digits, like the ids seen in vivo's console
  newToken: () => `1${Array.from({ length: 22 }, () => randomInt(10)).join('')}`,
  // HTTP 500 "Internet server error!" (§7.4); other transport statuses assumed plain text like it.
  statusReply: (status) => plainText(status, status === 500 ? 'Internet server error!' : status === 429 ? 'Too Many Requests' : 'Service Unavailable'),
  notFound: (_req: WireRequest, methodMismatch: boolean) => (methodMismatch ? vivoReply('405') : vivoReply('404')),
  serverError: () => vivoReply('500'),
  defaultSettings: vivoDefaultSettings,
};

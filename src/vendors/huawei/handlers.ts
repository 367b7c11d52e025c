import { randomBytes, randomInt } from 'node:crypto';
import type { StoragePolicy } from '../common/gateway-state.js';
import type { DeliveredPush } from '../common/push.js';
import { route, type RouteContext, type VendorMock } from '../common/route.js';
import { json, parseForm, parseJson, type WireRequest, type WireResponse } from '../common/wire.js';
import {
  huaweiData, huaweiEndpoints, huaweiLimits, isWellFormedHuaweiToken, parseHuaweiDuration, validateHuaweiSend,
  type HuaweiMessage, type HuaweiReply, type HuaweiTokenErrorReply, type HuaweiTokenReply,
} from './contract.js';
import { HUAWEI_SUCCESS, huaweiErrors, huaweiHttpModeStatus, type HuaweiBodyCode } from './errors.js';

/** Console configuration the mock needs (set through `POST /__pushlab/settings`). */
export const huaweiDefaultSettings = {
  /** 'body': business errors as HTTP 200 + body code (default); 'http': the 4xx/5xx mapping of §3.4. */
  httpStatusMode: 'body' as 'body' | 'http',
  /** The Android package of the AppGallery app the credentials' appId names; tokens of other apps are invalid here. */
  packageName: 'com.pushlab.demo',
  /** The project id the v2 path carries (§3.1). assumption: a made-up AppGallery project id for the mock */
  projectId: '388421841221000001',
  /** Push Kit enabled for the app in AppGallery Connect; false → 80300002. */
  pushEnabled: true,
  /** Self-classification approved (§3.5): categories and importance count; otherwise everything is machine-classified. */
  selfClassification: true,
  /** Permission for importance HIGH notifications (§3.3); without it → 80300011. */
  highImportancePermission: false,
  /** Permission for urgency HIGH data messages (§3.3). assumption: without it the message is sent at NORMAL, not refused */
  highUrgencyPermission: false,
  /** 2 for most apps, 5 with a news licence (§3.5). */
  marketingPerDevicePerDay: huaweiLimits.marketingPerDevicePerDay as number,
  /** Requests per second before system flow control answers 503 (§3.5: floor 6000). */
  qps: huaweiLimits.minQps as number,
  /** Words whose presence in title/body gets 80100016 (§3.4); empty by default. */
  sensitiveWords: [] as string[],
};

type Settings = typeof huaweiDefaultSettings;
const setting = <K extends keyof Settings>(ctx: RouteContext, key: K): Settings[K] => (ctx.gw.settings[key] ?? huaweiDefaultSettings[key]) as Settings[K];

let requestSeq = 0;
/** Huawei request ids are long digit strings (e.g. "158720216186917495807201"). */
const newRequestId = (now: number) => `${now}${String(++requestSeq % 10_000).padStart(4, '0')}${randomInt(1_000_000, 9_999_999)}`;

/** The gateway's reply for a code, with the HTTP status of the current mode (§3.4). */
export function huaweiReply(code: HuaweiBodyCode | typeof HUAWEI_SUCCESS, msg: string, mode: 'body' | 'http', now = Date.now()): WireResponse {
  const status = code === HUAWEI_SUCCESS || mode === 'body' ? 200 : huaweiHttpModeStatus[code];
  const body: HuaweiReply = { code, msg, requestId: newRequestId(now) };
  return json(status, body);
}

function fail(ctx: RouteContext, code: HuaweiBodyCode, detail?: string, tokens?: readonly string[]): WireResponse {
  ctx.note(code, tokens);
  const reason = huaweiErrors[code].reason;
  return huaweiReply(code, detail ? `${reason}: ${detail}` : reason, setting(ctx, 'httpStatusMode'), ctx.gw.clock.now());
}

// assumption: the OAuth error shape, its HTTP 400 and the sub_error numbers; §3.2 only says `error` and `error_description`
function oauthError(ctx: RouteContext, subError: number, description: string): WireResponse {
  ctx.note(1101);
  const body: HuaweiTokenErrorReply = { error: 1101, sub_error: subError, error_description: description };
  return json(400, body);
}

/** `POST /oauth2/v3/token` (and v2): client_credentials with AppId / AppSecret (§3.2). */
function token(ctx: RouteContext): WireResponse {
  const { gw, req } = ctx;
  const form = parseForm(req.body);
  const grantType = form.get('grant_type');
  const clientId = form.get('client_id');
  const clientSecret = form.get('client_secret');
  if (!grantType || !clientId || !clientSecret) return oauthError(ctx, 20001, `invalid request: missing ${['grant_type', 'client_id', 'client_secret'].filter((p) => !form.get(p)).join(', ')}`);
  if (grantType !== 'client_credentials') return oauthError(ctx, 20003, `unsupported grant_type ${grantType}`);
  if (clientId !== String(gw.credentials.appId)) return oauthError(ctx, 12302, 'invalid client_id');
  if (clientSecret !== String(gw.credentials.appSecret)) return oauthError(ctx, 12304, 'invalid client_secret');
  const issued = gw.issueAccessToken(clientId, huaweiLimits.accessTokenSeconds * 1000);
  const body: HuaweiTokenReply = { access_token: issued.token, expires_in: huaweiLimits.accessTokenSeconds, token_type: 'Bearer' };
  return json(200, body, { 'cache-control': 'no-store' });
}

/** Which app a send path names: v1 carries the appId, v2 the project id (§3.1). */
function appOfPath(ctx: RouteContext): string {
  if (ctx.params.app !== undefined) return ctx.params.app;
  // assumption: the v2 path also accepts the appId in place of the project id
  return ctx.params.project === setting(ctx, 'projectId') ? String(ctx.gw.credentials.appId) : String(ctx.params.project);
}

/** Service & communication vs news & marketing (§3.5), and the class word the device sees. */
export function huaweiClassify(message: HuaweiMessage, selfClassification: boolean): { level: 'service' | 'marketing'; messageClass?: string } {
  const android = message.android;
  const notification = message.notification !== undefined || android?.notification !== undefined;
  const category = selfClassification ? android?.category : undefined;
  // data messages are not notification pushes: not counted against the marketing quota. assumption: §3.5 counts notification messages
  if (!notification) return { level: 'service', messageClass: category };
  if (category) return { level: category === 'MARKETING' ? 'marketing' : 'service', messageClass: category };
  const importance = selfClassification ? android?.notification?.importance : undefined;
  if (importance === 'NORMAL' || importance === 'HIGH') return { level: 'service', messageClass: importance };
  if (importance === 'LOW') return { level: 'marketing', messageClass: 'LOW' };
  // no (approved) self-classification: machine classification. assumption: the mock, which cannot read content, files it under news & marketing
  return { level: 'marketing', messageClass: 'MARKETING' };
}

/** Offline caching by collapse_key (§3.3, §3.6): -1 all, 0 newest only, 1..100 newest per group; ttl 0 is never cached. */
export function huaweiStoragePolicy(message: HuaweiMessage): StoragePolicy {
  const ttl = message.android?.ttl !== undefined ? parseHuaweiDuration(message.android.ttl) : undefined;
  const collapse = message.android?.collapse_key ?? -1;
  // assumption: ttl "0" means deliver now or never, as on the other gateways; §3.3 gives no meaning for 0
  const storeOffline = ttl !== 0;
  if (collapse === 0) return { storeOffline, keep: 'newest' };
  if (collapse > 0) return { storeOffline, keep: 'by-collapse-key' };
  return { storeOffline, keep: 'all' };
}

/** The push as a device receives it. */
export function huaweiDelivered(message: HuaweiMessage, requestId: string, token: string, now: number, settings: { selfClassification: boolean; highUrgencyPermission: boolean }): DeliveredPush {
  const android = message.android;
  const an = android?.notification;
  const notification = message.notification !== undefined || an !== undefined;
  const { level, messageClass } = huaweiClassify(message, settings.selfClassification);
  const ttl = android?.ttl !== undefined ? parseHuaweiDuration(android.ttl)! : huaweiLimits.defaultTtlSeconds;
  const collapse = android?.collapse_key;
  const urgent = android?.urgency === 'HIGH' && settings.highUrgencyPermission;
  return {
    vendor: 'huawei',
    messageId: requestId,
    token,
    kind: notification ? 'notification' : 'data',
    title: an?.title ?? message.notification?.title,
    body: an?.body ?? message.notification?.body,
    // android.data overrides message.data (modood-hw)
    data: huaweiData(android?.data ?? message.data),
    messageClass,
    // custom channels are honoured only for service & communication messages; marketing goes to Huawei's own channel (§3.3 dcloud-opts)
    channelId: notification && level === 'service' ? an?.channel_id : undefined,
    // a 1..100 group collapses in the offline cache; otherwise notify_id replaces the shown notification (§3.3)
    collapseKey: collapse !== undefined && collapse > 0 ? `group-${collapse}` : an?.notify_id !== undefined && an.notify_id !== -1 ? String(an.notify_id) : undefined,
    // marketing-level notifications are silent (§3.6); data goes HIGH only with the permission (§3.3)
    priority: notification ? (level === 'service' ? 'high' : 'normal') : urgent ? 'high' : 'normal',
    acceptedAt: now,
    expiresAt: now + Math.round(ttl * 1000),
    raw: message,
  };
}

/** `POST /v1/<appId>/messages:send` and `/v2/<projectId>/messages:send` (§3.1–§3.5). */
async function send(ctx: RouteContext): Promise<WireResponse> {
  const { gw, req } = ctx;
  const appId = appOfPath(ctx);
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const checked = gw.checkAccessToken(bearer);
  if (checked.status === 'expired') return fail(ctx, '80200003');
  if (checked.status !== 'ok') return fail(ctx, '80200001', req.headers.authorization ? 'the access token in Authorization was not issued by this server' : 'Authorization: Bearer <access token> header missing');
  // an access token of app A used for app B (§3.2)
  if (checked.subject !== appId) return fail(ctx, '80200001', `the access token belongs to app ${checked.subject}, not ${appId}`);
  const qps = Number(setting(ctx, 'qps'));
  if (!gw.quota.take(`qps:${appId}`, qps, { ms: 1000 }).ok) {
    ctx.note(503);
    return { status: 503, headers: { 'content-type': 'text/plain', 'retry-after': '1' }, body: 'Service Unavailable' };
  }
  if (!setting(ctx, 'pushEnabled')) return fail(ctx, '80300002', `Push Kit is not enabled for app ${appId}`);
  const parsed = parseJson(req.body);
  if (parsed === undefined) return fail(ctx, '80100003', req.body.length ? 'the body is not JSON' : 'the body is empty');
  const valid = validateHuaweiSend(parsed);
  if (!valid.ok) return fail(ctx, valid.problem.code as HuaweiBodyCode, valid.problem.detail);
  const { message, validate_only: validateOnly } = valid.request;
  const an = message.android?.notification;
  const text = `${an?.title ?? ''} ${an?.body ?? ''} ${message.notification?.title ?? ''} ${message.notification?.body ?? ''}`;
  const sensitive = setting(ctx, 'sensitiveWords').find((w) => w && text.includes(w));
  if (sensitive) return fail(ctx, '80100016', `"${sensitive}"`);
  if (an?.importance === 'HIGH' && !setting(ctx, 'highImportancePermission')) return fail(ctx, '80300011', 'importance HIGH needs the high-priority notification permission (EMUI 10+)');

  const tokens = message.token ?? [];
  ctx.note('pending', tokens);
  const fault = await ctx.tokenFaults(tokens);
  if (fault) return fault;
  // validate_only only checks the message (§3.3)
  if (validateOnly) { ctx.note(HUAWEI_SUCCESS, tokens); return huaweiReply(HUAWEI_SUCCESS, 'Success', 'body', gw.clock.now()); }

  const packageName = setting(ctx, 'packageName');
  const isValid = (t: string) => { const r = gw.token(t); return r !== undefined && r.state === 'active' && r.app === packageName; };
  const good = tokens.filter(isValid);
  const illegal = tokens.filter((t) => !isValid(t));
  // uninstalled, another app's, or malformed tokens are all "invalid" (§3.4 80300007)
  if (tokens.length > 0 && good.length === 0) return fail(ctx, '80300007', illegal.some((t) => !isWellFormedHuaweiToken(t)) ? 'malformed token' : undefined, tokens);

  const now = gw.clock.now();
  const requestId = newRequestId(now);
  const options = { selfClassification: Boolean(setting(ctx, 'selfClassification')), highUrgencyPermission: Boolean(setting(ctx, 'highUrgencyPermission')) };
  const { level } = huaweiClassify(message, options.selfClassification);
  const policy = huaweiStoragePolicy(message);
  for (const target of good) {
    if (level === 'marketing') {
      // test messages: 500/app/day, outside the device limits (§3.3 target_user_type)
      const fits = message.android?.target_user_type === 1
        ? gw.quota.take(`test:${appId}`, huaweiLimits.testMessagesPerAppPerDay, 'day-cn').ok
        : gw.quota.take(`marketing:${target}`, Number(setting(ctx, 'marketingPerDevicePerDay')), 'day-cn').ok;
      // over the daily cap the gateway still answers success; the device never gets it. assumption: §3.5 documents no error code
      if (!fits) continue;
    }
    ctx.deliver(huaweiDelivered(message, requestId, target, now, options), policy);
  }
  if (illegal.length) {
    ctx.note('80100000', tokens);
    // failed tokens are listed in msg (§3.4). assumption: msg is this JSON string
    const msg = JSON.stringify({ success: good.length, failure: illegal.length, illegal_tokens: illegal });
    const body: HuaweiReply = { code: '80100000', msg, requestId };
    return json(200, body);
  }
  // assumption: a topic or condition message is accepted and reaches no one: the mock keeps no topic subscriptions
  ctx.note(HUAWEI_SUCCESS, tokens);
  const body: HuaweiReply = { code: HUAWEI_SUCCESS, msg: 'Success', requestId };
  return json(200, body);
}

/** The gateway's answer for an injected HTTP status: business codes where §3.4 maps one, plain text otherwise. */
function statusReply(status: number): WireResponse {
  const byStatus: Record<number, HuaweiBodyCode> = { 400: '80100001', 401: '80200001', 403: '80300002', 413: '80300008', 500: '81000001' };
  const code = byStatus[status];
  if (code) return { ...huaweiReply(code, huaweiErrors[code].reason, 'http'), status };
  // assumption: flow control (503) and other front-proxy statuses come as plain text; HMS-node honours Retry-After on 503
  const text: Record<number, string> = { 429: 'Too Many Requests', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };
  return { status, headers: { 'content-type': 'text/plain', ...(status === 503 || status === 429 ? { 'retry-after': '1' } : {}) }, body: text[status] ?? 'Error' };
}

// assumption: unknown paths and wrong methods get the API gateway's plain 404 / 405
function notFound(_req: WireRequest, methodMismatch: boolean): WireResponse {
  return methodMismatch
    ? { status: 405, headers: { 'content-type': 'text/plain', allow: 'POST' }, body: 'Method Not Allowed' }
    : { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' };
}

/** A token in HMS's shape (`IQAAAACy0…`, ~130 base64 characters). */
export function newHuaweiToken(): string {
  return `IQAAAACy0${randomBytes(96).toString('base64').replace(/[+/=]/g, '').slice(0, 121)}`;
}

/** Huawei Push Kit mock: `/oauth2/v3/token` (and v2) and `/v1/<appId>/messages:send` (and v2 by project id). */
export const huaweiMock: VendorMock = {
  vendor: 'huawei',
  productionUrls: [huaweiEndpoints.production, huaweiEndpoints.oauth],
  routes: [
    route('POST', /^\/oauth2\/v[23]\/token$/, token),
    route('POST', /^\/v1\/(?<app>[^/]+)\/messages:send$/, send),
    route('POST', /^\/v2\/(?<project>[^/]+)\/messages:send$/, send),
  ],
  newToken: newHuaweiToken,
  statusReply,
  notFound,
  // assumption: a failure inside the gateway is a 500 with the internal-error code, whatever the status mode
  serverError: () => ({ ...huaweiReply('81000001', huaweiErrors['81000001'].reason, 'http'), status: 500 }),
  defaultSettings: huaweiDefaultSettings,
};

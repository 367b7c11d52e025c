import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { StoragePolicy } from '../common/gateway-state.js';
import { route, type RouteContext, type VendorMock } from '../common/route.js';
import type { WireRequest, WireResponse } from '../common/wire.js';
import { oppoData, oppoEndpoints, oppoLimits, oppoSign, validateOppoUnicast, type OppoAuthReply, type OppoReply, type OppoSendReply } from './contract.js';
import { oppoErrors, type OppoCode } from './errors.js';

/** Console configuration and switches of the OPPO mock (`/__pushlab/settings`). */
export const oppoDefaultSettings = {
  /** The Android package the app key belongs to; regIds of other packages are invalid for it. */
  appPackage: 'com.pushlab.demo',
  /** Channel ids registered as private (私信) in the OPush console: unlimited (§6.5). */
  privateChannels: ['pushlab_call'] as string[],
  publicPerDevicePerDay: oppoLimits.publicPerDevicePerDay,
  publicPerAppPerDay: oppoLimits.publicPerAppPerDay,
  /**
   * Over the per-device public cap: 'drop' accepts the push and never delivers it; 'reject' answers 33.
   * assumption: 33 is documented as the (app's) daily message limit (§6.4); the per-device cap (§6.5)
   * is taken to be enforced at delivery, so 'drop' is the default.
   */
  overDeviceCap: 'drop' as 'drop' | 'reject',
  qps: oppoLimits.defaultQps,
  /** alias → regId, for `target_type: 5`. */
  aliases: {} as Record<string, string>,
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The gateway's error reply for a catalogue code. */
export function oppoReply(code: OppoCode, detail?: string): WireResponse {
  const entry = oppoErrors[code];
  const body: OppoReply = { code: Number(code), message: detail ? `${entry.reason}: ${detail}` : entry.reason };
  return { status: entry.httpStatus, body };
}

/** Reads a form body, or says it is not UTF-8 (code 25, §6.4; the API is UTF-8 only, §6.1). */
function readForm(req: WireRequest): URLSearchParams | undefined {
  try {
    const text = utf8.decode(req.body);
    for (const part of text.split('&')) decodeURIComponent(part.replace(/\+/g, ' '));
    return new URLSearchParams(text);
  } catch {
    return undefined;
  }
}

/** `POST /server/v1/auth` (§6.2): app_key + 13-digit timestamp + sha256 sign → auth_token for 24 h. */
function auth(ctx: RouteContext): WireResponse {
  const { gw, req } = ctx;
  const form = readForm(req);
  if (!form) return fail(ctx, '25', 'the body must be UTF-8 form data');
  const appKey = form.get('app_key');
  const timestamp = form.get('timestamp');
  const sign = form.get('sign');
  if (!appKey) return fail(ctx, '15', 'app_key is required');
  if (appKey !== gw.credentials.appKey) return fail(ctx, '14', 'no app has this app_key');
  if (!sign) return fail(ctx, '17', 'sign is required');
  if (!timestamp) return fail(ctx, '18', 'timestamp is required');
  if (!/^\d{13}$/.test(timestamp)) return fail(ctx, '19', 'timestamp must be 13-digit epoch milliseconds');
  const skew = Math.abs(Number(timestamp) - gw.clock.now());
  if (skew > oppoLimits.timestampSkewMs) return fail(ctx, '19', `timestamp is ${Math.round(skew / 1000)} s away from server time (limit 600 s)`);
  const expected = Buffer.from(oppoSign(appKey, timestamp, String(gw.credentials.masterSecret)));
  const given = Buffer.from(sign.toLowerCase());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return fail(ctx, '16', 'sign must be sha256(appKey + timestamp + masterSecret), lower-case hex');
  const now = gw.clock.now();
  const { token } = gw.issueAccessToken(appKey, oppoLimits.authTokenMs);
  ctx.note(0);
  const body: OppoAuthReply = { code: 0, message: 'Success', data: { auth_token: token, create_time: now } };
  return { status: 200, body };
}

/** `POST /server/v1/message/notification/unicast` (§6.3–§6.5). */
async function unicast(ctx: RouteContext): Promise<WireResponse> {
  const { gw, req } = ctx;
  const form = readForm(req);
  if (!form) return fail(ctx, '25', 'the body must be UTF-8 form data');
  const authToken = form.get('auth_token');
  if (!authToken) return fail(ctx, '29', 'auth_token is required in the form body');
  const access = gw.checkAccessToken(authToken);
  if (access.status !== 'ok') return fail(ctx, '11', access.status === 'expired' ? 'auth_token expired (24 h); call /server/v1/auth again' : 'unknown auth_token');
  const valid = validateOppoUnicast(form.get('message'));
  if (!valid.ok) return fail(ctx, valid.code, valid.detail);
  const { message } = valid;
  const n = message.notification;
  const aliases = (gw.settings.aliases ?? {}) as Record<string, string>;
  const regId = message.target_type === 5 ? aliases[message.target_value] ?? message.target_value : message.target_value;
  ctx.note('pending', [regId]);
  const fault = await ctx.tokenFaults([regId]);
  if (fault) return fault;
  const qps = Number(gw.settings.qps ?? oppoLimits.defaultQps);
  if (!gw.quota.take('app-qps', qps, { ms: 1000 }).ok) return fail(ctx, '55', `over ${qps} requests per second`, [regId]);
  const record = gw.token(regId);
  const appPackage = String(gw.settings.appPackage ?? oppoDefaultSettings.appPackage);
  // assumption: unknown, uninstalled and other apps' regIds answer 10000 like a malformed one (§6.4: unicast codes unconfirmed)
  if (!record || record.state !== 'active' || record.app !== appPackage) return fail(ctx, '10000', message.target_type === 5 ? `no device for alias ${message.target_value}` : 'registration_id is not registered for this app', [regId]);

  const messageId = `${String(gw.credentials.appId)}-1-1-${randomBytes(12).toString('hex')}`;
  const reply: OppoSendReply = { code: 0, message: 'Success', data: { messageId } };
  const accepted = (): WireResponse => { ctx.note(0, [regId]); return { status: 200, body: reply }; };
  // §6.3 app_message_id: the same id is pushed once per target; assumption: a repeat is accepted and not delivered, within 24 h
  if (n.app_message_id && !gw.quota.take(`app-message-id:${n.app_message_id}:${regId}`, 1, { ms: 24 * 3600_000 }).ok) return accepted();
  const privateChannels = (gw.settings.privateChannels ?? []) as string[];
  const messageClass = n.channel_id !== undefined && privateChannels.includes(n.channel_id) ? 'private' : 'public';
  if (messageClass === 'public') {
    const appCap = Number(gw.settings.publicPerAppPerDay ?? oppoLimits.publicPerAppPerDay);
    if (!gw.quota.take('day:public:app', appCap, 'day-cn').ok) return fail(ctx, '33', `public messages over ${appCap} today`, [regId]);
    const deviceCap = Number(gw.settings.publicPerDevicePerDay ?? oppoLimits.publicPerDevicePerDay);
    if (!gw.quota.take(`day:public:${regId}`, deviceCap, 'day-cn').ok) {
      if (gw.settings.overDeviceCap === 'reject') return fail(ctx, '33', `public messages to this device over ${deviceCap} today`, [regId]);
      return accepted();
    }
  }
  const now = gw.clock.now();
  const ttlSeconds = n.off_line_ttl ?? oppoLimits.defaultOffLineTtlSeconds;
  // §6.6: cached for off_line_ttl when off_line is true (the default, §6.3)
  const policy: StoragePolicy = { storeOffline: n.off_line !== false && ttlSeconds > 0, keep: 'all' }; // assumption: every cached message is kept; notify_id replacement happens in the device's shade (§6.6)
  ctx.deliver({
    vendor: 'oppo', messageId, token: regId, kind: 'notification', title: n.title, body: n.content,
    data: oppoData(n.action_parameters), messageClass, channelId: n.channel_id,
    collapseKey: n.notify_id !== undefined ? String(n.notify_id) : undefined,
    // assumption: private-channel and strong-reminder (notify_level 16) messages are the high-priority class
    priority: messageClass === 'private' || n.notify_level === 16 ? 'high' : 'normal',
    acceptedAt: now, expiresAt: now + ttlSeconds * 1000, raw: message,
  }, policy);
  return accepted();
}

function fail(ctx: RouteContext, code: OppoCode, detail: string, tokens?: readonly string[]): WireResponse {
  ctx.note(code, tokens);
  return oppoReply(code, detail);
}

/** OPPO Push mock: `/server/v1/auth` and `/server/v1/message/notification/unicast`, form-encoded, auth_token in the body. */
export const oppoMock: VendorMock = {
  vendor: 'oppo',
  productionUrls: [oppoEndpoints.production, oppoEndpoints.international],
  routes: [
    route('POST', /^\/server\/v1\/auth$/, auth),
    route('POST', /^\/server\/v1\/message\/notification\/unicast$/, unicast),
  ],
  // §6.1: mainland regIds are one segment, `CN_…` or `OPPO_CN_…`
  newToken: () => `OPPO_CN_${randomBytes(16).toString('hex')}`,
  statusReply: (status) => ({ status, headers: { 'content-type': 'text/plain' }, body: status === 429 ? 'Too Many Requests' : 'Service Unavailable' }), // assumption: transport-level errors come from the front proxy as plain text
  // assumption: the API answers an unknown path with 20 (Invalid Method) and a wrong HTTP method with 12, as HTTP 200 (§6.4)
  notFound: (_req: WireRequest, methodMismatch: boolean) => methodMismatch ? oppoReply('12') : oppoReply('20'),
  serverError: () => oppoReply('-1'),
  defaultSettings: oppoDefaultSettings,
};

import { randomBytes } from 'node:crypto';
import type { StoragePolicy } from '../common/gateway-state.js';
import { route, type RouteContext, type VendorMock } from '../common/route.js';
import { parseForm, type WireRequest, type WireResponse } from '../common/wire.js';
import { payloadData, validateXiaomiSend, xiaomiEndpoints, xiaomiLimits, type XiaomiReply } from './contract.js';
import { xiaomiErrors, type XiaomiCode } from './errors.js';

/** Console configuration the mock needs: which notification channels were approved as private ("私信"). */
export const xiaomiDefaultSettings = {
  /** channel_id → class; an id missing here counts as the default channel (1/device/day, §5.5). */
  channels: { pushlab_call: 'private', pushlab_news: 'public' } as Record<string, 'private' | 'public'>,
  qps: xiaomiLimits.defaultQps,
};

const traceId = () => `Xcm${randomBytes(10).toString('hex')}`;

/** The gateway's error reply for a catalogue code. */
export function xiaomiReply(code: XiaomiCode, detail?: string): WireResponse {
  const entry = xiaomiErrors[code];
  const body: XiaomiReply = { result: 'error', trace_id: traceId(), code: Number(code), description: entry.reason, reason: detail ?? entry.reason };
  return { status: entry.httpStatus, body };
}

async function sendByRegId(ctx: RouteContext): Promise<WireResponse> {
  const { gw, req } = ctx;
  const auth = req.headers.authorization;
  if (!auth) return fail(ctx, '10006', 'Authorization: key=<AppSecret> header missing');
  if (auth !== `key=${gw.credentials.appSecret}`) return fail(ctx, '21301', 'Invalid application secret!');
  const valid = validateXiaomiSend(parseForm(req.body), req.body.length);
  if (!valid.ok) return fail(ctx, valid.code, valid.detail);
  const { form, regIds } = valid;
  ctx.note('pending', regIds);
  const fault = await ctx.tokenFaults(regIds);
  if (fault) return fault;
  const qps = Number(gw.settings.qps ?? xiaomiLimits.defaultQps);
  if (!gw.quota.take('app-qps', qps, { ms: 1000 }).ok) return fail(ctx, '10027', `over ${qps} requests per second`);
  const known = regIds.map((id) => gw.token(id)).filter((t): t is NonNullable<typeof t> => t !== undefined && t.state === 'active');
  if (known.length === 0) return fail(ctx, '20301', 'No valid targets!', regIds);
  if (!known.some((t) => t.app === form.restricted_package_name)) return fail(ctx, '22022', `restricted_package_name ${form.restricted_package_name} does not match the regids' app`, regIds);

  const now = gw.clock.now();
  const messageId = `scm${gw.nextMessageId()}`;
  const channelId = form['extra.channel_id'];
  const channels = (gw.settings.channels ?? {}) as Record<string, 'private' | 'public'>;
  const messageClass = channelId && channels[channelId] ? channels[channelId] : 'default';
  const ttlMs = form.time_to_live !== undefined ? Number(form.time_to_live) : xiaomiLimits.maxTtlMs;
  // only_send_once=1: deliver to devices online now, never cache (§5.3)
  const policy: StoragePolicy = { storeOffline: form['extra.only_send_once'] !== '1', keep: 'all' }; // assumption: MiPush keeps every cached message within TTL
  let exceeded = 0;
  for (const target of known) {
    if (target.app !== form.restricted_package_name) continue;
    const limit = messageClass === 'public' ? xiaomiLimits.publicPerDevicePerDay : messageClass === 'default' ? xiaomiLimits.defaultChannelPerDevicePerDay : Infinity;
    // Over the per-device daily cap the gateway still accepts the send; the device just never gets it (§5.5).
    if (limit !== Infinity && !gw.quota.take(`day:${messageClass}:${target.token}`, limit, 'day-cn').ok) { exceeded += 1; continue; }
    ctx.deliver({
      vendor: 'xiaomi', messageId, token: target.token, kind: form.pass_through === '1' ? 'data' : 'notification',
      title: form.title, body: form.description, data: payloadData(form.payload), messageClass, channelId,
      collapseKey: form.notify_id, priority: 'high', acceptedAt: now, expiresAt: ttlMs > 0 ? now + ttlMs : now, raw: form,
    }, policy);
  }
  ctx.note(0, regIds);
  const body: XiaomiReply = {
    result: 'ok', trace_id: traceId(), code: 0, description: '成功', info: `Received push messages for ${regIds.length} REG_ID`,
    data: { id: messageId, ...(exceeded ? { channel_exceed_quota: String(exceeded) } : {}) },
  };
  return { status: 200, body };
}

function fail(ctx: RouteContext, code: XiaomiCode, detail: string, tokens?: readonly string[]): WireResponse {
  ctx.note(code, tokens);
  return xiaomiReply(code, detail);
}

/** Xiaomi MiPush mock: `/v3/message/regid` (and v2), form-encoded, `Authorization: key=<AppSecret>`. */
export const xiaomiMock: VendorMock = {
  vendor: 'xiaomi',
  productionUrls: [xiaomiEndpoints.production, xiaomiEndpoints.global],
  routes: [
    route('POST', /^\/v[23]\/message\/regid$/, sendByRegId),
  ],
  newToken: () => randomBytes(48).toString('base64'),
  statusReply: (status) => ({ status, headers: { 'content-type': 'text/plain' }, body: status === 429 ? 'Too Many Requests' : 'Service Unavailable' }), // assumption: transport-level errors come from the front proxy as plain text
  notFound: (_req: WireRequest, methodMismatch: boolean) => methodMismatch ? xiaomiReply('10021') : xiaomiReply('10020'),
  serverError: () => xiaomiReply('10001'),
  defaultSettings: xiaomiDefaultSettings,
};

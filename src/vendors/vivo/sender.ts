import { createHash, randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../common/clock.js';
import { transportError, VendorError, vendorErrorFrom } from '../common/errors.js';
import { httpRequest, joinUrl, type HttpReply } from '../common/http-client.js';
import type { OutgoingPush, SendResult, SenderEndpoint, VendorSender } from '../common/push.js';
import { shortToken } from '../common/redact.js';
import { TokenCache } from '../common/token-cache.js';
import { isRecord } from '../common/wire.js';
import { vivoAuthSign, vivoCategories, vivoEndpoints, vivoLimits, type VivoAuthRequest, type VivoSendBody } from './contract.js';
import { vivoErrors } from './errors.js';

export interface VivoCredentials {
  readonly appId: string;
  readonly appKey: string;
  readonly appSecret: string;
}

/** How long the sender keeps an authToken: vivo asks for a refresh every 1–2 h though it lives 1 day (§7.2). */
export const VIVO_TOKEN_REFRESH_MS = 3600_000;

/** A collapse id as a vivo notifyId (1..2147483647, §7.3): the same id always gives the same number. */
export function vivoNotifyIdFor(collapseId: string): number {
  const n = createHash('md5').update(collapseId, 'utf8').digest().readUInt32BE(0) % vivoLimits.notifyIdMax;
  return n + 1;
}

/**
 * The `/message/send` body a push becomes (§7.3). Call invitations default to system messages
 * (classification 1, category IM): unlimited and shown at night, where operational ones are not (§7.5).
 */
export function vivoMessage(push: OutgoingPush, appId: string, requestId: string = randomUUID()): VivoSendBody {
  const o = push.options ?? {};
  const category = o.category ?? (o.classification === 0 ? undefined : 'IM');
  const implied = category !== undefined && category in vivoCategories ? vivoCategories[category as keyof typeof vivoCategories] : undefined;
  const body: VivoSendBody = {
    // the newer modood-vv sends a number here, the older a string; the gateway takes both (§7.3)
    appId: /^\d{1,15}$/.test(appId) ? Number(appId) : appId,
    regId: push.token,
    notifyType: 4, // ring and vibrate (§7.3)
    title: push.title ?? '',
    content: push.body ?? '',
    skipType: 1, // open the app's home page (§7.3)
    classification: o.classification ?? implied ?? 1,
    requestId,
    foregroundShow: true, // show the invitation even when the app is in the foreground (§7.3)
  };
  if (category !== undefined) body.category = category;
  if (push.ttlSeconds === 0) body.sendOnline = true; // deliver now or never (§7.3)
  else if (push.ttlSeconds !== undefined) body.timeToLive = Math.max(vivoLimits.minTtlSeconds, Math.round(push.ttlSeconds));
  if (push.data && Object.keys(push.data).length) body.clientCustomMap = { ...push.data };
  const notifyId = o.notifyId ?? (push.collapseId !== undefined ? vivoNotifyIdFor(push.collapseId) : undefined);
  if (notifyId !== undefined) body.notifyId = notifyId;
  return body;
}

/** vivo Push sender: `/message/auth` (md5 sign) → cached authToken header → `/message/send` JSON (§7.2, §7.3). */
export function createVivoSender(credentials: VivoCredentials, endpoint: SenderEndpoint = {}, options: { clock?: Clock } = {}): VendorSender {
  const clock = options.clock ?? systemClock;
  const base = endpoint.baseUrl ?? vivoEndpoints.production;
  const authBase = endpoint.authBaseUrl ?? base;
  const authTokens = new TokenCache(async () => {
    const timestamp = clock.now();
    const request: VivoAuthRequest = { appId: credentials.appId, appKey: credentials.appKey, timestamp, sign: vivoAuthSign(credentials.appId, credentials.appKey, timestamp, credentials.appSecret) };
    const reply = await httpRequest('vivo', joinUrl(authBase, vivoEndpoints.auth), {
      headers: { 'content-type': 'application/json;charset=UTF-8' },
      body: JSON.stringify(request),
      timeoutMs: endpoint.timeoutMs,
    });
    const body = resultBody(reply, '/message/auth');
    if (body.result !== 0 || typeof body.authToken !== 'string' || !body.authToken) {
      throw vendorErrorFrom('vivo', vivoErrors, body.result, reply.status, `/message/auth for appId ${credentials.appId}: ${String(body.desc ?? '')}; check appId, appKey, appSecret and the clock`);
    }
    return { token: body.authToken, expiresAt: clock.now() + VIVO_TOKEN_REFRESH_MS };
  }, clock);

  return {
    vendor: 'vivo',
    async send(push: OutgoingPush): Promise<SendResult> {
      if (push.kind !== 'notification') {
        throw new VendorError('vivo', 'PASS_THROUGH_UNSUPPORTED', { reason: 'vivo Push has no pass-through or VoIP messages', httpStatus: 0, retryable: false, tokenInvalid: false, kind: 'validation' }, {
          detail: `got kind "${push.kind}" for ${shortToken(push.token)}; send kind "notification" with a title and body — the data map travels as clientCustomMap (reference/vendor-gateways.md §7.3)`,
        });
      }
      const message = vivoMessage(push, credentials.appId);
      for (let attempt = 1; ; attempt++) {
        const token = await authTokens.get();
        const reply = await httpRequest('vivo', joinUrl(base, vivoEndpoints.send), {
          headers: { 'content-type': 'application/json;charset=UTF-8', authToken: token },
          body: JSON.stringify(message),
          timeoutMs: endpoint.timeoutMs,
        });
        const body = resultBody(reply, '/message/send');
        // 10000 鉴权失败: the authToken expired or was revoked — fetch a new one and try once more
        if (body.result === 10000 && attempt === 1) { authTokens.invalidate(); continue; }
        if (body.result !== 0) throw vendorErrorFrom('vivo', vivoErrors, body.result, reply.status, String(body.desc ?? ''));
        const invalid = body.invalidUser;
        if (isRecord(invalid)) {
          const status = Number(invalid.status);
          throw vendorErrorFrom('vivo', vivoErrors, `invalidUser.${status}`, reply.status, `regId ${shortToken(push.token)} answered as invalidUser status ${status}${status === 4 ? ': add the device as a test user or send with pushMode 0' : ': drop this regId and wait for the app to register again'}`);
        }
        return { vendor: 'vivo', messageId: String(body.taskId ?? message.requestId), acceptedAt: reply.receivedAt };
      }
    },
    async close() {},
  };
}

/** The reply's `{result, desc, …}`; a non-vivo reply becomes a VendorError by HTTP status or a transport error. */
function resultBody(reply: HttpReply, what: string): Record<string, unknown> & { result: number } {
  const body = reply.json;
  if (isRecord(body) && typeof body.result === 'number') return body as Record<string, unknown> & { result: number };
  if (reply.status !== 200) throw vendorErrorFrom('vivo', vivoErrors, reply.status, reply.status, `${what}: ${reply.text.slice(0, 200)}`);
  throw transportError('vivo', `${what}: unexpected reply (HTTP ${reply.status}): ${reply.text.slice(0, 200)}`, undefined, reply.status);
}

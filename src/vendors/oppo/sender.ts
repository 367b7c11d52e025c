import { systemClock, type Clock } from '../common/clock.js';
import { transportError, VendorError, vendorErrorFrom } from '../common/errors.js';
import { httpRequest, joinUrl, type HttpReply } from '../common/http-client.js';
import type { OutgoingPush, SendResult, SenderEndpoint, VendorSender } from '../common/push.js';
import { TokenCache, type CachedToken } from '../common/token-cache.js';
import { isRecord } from '../common/wire.js';
import { oppoEndpoints, oppoLimits, oppoSign, type OppoNotification, type OppoUnicastMessage } from './contract.js';
import { oppoErrors } from './errors.js';

export interface OppoCredentials {
  /** AppKey from the OPush console (§6.2). */
  readonly appKey: string;
  /** MasterSecret, not AppSecret, signs the auth request (§6.2). */
  readonly masterSecret: string;
}

/**
 * The unicast `message` a push becomes (§6.3): a notification to one regId that opens the app, with the
 * app's data in `action_parameters`. `options.channelId` → channel_id (a private channel makes it
 * unlimited, §6.5), `options.category` → category (e.g. 'IM' for calls) with notify_level 16 for
 * high priority and 2 otherwise, `ttlSeconds` → off_line / off_line_ttl, `options.notifyId` (or a
 * numeric collapseId) → notify_id. OPPO has no sound choice (§6.3), so `options.sound` is not sent.
 */
export function oppoMessage(push: OutgoingPush): OppoUnicastMessage {
  const notification: OppoNotification = { title: push.title ?? '', content: push.body ?? '', click_action_type: 0 };
  if (push.data && Object.keys(push.data).length) notification.action_parameters = JSON.stringify(push.data);
  const o = push.options;
  if (o?.channelId) notification.channel_id = o.channelId;
  if (o?.category) {
    notification.category = o.category;
    notification.notify_level = push.priority === 'high' ? 16 : 2; // §6.3: notify_level needs category
  }
  if (push.ttlSeconds !== undefined) {
    notification.off_line = push.ttlSeconds > 0;
    if (push.ttlSeconds > 0) notification.off_line_ttl = Math.floor(push.ttlSeconds);
  }
  const notifyId = o?.notifyId ?? (push.collapseId !== undefined && /^\d{1,9}$/.test(push.collapseId) ? Number(push.collapseId) : undefined);
  if (notifyId !== undefined) notification.notify_id = notifyId;
  return { target_type: 2, target_value: push.token, notification };
}

/** OPPO Push sender: sha256-signed auth for a 24 h auth_token (cached, refreshed an hour early), form body (§6.2, §6.3). */
export function createOppoSender(credentials: OppoCredentials, endpoint: SenderEndpoint = {}, options: { clock?: Clock } = {}): VendorSender {
  const base = endpoint.baseUrl ?? oppoEndpoints.production;
  const authBase = endpoint.authBaseUrl ?? base;
  const clock = options.clock ?? systemClock;
  // §6.2: senders refresh the 24 h token well before it ends; one hour early here
  const tokens = new TokenCache(() => fetchAuthToken(credentials, authBase, endpoint.timeoutMs, clock), clock, 3600_000);

  async function post(message: OppoUnicastMessage, authToken: string): Promise<HttpReply> {
    return httpRequest('oppo', joinUrl(base, oppoEndpoints.unicast), {
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      body: new URLSearchParams({ auth_token: authToken, message: JSON.stringify(message) }).toString(),
      timeoutMs: endpoint.timeoutMs,
    });
  }

  return {
    vendor: 'oppo',
    async send(push: OutgoingPush): Promise<SendResult> {
      if (push.kind === 'data') throw refuse('data', 'OPPO Push has no pass-through (data) API: every unicast is a notification (reference/vendor-gateways.md §6.3); send kind "notification" with the data in it, or use another channel for silent data');
      if (push.kind === 'voip') throw refuse('voip', 'VoIP pushes are APNs-only; send a notification (category IM on a private channel) for a call invitation');
      if (push.options?.privateChannel && !push.options.channelId) throw refuse('notification', 'a private-channel (私信) message needs options.channelId naming the channel registered as private in the OPush console (§6.5)');
      const message = oppoMessage(push);
      let reply = await post(message, await tokens.get());
      // §6.4 code 11: the auth_token expired or is unknown: fetch a new one and resend once
      if (codeOf(reply) === 11) {
        tokens.invalidate();
        reply = await post(message, await tokens.get());
      }
      const body = expectReply(reply, 'unicast');
      if (body.code !== 0) throw vendorErrorFrom('oppo', oppoErrors, body.code, reply.status, body.message);
      const data = isRecord(body.data) ? body.data : {};
      return { vendor: 'oppo', messageId: String(data.messageId ?? data.message_id ?? ''), acceptedAt: reply.receivedAt };
    },
    async close() {},
  };
}

function codeOf(reply: HttpReply): number | undefined {
  return isRecord(reply.json) && typeof reply.json.code === 'number' ? reply.json.code : undefined;
}

function expectReply(reply: HttpReply, what: string): { code: number; message: string; data?: unknown } {
  const body = reply.json;
  if (isRecord(body) && typeof body.code === 'number') return { code: body.code, message: String(body.message ?? ''), data: body.data };
  if (reply.status !== 200) throw vendorErrorFrom('oppo', oppoErrors, reply.status, reply.status, `${what}: ${reply.text.slice(0, 200)}`);
  throw transportError('oppo', `${what}: unexpected reply (HTTP ${reply.status}): ${reply.text.slice(0, 200)}`, undefined, reply.status);
}

async function fetchAuthToken(credentials: OppoCredentials, authBase: string, timeoutMs: number | undefined, clock: Clock): Promise<CachedToken> {
  const timestamp = String(Math.floor(clock.now()));
  const reply = await httpRequest('oppo', joinUrl(authBase, oppoEndpoints.auth), {
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
    body: new URLSearchParams({ app_key: credentials.appKey, timestamp, sign: oppoSign(credentials.appKey, timestamp, credentials.masterSecret) }).toString(),
    timeoutMs,
  });
  const body = expectReply(reply, 'auth');
  const data = isRecord(body.data) ? body.data : {};
  if (body.code !== 0 || typeof data.auth_token !== 'string' || !data.auth_token) {
    throw vendorErrorFrom('oppo', oppoErrors, body.code, reply.status, `auth for app_key ${credentials.appKey} failed: ${body.message}; check the AppKey / MasterSecret in the OPush console and the clock (±10 min)`);
  }
  return { token: data.auth_token, expiresAt: clock.now() + oppoLimits.authTokenMs };
}

function refuse(kind: string, why: string): VendorError {
  return new VendorError('oppo', 'UNSUPPORTED_KIND', { reason: `OPPO Push cannot send this ${kind} push`, httpStatus: 0, retryable: false, tokenInvalid: false, kind: 'validation' }, { detail: why });
}

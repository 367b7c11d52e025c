import { systemClock, type Clock } from '../common/clock.js';
import { transportError, VendorError, vendorErrorFrom } from '../common/errors.js';
import { httpRequest, joinUrl, type HttpReply } from '../common/http-client.js';
import type { OutgoingPush, SendResult, SenderEndpoint, VendorSender } from '../common/push.js';
import { TokenCache, type CachedToken } from '../common/token-cache.js';
import { isRecord } from '../common/wire.js';
import { honorEndpoints, type HonorAndroidNotification, type HonorReply, type HonorSendBody } from './contract.js';
import { honorErrors } from './errors.js';

export interface HonorCredentials {
  /** The App ID in the send path. */
  readonly appId: string;
  /** Honor "Client ID" for the token endpoint (not the App ID, §4.1). */
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * The JSON body a push becomes on the wire (§4.2). A notification carries title, body, importance
 * (NORMAL unless told LOW: a call invitation is a service & communication message, §4.2; HIGH,
 * which Honor does not document, goes as NORMAL),
 * `clickAction {type: 3}` (open the app) and notifyId; kind 'data' is data-only (pass-through).
 */
export function honorBody(push: OutgoingPush): HonorSendBody {
  const body: HonorSendBody = { token: [push.token], android: {} };
  const android = body.android!;
  if (push.data && Object.keys(push.data).length) body.data = JSON.stringify(push.data);
  if (push.kind === 'data') {
    body.data ??= '{}';
  } else {
    const notification: HonorAndroidNotification = {
      title: push.title,
      body: push.body,
      importance: push.options?.importance === 'LOW' ? 'LOW' : 'NORMAL',
      clickAction: { type: 3 },
    };
    if (push.options?.notifyId !== undefined) notification.notifyId = push.options.notifyId;
    // honor-go: messages with the same tag replace each other in the shade (§4.2 `tag`)
    if (push.collapseId !== undefined) notification.tag = push.collapseId;
    android.notification = notification;
  }
  if (push.ttlSeconds !== undefined) android.ttl = `${Math.max(0, Math.floor(push.ttlSeconds))}s`;
  return body;
}

/** Honor Push sender: client_credentials token (cached, refreshed), Bearer + `timestamp` headers, JSON body (§4.1). */
export function createHonorSender(credentials: HonorCredentials, endpoint: SenderEndpoint = {}, options: { clock?: Clock } = {}): VendorSender {
  const base = endpoint.baseUrl ?? honorEndpoints.production;
  const authBase = endpoint.authBaseUrl ?? endpoint.baseUrl ?? honorEndpoints.auth;
  const clock = options.clock ?? systemClock;
  const tokens = new TokenCache(() => fetchToken(credentials, authBase, endpoint.timeoutMs, clock), clock);

  async function post(push: OutgoingPush, accessToken: string): Promise<HttpReply> {
    return httpRequest('honor', joinUrl(base, honorEndpoints.send(credentials.appId)), {
      headers: {
        authorization: `Bearer ${accessToken}`,
        'content-type': 'application/json; charset=UTF-8',
        timestamp: String(clock.now()),
      },
      body: JSON.stringify(honorBody(push)),
      timeoutMs: endpoint.timeoutMs,
    });
  }

  return {
    vendor: 'honor',
    async send(push: OutgoingPush): Promise<SendResult> {
      if (push.kind === 'voip') throw unsupported('voip', 'VoIP pushes are APNs-only; send a notification with importance NORMAL for a call invitation');
      let reply = await post(push, await tokens.get());
      // §4.3 / §3.2 (mirrored): the access token expired on the gateway's clock: fetch a new one and resend once
      if (codeOf(reply) === 80200003) {
        tokens.invalidate();
        reply = await post(push, await tokens.get());
      }
      return result(reply, push.token);
    },
    async close() {},
  };
}

function codeOf(reply: HttpReply): number | undefined {
  return isRecord(reply.json) && typeof reply.json.code === 'number' ? reply.json.code : undefined;
}

function result(reply: HttpReply, token: string): SendResult {
  const body = reply.json as HonorReply | undefined;
  if (!isRecord(body) || typeof body.code !== 'number') {
    if (reply.status !== 200) throw vendorErrorFrom('honor', honorErrors, reply.status, reply.status, reply.text.slice(0, 200));
    throw transportError('honor', `unexpected reply (HTTP ${reply.status}): ${reply.text.slice(0, 200)}`, undefined, reply.status);
  }
  const data = isRecord(body.data) ? body.data : undefined;
  const listed = [...(data?.expireTokens ?? []), ...(data?.failTokens ?? [])].includes(token);
  if ((body.code === 200 || body.code === 80100000) && listed) {
    const expired = data?.expireTokens?.includes(token) ?? false;
    throw new VendorError('honor', body.code, { reason: expired ? 'token listed in expireTokens' : 'token listed in failTokens', httpStatus: reply.status, retryable: false, tokenInvalid: true, kind: 'token-invalid' }, { detail: `${body.message}; drop this token` });
  }
  if (body.code !== 200 || data?.sendResult !== true) throw vendorErrorFrom('honor', honorErrors, body.code, reply.status, body.message);
  return { vendor: 'honor', messageId: data.requestId, acceptedAt: reply.receivedAt };
}

async function fetchToken(credentials: HonorCredentials, authBase: string, timeoutMs: number | undefined, clock: Clock): Promise<CachedToken> {
  const reply = await httpRequest('honor', joinUrl(authBase, honorEndpoints.token), {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret }).toString(),
    timeoutMs,
  });
  const body = reply.json;
  if (reply.status === 200 && isRecord(body) && typeof body.access_token === 'string' && body.access_token) {
    const seconds = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600; // assumption: 1 h when expires_in is missing (§4.1 lifetime unconfirmed)
    return { token: body.access_token, expiresAt: clock.now() + seconds * 1000 };
  }
  if (isRecord(body) && typeof body.error === 'string') {
    throw vendorErrorFrom('honor', honorErrors, body.error, reply.status, `token request for client ${credentials.clientId} failed: ${String(body.error_description ?? '')}; check the Client ID / Client Secret in the Honor console`);
  }
  if (isRecord(body) && typeof body.code === 'number') throw vendorErrorFrom('honor', honorErrors, body.code, reply.status, String(body.message ?? ''));
  if (reply.status !== 200) throw vendorErrorFrom('honor', honorErrors, reply.status, reply.status, `token request: ${reply.text.slice(0, 200)}`);
  throw transportError('honor', `token endpoint answered without access_token (HTTP ${reply.status}): ${reply.text.slice(0, 200)}`, undefined, reply.status);
}

function unsupported(kind: string, why: string): VendorError {
  return new VendorError('honor', 'UNSUPPORTED_KIND', { reason: `Honor Push cannot send kind '${kind}'`, httpStatus: 0, retryable: false, tokenInvalid: false, kind: 'validation' }, { detail: why });
}

import { importPKCS8, SignJWT } from 'jose';
import { systemClock, type Clock } from '../common/clock.js';
import { transportError, vendorErrorFrom, type VendorError } from '../common/errors.js';
import { httpRequest, joinUrl, type HttpReply } from '../common/http-client.js';
import type { OutgoingPush, SendResult, SenderEndpoint, VendorSender } from '../common/push.js';
import { TokenCache } from '../common/token-cache.js';
import { isRecord } from '../common/wire.js';
import { fcmEndpoints, fcmScopes, type FcmAndroidConfig, type FcmErrorReply, type FcmSendReply, type FcmSendRequest, type GoogleOAuthErrorReply, type GoogleTokenReply } from './contract.js';
import { fcmErrors } from './errors.js';

/** The service-account fields the server API needs (the Google service-account JSON's own names). */
export interface FcmCredentials {
  readonly project_id: string;
  readonly private_key_id: string;
  /** PKCS#8 PEM of the service account's RSA key. */
  readonly private_key: string;
  readonly client_email: string;
}

/**
 * The v1 send body a push becomes (§2.3). Call invitations go `android.priority: HIGH` unless the push
 * says normal; a notification push carries its texts in `android.notification` with the channel.
 */
export function fcmRequest(push: OutgoingPush): FcmSendRequest {
  const high = push.priority !== 'normal';
  const android: FcmAndroidConfig = { priority: high ? 'HIGH' : 'NORMAL' };
  if (push.ttlSeconds !== undefined) android.ttl = `${Math.max(0, Math.floor(push.ttlSeconds))}s`;
  if (push.collapseId !== undefined) android.collapse_key = push.collapseId;
  // kind 'voip' has no FCM counterpart: Android call invitations are high-priority data messages (§2.3)
  if (push.kind === 'notification') {
    const o = push.options;
    android.notification = {
      ...(push.title !== undefined ? { title: push.title } : {}),
      ...(push.body !== undefined ? { body: push.body } : {}),
      ...(o?.channelId ? { channel_id: o.channelId } : {}),
      ...(o?.sound ? { sound: o.sound } : {}),
      // the notification tag replaces an earlier notification with the same tag in the shade
      ...(o?.notifyId !== undefined ? { tag: String(o.notifyId) } : {}),
      notification_priority: high ? 'PRIORITY_MAX' : 'PRIORITY_DEFAULT',
    };
  }
  return { message: { token: push.token, data: { ...push.data }, android } };
}

/**
 * FCM HTTP v1 sender: a service-account JWT (RS256) exchanged for a one-hour access token at Google's
 * token endpoint (§2.2), cached, then `Authorization: Bearer` on each send; a 401 invalidates the
 * token and the send is tried once more.
 */
export function createFcmSender(credentials: FcmCredentials, endpoint: SenderEndpoint = {}, options: { clock?: Clock } = {}): VendorSender {
  const clock = options.clock ?? systemClock;
  const base = endpoint.baseUrl ?? fcmEndpoints.production;
  const tokenUrl = joinUrl(endpoint.authBaseUrl ?? endpoint.baseUrl ?? fcmEndpoints.oauth, fcmEndpoints.tokenPath);
  const sendUrl = joinUrl(base, fcmEndpoints.send(credentials.project_id));
  let key: ReturnType<typeof importPKCS8> | undefined;

  const tokens = new TokenCache(async () => {
    key ??= importPKCS8(credentials.private_key, 'RS256');
    const iat = Math.floor(clock.now() / 1000);
    const assertion = await new SignJWT({ scope: fcmScopes.messaging })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: credentials.private_key_id })
      .setIssuer(credentials.client_email)
      .setAudience(tokenUrl)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 3600)
      .sign(await key);
    const reply = await httpRequest('fcm', tokenUrl, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString(),
      timeoutMs: endpoint.timeoutMs,
    });
    const body = reply.json as Partial<GoogleTokenReply & GoogleOAuthErrorReply> | undefined;
    if (reply.status === 200 && isRecord(body) && typeof body.access_token === 'string') {
      return { token: body.access_token, expiresAt: clock.now() + (typeof body.expires_in === 'number' ? body.expires_in : 3600) * 1000 };
    }
    if (isRecord(body) && typeof body.error === 'string') {
      throw vendorErrorFrom('fcm', fcmErrors, body.error, reply.status, `token exchange at ${tokenUrl} for ${credentials.client_email} refused: ${body.error_description ?? ''}; check the service account's private_key, private_key_id and client_email`);
    }
    // an overloaded or failing token endpoint answers like any Google API (503 UNAVAILABLE, 500 INTERNAL)
    throw fcmErrorOf(reply, `token exchange at ${tokenUrl}`);
  }, clock);

  async function post(request: FcmSendRequest): Promise<HttpReply> {
    return httpRequest('fcm', sendUrl, {
      headers: { authorization: `Bearer ${await tokens.get()}`, 'content-type': 'application/json; charset=UTF-8' },
      body: JSON.stringify(request),
      timeoutMs: endpoint.timeoutMs,
    });
  }

  return {
    vendor: 'fcm',
    async send(push: OutgoingPush): Promise<SendResult> {
      const request = fcmRequest(push);
      let reply = await post(request);
      if (reply.status === 401 && fcmCodeOf(reply) === 'UNAUTHENTICATED') {
        // §2.2: the access token was refused (expired or revoked): fetch a new one and try once more.
        // THIRD_PARTY_AUTH_ERROR is also a 401, but about APNs/web-push keys: a new token would not help
        tokens.invalidate();
        reply = await post(request);
      }
      const body = reply.json as Partial<FcmSendReply & FcmErrorReply> | undefined;
      if (reply.status === 200 && isRecord(body) && typeof body.name === 'string') return { vendor: 'fcm', messageId: body.name, acceptedAt: reply.receivedAt };
      throw fcmErrorOf(reply, `send to token ${push.token.slice(0, 8)}…`);
    },
    async close() {},
  };
}

/** The FCM code of an error reply: `details[].errorCode`, else `status`, else the HTTP status (firebase-admin `getErrorCode`). */
function fcmCodeOf(reply: HttpReply): string | number {
  const body = reply.json as Partial<FcmErrorReply> | undefined;
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const fcmCode = Array.isArray(error?.details) ? error.details.map((d) => (isRecord(d) && 'errorCode' in d ? d.errorCode : undefined)).find((c) => typeof c === 'string') : undefined;
  return fcmCode ?? (typeof error?.status === 'string' ? error.status : reply.status);
}

/** Maps an error reply through the catalogue by its FCM code. */
function fcmErrorOf(reply: HttpReply, what: string): VendorError {
  const body = reply.json as Partial<FcmErrorReply> | undefined;
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  if (!error) {
    if (reply.status >= 400) return vendorErrorFrom('fcm', fcmErrors, reply.status, reply.status, `${what}: no Google error body: ${reply.text.slice(0, 200)}`);
    return transportError('fcm', `${what}: unexpected reply (HTTP ${reply.status}): ${reply.text.slice(0, 200)}`, undefined, reply.status);
  }
  return vendorErrorFrom('fcm', fcmErrors, fcmCodeOf(reply), reply.status, `${what}: ${error.message ?? ''}`);
}

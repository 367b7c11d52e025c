import { systemClock, type Clock } from '../common/clock.js';
import { transportError, vendorErrorFrom } from '../common/errors.js';
import { httpRequest, joinUrl, type HttpReply } from '../common/http-client.js';
import type { OutgoingPush, SendResult, SenderEndpoint, VendorSender } from '../common/push.js';
import { TokenCache } from '../common/token-cache.js';
import { isRecord } from '../common/wire.js';
import { huaweiCategories, huaweiEndpoints, type HuaweiAndroidConfig, type HuaweiCategory, type HuaweiReply, type HuaweiSendRequest, type HuaweiTokenErrorReply, type HuaweiTokenReply } from './contract.js';
import { HUAWEI_SUCCESS, huaweiErrors } from './errors.js';

export interface HuaweiCredentials {
  /** AppGallery Connect App ID: the OAuth client_id and the send path's app id. */
  readonly appId: string;
  /** AppGallery Connect App Secret: the OAuth client_secret. */
  readonly appSecret: string;
}

/**
 * Huawei's collapse_key is a group number -1..100 (§3.3). A numeric collapseId in that range is used as
 * is; any other string is hashed into a group 1..100 so equal ids still collapse. assumption: the hashing
 */
export function huaweiCollapseKey(collapseId: string): number {
  if (/^-?\d+$/.test(collapseId) && Number(collapseId) >= -1 && Number(collapseId) <= 100) return Number(collapseId);
  let h = 0x811c9dc5;
  for (const ch of Buffer.from(collapseId)) h = Math.imul(h ^ ch, 0x01000193) >>> 0;
  return (h % 100) + 1;
}

/**
 * The v1 send body a push becomes (§3.3). A call invitation is a notification message with
 * `android.category` (e.g. VOIP, needs approved self-classification), importance NORMAL (service &
 * communication) unless told otherwise, click_action "open app", and the channel; a data push is a
 * pass-through message whose urgency is HIGH when the push is high priority.
 */
export function huaweiRequest(push: OutgoingPush): HuaweiSendRequest {
  const o = push.options;
  const android: HuaweiAndroidConfig = {};
  // options.category is shared with vivo/OPPO, whose words differ: only Huawei's own categories are sent
  if (o?.category && (huaweiCategories as readonly string[]).includes(o.category)) android.category = o.category as HuaweiCategory;
  if (push.ttlSeconds !== undefined) android.ttl = `${Math.max(0, Math.floor(push.ttlSeconds))}s`;
  if (push.collapseId !== undefined) android.collapse_key = huaweiCollapseKey(push.collapseId);
  const data = push.data && Object.keys(push.data).length ? JSON.stringify(push.data) : undefined;
  if (push.kind === 'data') {
    if (push.priority === 'high') android.urgency = 'HIGH';
    // a pass-through message is data without any notification (§3.3); it must carry a payload
    return { validate_only: false, message: { token: [push.token], data: data ?? '{}', android } };
  }
  // 'voip' has no Huawei counterpart: it goes as a notification message, classified by category (VOIP)
  android.notification = {
    ...(push.title !== undefined ? { title: push.title } : {}),
    ...(push.body !== undefined ? { body: push.body } : {}),
    ...(o?.channelId ? { channel_id: o.channelId } : {}),
    // assumption: call invitations are service & communication (NORMAL); LOW would make them silent marketing
    importance: o?.importance ?? 'NORMAL',
    click_action: { type: 3 },
    ...(o?.notifyId !== undefined ? { notify_id: o.notifyId } : {}),
    // a custom sound is a file under the app's /res/raw (modood-hw `sound`)
    ...(o?.sound ? { sound: `/raw/${o.sound}`, default_sound: false } : {}),
  };
  return { validate_only: false, message: { token: [push.token], ...(data !== undefined ? { data } : {}), android } };
}

/**
 * Huawei Push Kit sender: client_credentials at the OAuth server (§3.2), the access token cached for its
 * lifetime, `Authorization: Bearer` on each send; on 80200003 (token expired) it refreshes and resends once.
 */
export function createHuaweiSender(credentials: HuaweiCredentials, endpoint: SenderEndpoint = {}, options: { clock?: Clock } = {}): VendorSender {
  const clock = options.clock ?? systemClock;
  const base = endpoint.baseUrl ?? huaweiEndpoints.production;
  const tokenUrl = joinUrl(endpoint.authBaseUrl ?? endpoint.baseUrl ?? huaweiEndpoints.oauth, huaweiEndpoints.tokenPath);
  const sendUrl = joinUrl(base, huaweiEndpoints.sendV1(credentials.appId));

  const tokens = new TokenCache(async () => {
    const reply = await httpRequest('huawei', tokenUrl, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.appId, client_secret: credentials.appSecret }).toString(),
      timeoutMs: endpoint.timeoutMs,
    });
    const body = reply.json as Partial<HuaweiTokenReply & HuaweiTokenErrorReply> | undefined;
    if (reply.status === 200 && isRecord(body) && typeof body.access_token === 'string') {
      return { token: body.access_token, expiresAt: clock.now() + (typeof body.expires_in === 'number' ? body.expires_in : 3600) * 1000 };
    }
    if (isRecord(body) && body.error !== undefined) {
      throw vendorErrorFrom('huawei', huaweiErrors, '80600003', reply.status,
        `token request at ${tokenUrl} for app ${credentials.appId} refused: error ${String(body.error)}${body.sub_error !== undefined ? ` sub_error ${String(body.sub_error)}` : ''} ${body.error_description ?? ''}; check the AppId and AppSecret in AppGallery Connect`);
    }
    if (reply.status !== 200) throw vendorErrorFrom('huawei', huaweiErrors, reply.status, reply.status, `token request at ${tokenUrl}: ${reply.text.slice(0, 200)}`);
    throw transportError('huawei', `token request at ${tokenUrl} answered without an access_token: ${reply.text.slice(0, 200)}`, undefined, reply.status);
  }, clock);

  async function post(request: HuaweiSendRequest): Promise<HttpReply> {
    return httpRequest('huawei', sendUrl, {
      headers: { authorization: `Bearer ${await tokens.get()}`, 'content-type': 'application/json;charset=utf-8' },
      body: JSON.stringify(request),
      timeoutMs: endpoint.timeoutMs,
    });
  }
  const codeOf = (reply: HttpReply) => (isRecord(reply.json) && typeof reply.json.code === 'string' ? reply.json.code : undefined);

  return {
    vendor: 'huawei',
    async send(push: OutgoingPush): Promise<SendResult> {
      const request = huaweiRequest(push);
      let reply = await post(request);
      if (codeOf(reply) === '80200003') {
        // §3.2: expired access token — refresh and resend once, as HMS-node does
        tokens.invalidate();
        reply = await post(request);
      }
      const body = reply.json as Partial<HuaweiReply> | undefined;
      const code = codeOf(reply);
      if (code === undefined) {
        if (reply.status !== 200) throw vendorErrorFrom('huawei', huaweiErrors, reply.status, reply.status, `send for app ${credentials.appId}: ${reply.text.slice(0, 200)}`);
        throw transportError('huawei', `unexpected reply (HTTP ${reply.status}): ${reply.text.slice(0, 200)}`, undefined, reply.status);
      }
      if (code !== HUAWEI_SUCCESS) throw vendorErrorFrom('huawei', huaweiErrors, code, reply.status, body?.msg);
      return { vendor: 'huawei', messageId: body?.requestId ?? '', acceptedAt: reply.receivedAt };
    },
    async close() {},
  };
}

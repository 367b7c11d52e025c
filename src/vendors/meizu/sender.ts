import { createHash } from 'node:crypto';
import { systemClock, type Clock } from '../common/clock.js';
import { transportError, VendorError, vendorErrorFrom } from '../common/errors.js';
import { httpRequest, joinUrl } from '../common/http-client.js';
import type { OutgoingPush, SendResult, SenderEndpoint, VendorSender } from '../common/push.js';
import { shortToken } from '../common/redact.js';
import { isRecord } from '../common/wire.js';
import { meizuEndpoints, meizuLimits, meizuSign, type MeizuForm, type MeizuNotificationMessage, type MeizuPassThroughMessage, type MeizuPushTimeInfo } from './contract.js';
import { meizuErrors, meizuTargetErrors } from './errors.js';

/** Only what the push API signs with: the appId and the appSecret (§8.2); the appKey is for the client SDK. */
export interface MeizuCredentials {
  readonly appId: string;
  readonly appSecret: string;
}

/** A collapse id as a notifyKey (≤ 8 of [0-9A-Za-z_-], §8.3): kept when it fits, else the first 8 hex of its MD5. */
export function meizuNotifyKeyFor(collapseId: string): string {
  return /^[0-9A-Za-z_-]{1,8}$/.test(collapseId) ? collapseId : createHash('md5').update(collapseId, 'utf8').digest('hex').slice(0, meizuLimits.notifyKeyChars);
}

/** ttlSeconds as pushTimeInfo: whole hours 1..72 (rounded up), 0 = no offline storage, absent = Meizu's 24 h (§8.3). */
export function meizuPushTime(ttlSeconds: number | undefined): MeizuPushTimeInfo {
  const { min, max, default: fallback } = meizuLimits.validTimeHours;
  if (ttlSeconds === 0) return { offLine: 0 };
  if (ttlSeconds === undefined) return { offLine: 1, validTime: fallback };
  return { offLine: 1, validTime: Math.min(max, Math.max(min, Math.ceil(ttlSeconds / 3600))) };
}

/**
 * The messageJson a push becomes (§8.3): a notification-bar message that opens the app with the
 * data map as parameters — private (私信, no daily cap) when `options.privateChannel` — or, for
 * kind "data", a pass-through message whose content is the data map as JSON.
 */
export function meizuMessage(push: OutgoingPush): MeizuNotificationMessage | MeizuPassThroughMessage {
  const pushTimeInfo = meizuPushTime(push.ttlSeconds);
  if (push.kind === 'data') return { title: push.title, content: JSON.stringify(push.data ?? {}), pushTimeInfo };
  const message: MeizuNotificationMessage = {
    noticeBarInfo: { noticeMsgType: push.options?.privateChannel ? 1 : 0, noticeBarType: 0, title: push.title ?? '', content: push.body ?? '' },
    clickTypeInfo: { clickType: 0, parameters: { ...push.data } },
    pushTimeInfo,
    // suspend = heads-up display (default 1); normal priority turns it off
    advanceInfo: { suspend: push.priority === 'normal' ? 0 : 1, clearNoticeBar: 1, notificationType: { vibrate: 1, lights: 1, sound: 1 } },
  };
  if (push.collapseId !== undefined) message.advanceInfo!.notifyKey = meizuNotifyKeyFor(push.collapseId);
  return message;
}

/** The signed form of one push to one pushId (§8.2, §8.3). */
export function meizuForm(push: OutgoingPush, credentials: MeizuCredentials): MeizuForm {
  const unsigned = { appId: credentials.appId, pushIds: push.token, messageJson: JSON.stringify(meizuMessage(push)) };
  return { ...unsigned, sign: meizuSign(unsigned, credentials.appSecret) };
}

/** Meizu Flyme Push sender: signed form posts, no token exchange (§8.2); per-target failures inside a "200" reply become errors too. */
export function createMeizuSender(credentials: MeizuCredentials, endpoint: SenderEndpoint = {}, options: { clock?: Clock } = {}): VendorSender {
  const base = endpoint.baseUrl ?? meizuEndpoints.production;
  void (options.clock ?? systemClock); // Meizu signs no timestamp
  return {
    vendor: 'meizu',
    async send(push: OutgoingPush): Promise<SendResult> {
      if (push.kind === 'voip') {
        throw new VendorError('meizu', 'VOIP_UNSUPPORTED', { reason: 'Meizu Push has no VoIP messages', httpStatus: 0, retryable: false, tokenInvalid: false, kind: 'validation' }, {
          detail: `got kind "voip" for ${shortToken(push.token)}; send kind "notification" (reference/vendor-gateways.md §8.3)`,
        });
      }
      const path = push.kind === 'data' ? meizuEndpoints.passThroughByPushId : meizuEndpoints.notificationByPushId;
      const reply = await httpRequest('meizu', joinUrl(base, path), {
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
        body: new URLSearchParams({ ...meizuForm(push, credentials) }).toString(),
        timeoutMs: endpoint.timeoutMs,
      });
      const body = reply.json;
      if (!isRecord(body) || body.code === undefined) {
        if (reply.status !== 200) throw vendorErrorFrom('meizu', meizuErrors, reply.status, reply.status, reply.text.slice(0, 200));
        throw transportError('meizu', `unexpected reply (HTTP ${reply.status}): ${reply.text.slice(0, 200)}`, undefined, reply.status);
      }
      const code = String(body.code);
      if (code !== '200') throw vendorErrorFrom('meizu', meizuErrors, code, reply.status, typeof body.message === 'string' ? body.message : undefined);
      // a "200" still lists refused targets under their per-target code (§8.4)
      if (isRecord(body.value)) {
        for (const [targetCode, ids] of Object.entries(body.value)) {
          if (Array.isArray(ids) && ids.includes(push.token)) {
            throw vendorErrorFrom('meizu', meizuTargetErrors, targetCode, reply.status, `pushId ${shortToken(push.token)} listed under ${targetCode} in a "200" reply${targetCode === '110002' || targetCode === '110003' ? ': drop this pushId and wait for the app to register again' : ''}`);
          }
        }
      }
      return { vendor: 'meizu', messageId: String(body.msgId ?? ''), acceptedAt: reply.receivedAt };
    },
    async close() {},
  };
}

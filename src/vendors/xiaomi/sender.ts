import { systemClock, type Clock } from '../common/clock.js';
import { transportError, vendorErrorFrom } from '../common/errors.js';
import { httpRequest, joinUrl } from '../common/http-client.js';
import type { OutgoingPush, SendResult, SenderEndpoint, VendorSender } from '../common/push.js';
import { isRecord } from '../common/wire.js';
import { xiaomiEndpoints, type XiaomiReply, type XiaomiSendForm } from './contract.js';
import { xiaomiErrors } from './errors.js';

export interface XiaomiCredentials {
  readonly appSecret: string;
  /** restricted_package_name: the Android package the regids belong to. */
  readonly packageName: string;
}

/** The form a push becomes on the wire (§5.3): call invitations go as notifications on a private channel. */
export function xiaomiForm(push: OutgoingPush, packageName: string): XiaomiSendForm {
  const form: XiaomiSendForm = {
    registration_id: push.token,
    restricted_package_name: packageName,
    pass_through: push.kind === 'data' ? '1' : '0',
    notify_type: '-1',
    'extra.notify_effect': '1',
  };
  if (push.title !== undefined) form.title = push.title;
  if (push.body !== undefined) form.description = push.body;
  if (push.data && Object.keys(push.data).length) form.payload = JSON.stringify(push.data);
  if (push.ttlSeconds !== undefined) {
    form.time_to_live = String(push.ttlSeconds * 1000);
    if (push.ttlSeconds === 0) form['extra.only_send_once'] = '1';
  }
  if (push.options?.notifyId !== undefined) form.notify_id = String(push.options.notifyId);
  if (push.options?.channelId) form['extra.channel_id'] = push.options.channelId;
  if (push.options?.sound) form['extra.sound_uri'] = `android.resource://${packageName}/raw/${push.options.sound}`;
  return form;
}

/** Xiaomi MiPush sender: one static `Authorization: key=<AppSecret>` header, form body (§5.2). */
export function createXiaomiSender(credentials: XiaomiCredentials, endpoint: SenderEndpoint = {}, options: { clock?: Clock } = {}): VendorSender {
  const base = endpoint.baseUrl ?? xiaomiEndpoints.production;
  void (options.clock ?? systemClock);
  return {
    vendor: 'xiaomi',
    async send(push: OutgoingPush): Promise<SendResult> {
      const form = xiaomiForm(push, credentials.packageName);
      const reply = await httpRequest('xiaomi', joinUrl(base, xiaomiEndpoints.sendByRegId), {
        headers: { authorization: `key=${credentials.appSecret}`, 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
        body: new URLSearchParams(form as unknown as Record<string, string>).toString(),
        timeoutMs: endpoint.timeoutMs,
      });
      const body = reply.json as XiaomiReply | undefined;
      if (!isRecord(body) || typeof body.code !== 'number') {
        if (reply.status !== 200) throw vendorErrorFrom('xiaomi', xiaomiErrors, reply.status, reply.status, reply.text.slice(0, 200));
        throw transportError('xiaomi', `unexpected reply (HTTP ${reply.status}): ${reply.text.slice(0, 200)}`, undefined, reply.status);
      }
      if (body.code !== 0 || body.result !== 'ok') throw vendorErrorFrom('xiaomi', xiaomiErrors, body.code, reply.status, body.reason);
      return { vendor: 'xiaomi', messageId: body.data?.id ?? body.trace_id, acceptedAt: reply.receivedAt };
    },
    async close() {},
  };
}

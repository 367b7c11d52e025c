import { isRecord } from '../common/wire.js';

/** Xiaomi MiPush server API (reference/vendor-gateways.md §5). */
export const xiaomiEndpoints = {
  production: 'https://api.xmpush.xiaomi.com',
  global: 'https://api.xmpush.global.xiaomi.com',
  sendByRegId: '/v3/message/regid',
  sendByRegIdV2: '/v2/message/regid',
} as const;

export const xiaomiLimits = {
  titleChars: 50, // "< 50 chars" §5.3
  descriptionChars: 128, // "< 128 chars" §5.3
  messageBytes: 4096, // "≤ 4 KB of data per message" §5.3 (mi-faq)
  regIdsPerRequest: 1000, // §5.3
  maxTtlMs: 14 * 24 * 3600_000, // "default/max two weeks" §5.3
  notifyIdMax: 2147483647, // §5.3
  publicPerDevicePerDay: 5, // §5.5 mi-notice
  defaultChannelPerDevicePerDay: 1, // §5.5 easemob-restr
  defaultQps: 500, // lowest QPS tier §5.5
} as const;

/** Form fields of a single/multi regid send (§5.3); nested `extra` travels as flat `extra.<key>` fields. */
export interface XiaomiSendForm {
  registration_id: string;
  restricted_package_name: string;
  pass_through?: '0' | '1';
  title?: string;
  description?: string;
  payload?: string;
  notify_type?: string;
  notify_id?: string;
  time_to_live?: string;
  'extra.channel_id'?: string;
  'extra.notify_effect'?: string;
  'extra.intent_uri'?: string;
  'extra.notify_foreground'?: string;
  'extra.only_send_once'?: string;
  'extra.sound_uri'?: string;
  [extra: `extra.${string}`]: string | undefined;
}

export interface XiaomiReply {
  result: 'ok' | 'error';
  trace_id: string;
  code: number;
  description: string;
  reason?: string;
  info?: string;
  data?: { id: string; day_quota?: string; day_acked?: string; channel_exceed_quota?: string };
}

export type XiaomiValidation = { ok: true; form: XiaomiSendForm; regIds: string[] } | { ok: false; code: '100' | '10016' | '10017' | '10018' | '22103'; detail: string };

/** Validates a send form as the gateway does; the first problem decides the code. */
export function validateXiaomiSend(params: URLSearchParams, rawBytes: number): XiaomiValidation {
  const form = Object.fromEntries(params) as unknown as XiaomiSendForm;
  if (rawBytes > xiaomiLimits.messageBytes + 2048) return { ok: false, code: '10018', detail: `request of ${rawBytes} bytes` };
  if (!form.registration_id) return { ok: false, code: '10016', detail: 'registration_id is required' };
  if (!form.restricted_package_name) return { ok: false, code: '10016', detail: 'restricted_package_name is required' };
  const regIds = form.registration_id.split(',').map((r) => r.trim()).filter(Boolean);
  if (regIds.length === 0 || regIds.length > xiaomiLimits.regIdsPerRequest) return { ok: false, code: '10017', detail: `registration_id must name 1..${xiaomiLimits.regIdsPerRequest} regids` };
  if (form.pass_through !== undefined && form.pass_through !== '0' && form.pass_through !== '1') return { ok: false, code: '10017', detail: 'pass_through must be 0 or 1' };
  const notification = form.pass_through !== '1';
  if (notification && !form.title) return { ok: false, code: '100', detail: 'title must not be blank for a notification message' };
  if (notification && !form.description) return { ok: false, code: '100', detail: 'description must not be blank for a notification message' };
  if ((form.title?.length ?? 0) >= xiaomiLimits.titleChars) return { ok: false, code: '10017', detail: `title must be under ${xiaomiLimits.titleChars} characters` };
  if ((form.description?.length ?? 0) >= xiaomiLimits.descriptionChars) return { ok: false, code: '10017', detail: `description must be under ${xiaomiLimits.descriptionChars} characters` };
  const dataBytes = Buffer.byteLength(`${form.title ?? ''}${form.description ?? ''}${form.payload ?? ''}`);
  if (dataBytes > xiaomiLimits.messageBytes) return { ok: false, code: '10018', detail: `message data of ${dataBytes} bytes is over ${xiaomiLimits.messageBytes}` };
  if (form.time_to_live !== undefined && !(/^\d+$/.test(form.time_to_live) && Number(form.time_to_live) <= xiaomiLimits.maxTtlMs)) return { ok: false, code: '10017', detail: `time_to_live is milliseconds, 0..${xiaomiLimits.maxTtlMs}` };
  if (form.notify_id !== undefined && !(/^\d+$/.test(form.notify_id) && Number(form.notify_id) <= xiaomiLimits.notifyIdMax)) return { ok: false, code: '22103', detail: `notify_id must be 0..${xiaomiLimits.notifyIdMax}` };
  if (form.notify_type !== undefined && !/^-?\d+$/.test(form.notify_type)) return { ok: false, code: '10017', detail: 'notify_type must be -1 or a bit mask of 1|2|4' };
  return { ok: true, form, regIds };
}

/** The app payload: the sender writes JSON of the data map; other clients may send any string. */
export function payloadData(payload: string | undefined): Record<string, string> {
  if (!payload) return {};
  try {
    const parsed: unknown = JSON.parse(payload);
    if (isRecord(parsed)) return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  } catch { /* not JSON: delivered as-is */ }
  return { payload };
}

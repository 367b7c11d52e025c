import { createHash } from 'node:crypto';
import { isInteger, isRecord } from '../common/wire.js';

/** OPPO Push (OPush / HeyTap) server API (reference/vendor-gateways.md §6). */
export const oppoEndpoints = {
  production: 'https://api.push.oppomobile.com', // mainland §6.1
  international: 'https://api-intl.push.oppomobile.com', // overseas §6.1
  auth: '/server/v1/auth', // §6.1 modood-op
  unicast: '/server/v1/message/notification/unicast', // §6.1
} as const;

/** OPPO's documented limits and quotas (§6.2, §6.3, §6.5). */
export const oppoLimits = {
  authTokenMs: 24 * 3600_000, // auth_token lives 24 h §6.2
  timestampSkewMs: 10 * 60_000, // auth timestamp within 10 min of server time §6.2
  titleChars: 50, // §6.3
  subTitleChars: 10, // §6.3
  contentChars: 200, // style 1, "accept 200 in the mock" §6.3
  actionParametersChars: 4000, // §6.3
  callBackParameterChars: 100, // §6.3
  maxOffLineTtlSeconds: 10 * 86_400, // off_line_ttl max 10 days §6.3
  defaultOffLineTtlSeconds: 3600, // dcloud-opts default §6.3
  publicPerDevicePerDay: 2, // public channel, since 2023-01-15 §6.5
  publicPerAppPerDay: 100_000, // public total when cumulative users < 50,000 §6.5
  defaultQps: 5000, // lowest QPS tier §6.5
} as const;

/** `notification.click_action_type` (§6.3). */
export const oppoClickActionTypes = [0, 1, 2, 4, 5] as const;
/** `notification.notify_level` (§6.3): 1 shade, 2 shade + lock screen, 16 shade + lock + banner + vibrate + ring. */
export const oppoNotifyLevels = [1, 2, 16] as const;
/**
 * `notification.category` values. assumption: §6.3 confirms only IM and MARKETING; the others are the
 * communication & service and content & marketing categories of OPPO's classification as commonly documented.
 */
export const oppoCategories = ['IM', 'ACCOUNT', 'DEVICE_REMINDER', 'ORDER', 'TODO', 'SUBSCRIPTION', 'NEWS', 'CONTENT', 'MARKETING', 'SOCIAL'] as const;
export type OppoCategory = (typeof oppoCategories)[number];

/** `sign` of the auth request (§6.2): lower-hex SHA-256 of appKey + timestamp + masterSecret. */
export function oppoSign(appKey: string, timestamp: string, masterSecret: string): string {
  return createHash('sha256').update(`${appKey}${timestamp}${masterSecret}`, 'utf8').digest('hex');
}

/** Auth form fields (§6.2). */
export interface OppoAuthForm {
  app_key: string;
  /** 13-digit epoch ms. */
  timestamp: string;
  sign: string;
}

/** The `notification` object of a unicast message (§6.3). */
export interface OppoNotification {
  title: string;
  sub_title?: string;
  content: string;
  style?: 1 | 2 | 3;
  click_action_type?: number;
  click_action_activity?: string;
  click_action_url?: string;
  /** JSON string, ≤ 4000 chars. */
  action_parameters?: string;
  channel_id?: string;
  category?: string;
  notify_level?: number;
  off_line?: boolean;
  off_line_ttl?: number;
  show_ttl?: number;
  notify_id?: number;
  app_message_id?: string;
  call_back_url?: string;
  call_back_parameter?: string;
  network_type?: 0 | 1;
}

/** The `message` form field of a unicast, as JSON (§6.3). */
export interface OppoUnicastMessage {
  target_type: 2 | 5;
  target_value: string;
  verify_registration_id?: boolean;
  notification: OppoNotification;
}

/** Every OPPO reply: `code` 0 on success, the data per API (§6.4). */
export interface OppoReply<D = unknown> {
  code: number;
  message: string;
  data?: D;
}
export type OppoAuthReply = OppoReply<{ auth_token: string; create_time: number }>;
export type OppoSendReply = OppoReply<{ messageId: string }>;

/**
 * camelCase spellings as in op-unicast's message example; assumption: the gateway reads them as the
 * snake_case fields (§6.3 lists snake_case, the source page's sample uses camelCase).
 */
const camelAliases: Readonly<Record<string, keyof OppoNotification>> = {
  subTitle: 'sub_title', clickActionType: 'click_action_type', clickActionActivity: 'click_action_activity',
  clickActionUrl: 'click_action_url', actionParameters: 'action_parameters', channelId: 'channel_id',
  notifyLevel: 'notify_level', offLine: 'off_line', offLineTtl: 'off_line_ttl', showTtl: 'show_ttl',
  notifyId: 'notify_id', appMessageId: 'app_message_id', callBackUrl: 'call_back_url',
  callBackParameter: 'call_back_parameter', networkType: 'network_type',
};

/** A regId: one segment, or `CN_…`, or `OPPO_CN_…` style (§6.1); assumption: the id part is 16..64 letters/digits. */
const regIdPattern = /^(?:[A-Za-z]{1,8}_){0,2}[0-9A-Za-z]{16,64}$/;
export const isOppoRegId = (value: string) => regIdPattern.test(value);

export type OppoValidationCode = '40' | '41' | '67' | '10000';
export type OppoValidation = { ok: true; message: OppoUnicastMessage } | { ok: false; code: OppoValidationCode; detail: string };


/** Validates the `message` field of a unicast as the gateway does; the first problem decides the code (§6.3, §6.4). */
export function validateOppoUnicast(messageField: string | null): OppoValidation {
  if (messageField === null || messageField === '') return { ok: false, code: '40', detail: 'message is required' };
  let parsed: unknown;
  try { parsed = JSON.parse(messageField); } catch { return { ok: false, code: '41', detail: 'message must be a JSON object' }; }
  if (!isRecord(parsed)) return { ok: false, code: '41', detail: 'message must be a JSON object' };
  const m = { ...parsed };
  if (m.target_type === undefined) return { ok: false, code: '40', detail: 'message.target_type is required' };
  if (m.target_type !== 2 && m.target_type !== 5) return { ok: false, code: '41', detail: `message.target_type must be 2 (registration_id) or 5 (alias) (got ${JSON.stringify(m.target_type)})` };
  if (m.target_value === undefined || m.target_value === '') return { ok: false, code: '40', detail: 'message.target_value is required' };
  if (typeof m.target_value !== 'string') return { ok: false, code: '41', detail: 'message.target_value must be a string' };
  if (m.target_type === 2 && !isOppoRegId(m.target_value)) return { ok: false, code: '10000', detail: 'registration_id format is incorrect' };
  if (m.verify_registration_id !== undefined && typeof m.verify_registration_id !== 'boolean') return { ok: false, code: '41', detail: 'verify_registration_id must be a boolean' };
  let n: unknown = m.notification;
  if (n === undefined || n === null) return { ok: false, code: '40', detail: 'message.notification is required' };
  // assumption: a notification sent as a JSON string (as some clients do) is read as the object
  if (typeof n === 'string') { try { n = JSON.parse(n); } catch { return { ok: false, code: '41', detail: 'message.notification must be a JSON object' }; } }
  if (!isRecord(n)) return { ok: false, code: '41', detail: 'message.notification must be a JSON object' };
  const notification: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(n)) notification[camelAliases[k] ?? k] = v;
  const problem = notificationProblem(notification);
  if (problem) return { ok: false, ...problem };
  return { ok: true, message: { ...(m as unknown as OppoUnicastMessage), notification: notification as unknown as OppoNotification } };
}

function notificationProblem(n: Record<string, unknown>): { code: OppoValidationCode; detail: string } | undefined {
  const bad = (detail: string) => ({ code: '41' as const, detail });
  for (const field of ['title', 'content'] as const) {
    if (n[field] === undefined || n[field] === null || n[field] === '') return { code: '40', detail: `notification.${field} is required` };
    if (typeof n[field] !== 'string') return bad(`notification.${field} must be a string`);
  }
  const title = n.title as string, content = n.content as string;
  if ([...title].length > oppoLimits.titleChars) return bad(`notification.title must be at most ${oppoLimits.titleChars} characters (got ${[...title].length})`);
  if ([...content].length > oppoLimits.contentChars) return bad(`notification.content must be at most ${oppoLimits.contentChars} characters (got ${[...content].length})`);
  if (n.sub_title !== undefined && !(typeof n.sub_title === 'string' && [...n.sub_title].length <= oppoLimits.subTitleChars)) return bad(`notification.sub_title must be a string of at most ${oppoLimits.subTitleChars} characters`);
  if (n.style !== undefined && ![1, 2, 3].includes(n.style as number)) return bad('notification.style must be 1, 2 or 3');
  if (n.style === 3) return bad('notification.style 3 (big picture) is for broadcast only');
  if (n.click_action_type !== undefined && !oppoClickActionTypes.includes(n.click_action_type as never)) return bad(`notification.click_action_type must be one of ${oppoClickActionTypes.join(', ')}`);
  if ((n.click_action_type === 1 || n.click_action_type === 4) && !n.click_action_activity) return { code: '40', detail: 'click_action_type 1/4 needs click_action_activity' };
  if ((n.click_action_type === 2 || n.click_action_type === 5) && !n.click_action_url) return { code: '40', detail: 'click_action_type 2/5 needs click_action_url' };
  if (n.action_parameters !== undefined) {
    if (typeof n.action_parameters !== 'string') return bad('notification.action_parameters must be a JSON string');
    if (n.action_parameters.length > oppoLimits.actionParametersChars) return bad(`notification.action_parameters must be at most ${oppoLimits.actionParametersChars} characters (got ${n.action_parameters.length})`);
    try { if (!isRecord(JSON.parse(n.action_parameters))) return bad('notification.action_parameters must be a JSON object string'); } catch { return bad('notification.action_parameters must be a JSON object string'); }
  }
  if (n.channel_id !== undefined && typeof n.channel_id !== 'string') return bad('notification.channel_id must be a string');
  if (n.category !== undefined && !oppoCategories.includes(n.category as never)) return { code: '67', detail: `notification.category must be one of ${oppoCategories.join('|')} (got ${JSON.stringify(n.category)})` };
  if (n.notify_level !== undefined) {
    if (!oppoNotifyLevels.includes(n.notify_level as never)) return { code: '67', detail: `notification.notify_level must be 1, 2 or 16 (got ${JSON.stringify(n.notify_level)})` };
    // §6.3: notify_level requires category
    if (n.category === undefined) return { code: '67', detail: 'notification.notify_level needs notification.category' };
  }
  if (n.off_line !== undefined && typeof n.off_line !== 'boolean') return bad('notification.off_line must be a boolean');
  if (n.off_line_ttl !== undefined && !(isInteger(n.off_line_ttl) && n.off_line_ttl >= 0 && n.off_line_ttl <= oppoLimits.maxOffLineTtlSeconds)) return bad(`notification.off_line_ttl must be whole seconds 0..${oppoLimits.maxOffLineTtlSeconds}`);
  if (n.show_ttl !== undefined && !(isInteger(n.show_ttl) && n.show_ttl >= 0)) return bad('notification.show_ttl must be whole seconds');
  if (n.notify_id !== undefined && !(isInteger(n.notify_id) && n.notify_id >= 0 && n.notify_id <= 2147483647)) return bad('notification.notify_id must be an integer 0..2147483647');
  if (n.app_message_id !== undefined && typeof n.app_message_id !== 'string') return bad('notification.app_message_id must be a string');
  if (n.call_back_parameter !== undefined && !(typeof n.call_back_parameter === 'string' && n.call_back_parameter.length <= oppoLimits.callBackParameterChars)) return bad(`notification.call_back_parameter must be at most ${oppoLimits.callBackParameterChars} characters`);
  if (n.network_type !== undefined && n.network_type !== 0 && n.network_type !== 1) return bad('notification.network_type must be 0 or 1');
  return undefined;
}

/** The app's parameters as a string map (action_parameters is a JSON object string). */
export function oppoData(actionParameters: string | undefined): Record<string, string> {
  if (!actionParameters) return {};
  try {
    const parsed: unknown = JSON.parse(actionParameters);
    if (isRecord(parsed)) return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  } catch { /* validated before */ }
  return {};
}

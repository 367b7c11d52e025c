import type { ErrorCatalogue } from '../common/errors.js';

/**
 * Meizu top-level `code`s (reference/vendor-gateways.md §8.4; mz-api, mz-sdk `ErrorCode.java`).
 * Business errors travel as HTTP 200 with the code in the envelope, `value: ""`.
 */
export const meizuErrors = {
  '500': { reason: '其他异常', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'server' },
  '1001': { reason: '系统错误', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'server' },
  '1003': { reason: '服务器忙', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'server' },
  '1005': { reason: '参数错误，请参考API文档', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '1006': { reason: '签名认证失败', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  '110000': { reason: 'appId不合法', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  '110001': { reason: 'appKey不合法', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  '110004': { reason: '参数不能为空', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '110009': { reason: '应用被加入黑名单', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  '110010': { reason: '应用请求频率过快', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'rate-limit' },
  '110019': { reason: '超过该应用每天推送次数限制', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'quota' },
  '110031': { reason: 'packageName不合法', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '110032': { reason: '非法的taskId', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '110033': { reason: '非法的appSecret', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  '110051': { reason: '应用数超过限制', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'quota' },
  '110053': { reason: '透传超过限制', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'quota' },
  // Transport-level statuses the mock can be told to answer with; assumption: the front nginx answers in plain text
  '404': { reason: 'Not Found', httpStatus: 404, retryable: false, tokenInvalid: false, kind: 'validation' },
  '405': { reason: 'Method Not Allowed', httpStatus: 405, retryable: false, tokenInvalid: false, kind: 'validation' },
  '429': { reason: 'Too Many Requests', httpStatus: 429, retryable: true, tokenInvalid: false, kind: 'rate-limit' },
  '502': { reason: 'Bad Gateway', httpStatus: 502, retryable: true, tokenInvalid: false, kind: 'server' },
  '503': { reason: 'Service Temporarily Unavailable', httpStatus: 503, retryable: true, tokenInvalid: false, kind: 'server' },
} as const satisfies ErrorCatalogue;

export type MeizuCode = keyof typeof meizuErrors;

/**
 * Per-target codes listed inside `value` of a top-level "200" reply (§8.4; mz-sdk `PushResponseCode.java`).
 * A separate table because 110010 means "rate too high" at the top level but "switched off" per target.
 */
export const meizuTargetErrors = {
  '201': { reason: '没有权限，服务器主动拒绝', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  '501': { reason: '推送消息失败（db_error）', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'server' },
  '513': { reason: '推送消息失败', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'server' },
  '518': { reason: '推送超过配置的速率', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'rate-limit' },
  '519': { reason: '推送消息失败服务过载', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'server' },
  '520': { reason: '消息折叠（1分钟内同一设备同一应用消息收到多次，默认5次）', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'rate-limit' },
  '110002': { reason: 'pushId失效（未订阅或者消息开关关闭）', httpStatus: 200, retryable: false, tokenInvalid: true, kind: 'token-invalid' },
  '110003': { reason: 'pushId非法', httpStatus: 200, retryable: false, tokenInvalid: true, kind: 'token-invalid' },
  '110005': { reason: 'alias失效（未订阅或者消息开关关闭）', httpStatus: 200, retryable: false, tokenInvalid: true, kind: 'token-invalid' },
  '110010': { reason: 'pushId失效（用户关闭了开关）', httpStatus: 200, retryable: false, tokenInvalid: true, kind: 'token-invalid' }, // like 110002's "switch off" half (mz-api README)
  '110011': { reason: '公信消息超过每日限制', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'quota' },
} as const satisfies ErrorCatalogue;

export type MeizuTargetCode = keyof typeof meizuTargetErrors;

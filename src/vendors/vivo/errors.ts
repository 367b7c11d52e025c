import type { ErrorCatalogue } from '../common/errors.js';

/**
 * vivo Push result codes (reference/vendor-gateways.md §7.2, §7.4). Business errors travel as HTTP 200
 * with `result` ≠ 0 and a `desc`; internal errors as HTTP 500 "Internet server error!" (vv-doc292).
 *
 * @note Invalid targets are not a `result` code: a single send answers `result: 0` with
 * `invalidUser: {userid, status}` (§7.4 envelope). The catalogue keeps them as `invalidUser.<status>`
 * so the sender can throw them like any other code.
 */
export const vivoErrors = {
  '10000': { reason: '鉴权失败', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'auth' }, // §7.4 "seen only in third-party test fixtures — unconfirmed"; assumption: answers a missing, unknown or expired authToken (the sender re-authenticates once)
  '10070': { reason: '发送总量超出限制', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'quota' }, // §7.4: stop calling /message/send for the day
  '10072': { reason: '发送速度过快', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'rate-limit' }, // §7.4 unconfirmed; assumption: also what /message/auth answers over 10 calls/s (§7.2 names no code)
  '10094': { reason: 'appId 与鉴权信息不一致', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' }, // §7.4
  '10096': { reason: 'category 不合法', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' }, // §7.4
  '10097': { reason: 'category 与 classification 不匹配', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' }, // §7.4
  '10200': { reason: 'appId 不能为空', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' }, // §7.2
  '10201': { reason: 'appKey 不能为空', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' }, // §7.2
  // assumption: §7.2 says "further 102xx for timestamp/sign (exact list unconfirmed)"; 10202–10205 are placeholders in that range
  '10202': { reason: 'appKey 不合法', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  '10203': { reason: 'timestamp 不合法', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'auth' },
  '10204': { reason: 'sign 不合法', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  '10205': { reason: 'appId 不合法', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  '10252': { reason: '批量发送消息体超出限制', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'quota' }, // §7.4 (group pushes; not served by the mock)
  '10254': { reason: '全量发送超过次数限制', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'quota' }, // §7.4 (all-user pushes; not served by the mock)
  '10302': { reason: 'regId 不合法', httpStatus: 200, retryable: false, tokenInvalid: true, kind: 'token-invalid' }, // §7.4 unconfirmed; assumption: answers a regId that is not even shaped like one
  // assumption: vivo's per-field code table (doc 362) was not read; 10040 and 10050–10063, 10303 are placeholders
  // answering in vivo's documented `{"result": <code>, "desc": "<field> 不合法"}` style (vv-doc292 reply examples)
  '10040': { reason: '请求体不合法', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '10050': { reason: 'regId 和 alias 不能都为空', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '10051': { reason: 'notifyType 不合法', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '10052': { reason: 'title 不合法', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '10053': { reason: 'content 不合法', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '10054': { reason: 'timeToLive 不合法', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '10055': { reason: 'skipType 不合法', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '10056': { reason: 'skipContent 不合法', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '10057': { reason: 'networkType 不合法', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '10058': { reason: 'clientCustomMap 不合法', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'payload-too-large' }, // ≤ 1024 chars total is the payload limit (§7.3)
  '10059': { reason: 'requestId 不合法', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '10060': { reason: 'classification 不合法', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '10061': { reason: 'pushMode 不合法', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '10062': { reason: 'notifyId 不合法', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '10063': { reason: 'extra 不合法', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '10303': { reason: 'alias 不合法', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  // invalidUser.status in a result-0 reply (§7.4)
  'invalidUser.1': { reason: 'userid 不存在', httpStatus: 200, retryable: false, tokenInvalid: true, kind: 'token-invalid' },
  'invalidUser.2': { reason: '卸载或者关闭了通知', httpStatus: 200, retryable: false, tokenInvalid: true, kind: 'token-invalid' },
  'invalidUser.3': { reason: '90天不在线', httpStatus: 200, retryable: false, tokenInvalid: true, kind: 'token-invalid' },
  'invalidUser.4': { reason: '非测试用户', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  // Transport-level statuses
  '500': { reason: 'Internet server error!', httpStatus: 500, retryable: true, tokenInvalid: false, kind: 'server' }, // §7.4 (vv-doc292: "http status 500: Internet server error!")
  '503': { reason: 'service unavailable', httpStatus: 503, retryable: true, tokenInvalid: false, kind: 'server' }, // assumption: front proxy, plain text
  '429': { reason: 'too many requests', httpStatus: 429, retryable: true, tokenInvalid: false, kind: 'rate-limit' }, // assumption: front proxy, plain text
  '404': { reason: 'not found', httpStatus: 404, retryable: false, tokenInvalid: false, kind: 'validation' }, // assumption: unknown path
  '405': { reason: 'method not allowed', httpStatus: 405, retryable: false, tokenInvalid: false, kind: 'validation' }, // assumption: wrong method
} as const satisfies ErrorCatalogue;

export type VivoCode = keyof typeof vivoErrors;

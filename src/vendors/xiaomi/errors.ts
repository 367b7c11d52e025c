import type { ErrorCatalogue } from '../common/errors.js';

/**
 * Xiaomi MiPush result codes (official Java SDK 1.0.5 `ErrorCode`, reference/vendor-gateways.md §5.4).
 * Business errors travel as HTTP 200 with `result: "error"` and the code in the body.
 */
export const xiaomiErrors = {
  '-1': { reason: 'unknown error', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'server' },
  '100': { reason: 'parameter must not be blank', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '10001': { reason: 'system error', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'server' },
  '10002': { reason: 'service paused', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'server' },
  '10003': { reason: 'remote service error', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'server' },
  '10005': { reason: 'appkey lacks permission', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  '10006': { reason: 'missing appkey', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  '10008': { reason: 'parameter error', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '10009': { reason: 'system busy', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'server' },
  '10016': { reason: 'missing required parameter', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '10017': { reason: 'illegal parameter value', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '10018': { reason: 'request too long', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'payload-too-large' },
  '10020': { reason: 'API not found', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '10021': { reason: 'HTTP method not supported', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '10022': { reason: 'IP rate over limit', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'rate-limit' },
  '10023': { reason: 'user rate over limit', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'rate-limit' },
  '10026': { reason: 'app blacklisted', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  '10027': { reason: 'app API calls too frequent', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'rate-limit' },
  '10029': { reason: 'illegal device', httpStatus: 200, retryable: false, tokenInvalid: true, kind: 'token-invalid' },
  // assumption: "21301 Invalid application secret" is widely reported for a wrong AppSecret but is not in SDK 1.0.5 (§5.4)
  '21301': { reason: 'authentication failed: invalid application secret', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  // assumption: "20301 No valid targets!" is what third-party clients report for unknown/uninstalled regids; not in SDK 1.0.5 (§5.4)
  '20301': { reason: 'No valid targets!', httpStatus: 200, retryable: false, tokenInvalid: true, kind: 'token-invalid' },
  '22022': { reason: 'invalid package name', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '22100': { reason: 'bad notification format', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '22103': { reason: 'bad notify id', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  // Transport-level statuses the mock can be told to answer with (fault injection); assumption: plain-text body.
  '503': { reason: 'service unavailable', httpStatus: 503, retryable: true, tokenInvalid: false, kind: 'server' },
} as const satisfies ErrorCatalogue;

export type XiaomiCode = keyof typeof xiaomiErrors;

import type { ErrorCatalogue } from '../common/errors.js';

/**
 * Huawei Push Kit result codes (reference/vendor-gateways.md §3.4; HMS-java, modood-hw). By default business
 * errors travel as HTTP 200 with the code in the body; `httpStatus` here is that default, and
 * `huaweiHttpModeStatus` is the 4xx/5xx mapping a mock can be switched to (`httpStatusMode: 'http'`).
 */
export const huaweiErrors = {
  // partial success: some tokens were illegal and are listed in msg (illegal_tokens)
  '80100000': { reason: 'Some tokens are right, the others are illegal', httpStatus: 200, retryable: false, tokenInvalid: true, kind: 'token-invalid' },
  '80100001': { reason: 'Some request parameters are incorrect', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '80100002': { reason: 'The number of tokens must be 1 when a message is sent in synchronous mode', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '80100003': { reason: 'Incorrect message structure', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '80100004': { reason: 'The message expiration time is earlier than the current time', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '80100013': { reason: 'The collapse_key message field is invalid', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '80100016': { reason: 'The message contains sensitive information', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '80100017': { reason: 'A maximum of 100 topic-based messages can be sent at the same time', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'rate-limit' },
  '80100018': { reason: 'Third-party review signature verification failed', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '80200001': { reason: 'OAuth authentication error', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  // the sender refreshes its access token and resends once on this code (HMS-node, §3.2)
  '80200003': { reason: 'OAuth token expired', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'auth' },
  '80300002': { reason: 'The current app does not have the permission to send messages', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  '80300007': { reason: 'All tokens are invalid', httpStatus: 200, retryable: false, tokenInvalid: true, kind: 'token-invalid' },
  '80300008': { reason: 'The message body size exceeds the default value (4096 bytes)', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'payload-too-large' },
  '80300010': { reason: 'The number of tokens in the message body is out of range (1-1000)', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '80300011': { reason: 'No permission to send high-priority notification messages', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  '80300013': { reason: 'Invalid receipt URL or receipt certificate', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  // HMS-java raises this when the OAuth server refuses the client id/secret; the sender surfaces token-exchange failures under it
  '80600003': { reason: 'Request OAuth service failed: check the OAuth 2.0 client ID (AppId) and client secret (AppSecret)', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  '81000001': { reason: 'System internal error', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'server' },
  // HTTP 503: system-wide flow control, QPS exceeded (§3.4, §3.5). assumption: no business code in the body
  '503': { reason: 'system flow control: QPS exceeded, retry later', httpStatus: 503, retryable: true, tokenInvalid: false, kind: 'rate-limit' },
  // Transport-level statuses the mock can be told to answer with. assumption: plain text from the front proxy
  '502': { reason: 'bad gateway', httpStatus: 502, retryable: true, tokenInvalid: false, kind: 'server' },
  '429': { reason: 'too many requests', httpStatus: 429, retryable: true, tokenInvalid: false, kind: 'rate-limit' },
} as const satisfies ErrorCatalogue;

export type HuaweiCode = keyof typeof huaweiErrors;
/** Success (§3.4); not an error, so not in the catalogue. */
export const HUAWEI_SUCCESS = '80000000';
/** The codes the gateway puts in a reply body (all but the bare HTTP statuses). */
export type HuaweiBodyCode = Exclude<HuaweiCode, '503' | '502' | '429'>;

/**
 * HTTP status per body code when the mock runs `httpStatusMode: 'http'` (§3.4: HW-v3-resp's 400 param /
 * 401 auth / 500; per-code mapping **unconfirmed**). assumption: codes without a status in §3.4 follow their family
 */
export const huaweiHttpModeStatus = {
  '80100000': 200,
  '80100001': 400,
  '80100002': 400,
  '80100003': 400,
  '80100004': 400,
  '80100013': 400,
  '80100016': 400,
  '80100017': 400,
  '80100018': 400,
  '80200001': 401,
  '80200003': 401,
  '80300002': 403,
  '80300007': 400,
  '80300008': 413,
  '80300010': 400,
  '80300011': 403,
  '80300013': 400,
  '80600003': 401,
  '81000001': 500,
} as const satisfies Record<HuaweiBodyCode, number>;

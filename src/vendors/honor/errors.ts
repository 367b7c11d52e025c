import type { ErrorCatalogue } from '../common/errors.js';

/**
 * Honor Push result codes (reference/vendor-gateways.md §4.3). Only 200 and 80100000 are Honor's own
 * documented codes; the rest mirror Huawei's (§3.4), as §4.3 suggests, and are marked. Business
 * errors travel as HTTP 200 with the code in the body (§0: the OEM gateways' common pattern).
 */
export const honorErrors = {
  '80100000': { reason: 'some tokens failed; see failTokens', httpStatus: 200, retryable: false, tokenInvalid: true, kind: 'token-invalid' }, // §4.3 honor-masa
  // assumption: mirrors Huawei 80100001 (§3.4)
  '80100001': { reason: 'parameter error', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  // assumption: mirrors Huawei 80100003 (§3.4)
  '80100003': { reason: 'incorrect message structure', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  // assumption: mirrors Huawei 80200001 (§3.4): missing/unknown Authorization, or a token of another app
  '80200001': { reason: 'OAuth authentication error', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  // assumption: mirrors Huawei 80200003 (§3.4); the sender refreshes the access token and resends once
  '80200003': { reason: 'OAuth token expired', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'auth' },
  // assumption: mirrors Huawei 80300002 (§3.4)
  '80300002': { reason: 'the app is not allowed to send messages', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  // assumption: mirrors Huawei 80300007 (§3.4): every token is malformed, unknown, of another app, or expired
  '80300007': { reason: 'all the tokens are invalid', httpStatus: 200, retryable: false, tokenInvalid: true, kind: 'token-invalid' },
  // assumption: mirrors Huawei 80300008 (§3.4)
  '80300008': { reason: 'the message body is too large', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'payload-too-large' },
  // assumption: mirrors Huawei 80300010 (§3.4)
  '80300010': { reason: 'the number of tokens is out of range (1..1000)', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  // assumption: mirrors Huawei 81000001 and its HTTP 500 (§3.4)
  '81000001': { reason: 'internal error', httpStatus: 500, retryable: true, tokenInvalid: false, kind: 'server' },
  // assumption: the token endpoint answers OAuth errors (RFC 6749 §5.2) as Keycloak does (Honor's older IAM URL is a Keycloak realm, §4.1)
  invalid_client: { reason: 'client authentication failed (client_id or client_secret wrong)', httpStatus: 401, retryable: false, tokenInvalid: false, kind: 'auth' },
  invalid_request: { reason: 'the token request is missing a parameter', httpStatus: 400, retryable: false, tokenInvalid: false, kind: 'auth' },
  unsupported_grant_type: { reason: 'grant_type must be client_credentials', httpStatus: 400, retryable: false, tokenInvalid: false, kind: 'auth' },
  // assumption: flow control answers HTTP 503 as Huawei's does (§3.5)
  '503': { reason: 'flow control: too many requests', httpStatus: 503, retryable: true, tokenInvalid: false, kind: 'rate-limit' },
  // Transport-level statuses the mock can be told to answer with (fault injection).
  // assumption: Honor's answers for an unknown path or a wrong method are unconfirmed; plain HTTP 404 / 405 with the status as code
  '404': { reason: 'no such API', httpStatus: 404, retryable: false, tokenInvalid: false, kind: 'validation' },
  '405': { reason: 'HTTP method not allowed', httpStatus: 405, retryable: false, tokenInvalid: false, kind: 'validation' },
  '429': { reason: 'too many requests', httpStatus: 429, retryable: true, tokenInvalid: false, kind: 'rate-limit' },
  '500': { reason: 'internal server error', httpStatus: 500, retryable: true, tokenInvalid: false, kind: 'server' },
  '502': { reason: 'bad gateway', httpStatus: 502, retryable: true, tokenInvalid: false, kind: 'server' },
} as const satisfies ErrorCatalogue;

export type HonorCode = keyof typeof honorErrors;

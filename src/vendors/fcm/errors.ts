import type { ErrorCatalogue } from '../common/errors.js';

/**
 * FCM HTTP v1 error codes (reference/vendor-gateways.md §2.4): the `details[].errorCode` of the Google
 * error envelope, or its `status` when there is no FcmError detail (firebase-admin `getErrorCode`).
 * The Google OAuth token endpoint's `error` values come after them: the sender surfaces a failed token
 * exchange under those.
 */
export const fcmErrors = {
  INVALID_ARGUMENT: { reason: 'invalid argument: bad token format, package, size, key or TTL', httpStatus: 400, retryable: false, tokenInvalid: false, kind: 'validation' },
  UNREGISTERED: { reason: 'token no longer valid (app uninstalled or token expired); delete it', httpStatus: 404, retryable: false, tokenInvalid: true, kind: 'token-invalid' },
  // SENDER_ID_MISMATCH means the token belongs to another sender; the token is not dead, it is not ours to use
  SENDER_ID_MISMATCH: { reason: 'token belongs to another sender (Firebase project)', httpStatus: 403, retryable: false, tokenInvalid: true, kind: 'token-invalid' },
  // FCM's quotas are per-minute/per-hour windows that refill (§2.5), so they are rate limits, retried after back-off
  QUOTA_EXCEEDED: { reason: 'sending limit exceeded (project, device or topic)', httpStatus: 429, retryable: true, tokenInvalid: false, kind: 'rate-limit' },
  UNAVAILABLE: { reason: 'server overloaded; retry with back-off, honour Retry-After', httpStatus: 503, retryable: true, tokenInvalid: false, kind: 'server' },
  INTERNAL: { reason: 'internal error; retry', httpStatus: 500, retryable: true, tokenInvalid: false, kind: 'server' },
  THIRD_PARTY_AUTH_ERROR: { reason: 'APNs certificate or web-push key invalid', httpStatus: 401, retryable: false, tokenInvalid: false, kind: 'auth' },
  UNSPECIFIED_ERROR: { reason: 'no more information about this error', httpStatus: 500, retryable: false, tokenInvalid: false, kind: 'server' },
  // §2.2: a bad or expired access token gets HTTP 401 UNAUTHENTICATED (a google.rpc status, no FcmError detail); the sender re-authenticates once
  UNAUTHENTICATED: { reason: 'access token missing, invalid or expired', httpStatus: 401, retryable: true, tokenInvalid: false, kind: 'auth' },
  // assumption: a send to a project the service account has no rights on gets 403 PERMISSION_DENIED, as other Google APIs answer
  PERMISSION_DENIED: { reason: 'the credentials may not send for this project, or the access token lacks the firebase.messaging scope', httpStatus: 403, retryable: false, tokenInvalid: false, kind: 'auth' },
  // assumption: Google's OAuth endpoint answers RFC 6749 errors with HTTP 400 (§2.2 does not list them)
  invalid_grant: { reason: 'OAuth: the signed assertion was refused (signature, issuer, audience or iat/exp)', httpStatus: 400, retryable: false, tokenInvalid: false, kind: 'auth' },
  invalid_request: { reason: 'OAuth: a required parameter is missing or malformed', httpStatus: 400, retryable: false, tokenInvalid: false, kind: 'auth' },
  invalid_scope: { reason: 'OAuth: invalid or missing scope', httpStatus: 400, retryable: false, tokenInvalid: false, kind: 'auth' },
  unsupported_grant_type: { reason: 'OAuth: grant_type must be urn:ietf:params:oauth:grant-type:jwt-bearer', httpStatus: 400, retryable: false, tokenInvalid: false, kind: 'auth' },
} as const satisfies ErrorCatalogue;

export type FcmCode = keyof typeof fcmErrors;

/** The google.rpc status word FCM pairs with each code (§2.4). */
export const fcmStatusWords = {
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  UNREGISTERED: 'NOT_FOUND',
  SENDER_ID_MISMATCH: 'PERMISSION_DENIED',
  QUOTA_EXCEEDED: 'RESOURCE_EXHAUSTED',
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'INTERNAL',
  THIRD_PARTY_AUTH_ERROR: 'UNAUTHENTICATED',
  UNSPECIFIED_ERROR: 'UNKNOWN',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
} as const satisfies Partial<Record<FcmCode, string>>;

export type FcmSendCode = keyof typeof fcmStatusWords;
/** The Google OAuth token endpoint's error values. */
export type GoogleOAuthCode = Exclude<FcmCode, FcmSendCode>;

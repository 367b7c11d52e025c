import type { ErrorCatalogue } from '../common/errors.js';

/**
 * APNs error reasons with their HTTP statuses (apns2 `response.go`, Apple "Handling notification
 * responses", reference/vendor-gateways.md §1.5). The reason is the code: replies are `{"reason": …}`.
 * Retry guidance from §1.5: never retry BadDeviceToken, DeviceTokenNotForTopic, Forbidden,
 * ExpiredToken, Unregistered, PayloadTooLarge; 5xx with back-off.
 */
export const apnsErrors = {
  BadCollapseId: { reason: 'BadCollapseId', httpStatus: 400, retryable: false, tokenInvalid: false, kind: 'validation' },
  // also a sandbox token sent to production or the reverse (§1.5): either way this token is useless here
  BadDeviceToken: { reason: 'BadDeviceToken', httpStatus: 400, retryable: false, tokenInvalid: true, kind: 'token-invalid' },
  BadExpirationDate: { reason: 'BadExpirationDate', httpStatus: 400, retryable: false, tokenInvalid: false, kind: 'validation' },
  BadMessageId: { reason: 'BadMessageId', httpStatus: 400, retryable: false, tokenInvalid: false, kind: 'validation' },
  BadPriority: { reason: 'BadPriority', httpStatus: 400, retryable: false, tokenInvalid: false, kind: 'validation' },
  BadTopic: { reason: 'BadTopic', httpStatus: 400, retryable: false, tokenInvalid: false, kind: 'validation' },
  // the token belongs to another app than the topic names: useless for this topic
  DeviceTokenNotForTopic: { reason: 'DeviceTokenNotForTopic', httpStatus: 400, retryable: false, tokenInvalid: true, kind: 'token-invalid' },
  DuplicateHeaders: { reason: 'DuplicateHeaders', httpStatus: 400, retryable: false, tokenInvalid: false, kind: 'validation' },
  // assumption: an idle connection timing out is worth retrying on a fresh connection
  IdleTimeout: { reason: 'IdleTimeout', httpStatus: 400, retryable: true, tokenInvalid: false, kind: 'transport' },
  InvalidPushType: { reason: 'InvalidPushType', httpStatus: 400, retryable: false, tokenInvalid: false, kind: 'validation' },
  MissingDeviceToken: { reason: 'MissingDeviceToken', httpStatus: 400, retryable: false, tokenInvalid: false, kind: 'validation' },
  MissingTopic: { reason: 'MissingTopic', httpStatus: 400, retryable: false, tokenInvalid: false, kind: 'validation' },
  PayloadEmpty: { reason: 'PayloadEmpty', httpStatus: 400, retryable: false, tokenInvalid: false, kind: 'validation' },
  TopicDisallowed: { reason: 'TopicDisallowed', httpStatus: 400, retryable: false, tokenInvalid: false, kind: 'validation' },
  BadCertificate: { reason: 'BadCertificate', httpStatus: 403, retryable: false, tokenInvalid: false, kind: 'auth' },
  BadCertificateEnvironment: { reason: 'BadCertificateEnvironment', httpStatus: 403, retryable: false, tokenInvalid: false, kind: 'auth' },
  // the sender re-signs its JWT once and retries (node-apn does the same, §1.2)
  ExpiredProviderToken: { reason: 'ExpiredProviderToken', httpStatus: 403, retryable: true, tokenInvalid: false, kind: 'auth' },
  Forbidden: { reason: 'Forbidden', httpStatus: 403, retryable: false, tokenInvalid: false, kind: 'auth' },
  InvalidProviderToken: { reason: 'InvalidProviderToken', httpStatus: 403, retryable: false, tokenInvalid: false, kind: 'auth' },
  MissingProviderToken: { reason: 'MissingProviderToken', httpStatus: 403, retryable: false, tokenInvalid: false, kind: 'auth' },
  BadPath: { reason: 'BadPath', httpStatus: 404, retryable: false, tokenInvalid: false, kind: 'validation' },
  MethodNotAllowed: { reason: 'MethodNotAllowed', httpStatus: 405, retryable: false, tokenInvalid: false, kind: 'validation' },
  ExpiredToken: { reason: 'ExpiredToken', httpStatus: 410, retryable: false, tokenInvalid: true, kind: 'token-invalid' },
  Unregistered: { reason: 'Unregistered', httpStatus: 410, retryable: false, tokenInvalid: true, kind: 'token-invalid' },
  PayloadTooLarge: { reason: 'PayloadTooLarge', httpStatus: 413, retryable: false, tokenInvalid: false, kind: 'payload-too-large' },
  // a JWT refreshed more often than every 20 minutes (§1.2): retry later with the current token
  TooManyProviderTokenUpdates: { reason: 'TooManyProviderTokenUpdates', httpStatus: 429, retryable: true, tokenInvalid: false, kind: 'rate-limit' },
  TooManyRequests: { reason: 'TooManyRequests', httpStatus: 429, retryable: true, tokenInvalid: false, kind: 'rate-limit' },
  InternalServerError: { reason: 'InternalServerError', httpStatus: 500, retryable: true, tokenInvalid: false, kind: 'server' },
  ServiceUnavailable: { reason: 'ServiceUnavailable', httpStatus: 503, retryable: true, tokenInvalid: false, kind: 'server' },
  Shutdown: { reason: 'Shutdown', httpStatus: 503, retryable: true, tokenInvalid: false, kind: 'server' },
} as const satisfies ErrorCatalogue;

export type ApnsReason = keyof typeof apnsErrors;

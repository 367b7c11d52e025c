import type { ErrorCatalogue } from '../common/errors.js';

/**
 * OPPO Push return codes (op-codes, reference/vendor-gateways.md §6.4). Business errors travel as
 * HTTP 200 with the code in the body (§6.4: unconfirmed, but consistent with the code-range doc).
 */
export const oppoErrors = {
  '-2': { reason: 'Service in Flow Control', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'rate-limit' },
  '-1': { reason: 'Service Currently Unavailable', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'server' },
  // the sender fetches a new auth_token and resends once
  '11': { reason: 'Invalid AuthToken', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'auth' },
  '12': { reason: 'Http Action Not Allowed', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '13': { reason: 'App Call Limited', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'rate-limit' },
  '14': { reason: 'Invalid App Key', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  '15': { reason: 'Missing App Key', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  '16': { reason: 'Invalid Signature', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  '17': { reason: 'Missing Signature', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  '18': { reason: 'Missing Timestamp', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  // not retryable as is: the sender's clock is more than 10 minutes off and must be corrected first (§6.2)
  '19': { reason: 'Invalid Timestamp', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  '20': { reason: 'Invalid Method', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '21': { reason: 'Missing Method', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '22': { reason: 'Missing Version', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '23': { reason: 'Invalid Version', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '24': { reason: 'Unsupported Version', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '25': { reason: 'Invalid Encoding', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '26': { reason: 'IP Black List', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  '27': { reason: 'Access Denied', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  '28': { reason: 'App Disabled', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  '29': { reason: 'Missing Auth Token', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  '30': { reason: 'Api Permission Denied', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  '31': { reason: 'Data Not Exist', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '32': { reason: 'Data Duplicate', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '33': { reason: 'The number of messages exceeds the daily limit', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'quota' },
  '34': { reason: 'The number of upload pictures exceeds the daily limit', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'quota' },
  '40': { reason: 'Missing Required Arguments', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '41': { reason: 'Invalid Arguments', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '51': { reason: 'Invalid Picture', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  '55': { reason: 'App Call Frequency Limit', httpStatus: 200, retryable: true, tokenInvalid: false, kind: 'rate-limit' },
  '59': { reason: 'UseSecondaryAction permission denied', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'auth' },
  '67': { reason: 'Category error/Private classify channel notify_level invalid', httpStatus: 200, retryable: false, tokenInvalid: false, kind: 'validation' },
  // op-unicast (a §6 source) documents 10000 for a malformed registration_id; assumption: unknown or uninstalled regIds get it too (§6.4: unicast codes unconfirmed)
  '10000': { reason: 'Invalid Registration_id', httpStatus: 200, retryable: false, tokenInvalid: true, kind: 'token-invalid' },
  // Transport-level statuses the mock can be told to answer with (fault injection); assumption: plain-text body from the front proxy.
  '429': { reason: 'too many requests', httpStatus: 429, retryable: true, tokenInvalid: false, kind: 'rate-limit' },
  '500': { reason: 'internal server error', httpStatus: 500, retryable: true, tokenInvalid: false, kind: 'server' },
  '502': { reason: 'bad gateway', httpStatus: 502, retryable: true, tokenInvalid: false, kind: 'server' },
  '503': { reason: 'service unavailable', httpStatus: 503, retryable: true, tokenInvalid: false, kind: 'server' },
} as const satisfies ErrorCatalogue;

export type OppoCode = keyof typeof oppoErrors;

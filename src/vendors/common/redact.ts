/** Masks secrets (keys, access tokens, signatures, app signs, PEM blocks) in text bound for logs, recordings and reports. */
const MASK = '**MASKED**';

const secretKeyNames = [
  'authorization', 'auth_token', 'authtoken', 'access_token', 'accesstoken', 'client_secret', 'clientsecret',
  'appsecret', 'app_secret', 'mastersecret', 'master_secret', 'appkey', 'app_key', 'appsign', 'app_sign', 'sign',
  'secret', 'password', 'private_key', 'privatekey', 'key', 'assertion', 'apikey', 'api_key', 'token_secret',
];
const keyAlternation = secretKeyNames.join('|');

const patterns: readonly [RegExp, string][] = [
  [/-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g, MASK],
  // JSON "key": "value"
  [new RegExp(`("(?:${keyAlternation})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi'), `$1"${MASK}"`],
  // form / query / command-line key=value (`--token=…`, `?auth_token=…`)
  [new RegExp(`(^|[?&\\s-])((?:${keyAlternation}|token)=)[^&\\s"]*`, 'gi'), `$1$2${MASK}`],
  // HTTP auth schemes
  [/\b(bearer|key=|basic)\s*[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${MASK}`],
  // bare JWTs
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, MASK],
];

export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of patterns) out = out.replace(pattern, replacement);
  return out;
}

/** Header map with credential-bearing headers masked. */
export function redactHeaders(headers: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = /^(authorization|authtoken|auth_token|x-goog-api-key|cookie)$/i.test(name) ? MASK : redact(value);
  }
  return out;
}

/** A device token shortened for reports: enough to tell tokens apart, not enough to use one. */
export function shortToken(token: string): string {
  return token.length <= 12 ? token : `${token.slice(0, 8)}…${token.slice(-4)}`;
}

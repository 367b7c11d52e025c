import { createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { compactVerify, decodeProtectedHeader } from 'jose';
import type { StoragePolicy } from '../common/gateway-state.js';
import type { DeliveredPush } from '../common/push.js';
import { route, type RouteContext, type VendorMock } from '../common/route.js';
import { isRecord, json, parseForm, parseJson, type WireRequest, type WireResponse } from '../common/wire.js';
import {
  fcmEndpoints, fcmLimits, fcmScopes, isWellFormedFcmToken, parseFcmDuration, validateFcmSend,
  type FcmErrorDetail, type FcmErrorReply, type FcmMessage, type FcmProblem, type FcmSendReply, type GoogleOAuthErrorReply, type GoogleTokenReply,
} from './contract.js';
import { fcmErrors, fcmStatusWords, type FcmSendCode, type GoogleOAuthCode } from './errors.js';

/** Console configuration the mock needs (set through `POST /__pushlab/settings`). */
export const fcmDefaultSettings = {
  /**
   * Android packages registered in the Firebase project. A token issued to any other app belongs to
   * another sender: SENDER_ID_MISMATCH (§2.4). assumption: the mock's project holds only the demo app
   */
  projectApps: ['com.pushlab.demo'] as string[],
  /** Project downstream messages per minute (§2.5); lower it to provoke QUOTA_EXCEEDED. */
  projectPerMinute: fcmLimits.projectPerMinute,
  devicePerMinute: fcmLimits.devicePerMinute,
  devicePerHour: fcmLimits.devicePerHour,
};

const FCM_ERROR_TYPE = 'type.googleapis.com/google.firebase.fcm.v1.FcmError';
/** Google issues `ya29.`-prefixed access tokens; the mock does too, so clients that look at the prefix are happy. */
const ACCESS_TOKEN_PREFIX = 'ya29.';

/** The Google error envelope (§2.4) for an FCM code. */
export function fcmErrorReply(code: FcmSendCode, message: string, extraDetails: FcmErrorDetail[] = [], withFcmDetail = true, headers?: Record<string, string>): WireResponse {
  const entry = fcmErrors[code];
  const details: FcmErrorDetail[] = [];
  if (withFcmDetail && code !== 'UNAUTHENTICATED' && code !== 'PERMISSION_DENIED') details.push({ '@type': FCM_ERROR_TYPE, errorCode: code });
  details.push(...extraDetails);
  const body: FcmErrorReply = { error: { code: entry.httpStatus, message, status: fcmStatusWords[code], ...(details.length ? { details } : {}) } };
  return json(entry.httpStatus, body, headers);
}

function problemReply(p: FcmProblem): WireResponse {
  const violations: FcmErrorDetail = { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ ...(p.field ? { field: p.field } : {}), description: p.message }] };
  return fcmErrorReply(p.code, p.message, [violations], !p.parseError);
}

function oauthError(ctx: RouteContext, error: GoogleOAuthCode, description: string): WireResponse {
  ctx.note(error);
  const body: GoogleOAuthErrorReply = { error, error_description: description };
  return json(fcmErrors[error].httpStatus, body);
}

const publicKeys = new WeakMap<object, KeyObject>();
function publicKeyOf(credentials: Readonly<Record<string, unknown>>): KeyObject {
  let key = publicKeys.get(credentials);
  if (!key) {
    key = createPublicKey(String(credentials.private_key));
    publicKeys.set(credentials, key);
  }
  return key;
}

/** `aud` values the token endpoint accepts: Google's token URLs, the credentials' token_uri, and this host's own /token. */
function acceptedAudiences(ctx: RouteContext): string[] {
  const host = ctx.req.headers.host;
  const own = host ? [`http://${host}${ctx.req.path}`, `https://${host}${ctx.req.path}`] : [];
  const tokenUri = typeof ctx.gw.credentials.token_uri === 'string' ? [ctx.gw.credentials.token_uri] : [];
  return [`${fcmEndpoints.oauth}${fcmEndpoints.tokenPath}`, `https://www.googleapis.com${fcmEndpoints.legacyTokenPath}`, ...tokenUri, ...own];
}

/** How far a JWT's iat may lie in the future. assumption: Google tolerates a few minutes of clock skew */
const CLOCK_SKEW_S = 300;
const SHORT_LIVED = 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.';

/** `POST /token`: the JWT-bearer exchange of §2.2, checked against the service account's key. */
async function token(ctx: RouteContext): Promise<WireResponse> {
  const { gw, req } = ctx;
  const form = parseForm(req.body);
  const grantType = form.get('grant_type');
  // assumption: the wording of Google's OAuth errors below; the exchange itself is §2.2
  if (grantType !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return oauthError(ctx, 'unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`);
  const assertion = form.get('assertion');
  if (!assertion) return oauthError(ctx, 'invalid_request', 'Missing required parameter: assertion');
  let header: ReturnType<typeof decodeProtectedHeader>;
  let payload: unknown;
  try {
    header = decodeProtectedHeader(assertion);
    if (header.alg !== 'RS256') return oauthError(ctx, 'invalid_grant', 'Invalid JWT Signature.');
    // a kid naming another key of the service account fails like a bad signature (assumption)
    if (header.kid !== undefined && header.kid !== gw.credentials.private_key_id) return oauthError(ctx, 'invalid_grant', 'Invalid JWT Signature.');
    const verified = await compactVerify(assertion, publicKeyOf(gw.credentials), { algorithms: ['RS256'] });
    payload = JSON.parse(new TextDecoder().decode(verified.payload));
  } catch {
    return oauthError(ctx, 'invalid_grant', 'Invalid JWT Signature.');
  }
  if (!isRecord(payload)) return oauthError(ctx, 'invalid_grant', 'Invalid JWT: the claim set is not a JSON object.');
  if (payload.iss !== gw.credentials.client_email) return oauthError(ctx, 'invalid_grant', 'Invalid grant: account not found');
  if (typeof payload.aud !== 'string' || !acceptedAudiences(ctx).includes(payload.aud)) {
    return oauthError(ctx, 'invalid_grant', `Invalid JWT: Failed audience check. The right audience is ${fcmEndpoints.oauth}${fcmEndpoints.tokenPath}`);
  }
  const now = gw.clock.now() / 1000;
  const { iat, exp } = payload;
  if (typeof iat !== 'number' || typeof exp !== 'number' || iat > now + CLOCK_SKEW_S || exp <= now || exp - iat > fcmLimits.assertionMaxSeconds || exp <= iat) {
    return oauthError(ctx, 'invalid_grant', SHORT_LIVED);
  }
  const scopes = typeof payload.scope === 'string' ? payload.scope.split(/\s+/).filter(Boolean) : [];
  if (scopes.length === 0) return oauthError(ctx, 'invalid_scope', 'Invalid OAuth scope or ID token audience provided.');
  const issued = gw.issueAccessToken(`${String(payload.iss)} ${scopes.join(' ')}`, fcmLimits.accessTokenSeconds * 1000);
  // Google answers expires_in 3599 for a one-hour token (§2.2)
  const body: GoogleTokenReply = { access_token: `${ACCESS_TOKEN_PREFIX}${issued.token}`, expires_in: fcmLimits.accessTokenSeconds - 1, token_type: 'Bearer' };
  return json(200, body, { 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate' });
}

// assumption: the 401 wording and ErrorInfo reasons below are what Google APIs send; §2.2 gives only "HTTP 401 (UNAUTHENTICATED)"
const CREDENTIALS_HINT = 'Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';
const errorInfo = (reason: string, metadata?: Record<string, string>): FcmErrorDetail => ({ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com', ...(metadata ? { metadata } : {}) });

function fail(ctx: RouteContext, code: FcmSendCode, message: string, tokens?: readonly string[], extra: FcmErrorDetail[] = [], headers?: Record<string, string>): WireResponse {
  ctx.note(code, tokens);
  return fcmErrorReply(code, message, extra, true, headers);
}

/** Checks `Authorization: Bearer` (§2.2); undefined when the caller may send for the project. */
function authProblem(ctx: RouteContext): WireResponse | undefined {
  const auth = ctx.req.headers.authorization;
  if (!auth) return fail(ctx, 'UNAUTHENTICATED', `Request is missing required authentication credential. ${CREDENTIALS_HINT}`, undefined, [errorInfo('CREDENTIALS_MISSING')]);
  const bearer = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
  const raw = bearer?.startsWith(ACCESS_TOKEN_PREFIX) ? bearer.slice(ACCESS_TOKEN_PREFIX.length) : undefined;
  const checked = ctx.gw.checkAccessToken(raw);
  if (checked.status !== 'ok') {
    return fail(ctx, 'UNAUTHENTICATED', `Request had invalid authentication credentials. ${CREDENTIALS_HINT}`, undefined, [errorInfo(checked.status === 'expired' ? 'ACCESS_TOKEN_EXPIRED' : 'ACCESS_TOKEN_TYPE_UNSUPPORTED')]);
  }
  const scopes = checked.subject.split(' ').slice(1);
  if (!scopes.includes(fcmScopes.messaging) && !scopes.includes(fcmScopes.cloudPlatform)) {
    return fail(ctx, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.', undefined, [errorInfo('ACCESS_TOKEN_SCOPE_INSUFFICIENT')]);
  }
  if (ctx.params.project !== ctx.gw.credentials.project_id) {
    return fail(ctx, 'PERMISSION_DENIED', `Permission 'cloudmessaging.messages.create' denied on resource '//cloudresourcemanager.googleapis.com/projects/${ctx.params.project}' (or it may not exist).`, undefined, [errorInfo('IAM_PERMISSION_DENIED', { permission: 'cloudmessaging.messages.create' })]);
  }
  return undefined;
}

/** `POST /v1/projects/<project>/messages:send` (§2.1–§2.5). */
async function send(ctx: RouteContext): Promise<WireResponse> {
  const { gw, req } = ctx;
  const denied = authProblem(ctx);
  if (denied) return denied;
  const parsed = parseJson(req.body);
  if (parsed === undefined) {
    ctx.note('INVALID_ARGUMENT');
    return problemReply({ code: 'INVALID_ARGUMENT', parseError: true, message: `Invalid JSON payload received. ${req.body.length ? 'Unexpected token.' : 'Expected a JSON object, got an empty body.'}` });
  }
  const valid = validateFcmSend(parsed);
  if (!valid.ok) { ctx.note(valid.problem.code); return problemReply(valid.problem); }
  const { message, validate_only: validateOnly } = valid.request;
  const project = String(gw.credentials.project_id);
  const tokens = message.token !== undefined ? [message.token] : [];
  ctx.note('pending', tokens);
  const fault = await ctx.tokenFaults(tokens);
  if (fault) return fault;

  const target = message.token !== undefined ? gw.token(message.token) : undefined;
  if (message.token !== undefined) {
    if (!target && !isWellFormedFcmToken(message.token)) return fail(ctx, 'INVALID_ARGUMENT', 'The registration token is not a valid FCM registration token', tokens);
    if (!target || target.state !== 'active') return fail(ctx, 'UNREGISTERED', 'Requested entity was not found.', tokens);
    const apps = (gw.settings.projectApps ?? fcmDefaultSettings.projectApps) as string[];
    if (!apps.includes(target.app)) return fail(ctx, 'SENDER_ID_MISMATCH', 'SenderId mismatch', tokens);
    // assumption: a restricted_package_name other than the token's app is refused as INVALID_ARGUMENT ("bad … package", §2.4)
    const restricted = message.android?.restricted_package_name;
    if (restricted !== undefined && restricted !== target.app) return fail(ctx, 'INVALID_ARGUMENT', `Request contains an invalid argument: restricted_package_name ${restricted} does not match the registration token's app`, tokens, [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: 'message.android.restricted_package_name', description: 'Invalid package name' }] }]);
  }
  // validate_only checks everything, tokens included, and delivers nothing (§2.1). assumption: the name FCM returns for a dry run
  if (validateOnly) { ctx.note('200', tokens); return json(200, { name: `projects/${project}/messages/fake_message_id` } satisfies FcmSendReply); }

  const perMinute = Number(gw.settings.projectPerMinute ?? fcmLimits.projectPerMinute);
  if (!gw.quota.take('project-minute', perMinute, { ms: 60_000 }).ok) {
    return fail(ctx, 'QUOTA_EXCEEDED', 'Quota exceeded for quota metric \'Messages\' and limit \'Messages per minute\'.', tokens, [{ '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ subject: `project:${project}`, description: `over ${perMinute} messages per minute` }] }], { 'retry-after': '60' });
  }
  if (target) {
    const devMinute = Number(gw.settings.devicePerMinute ?? fcmLimits.devicePerMinute);
    const devHour = Number(gw.settings.devicePerHour ?? fcmLimits.devicePerHour);
    const minute = gw.quota.take(`device-minute:${target.token}`, devMinute, { ms: 60_000 });
    const hour = minute.ok ? gw.quota.take(`device-hour:${target.token}`, devHour, { ms: 3_600_000 }) : minute;
    if (!hour.ok) {
      // assumption: the device-quota wording and QuotaFailure subject; the 429 QUOTA_EXCEEDED is §2.4/§2.5
      return fail(ctx, 'QUOTA_EXCEEDED', 'Device message rate exceeded.', tokens, [{ '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ subject: 'device', description: `over ${minute.ok ? `${devHour} messages per hour` : `${devMinute} messages per minute`} to one device` }] }], { 'retry-after': minute.ok ? '3600' : '60' });
    }
  }

  const now = gw.clock.now();
  const name = `projects/${project}/messages/0:${now}${gw.nextMessageId('%')}`;
  if (target) ctx.deliver(fcmDelivered(message, name, target.token, now), fcmStoragePolicy(message));
  // assumption: a topic or condition message is accepted and reaches no one: the mock keeps no topic subscriptions
  ctx.note('200', tokens);
  return json(200, { name } satisfies FcmSendReply);
}

/** Offline storage (§2.5): ≤ 100 non-collapsible (overflow drops all), 4 collapse keys; ttl "0s" is never stored. */
export function fcmStoragePolicy(message: FcmMessage): StoragePolicy {
  const ttl = message.android?.ttl !== undefined ? parseFcmDuration(message.android.ttl) : undefined;
  return { storeOffline: ttl !== 0, keep: 'by-collapse-key', maxStored: fcmLimits.storedNonCollapsible, overflow: 'drop-all', maxCollapseKeys: fcmLimits.storedCollapseKeys };
}

/** The push as a device receives it. */
export function fcmDelivered(message: FcmMessage, name: string, token: string, now: number): DeliveredPush {
  const android = message.android;
  const an = android?.notification;
  const notification = message.notification !== undefined || an !== undefined;
  const ttl = android?.ttl !== undefined ? parseFcmDuration(android.ttl)! : fcmLimits.defaultTtlSeconds;
  // assumption: without android.priority, notification messages go high and data messages normal (FCM-priority docs; §2.3 lists only the values)
  const priority = android?.priority !== undefined ? (android.priority.toUpperCase() === 'HIGH' ? 'high' : 'normal') : notification ? 'high' : 'normal';
  return {
    vendor: 'fcm',
    messageId: name,
    token,
    kind: notification ? 'notification' : 'data',
    title: an?.title ?? message.notification?.title,
    body: an?.body ?? message.notification?.body,
    // android.data overrides message.data (FCM AndroidConfig.data)
    data: { ...message.data, ...android?.data },
    // FCM's own classes for storage (§2.5): collapsible (with collapse_key) or non-collapsible
    messageClass: android?.collapse_key !== undefined ? 'collapsible' : 'non-collapsible',
    channelId: an?.channel_id,
    collapseKey: android?.collapse_key,
    priority,
    acceptedAt: now,
    expiresAt: now + Math.round(ttl * 1000),
    raw: message,
  };
}

// assumption: Google's front end answers unknown URLs and wrong methods with its HTML 404 page
function googleNotFound(req: WireRequest): WireResponse {
  const html = `<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n  <title>Error 404 (Not Found)!!1</title>\n  <p><b>404.</b> <ins>That’s an error.</ins>\n  <p>The requested URL <code>${req.path.replace(/[<>&"]/g, '')}</code> was not found on this server.  <ins>That’s all we know.</ins>\n`;
  return { status: 404, headers: { 'content-type': 'text/html; charset=UTF-8' }, body: html };
}

/** The Google envelope for an injected HTTP status. */
function statusReply(status: number): WireResponse {
  const byStatus: Record<number, FcmSendCode> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'SENDER_ID_MISMATCH', 404: 'UNREGISTERED', 429: 'QUOTA_EXCEEDED', 500: 'INTERNAL', 503: 'UNAVAILABLE' };
  const code = byStatus[status];
  if (code) return fcmErrorReply(code, fcmErrors[code].reason, [], true, status === 429 || status === 503 ? { 'retry-after': '1' } : undefined);
  // assumption: other statuses come from Google's front end as a bare HTML page
  return { status, headers: { 'content-type': 'text/html; charset=UTF-8' }, body: `<!DOCTYPE html><title>Error ${status}</title><p><b>${status}.</b> <ins>That’s an error.</ins>` };
}

/** A token in FCM's shape: `<22-char instance id>:APA91b<134 chars>` (§2.3 registration token). */
export function newFcmToken(): string {
  return `${randomBytes(16).toString('base64url').slice(0, 22)}:APA91b${randomBytes(101).toString('base64url').slice(0, 134)}`;
}

/** FCM HTTP v1 mock: Google's `/token` JWT-bearer exchange and `/v1/projects/<project>/messages:send`. */
export const fcmMock: VendorMock = {
  vendor: 'fcm',
  productionUrls: [fcmEndpoints.production, fcmEndpoints.oauth],
  routes: [
    route('POST', /^\/(?:token|oauth2\/v4\/token)$/, token),
    route('POST', /^\/v1\/projects\/(?<project>[^/]+)\/messages:send$/, send),
  ],
  newToken: newFcmToken,
  statusReply,
  notFound: (req) => googleNotFound(req),
  serverError: () => fcmErrorReply('INTERNAL', 'Internal error encountered.'),
  defaultSettings: fcmDefaultSettings,
};

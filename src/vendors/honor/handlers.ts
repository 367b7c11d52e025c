import { randomBytes } from 'node:crypto';
import type { StoragePolicy } from '../common/gateway-state.js';
import { route, type RouteContext, type VendorMock } from '../common/route.js';
import { json, parseForm, parseJson, type WireRequest, type WireResponse } from '../common/wire.js';
import { honorData, honorEndpoints, honorLimits, validateHonorSend, type HonorImportance, type HonorReply, type HonorTokenError, type HonorTokenReply } from './contract.js';
import { honorErrors, type HonorCode } from './errors.js';

/** Console configuration and switches of the Honor mock (`/__pushlab/settings`). */
export const honorDefaultSettings = {
  /** The Android package the console binds the app id to; tokens of other packages are invalid for it. */
  appPackage: 'com.pushlab.demo',
  marketingPerDevicePerDay: honorLimits.marketingPerDevicePerDay,
  testMessagesPerDay: honorLimits.testMessagesPerDay,
  qps: honorLimits.defaultQps,
  accessTokenSeconds: honorLimits.accessTokenSeconds,
  // assumption: how Honor classifies a notification without importance is unconfirmed (§4.2); counted as marketing (LOW)
  defaultImportance: 'LOW' as HonorImportance,
};

const requestId = () => `${Date.now()}${randomBytes(5).toString('hex')}`;

/** The gateway's error reply for a catalogue code. */
export function honorReply(code: HonorCode, detail?: string, data?: HonorReply['data']): WireResponse {
  const entry = honorErrors[code];
  const body: HonorReply = { code: Number(code), message: detail ? `${entry.reason}: ${detail}` : entry.reason, ...(data ? { data } : {}) };
  return { status: entry.httpStatus, body };
}

function tokenError(code: 'invalid_client' | 'invalid_request' | 'unsupported_grant_type', description: string): WireResponse {
  const body: HonorTokenError = { error: code, error_description: description };
  return json(honorErrors[code].httpStatus, body, { 'cache-control': 'no-store' });
}

/** `POST /auth/token`: client_credentials for the console's Client ID / Secret (§4.1). */
function issueToken(ctx: RouteContext): WireResponse {
  const { gw, req } = ctx;
  const form = parseForm(req.body);
  const grant = form.get('grant_type');
  const clientId = form.get('client_id');
  const secret = form.get('client_secret');
  const fail = (code: 'invalid_client' | 'invalid_request' | 'unsupported_grant_type', description: string) => { ctx.note(code); return tokenError(code, description); };
  if (!grant) return fail('invalid_request', 'Missing form parameter: grant_type');
  if (grant !== 'client_credentials') return fail('unsupported_grant_type', `Unsupported grant_type ${grant}`);
  if (!clientId || !secret) return fail('invalid_request', 'client_id and client_secret are required');
  if (clientId !== gw.credentials.clientId || secret !== gw.credentials.clientSecret) return fail('invalid_client', 'Invalid client or Invalid client credentials');
  const seconds = Number(gw.settings.accessTokenSeconds ?? honorLimits.accessTokenSeconds);
  const { token } = gw.issueAccessToken(clientId, seconds * 1000);
  ctx.note(200);
  const body: HonorTokenReply = { access_token: token, expires_in: seconds, token_type: 'Bearer' };
  return json(200, body, { 'cache-control': 'no-store' });
}

/** `POST /api/v1/<appId>/sendMessage` (§4.1–§4.3). */
async function sendMessage(ctx: RouteContext): Promise<WireResponse> {
  const { gw, req, params } = ctx;
  const auth = req.headers.authorization?.trim();
  if (!auth) return fail(ctx, '80200001', 'Authorization header missing');
  // §4.1: `Authorization: Bearer <token>`; honor-go sends the bare token, so both are accepted (assumption)
  const access = gw.checkAccessToken(auth.replace(/^Bearer\s+/i, ''));
  if (access.status === 'unknown') return fail(ctx, '80200001', 'unknown access token');
  if (access.status === 'expired') return fail(ctx, '80200003', 'access token expired; request a new one');
  // assumption: as Huawei (§3.2 "wrong app"), a token used for another app id is an authentication error
  if (params.appId !== String(gw.credentials.appId)) return fail(ctx, '80200001', `the access token is not for app ${params.appId}`);
  // §4.1 requires a `timestamp: <ms>` header; assumption: missing or non-numeric is a parameter error
  const timestamp = req.headers.timestamp;
  if (!timestamp || !/^\d{10,13}$/.test(timestamp.trim())) return fail(ctx, '80100001', 'header timestamp must be epoch milliseconds');
  const parsed = parseJson(req.body);
  if (parsed === undefined) return fail(ctx, '80100003', 'the body is not JSON');
  const valid = validateHonorSend(parsed);
  if (!valid.ok) return fail(ctx, valid.code, valid.detail);
  const { body, ttlSeconds } = valid;
  const tokens = body.token;
  ctx.note('pending', tokens);
  const fault = await ctx.tokenFaults(tokens);
  if (fault) return fault;
  const qps = Number(gw.settings.qps ?? honorLimits.defaultQps);
  if (!gw.quota.take('app-qps', qps, { ms: 1000 }).ok) return fail(ctx, '503', `over ${qps} requests per second`, tokens);

  const appPackage = String(gw.settings.appPackage ?? honorDefaultSettings.appPackage);
  const failTokens: string[] = [];
  const expireTokens: string[] = [];
  const targets: string[] = [];
  for (const t of tokens) {
    const record = gw.token(t);
    // assumption (§4.3): tokens of uninstalled apps are listed as expireTokens, unknown or other apps' tokens as failTokens
    if (!record || record.app !== appPackage) failTokens.push(t);
    else if (record.state !== 'active') expireTokens.push(t);
    else targets.push(t);
  }
  const id = requestId();
  if (targets.length === 0) return fail(ctx, '80300007', `${tokens.length} token(s), none valid for ${appPackage}`, tokens, { sendResult: false, requestId: id, failTokens, expireTokens });

  const n = body.android?.notification;
  const isNotification = body.notification !== undefined || n !== undefined;
  const importance: HonorImportance = n?.importance ?? (gw.settings.defaultImportance as HonorImportance | undefined) ?? 'LOW';
  const isTest = body.android?.targetUserType === 1;
  // assumption: Honor documents no error for an exhausted quota (§4.4), so the push is accepted and not delivered, as Xiaomi does (§5.5)
  const testAllowed = !isTest || gw.quota.take('day:test', Number(gw.settings.testMessagesPerDay ?? honorLimits.testMessagesPerDay), 'day-cn').ok;
  const now = gw.clock.now();
  const data = honorData(body.android?.data ?? body.data);
  const collapseKey = n?.tag ?? (n?.notifyId !== undefined && n.notifyId !== -1 ? String(n.notifyId) : undefined);
  // assumption: Honor keeps every message within its TTL (no collapse_key in §4.2); ttl 0 means deliver now or never
  const policy: StoragePolicy = { storeOffline: ttlSeconds > 0, keep: 'all' };
  for (const token of targets) {
    if (!testAllowed) continue;
    // Marketing (LOW) is capped per device per day; service & communication (NORMAL) is not; test messages are exempt (§4.2, §4.4)
    if (isNotification && importance === 'LOW' && !isTest) {
      const cap = Number(gw.settings.marketingPerDevicePerDay ?? honorLimits.marketingPerDevicePerDay);
      if (!gw.quota.take(`day:marketing:${token}`, cap, 'day-cn').ok) continue;
    }
    ctx.deliver({
      vendor: 'honor', messageId: id, token, kind: isNotification ? 'notification' : 'data',
      title: n?.title ?? body.notification?.title, body: n?.body ?? body.notification?.body, data,
      messageClass: isNotification ? importance : 'pass-through', collapseKey,
      // assumption: NORMAL (service & communication) rings and shows on the lock screen (§3.3), so it is the high-priority class
      priority: isNotification && importance === 'NORMAL' ? 'high' : 'normal',
      acceptedAt: now, expiresAt: now + ttlSeconds * 1000, raw: body,
    }, policy);
  }
  if (failTokens.length || expireTokens.length) {
    ctx.note('80100000', tokens);
    return honorReply('80100000', `${failTokens.length + expireTokens.length} of ${tokens.length} token(s) failed`, { sendResult: true, requestId: id, failTokens, expireTokens });
  }
  ctx.note(200, tokens);
  const reply: HonorReply = { code: 200, message: 'success', data: { sendResult: true, requestId: id, failTokens: [], expireTokens: [] } };
  return { status: 200, body: reply };
}

function fail(ctx: RouteContext, code: HonorCode, detail: string, tokens?: readonly string[], data?: HonorReply['data']): WireResponse {
  ctx.note(code, tokens);
  return honorReply(code, detail, data);
}

/** Honor Push mock: token endpoint on the IAM path layout and `/api/v1/<appId>/sendMessage`, both on one base URL. */
export const honorMock: VendorMock = {
  vendor: 'honor',
  productionUrls: [honorEndpoints.production, honorEndpoints.auth, 'https://push-api.cloud.hihonor.com', 'https://iam.developer.hihonor.com'],
  routes: [
    route('POST', /^\/auth\/token$/, issueToken),
    // the 2023 guide's Keycloak token path (§4.1 older hosts)
    route('POST', /^\/auth\/realms\/developer\/protocol\/openid-connect\/token$/, issueToken),
    route('POST', /^\/api\/v1\/(?<appId>[^/]+)\/sendMessage$/, sendMessage),
  ],
  // assumption: Honor push tokens look like Huawei's (long base64-like strings); only the shape matters
  newToken: () => `IQAAAACy${randomBytes(60).toString('base64url')}`,
  statusReply: (status) => ({ status, body: { code: status, message: status === 503 || status === 429 ? 'flow control' : 'service error' } }), // assumption: JSON with the status as code
  notFound: (_req: WireRequest, methodMismatch: boolean) => methodMismatch ? honorReply('405') : honorReply('404'),
  serverError: () => honorReply('81000001'),
  defaultSettings: honorDefaultSettings,
};

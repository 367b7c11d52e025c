import { createPublicKey, randomFillSync, type KeyObject } from 'node:crypto';
import { compactVerify, decodeProtectedHeader } from 'jose';
import { bodyTextOf, type TransportRequest } from '../common/dispatch.js';
import { randomHex, type GatewayState, type StoragePolicy } from '../common/gateway-state.js';
import type { MessageKind } from '../common/push.js';
import { logger } from '../common/log.js';
import { route, type RouteContext, type VendorMock } from '../common/route.js';
import { isRecord, type WireRequest, type WireResponse } from '../common/wire.js';
import { alertText, apnsEndpoints, apnsLimits, customData, validateApnsRequest, type ApnsErrorReply, type ApnsPushType, type ApnsRequest } from './contract.js';
import { apnsErrors, type ApnsReason } from './errors.js';

const log = logger('pushlab:mock:apns');

/** Console-side switches of the APNs mock (`POST /__pushlab/settings`). */
export const apnsDefaultSettings = {
  /** Bundle ids of the team besides the credentials' `bundleId`: token auth covers every app of the team (§1.2). */
  bundleIds: [] as string[],
  /**
   * Least gateway-clock seconds between two provider-token updates per signing key (§1.2: 20 min); 0 turns the rule off.
   * An update is a JWT whose `iat` is newer than the newest one seen for the key.
   */
  tokenUpdateMinSeconds: apnsLimits.jwtMinRefreshSeconds,
  /** Requests per second to one device token before 429 TooManyRequests; 0 = no limit (Apple publishes no number, §1.6). */
  perDevicePerSecond: 0,
};

/** The gateway's error reply for a reason (§1.5), with the request's `apns-id` when known. */
export function apnsReply(reason: ApnsReason, options: { apnsId?: string; timestamp?: number } = {}): WireResponse {
  const body: ApnsErrorReply = options.timestamp === undefined ? { reason } : { reason, timestamp: options.timestamp };
  return { status: apnsErrors[reason].httpStatus, body, headers: options.apnsId ? { 'apns-id': options.apnsId } : undefined };
}

// ---- provider authentication token (JWT ES256, §1.2) -------------------------------------------

type CheckedJwt = { ok: true; iat: number } | { ok: false; detail: string };

/** Per gateway: the public half of the provider key, verified JWTs (signature checks are the costly part), the newest iat per key. */
interface ProviderKeys {
  readonly keyPem: string;
  readonly publicKey: KeyObject;
  readonly checked: Map<string, CheckedJwt>;
  /** Per connection: the newest iat seen on it and when it last changed (Apple counts token updates per connection). */
  connections: WeakMap<object, { newestIat: number; changedAt: number }>;
  /** The last `authorization` header seen and its verdict: providers send the same header on every push for up to an hour (§1.2). */
  lastAuthorization?: string;
  lastChecked?: CheckedJwt;
  /** `gw.resets` when `connections` was last valid: /__pushlab/reset forgets the token history too. */
  resets: number;
}
const providerKeys = new WeakMap<GatewayState, ProviderKeys>();
const MAX_CACHED_JWTS = 1024;

function keysOf(gw: GatewayState): ProviderKeys {
  const keyPem = String(gw.credentials.key);
  let keys = providerKeys.get(gw);
  if (!keys || keys.keyPem !== keyPem) {
    keys = { keyPem, publicKey: createPublicKey(keyPem), checked: new Map(), connections: new WeakMap(), resets: gw.resets };
    providerKeys.set(gw, keys);
  }
  return keys;
}

/** Signature, algorithm, key id and team: everything about a JWT that does not depend on the clock. */
async function checkJwt(jwt: string, keys: ProviderKeys, keyId: string, teamId: string): Promise<CheckedJwt> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try { header = decodeProtectedHeader(jwt); } catch { return { ok: false, detail: 'the bearer token is not a JWT' }; }
  if (header.alg !== 'ES256') return { ok: false, detail: `JWT alg must be ES256 (got ${String(header.alg)})` };
  if (header.kid !== keyId) return { ok: false, detail: `JWT kid ${String(header.kid)} is not a key of this team` };
  let claims: unknown;
  try {
    const { payload } = await compactVerify(jwt, keys.publicKey, { algorithms: ['ES256'] });
    claims = JSON.parse(Buffer.from(payload).toString('utf8'));
  } catch {
    return { ok: false, detail: 'JWT signature does not verify with the key named by kid' };
  }
  if (!isRecord(claims) || claims.iss !== teamId) return { ok: false, detail: `JWT iss must be the team id of key ${keyId}` };
  if (typeof claims.iat !== 'number' || !Number.isInteger(claims.iat)) return { ok: false, detail: 'JWT iat must be integer UNIX seconds' };
  return { ok: true, iat: claims.iat };
}

type AuthProblem = { reason: ApnsReason; detail: string };

/**
 * Checks `authorization: bearer <jwt>`: the failing reason, or undefined when the provider may push.
 * Synchronous once the JWT has been verified (the steady state); a promise only for a JWT not seen before.
 */
function authenticate(gw: GatewayState, authorization: string | undefined, connection: object): AuthProblem | undefined | Promise<AuthProblem | undefined> {
  if (!authorization) return { reason: 'MissingProviderToken', detail: 'no authorization header and no client certificate' };
  const keys = keysOf(gw);
  // The same header as last time (the steady state): one string comparison instead of slicing and hashing a ~250-character JWT.
  if (authorization === keys.lastAuthorization) return admit(gw, keys, keys.lastChecked!, connection);
  if (authorization.length < 8 || (!authorization.startsWith('bearer ') && authorization.slice(0, 7).toLowerCase() !== 'bearer ')) return { reason: 'InvalidProviderToken', detail: 'authorization must be "bearer <JWT>"' };
  const jwt = authorization.slice(7).trim();
  const checked = keys.checked.get(jwt);
  if (checked) {
    remember(keys, authorization, checked);
    return admit(gw, keys, checked, connection);
  }
  return checkJwt(jwt, keys, String(gw.credentials.keyId), String(gw.credentials.teamId)).then((result) => {
    if (keys.checked.size >= MAX_CACHED_JWTS) keys.checked.clear();
    keys.checked.set(jwt, result);
    remember(keys, authorization, result);
    return admit(gw, keys, result, connection);
  });
}

function remember(keys: ProviderKeys, authorization: string, checked: CheckedJwt): void {
  keys.lastAuthorization = authorization;
  keys.lastChecked = checked;
}

/** The clock-dependent checks of a verified JWT: age, future iat, and how often the connection's token changes. */
function admit(gw: GatewayState, keys: ProviderKeys, checked: CheckedJwt, connection: object): AuthProblem | undefined {
  if (!checked.ok) return { reason: 'InvalidProviderToken', detail: checked.detail };
  // /__pushlab/reset makes the gateway forget its tokens, so forget the token history too.
  if (keys.resets !== gw.resets) { keys.resets = gw.resets; keys.connections = new WeakMap(); }
  const now = gw.clock.now();
  const nowSeconds = now / 1000;
  if (nowSeconds - checked.iat > apnsLimits.jwtMaxAgeSeconds) return { reason: 'ExpiredProviderToken', detail: `JWT iat is ${Math.round(nowSeconds - checked.iat)} s old; re-sign at least every ${apnsLimits.jwtMaxAgeSeconds} s` };
  if (checked.iat - nowSeconds > apnsLimits.jwtClockSkewSeconds) return { reason: 'InvalidProviderToken', detail: `JWT iat is ${Math.round(checked.iat - nowSeconds)} s in the future` };
  // A newer token on a connection is an update; Apple allows one per 20 min (§1.2). Counted per connection
  // (PyAPNs2#76: several providers sharing one key each sign their own token without being refused).
  const seen = keys.connections.get(connection);
  if (!seen) {
    keys.connections.set(connection, { newestIat: checked.iat, changedAt: now });
  } else if (checked.iat > seen.newestIat) {
    const minSeconds = Number(gw.settings.tokenUpdateMinSeconds ?? apnsLimits.jwtMinRefreshSeconds);
    if (minSeconds > 0 && now - seen.changedAt < minSeconds * 1000) {
      return { reason: 'TooManyProviderTokenUpdates', detail: `provider token updated again within ${minSeconds} s on this connection; keep using the current one` };
    }
    seen.newestIat = checked.iat;
    seen.changedAt = now;
  }
  return undefined;
}

// ---- POST /3/device/<token> ----------------------------------------------------------------------

/** What the phone makes of each push type (§1.4, §1.7). */
const kindOfPushType = {
  alert: 'notification',
  background: 'data',
  voip: 'voip',
  // assumption: the rest are grouped by whether the user sees something (liveactivity) or the app/system is woken silently
  complication: 'data',
  fileprovider: 'data',
  mdm: 'data',
  location: 'data',
  liveactivity: 'notification',
  pushtotalk: 'voip',
} as const satisfies Record<ApnsPushType, MessageKind>;

function teamTopics(gw: GatewayState): readonly string[] {
  const extra = gw.settings.bundleIds;
  const base = String(gw.credentials.bundleId);
  return Array.isArray(extra) && extra.length ? [base, ...extra.map(String)] : [base];
}

/**
 * A random (version 4) UUID for a push sent without `apns-id`, as `crypto.randomUUID()` makes it (random bytes drawn
 * in batches) but written out as one flat string: randomUUID's is a tree of ~16 concatenated pieces, and the id is kept
 * with the push and its delivery events, so the garbage collector would walk and copy that tree 10 000 times over.
 */
function newApnsId(): string {
  if (uuidOffset === uuidRandom.length) {
    randomFillSync(uuidRandom);
    uuidOffset = 0;
  }
  for (let i = 0; i < 16; i++) {
    let byte = uuidRandom[uuidOffset + i]!;
    if (i === 6) byte = (byte & 0x0f) | 0x40; // version 4
    else if (i === 8) byte = (byte & 0x3f) | 0x80; // RFC 4122 variant
    const at = uuidHexAt[i]!;
    uuidText[at] = hexDigits[byte >> 4]!;
    uuidText[at + 1] = hexDigits[byte & 15]!;
  }
  uuidOffset += 16;
  return uuidText.toString('latin1');
}
const uuidRandom = Buffer.alloc(16 * 128);
let uuidOffset = uuidRandom.length;
const uuidText = Buffer.from('xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx', 'latin1');
const hexDigits = Buffer.from('0123456789abcdef', 'latin1');
/** Where each of the 16 bytes goes in `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`. */
const uuidHexAt = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34] as const;

/** expiration 0: deliver now or drop; otherwise one notification stored per bundle per device, the newest (§1.7) — a token is one app on one device. */
const storeNewest: StoragePolicy = { storeOffline: true, keep: 'newest' };
const neverStore: StoragePolicy = { storeOffline: false, keep: 'newest' };

/** Synchronous in the steady state (JWT already verified, no faults for the token); a promise otherwise. */
function sendToDevice(ctx: RouteContext): WireResponse | Promise<WireResponse> {
  const { gw, req } = ctx;
  const auth = authenticate(gw, req.headers.authorization, (req as TransportRequest).connection ?? keysOf(gw));
  return auth instanceof Promise ? auth.then((problem) => afterAuth(ctx, problem)) : afterAuth(ctx, auth);
}

function afterAuth(ctx: RouteContext, auth: AuthProblem | undefined): WireResponse | Promise<WireResponse> {
  const { gw, req } = ctx;
  if (auth) return fail(ctx, auth.reason, auth.detail);
  const valid = validateApnsRequest(req.headers, ctx.params.token, req.body, teamTopics(gw), bodyTextOf(req));
  if (!valid.ok) return fail(ctx, valid.reason, valid.detail, undefined, { apnsId: valid.reason === 'BadMessageId' ? undefined : req.headers['apns-id'] });
  const r = valid.request;
  const tokens = [r.token];
  const apnsId = r.apnsId ?? newApnsId(); // echoed, or generated when absent (§1.3)
  ctx.note('pending', tokens);
  if (gw.faults.size > 0) { // with no faults injected tokenFaults() is a no-op; skipping it keeps the request synchronous
    return ctx.tokenFaults(tokens).then((fault) => fault ?? accept(ctx, r, tokens, apnsId));
  }
  return accept(ctx, r, tokens, apnsId);
}

function accept(ctx: RouteContext, r: ApnsRequest, tokens: readonly string[], apnsId: string): WireResponse {
  const { gw } = ctx;
  const target = gw.token(r.token);
  if (!target) return fail(ctx, 'BadDeviceToken', 'no device has this token (or it belongs to the other environment)', tokens, { apnsId });
  // 410 carries the last time the token was known valid, in ms (§1.5)
  if (target.state === 'unregistered') return fail(ctx, 'Unregistered', 'the app was uninstalled or unregistered', tokens, { apnsId, timestamp: target.unregisteredAt ?? target.registeredAt });
  if (target.app !== r.bundleId) return fail(ctx, 'DeviceTokenNotForTopic', `the token belongs to ${target.app}, the topic names ${r.bundleId}`, tokens, { apnsId });
  const perSecond = Number(gw.settings.perDevicePerSecond ?? 0);
  if (perSecond > 0 && !gw.quota.take(`apns:device:${r.token}`, perSecond, { ms: 1000 }).ok) return fail(ctx, 'TooManyRequests', `over ${perSecond} requests per second to this device`, tokens, { apnsId });
  // The gateway's own copy of the token from here on: the request's is a slice of its :path, which the push and its
  // delivery events would otherwise keep alive.
  const token = target.token;

  const now = gw.clock.now();
  const { title, body } = alertText(r.payload.aps);
  // expiration 0: one attempt, never stored; absent: stored up to 30 days (§1.3, §1.6) — assumption: the "storage policy" default is the 30-day maximum
  const expiresAt = r.expiration === undefined ? now + apnsLimits.maxStorageMs : r.expiration === 0 ? now : Math.min(r.expiration * 1000, now + apnsLimits.maxStorageMs);
  ctx.deliver({
    vendor: 'apns', messageId: apnsId, token, kind: kindOfPushType[r.pushType],
    title, body, data: customData(r.payload), messageClass: r.pushType,
    channelId: undefined, // iOS has no notification channels; the push type is the class
    collapseKey: r.collapseId, priority: r.priority === 10 ? 'high' : 'normal',
    acceptedAt: now, expiresAt, raw: r.payload,
  }, r.expiration === 0 ? neverStore : storeNewest);
  ctx.note(200, [token]);
  return { status: 200, headers: { 'apns-id': apnsId } }; // success: empty body + apns-id (§1.5)
}

function fail(ctx: RouteContext, reason: ApnsReason, detail: string, tokens?: readonly string[], options?: { apnsId?: string; timestamp?: number }): WireResponse {
  ctx.note(reason, tokens);
  log('%s %s: %s: %s', ctx.req.method, ctx.req.path, reason, detail); // APNs replies carry only the reason; the detail goes to the log
  return apnsReply(reason, options);
}

/** Reason per injected status (fault injection); assumption: other statuses reuse the nearest documented reason. */
const statusReasons: Readonly<Record<number, ApnsReason>> = {
  400: 'IdleTimeout', 403: 'Forbidden', 404: 'BadPath', 405: 'MethodNotAllowed', 410: 'Unregistered',
  413: 'PayloadTooLarge', 429: 'TooManyRequests', 500: 'InternalServerError', 503: 'ServiceUnavailable',
};

/** APNs mock: `POST /3/device/<hex token>` over TLS + HTTP/2, provider JWT auth. */
export const apnsMock: VendorMock = {
  vendor: 'apns',
  productionUrls: [apnsEndpoints.production, apnsEndpoints.development],
  routes: [
    route('POST', /^\/3\/device(?:\/(?<token>[^/]*))?$/, sendToDevice),
  ],
  newToken: () => randomHex(32),
  statusReply: (status) => {
    const reason = statusReasons[status] ?? (status >= 500 ? 'InternalServerError' : 'Forbidden');
    const body: ApnsErrorReply = reason === 'Unregistered' ? { reason, timestamp: Date.now() } : { reason };
    return { status, body };
  },
  notFound: (_req: WireRequest, methodMismatch: boolean) => methodMismatch ? apnsReply('MethodNotAllowed') : apnsReply('BadPath'),
  serverError: () => apnsReply('InternalServerError'),
  defaultSettings: apnsDefaultSettings,
};

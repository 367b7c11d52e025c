import { createPrivateKey, type KeyObject } from 'node:crypto';
import http2 from 'node:http2';
import { SignJWT } from 'jose';
import { preciseNow, systemClock, type Clock } from '../common/clock.js';
import { transportError, vendorErrorFrom, type VendorError } from '../common/errors.js';
import { DEFAULT_TIMEOUT_MS } from '../common/http-client.js';
import type { OutgoingPush, SendResult, SenderEndpoint, VendorSender } from '../common/push.js';
import { TokenCache } from '../common/token-cache.js';
import { isRecord } from '../common/wire.js';
import { apnsEndpoints, apnsLimits, apnsPushTypes, type ApnsHeaders, type ApnsPayload, type ApnsPriority, type ApnsPushType } from './contract.js';
import { apnsErrors } from './errors.js';

/** Token-based provider credentials (§1.2): the `.p8` key, its Key ID, the Team ID, and the app's bundle id. */
export interface ApnsCredentials {
  readonly teamId: string;
  readonly keyId: string;
  /** PKCS#8 PEM of the P-256 signing key. */
  readonly key: string;
  readonly bundleId: string;
}

/**
 * The request a push becomes (§1.3, §1.4). A call invitation (`kind: 'voip'`) is a PushKit push to
 * `<bundleId>.voip`, priority 10, `apns-expiration: 0` unless a TTL is given, so a stale call never rings
 * (§1.4); `notification` is an alert, `data` a background push (content-available, priority 5).
 * Custom data keys travel at the top level next to `aps`.
 */
export function apnsNotification(push: OutgoingPush, bundleId: string, nowMs: number): { headers: ApnsHeaders; payload: ApnsPayload } {
  const o = push.options?.apns;
  const pushType: ApnsPushType = o?.pushType ?? (push.kind === 'voip' ? 'voip' : push.kind === 'data' ? 'background' : 'alert');
  const topic = o?.topic ?? `${bundleId}${apnsPushTypes[pushType].topicSuffix}`;
  const priority: ApnsPriority = o?.priority ?? (pushType === 'background' ? 5 : pushType === 'voip' ? 10 : push.priority === 'normal' ? 5 : 10);
  const expiration = o?.expiration
    ?? (push.ttlSeconds !== undefined ? (push.ttlSeconds === 0 ? 0 : Math.floor(nowMs / 1000) + push.ttlSeconds) : pushType === 'voip' ? 0 : undefined);

  const aps: ApnsPayload['aps'] = {};
  if (pushType === 'background') {
    aps['content-available'] = 1;
  } else {
    if (push.title !== undefined || push.body !== undefined) aps.alert = { ...(push.title !== undefined ? { title: push.title } : {}), ...(push.body !== undefined ? { body: push.body } : {}) };
    // assumption: an alert call invitation should ring, so it gets the default sound unless one is named
    if (pushType === 'alert') aps.sound = push.options?.sound ?? 'default';
    else if (push.options?.sound) aps.sound = push.options.sound;
    if (push.options?.category) aps.category = push.options.category;
  }
  const headers: ApnsHeaders = { 'apns-push-type': pushType, 'apns-topic': topic, 'apns-priority': `${priority}` };
  if (expiration !== undefined) headers['apns-expiration'] = String(expiration);
  if (push.collapseId !== undefined) headers['apns-collapse-id'] = push.collapseId;
  // `aps` last: a data key named "aps" cannot replace the system dictionary
  return { headers, payload: { ...push.data, aps } };
}

/**
 * APNs sender over one long-lived HTTP/2 session (reopened after it closes or receives GOAWAY), with an
 * ES256 provider JWT signed by jose, reused for 3000 s like apns2 and re-signed once on ExpiredProviderToken.
 */
export function createApnsSender(credentials: ApnsCredentials, endpoint: SenderEndpoint = {}, options: { clock?: Clock } = {}): VendorSender {
  const clock = options.clock ?? systemClock;
  const base = new URL(endpoint.baseUrl ?? apnsEndpoints.production);
  const pathPrefix = base.pathname.replace(/\/+$/, '');
  const timeoutMs = endpoint.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(credentials.key);
  } catch (error) {
    throw new Error(`APNs sender: credentials.key is not a PKCS#8 PEM private key (${(error as Error).message}); use the .p8 file's contents`, { cause: error });
  }

  let lastSigned: string | undefined;
  const providerToken = new TokenCache(async () => {
    const signedAt = clock.now();
    const jwt = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: credentials.keyId })
      .setIssuer(credentials.teamId)
      .setIssuedAt(Math.floor(signedAt / 1000))
      .sign(privateKey);
    lastSigned = jwt;
    return { token: jwt, expiresAt: signedAt + apnsLimits.jwtResignSeconds * 1000 };
  }, clock, 0);

  const connection = new Http2Connection(base.origin, endpoint.ca);

  async function attempt(push: OutgoingPush, body: string, headers: ApnsHeaders, jwt: string): Promise<SendResult | { error: VendorError; jwt: string }> {
    const reply = await connection.request({
      ':method': 'POST',
      ':path': `${pathPrefix}${apnsEndpoints.devicePath}${encodeURIComponent(push.token)}`,
      authorization: `bearer ${jwt}`,
      'content-type': 'application/json',
      ...headers,
    }, body, timeoutMs);
    if (reply.status === 200) return { vendor: 'apns', messageId: reply.apnsId ?? '', acceptedAt: reply.receivedAt };
    let parsed: unknown;
    try { parsed = reply.text ? JSON.parse(reply.text) : undefined; } catch { parsed = undefined; }
    if (!isRecord(parsed) || typeof parsed.reason !== 'string') {
      throw transportError('apns', `POST ${base.origin}${apnsEndpoints.devicePath}…: unexpected reply (HTTP ${reply.status}): ${reply.text.slice(0, 200) || 'empty body'}`, undefined, reply.status);
    }
    const detail = typeof parsed.timestamp === 'number' ? `token last valid at ${new Date(parsed.timestamp).toISOString()}` : undefined;
    return { error: vendorErrorFrom('apns', apnsErrors, parsed.reason, reply.status, detail), jwt };
  }

  return {
    vendor: 'apns',
    async send(push: OutgoingPush): Promise<SendResult> {
      const { headers, payload } = apnsNotification(push, credentials.bundleId, clock.now());
      const body = JSON.stringify(payload);
      let result = await attempt(push, body, headers, await providerToken.get());
      if ('error' in result && result.error.code === 'ExpiredProviderToken') {
        // Re-sign once (node-apn does the same); only if no concurrent send has already re-signed.
        if (result.jwt === lastSigned) providerToken.invalidate();
        result = await attempt(push, body, headers, await providerToken.get());
      }
      if ('error' in result) throw result.error;
      return result;
    },
    close: () => connection.close(),
  };
}

interface H2Reply { status: number; apnsId?: string; text: string; receivedAt: number }

/** One HTTP/2 session to the gateway, opened on first use and again after it closes, errs or receives GOAWAY. */
class Http2Connection {
  #session?: http2.ClientHttp2Session;
  #closing?: Promise<void>;

  constructor(private readonly origin: string, private readonly ca?: string | Buffer) {}

  #current(): http2.ClientHttp2Session {
    const live = this.#session;
    if (live && !live.closed && !live.destroyed) return live;
    const session = http2.connect(this.origin, { ca: this.ca });
    const forget = () => { if (this.#session === session) this.#session = undefined; };
    session.on('goaway', forget);
    session.on('close', forget);
    session.on('error', forget); // in-flight streams fail on their own listeners
    session.unref(); // an idle sender never keeps the process alive; each request's timer does while it runs
    this.#session = session;
    return session;
  }

  request(headers: http2.OutgoingHttpHeaders, body: string, timeoutMs: number): Promise<H2Reply> {
    if (this.#closing) return Promise.reject(transportError('apns', 'the APNs sender is closed; create a new one'));
    const what = `POST ${this.origin}${String(headers[':path']).replace(/[^/]+$/, '…')}`;
    return new Promise<H2Reply>((resolve, reject) => {
      let stream: http2.ClientHttp2Stream;
      try {
        stream = this.#current().request(headers);
      } catch (error) {
        reject(transportError('apns', `${what} failed: ${(error as Error).message}`, error));
        return;
      }
      let status = 0;
      let apnsId: string | undefined;
      let text = '';
      let settled = false;
      const done = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };
      const timer = setTimeout(() => {
        stream.close(http2.constants.NGHTTP2_CANCEL);
        done(() => reject(transportError('apns', `${what} got no answer within ${timeoutMs} ms`)));
      }, timeoutMs);
      stream.setEncoding('utf8');
      stream.on('response', (h) => {
        status = Number(h[':status']);
        const id = h['apns-id'];
        apnsId = Array.isArray(id) ? id[0] : id;
      });
      stream.on('data', (chunk: string) => { text += chunk; });
      stream.on('end', () => done(() => resolve({ status, apnsId, text, receivedAt: preciseNow() })));
      // a failing session (refused, TLS, GOAWAY) destroys its streams with the error, so this sees those too
      stream.on('error', (error) => done(() => reject(transportError('apns', `${what} failed: ${error.message}`, error, status))));
      stream.on('close', () => done(() => reject(transportError('apns', `${what}: the stream closed before a reply (RST code ${stream.rstCode ?? '?'})`, undefined, status))));
      stream.end(body);
    });
  }

  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      const session = this.#session;
      this.#session = undefined;
      if (!session || session.closed || session.destroyed) { resolve(); return; }
      session.close(() => resolve());
    });
    return this.#closing;
  }
}

import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { getResponse } from 'msw';
import { startGateway } from '../../../mocks/gateway.js';
import { loadServerTls } from '../../../mocks/tls.js';
import { apns } from '../../../src/vendors/apns/index.js';
import { apnsNotification } from '../../../src/vendors/apns/sender.js';
import type { Clock } from '../../../src/vendors/common/clock.js';
import { VendorError } from '../../../src/vendors/common/errors.js';
import { mswHandlers } from '../../../src/vendors/common/msw.js';
import type { OutgoingPush } from '../../../src/vendors/common/push.js';
import { control, gatewayFor, mockCa, mockCredentials } from '../../support/gateway.js';
import { connectDevice } from '../../support/device.js';

const creds = apns.parseCredentials(mockCredentials.apns);
const APP = creds.bundleId;
let mock: Awaited<ReturnType<typeof gatewayFor>>;
/** The sender follows the gateway's clock, so advancing the mock clock ages its JWT as well. */
let gatewayClock: Clock;
let sender: ReturnType<typeof apns.createSender>;
/** One provider token for the raw requests, reused like a real client does (a new one per request would be a token update). */
let defaultJwt: string;

beforeAll(async () => {
  mock = await gatewayFor(apns);
  gatewayClock = { now: () => mock.gw.clock.now() };
  sender = newSender();
  defaultJwt = await jwt();
});
afterAll(async () => { await sender.close(); await mock.server.close(); });
beforeEach(async () => { await control(mock.url, 'POST', 'reset'); });

const newSender = (overrides: Partial<typeof creds> = {}, timeoutMs = 2000, clock: Clock = gatewayClock) =>
  apns.createSender({ ...creds, ...overrides }, { baseUrl: mock.url, ca: mockCa, timeoutMs }, { clock });
const invite = (token: string, extra: Partial<OutgoingPush> = {}): OutgoingPush => ({ token, kind: 'voip', title: 'Incoming video call', body: 'Alice is calling', data: { callID: 'c1', inviter: 'alice' }, ...extra });
const failure = async (p: Promise<unknown>) => { try { await p; } catch (e) { expect(e).toBeInstanceOf(VendorError); return e as VendorError; } throw new Error('expected the send to fail'); };
const registered = async (app = APP): Promise<string> => (await control(mock.url, 'POST', 'tokens', { app })).token;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Signs a provider JWT the way a client would, with any claim or key swapped. */
async function jwt(o: { iat?: number; kid?: string; iss?: string; key?: string } = {}): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: o.kid ?? creds.keyId })
    .setIssuer(o.iss ?? creds.teamId)
    .setIssuedAt(o.iat ?? Math.floor(mock.gw.clock.now() / 1000))
    .sign(createPrivateKey(o.key ?? creds.key));
}

/** One raw HTTP/2 request to the mock, as any client would send it. */
async function h2(path: string, headers: http2.OutgoingHttpHeaders, body?: string | Buffer, method = 'POST', on?: http2.ClientHttp2Session): Promise<{ status: number; headers: http2.IncomingHttpHeaders; text: string; json: any }> {
  const session = on ?? http2.connect(mock.url, { ca: mockCa });
  try {
    return await new Promise((resolve, reject) => {
      const stream = session.request({ ':method': method, ':path': path, ...headers });
      let text = '';
      let response: http2.IncomingHttpHeaders = {};
      stream.setEncoding('utf8');
      stream.on('response', (h) => { response = h; });
      stream.on('data', (c: string) => { text += c; });
      stream.on('end', () => resolve({ status: Number(response[':status']), headers: response, text, json: text ? JSON.parse(text) : undefined }));
      stream.on('error', reject);
      stream.end(body);
    });
  } finally {
    if (!on) session.close();
  }
}

const alertBody = JSON.stringify({ aps: { alert: { title: 'Incoming call', body: 'Alice' } }, callID: 'c9' });
async function post(token: string, headers: http2.OutgoingHttpHeaders = {}, body: string | Buffer = alertBody, on?: http2.ClientHttp2Session) {
  return h2(`/3/device/${token}`, { authorization: `bearer ${defaultJwt}`, 'apns-topic': APP, 'apns-push-type': 'alert', ...headers }, body, 'POST', on);
}

describe('APNs sender against the mock gateway', () => {
  it('delivers a VoIP call invitation, an alert and a background push to an online device', async () => {
    const device = await connectDevice(mock.url, APP);
    const result = await sender.send(invite(device.token));
    expect(result).toMatchObject({ vendor: 'apns', messageId: expect.stringMatching(uuid) });
    expect(await device.next()).toMatchObject({
      vendor: 'apns', messageId: result.messageId, kind: 'voip', messageClass: 'voip', title: 'Incoming video call', body: 'Alice is calling',
      data: { callID: 'c1', inviter: 'alice' }, priority: 'high', raw: { aps: { alert: { title: 'Incoming video call' } }, callID: 'c1' },
    });
    await sender.send(invite(device.token, { kind: 'notification', collapseId: 'call-c1', options: { sound: 'ring.caf' } }));
    expect(await device.next()).toMatchObject({ kind: 'notification', messageClass: 'alert', collapseKey: 'call-c1', raw: { aps: { sound: 'ring.caf' } } });
    await sender.send(invite(device.token, { kind: 'data' }));
    expect(await device.next()).toMatchObject({ kind: 'data', messageClass: 'background', priority: 'normal', data: { callID: 'c1' } });
    await device.close();
  });

  it('puts a call invitation on the wire as PushKit voip, expiration 0, topic <bundle>.voip', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(apnsNotification(invite('t'), APP, now)).toEqual({
      headers: { 'apns-push-type': 'voip', 'apns-topic': `${APP}.voip`, 'apns-priority': '10', 'apns-expiration': '0' },
      payload: { aps: { alert: { title: 'Incoming video call', body: 'Alice is calling' } }, callID: 'c1', inviter: 'alice' },
    });
    expect(apnsNotification(invite('t', { kind: 'data', ttlSeconds: 60, data: { aps: 'x' } }), APP, now)).toEqual({
      headers: { 'apns-push-type': 'background', 'apns-topic': APP, 'apns-priority': '5', 'apns-expiration': String(now / 1000 + 60) },
      payload: { aps: { 'content-available': 1 } },
    });
    expect(apnsNotification(invite('t', { kind: 'notification', priority: 'normal', collapseId: 'k', options: { category: 'CALL' } }), APP, now)).toEqual({
      headers: { 'apns-push-type': 'alert', 'apns-topic': APP, 'apns-priority': '5', 'apns-collapse-id': 'k' },
      payload: { aps: { alert: { title: 'Incoming video call', body: 'Alice is calling' }, sound: 'default', category: 'CALL' }, callID: 'c1', inviter: 'alice' },
    });
    const overridden = apnsNotification(invite('t', { options: { apns: { pushType: 'alert', topic: 'com.x', priority: 1, expiration: 99 } } }), APP, now);
    expect(overridden.headers).toEqual({ 'apns-push-type': 'alert', 'apns-topic': 'com.x', 'apns-priority': '1', 'apns-expiration': '99' });
  });

  it('answers provider-token problems with the APNs auth reasons', async () => {
    const token = await registered();
    expect(await post(token, { authorization: undefined })).toMatchObject({ status: 403, json: { reason: 'MissingProviderToken' } });
    expect(await post(token, { authorization: 'basic abc' })).toMatchObject({ status: 403, json: { reason: 'InvalidProviderToken' } });
    expect(await post(token, { authorization: 'bearer not.a.jwt' })).toMatchObject({ status: 403, json: { reason: 'InvalidProviderToken' } });
    expect((await failure(newSender({ keyId: 'WRONGKEY01' }).send(invite(token))))).toMatchObject({ code: 'InvalidProviderToken', kind: 'auth', retryable: false, httpStatus: 403 });
    expect((await failure(newSender({ teamId: 'OTHERTEAM1' }).send(invite(token))))).toMatchObject({ code: 'InvalidProviderToken' });
    const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(await post(token, { authorization: `bearer ${await jwt({ key: otherKey })}` })).toMatchObject({ status: 403, json: { reason: 'InvalidProviderToken' } });
    const future = Math.floor(mock.gw.clock.now() / 1000) + 600;
    expect(await post(token, { authorization: `bearer ${await jwt({ iat: future })}` })).toMatchObject({ status: 403, json: { reason: 'InvalidProviderToken' } });
    await expect(sender.send(invite(token))).resolves.toMatchObject({ vendor: 'apns' });
  });

  it('re-signs its JWT after 3000 s on its own clock, before the gateway complains', async () => {
    const own = newSender();
    const token = await registered();
    await own.send(invite(token));
    await control(mock.url, 'POST', 'clock', { advanceMs: 3_001_000 });
    await own.send(invite(token));
    const { requests } = await control(mock.url, 'GET', 'requests');
    expect(requests.map((r: { status: number; code: string }) => `${r.status} ${r.code}`)).toEqual(['200 200', '200 200']);
    await own.close();
  });

  it('answers a JWT older than an hour on the gateway clock with ExpiredProviderToken; the sender re-signs once and succeeds', async () => {
    let lagMs = 0; // the provider's clock falls behind the gateway's by 1601 s
    const own = newSender({}, 2000, { now: () => mock.gw.clock.now() - lagMs });
    const token = await registered();
    await own.send(invite(token));
    await control(mock.url, 'POST', 'clock', { advanceMs: 3_601_000 });
    lagMs = 1_601_000;
    await expect(own.send(invite(token))).resolves.toMatchObject({ vendor: 'apns' });
    const { requests } = await control(mock.url, 'GET', 'requests');
    expect(requests.map((r: { status: number; code: string }) => `${r.status} ${r.code}`)).toEqual(['200 200', '403 ExpiredProviderToken', '200 200']);
    const stale = newSender({}, 2000, { now: () => mock.gw.clock.now() - 3_700_000 }); // re-signing cannot help: one retry, then the error
    expect(await failure(stale.send(invite(token)))).toMatchObject({ code: 'ExpiredProviderToken', kind: 'auth', retryable: true });
    await stale.close();
    await own.close();
  });

  it('refuses a provider token updated within 20 minutes on the same connection with 429, and keeps the current one', async () => {
    const token = await registered();
    const now = Math.floor(mock.gw.clock.now() / 1000);
    const first = await jwt({ iat: now - 120 });
    const connection = http2.connect(mock.url, { ca: mockCa });
    try {
      expect(await post(token, { authorization: `bearer ${first}` }, alertBody, connection)).toMatchObject({ status: 200 });
      const newer = await jwt({ iat: now - 60 });
      expect(await post(token, { authorization: `bearer ${newer}` }, alertBody, connection)).toMatchObject({ status: 429, json: { reason: 'TooManyProviderTokenUpdates' } });
      expect(await post(token, { authorization: `bearer ${first}` }, alertBody, connection)).toMatchObject({ status: 200 });
      // another provider (its own connection) signing its own token with the same key is not refused
      expect(await post(token, { authorization: `bearer ${newer}` })).toMatchObject({ status: 200 });
      await control(mock.url, 'POST', 'clock', { advanceMs: 1_201_000 });
      expect(await post(token, { authorization: `bearer ${await jwt()}` }, alertBody, connection)).toMatchObject({ status: 200 });
    } finally {
      connection.close();
    }
  });

  it('validates the headers with the APNs reasons', async () => {
    const token = await registered();
    const cases: [http2.OutgoingHttpHeaders, string][] = [
      [{ 'apns-push-type': 'banana' }, 'InvalidPushType'],
      [{ 'apns-topic': undefined }, 'MissingTopic'],
      [{ 'apns-push-type': 'voip' }, 'BadTopic'],
      [{ 'apns-topic': 'not a topic' }, 'BadTopic'],
      [{ 'apns-topic': 'com.someone.else' }, 'TopicDisallowed'],
      [{ 'apns-priority': '7' }, 'BadPriority'],
      [{ 'apns-push-type': 'background', 'apns-priority': '10' }, 'BadPriority'],
      [{ 'apns-expiration': 'tomorrow' }, 'BadExpirationDate'],
      [{ 'apns-collapse-id': 'x'.repeat(65) }, 'BadCollapseId'],
      [{ 'apns-id': 'not-a-uuid' }, 'BadMessageId'],
      [{ 'apns-topic': [APP, APP] }, 'DuplicateHeaders'],
    ];
    for (const [headers, reason] of cases) expect({ reason, reply: await post(token, headers) }).toMatchObject({ reason, reply: { status: 400, json: { reason } } });
    const id = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
    const ok = await post(token, { 'apns-id': id, 'apns-collapse-id': 'x'.repeat(64), 'apns-push-type': 'background', 'apns-priority': '5' });
    expect(ok).toMatchObject({ status: 200, text: '', headers: { 'apns-id': id } });
    // a per-response id is sent as a literal that is never indexed, so it does not churn HPACK's dynamic table
    expect((ok.headers as Record<symbol, unknown>)[http2.sensitiveHeaders]).toEqual(['apns-id']);
  });

  it('refuses bad, unknown, foreign and uninstalled device tokens', async () => {
    expect(await post('abc')).toMatchObject({ status: 400, json: { reason: 'BadDeviceToken' } });
    expect(await post('')).toMatchObject({ status: 400, json: { reason: 'MissingDeviceToken' } });
    expect(await failure(sender.send(invite('ab'.repeat(32))))).toMatchObject({ code: 'BadDeviceToken', tokenInvalid: true, kind: 'token-invalid' });
    const foreign = await registered('com.pushlab.other');
    expect(await post(foreign)).toMatchObject({ status: 400, json: { reason: 'DeviceTokenNotForTopic' } });
    const device = await connectDevice(mock.url, APP);
    await control(mock.url, 'DELETE', `tokens/${device.token}`);
    const gone = await post(device.token);
    expect(gone).toMatchObject({ status: 410, json: { reason: 'Unregistered', timestamp: expect.any(Number) } });
    expect(Math.abs(gone.json.timestamp - Date.now())).toBeLessThan(60_000);
    expect(await failure(sender.send(invite(device.token)))).toMatchObject({ code: 'Unregistered', tokenInvalid: true, retryable: false, httpStatus: 410 });
    await device.close();
  });

  it('limits payloads to 4096 bytes, 5120 for VoIP, and refuses empty ones', async () => {
    const token = await registered();
    const sized = (bytes: number) => { const base = JSON.stringify({ aps: {}, pad: '' }); return JSON.stringify({ aps: {}, pad: 'x'.repeat(bytes - base.length) }); };
    expect(Buffer.byteLength(sized(4096))).toBe(4096);
    expect(await post(token, {}, sized(4096))).toMatchObject({ status: 200 });
    expect(await post(token, {}, sized(4097))).toMatchObject({ status: 413, json: { reason: 'PayloadTooLarge' } });
    const voip = { 'apns-push-type': 'voip', 'apns-topic': `${APP}.voip` };
    expect(await post(token, voip, sized(5120))).toMatchObject({ status: 200 });
    expect(await post(token, voip, sized(5121))).toMatchObject({ status: 413, json: { reason: 'PayloadTooLarge' } });
    expect(await failure(sender.send(invite(token, { data: { blob: 'x'.repeat(5200) } })))).toMatchObject({ code: 'PayloadTooLarge', kind: 'payload-too-large' });
    expect(await post(token, {}, '')).toMatchObject({ status: 400, json: { reason: 'PayloadEmpty' } });
  });

  it('stores only the newest push for an offline device, never one with expiration 0, and expires them', async () => {
    const device = await connectDevice(mock.url, APP);
    const token = device.token;
    await device.close();
    await sender.send(invite(token, { kind: 'notification', title: 'first', ttlSeconds: 60 }));
    await sender.send(invite(token, { kind: 'notification', title: 'second', ttlSeconds: 60, collapseId: 'c1' }));
    const back = await connectDevice(mock.url, APP, token);
    expect(await back.next()).toMatchObject({ title: 'second', collapseKey: 'c1' });
    await expect(back.next(200)).rejects.toThrow(/no push/);
    await back.close();

    await sender.send(invite(token)); // voip → apns-expiration: 0
    expect((await control(mock.url, 'GET', `stored?token=${token}`)).stored).toEqual([]);
    await sender.send(invite(token, { kind: 'notification', title: 'late', ttlSeconds: 60 }));
    await control(mock.url, 'POST', 'clock', { advanceMs: 61_000 });
    const late = await connectDevice(mock.url, APP, token);
    await expect(late.next(200)).rejects.toThrow(/no push/);
    const kinds = (await control(mock.url, 'GET', 'deliveries')).deliveries.map((d: { kind: string }) => d.kind);
    expect(kinds).toEqual(expect.arrayContaining(['replaced', 'dropped-offline', 'expired']));
    await late.close();
  });

  it('injects faults: delay, APNs reasons for 429/500/503, stream reset, and drop for one token', async () => {
    const device = await connectDevice(mock.url, APP);
    await control(mock.url, 'POST', 'faults', { kind: 'delay', ms: 150, times: 1 });
    const started = performance.now();
    await sender.send(invite(device.token));
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    for (const [status, reason] of [[429, 'TooManyRequests'], [500, 'InternalServerError'], [503, 'ServiceUnavailable']] as const) {
      await control(mock.url, 'POST', 'faults', { kind: 'status', status, times: 1 });
      expect(await failure(sender.send(invite(device.token)))).toMatchObject({ code: reason, httpStatus: status, retryable: true });
    }
    await control(mock.url, 'POST', 'faults', { kind: 'reset', times: 1 });
    expect(await failure(sender.send(invite(device.token)))).toMatchObject({ kind: 'transport', retryable: true });
    await control(mock.url, 'POST', 'faults', { kind: 'drop', token: device.token, times: 1 });
    await sender.send(invite(device.token, { title: 'lost' }));
    await sender.send(invite(device.token, { title: 'kept' }));
    await device.next();
    expect((await device.next()).title).toBe('kept');
    await device.close();
  });

  it('answers over the per-device rate with 429 TooManyRequests', async () => {
    const token = await registered();
    await control(mock.url, 'POST', 'settings', { perDevicePerSecond: 2 });
    try {
      const outcomes = [];
      for (let i = 0; i < 3; i++) outcomes.push(await sender.send(invite(token)).then(() => 'ok', (e: VendorError) => e.code));
      expect(outcomes).toEqual(['ok', 'ok', 'TooManyRequests']);
    } finally {
      await control(mock.url, 'POST', 'settings', { perDevicePerSecond: 0 });
    }
  });

  it('times out a request as a transport error', async () => {
    const token = await registered();
    const impatient = newSender({}, 100);
    await control(mock.url, 'POST', 'faults', { kind: 'delay', ms: 400, times: 1 });
    expect(await failure(impatient.send(invite(token)))).toMatchObject({ kind: 'transport', message: expect.stringMatching(/no answer within 100 ms/) });
    await impatient.close();
  });

  it('answers bad paths, wrong methods and malformed input with APNs reasons and keeps serving', async () => {
    const token = await registered();
    const auth = { authorization: `bearer ${defaultJwt}`, 'apns-topic': APP };
    expect(await h2('/3/devices/x', auth, '{}')).toMatchObject({ status: 404, json: { reason: 'BadPath' } });
    expect(await h2(`/3/device/${token}`, auth, undefined, 'GET')).toMatchObject({ status: 405, json: { reason: 'MethodNotAllowed' } });
    for (const body of ['{"aps":', '[1,2]', '"text"', '{"aps": 5}', Buffer.from([0xff, 0xfe, 0x00, 0x80])]) {
      expect(await post(token, {}, body)).toMatchObject({ status: 400, json: { reason: 'PayloadEmpty' } });
    }
    expect(await post(token, { 'apns-expiration': '9'.repeat(40), 'apns-priority': '1e1' })).toMatchObject({ status: 400 });
    expect(await post(token, { authorization: `bearer ${'x'.repeat(5000)}` })).toMatchObject({ status: 403, json: { reason: 'InvalidProviderToken' } });
    expect(await post(token, { 'apns-push-type': 'alert', 'apns-topic': APP }, 'x'.repeat(2_000_000))).toMatchObject({ status: 413, json: { reason: 'PayloadTooLarge' } });
    await expect(sender.send(invite(token))).resolves.toMatchObject({ vendor: 'apns' });
  });

  it('reads a body sent in several DATA frames, with or without content-length, and resets a stream whose content-length lies', async () => {
    const token = await registered();
    const session = http2.connect(mock.url, { ca: mockCa });
    const send = (headers: http2.OutgoingHttpHeaders, parts: string[]) => new Promise<{ status?: number; error?: string }>((resolve) => {
      const stream = session.request({ ':method': 'POST', ':path': `/3/device/${token}`, authorization: `bearer ${defaultJwt}`, 'apns-topic': APP, ...headers });
      stream.on('response', (h) => { stream.resume(); stream.on('end', () => resolve({ status: Number(h[':status']) })); });
      stream.on('error', (error: Error) => resolve({ error: error.message }));
      parts.forEach((part, i) => setTimeout(() => (i === parts.length - 1 ? stream.end(part) : stream.write(part)), i * 20));
    });
    try {
      const [head, tail] = [alertBody.slice(0, 20), alertBody.slice(20)];
      expect(await send({ 'content-length': String(Buffer.byteLength(alertBody)) }, [head, tail])).toEqual({ status: 200 });
      expect(await send({}, [head, tail])).toEqual({ status: 200 });
      expect(await send({ 'content-length': '9999' }, [alertBody])).toEqual({ error: expect.stringMatching(/NGHTTP2_PROTOCOL_ERROR|closed/) });
      expect(await send({}, [alertBody])).toEqual({ status: 200 });
    } finally {
      session.close();
    }
    expect(mock.gw.requests.filter((r) => r.tokens.includes(token)).map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it('records every request with the provider token masked', async () => {
    const token = await registered();
    await sender.send(invite(token));
    const { requests } = await control(mock.url, 'GET', 'requests');
    expect(requests.at(-1)).toMatchObject({ path: `/3/device/${token}`, status: 200, outcome: 'accepted', code: '200', tokens: [token] });
    const recorded = JSON.stringify(requests);
    expect(recorded).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    expect(recorded).not.toContain('BEGIN PRIVATE KEY');
  });
});

describe('APNs sender connection', () => {
  it('reuses one HTTP/2 session and opens a new one after GOAWAY', async () => {
    const sessions: http2.ServerHttp2Session[] = [];
    const server = http2.createSecureServer(loadServerTls());
    server.on('session', (s) => sessions.push(s));
    server.on('stream', (stream) => { stream.resume(); stream.on('end', () => { stream.respond({ ':status': 200, 'apns-id': '00000000-0000-4000-8000-000000000000' }); stream.end(); }); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const own = apns.createSender(creds, { baseUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, ca: mockCa });
    try {
      await Promise.all([1, 2, 3, 4, 5].map(() => own.send(invite('ab'.repeat(32)))));
      await own.send(invite('ab'.repeat(32)));
      expect(sessions).toHaveLength(1);
      sessions[0]!.goaway();
      await new Promise((r) => setTimeout(r, 50));
      await expect(own.send(invite('ab'.repeat(32)))).resolves.toMatchObject({ messageId: '00000000-0000-4000-8000-000000000000' });
      expect(sessions).toHaveLength(2);
    } finally {
      await own.close();
      await own.close();
      for (const s of sessions) s.destroy();
      await new Promise((r) => server.close(r));
    }
  });

  it('reconnects after the gateway restarts', async () => {
    const first = await startGateway(apns, mockCredentials.apns);
    const own = apns.createSender(creds, { baseUrl: first.server.url, ca: mockCa, timeoutMs: 2000 });
    try {
      const { token } = first.gw.registerToken(APP, 'restart-device');
      await own.send(invite(token));
      await first.server.close();
      expect(await failure(own.send(invite(token)))).toMatchObject({ kind: 'transport' });
      const second = await startGateway(apns, mockCredentials.apns, { port: first.server.port });
      second.gw.adoptToken(token, APP, 'restart-device');
      await expect(own.send(invite(token))).resolves.toMatchObject({ vendor: 'apns' });
      await second.server.close();
    } finally {
      await own.close();
    }
  });
});

describe('APNs msw handlers', () => {
  it('answer exactly like the server for the same requests', async () => {
    const token = await registered();
    const handlers = mswHandlers(apns.mock, mock.gw, [mock.url]);
    const bearer = `bearer ${defaultJwt}`;
    for (const t of [token, 'ab'.repeat(32), 'bad']) {
      const headers = { authorization: bearer, 'apns-topic': APP, 'apns-push-type': 'alert', 'apns-id': '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0' };
      const viaMsw = (await getResponse(handlers, new Request(`${mock.url}/3/device/${t}`, { method: 'POST', headers, body: alertBody })))!;
      const viaServer = await h2(`/3/device/${t}`, headers, alertBody);
      expect({ status: viaMsw.status, text: await viaMsw.text(), id: viaMsw.headers.get('apns-id') }).toEqual({ status: viaServer.status, text: viaServer.text, id: viaServer.headers['apns-id'] });
    }
  });
});

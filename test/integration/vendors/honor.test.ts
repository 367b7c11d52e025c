import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { getResponse } from 'msw';
import { VendorError } from '../../../src/vendors/common/errors.js';
import { mswHandlers } from '../../../src/vendors/common/msw.js';
import type { OutgoingPush } from '../../../src/vendors/common/push.js';
import { honor } from '../../../src/vendors/honor/index.js';
import { honorBody } from '../../../src/vendors/honor/sender.js';
import { control, gatewayFor, mockCredentials } from '../../support/gateway.js';
import { connectDevice } from '../../support/device.js';

const creds = honor.parseCredentials(mockCredentials.honor);
const APP = 'com.pushlab.demo';
let mock: Awaited<ReturnType<typeof gatewayFor>>;

beforeAll(async () => { mock = await gatewayFor(honor); });
afterAll(async () => { await mock.server.close(); });
beforeEach(async () => { await control(mock.url, 'POST', 'reset'); });

const sender = (c = creds) => honor.createSender(c, { baseUrl: mock.url, timeoutMs: 2000 });
const invite = (token: string, extra: Partial<OutgoingPush> = {}): OutgoingPush => ({ token, kind: 'notification', title: 'Incoming video call', body: 'Alice is calling', data: { callID: 'c1' }, options: { importance: 'NORMAL', notifyId: 7 }, ...extra });
const codeOf = async (p: Promise<unknown>) => { try { await p; return 'ok'; } catch (e) { expect(e).toBeInstanceOf(VendorError); return (e as VendorError).code; } };
const settle = () => new Promise((r) => setTimeout(r, 50));

async function accessToken(): Promise<string> {
  const res = await fetch(`${mock.url}/auth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: creds.clientId, client_secret: creds.clientSecret }) });
  return ((await res.json()) as { access_token: string }).access_token;
}
/** A raw sendMessage call, for what the sender never sends. */
async function raw(body: string | object, headers: Record<string, string> = {}, path = `/api/v1/${creds.appId}/sendMessage`, method = 'POST') {
  const at = await accessToken();
  const res = await fetch(`${mock.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${at}`, timestamp: String(Date.now()), 'content-type': 'application/json', ...headers },
    body: method === 'GET' ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { code: number; message: string; data?: { sendResult: boolean; failTokens: string[]; expireTokens: string[] } } };
}

describe('Honor sender against the mock gateway', () => {
  it('delivers a call invitation (importance NORMAL) to an online device over the device channel', async () => {
    const device = await connectDevice(mock.url, APP);
    const result = await sender().send(invite(device.token));
    const push = await device.next();
    expect(result).toMatchObject({ vendor: 'honor', messageId: expect.any(String) });
    expect(push).toMatchObject({ vendor: 'honor', messageId: result.messageId, kind: 'notification', title: 'Incoming video call', body: 'Alice is calling', data: { callID: 'c1' }, messageClass: 'NORMAL', collapseKey: '7', priority: 'high' });
    expect(push.expiresAt! - push.acceptedAt).toBe(86_400_000);
    await device.close();
  });

  it('sends kind data as a pass-through message with no notification', async () => {
    const device = await connectDevice(mock.url, APP);
    await sender().send({ token: device.token, kind: 'data', data: { callID: 'c2' }, ttlSeconds: 30 });
    const push = await device.next();
    expect(push).toMatchObject({ kind: 'data', messageClass: 'pass-through', data: { callID: 'c2' } });
    expect((push.raw as { android: object }).android).toEqual({ ttl: '30s' });
    await device.close();
  });

  it('sends the timestamp header as epoch milliseconds and the Bearer token, masked in the recording', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    await sender().send(invite(token));
    const { requests } = await control(mock.url, 'GET', 'requests');
    const send = requests.find((r: { path: string }) => r.path.endsWith('/sendMessage'));
    expect(send).toMatchObject({ status: 200, code: '200', outcome: 'accepted', headers: { authorization: '**MASKED**' } });
    expect(Number(send.headers.timestamp)).toBeGreaterThan(1_600_000_000_000);
    expect(requests[0]).toMatchObject({ path: '/auth/token', code: '200' });
    const at = await accessToken();
    await fetch(`${mock.url}/api/v1/${creds.appId}/sendMessage`, { method: 'POST', headers: { authorization: at, timestamp: '1' }, body: JSON.stringify(honorBody(invite(token))) });
    const text = JSON.stringify((await control(mock.url, 'GET', 'requests')).requests);
    expect(text).toContain('sendMessage');
    expect(text).not.toContain(creds.clientSecret);
    expect(text).not.toContain(at);
  });

  it('answers a wrong client secret at the token endpoint with an OAuth invalid_client error', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    const error = await sender({ ...creds, clientSecret: 'nope' }).send(invite(token)).then(() => undefined, (e: unknown) => e as VendorError);
    expect(error).toMatchObject({ vendor: 'honor', code: 'invalid_client', kind: 'auth', httpStatus: 401, retryable: false });
    expect(error?.message).toMatch(/Client Secret/);
  });

  it('refuses a missing or unknown Authorization, another app id, and a missing timestamp', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    const body = honorBody(invite(token));
    const post = (headers: Record<string, string>, appId = creds.appId) => fetch(`${mock.url}/api/v1/${appId}/sendMessage`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }).then((r) => r.json());
    expect(await post({ timestamp: '1' })).toMatchObject({ code: 80200001 });
    expect(await post({ authorization: 'Bearer forged', timestamp: String(Date.now()) })).toMatchObject({ code: 80200001 });
    const at = await accessToken();
    expect(await post({ authorization: `Bearer ${at}` })).toMatchObject({ code: 80100001, message: expect.stringMatching(/timestamp/) });
    expect(await post({ authorization: `Bearer ${at}`, timestamp: 'yesterday' })).toMatchObject({ code: 80100001 });
    expect(await post({ authorization: `Bearer ${at}`, timestamp: String(Date.now()) }, '999')).toMatchObject({ code: 80200001 });
    // honor-go sends the bare token: accepted
    expect(await post({ authorization: at, timestamp: String(Date.now()) })).toMatchObject({ code: 200, data: { sendResult: true } });
    expect(await codeOf(sender({ ...creds, appId: '999' }).send(invite(token)))).toBe(80200001);
  });

  it('refreshes an access token the gateway calls expired (80200003) and resends once', async () => {
    const device = await connectDevice(mock.url, APP);
    const s = sender();
    await s.send(invite(device.token, { title: 'first' }));
    await control(mock.url, 'POST', 'clock', { advanceMs: 3601_000 });
    await s.send(invite(device.token, { title: 'second' }));
    expect([(await device.next()).title, (await device.next()).title]).toEqual(['first', 'second']);
    const { requests } = await control(mock.url, 'GET', 'requests');
    expect(requests.map((r: { path: string; code: string }) => `${r.path.split('/').pop()} ${r.code}`)).toEqual(['token 200', 'sendMessage 200', 'sendMessage 80200003', 'token 200', 'sendMessage 200']);
    await device.close();
  });

  it('refuses uninstalled and unknown tokens as token-invalid, and lists them in a partial send', async () => {
    const device = await connectDevice(mock.url, APP);
    await control(mock.url, 'DELETE', `tokens/${encodeURIComponent(device.token)}`);
    const error = await sender().send(invite(device.token)).catch((e: unknown) => e as VendorError);
    expect(error).toMatchObject({ code: 80300007, tokenInvalid: true, kind: 'token-invalid' });
    expect(await codeOf(sender().send(invite('IQAAAACyNotARealToken')))).toBe(80300007);
    const other = await control(mock.url, 'POST', 'tokens', { app: 'com.other.app' });
    expect(await codeOf(sender().send(invite(other.token)))).toBe(80300007);
    const good = await control(mock.url, 'POST', 'tokens', { app: APP });
    const partial = await raw({ ...honorBody(invite(good.token)), token: [good.token, device.token, 'IQAAAACyUnknown'] });
    expect(partial.body).toMatchObject({ code: 80100000, data: { sendResult: true, failTokens: ['IQAAAACyUnknown'], expireTokens: [device.token] } });
    await device.close();
  });

  it('validates fields with Honor codes', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    expect(await codeOf(sender().send(invite(token, { title: undefined })))).toBe(80100001);
    expect(await codeOf(sender().send(invite(token, { ttlSeconds: 1_296_001 })))).toBe(80100001);
    const big = await sender().send(invite(token, { data: { blob: 'x'.repeat(5000) } })).catch((e: unknown) => e as VendorError);
    expect(big).toMatchObject({ code: 80300008, kind: 'payload-too-large' });
    const body = honorBody(invite(token));
    expect((await raw({ ...body, android: { notification: { ...body.android!.notification, importance: 'HIGH' } } })).body.code).toBe(80100001);
    expect((await raw({ ...body, android: { notification: { title: 't', body: 'b' } } })).body).toMatchObject({ code: 80100001, message: expect.stringMatching(/clickAction/) });
    expect((await raw({ ...body, token: [] })).body.code).toBe(80300010);
    expect((await raw({ ...body, token: Array.from({ length: 1001 }, () => token) })).body.code).toBe(80300010);
    expect((await raw({ token: [token] })).body.code).toBe(80100001);
    await expect(sender().send(invite(token, { kind: 'voip' }))).rejects.toMatchObject({ kind: 'validation', code: 'UNSUPPORTED_KIND' });
  });

  it('caps marketing (LOW) messages at 2 per device per day, silently; service & communication and test messages are not capped', async () => {
    const device = await connectDevice(mock.url, APP);
    for (let i = 0; i < 3; i++) await sender().send(invite(device.token, { title: `news ${i}`, options: { importance: 'LOW' } }));
    for (let i = 0; i < 3; i++) await sender().send(invite(device.token, { title: `call ${i}` }));
    const testMessage = honorBody(invite(device.token, { title: 'test message', options: { importance: 'LOW' } }));
    expect((await raw({ ...testMessage, android: { ...testMessage.android, targetUserType: 1 } })).body.code).toBe(200);
    await settle();
    expect(device.pushes.map((p) => p.title)).toEqual(['news 0', 'news 1', 'call 0', 'call 1', 'call 2', 'test message']);
    expect(device.pushes[0]).toMatchObject({ messageClass: 'LOW', priority: 'normal' });
    await control(mock.url, 'POST', 'clock', { advanceMs: 24 * 3600_000 });
    await sender().send(invite(device.token, { title: 'news tomorrow', options: { importance: 'LOW' } }));
    await settle();
    expect(device.pushes.at(-1)?.title).toBe('news tomorrow');
    await device.close();
  });

  it('answers over the QPS setting with HTTP 503 flow control, a rate-limit error', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    await control(mock.url, 'POST', 'settings', { qps: 2 });
    try {
      const s = sender();
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push(await codeOf(s.send(invite(token))));
      expect(codes).toEqual(['ok', 'ok', 503]);
      await expect(s.send(invite(token))).rejects.toMatchObject({ kind: 'rate-limit', retryable: true, httpStatus: 503 });
    } finally {
      await control(mock.url, 'POST', 'settings', { qps: 6000 });
    }
  });

  it('queues for an offline device within android.ttl and delivers on reconnect; expires after it', async () => {
    const device = await connectDevice(mock.url, APP);
    const token = device.token;
    await device.close();
    await sender().send(invite(token, { ttlSeconds: 60, title: 'first' }));
    await sender().send(invite(token, { ttlSeconds: 60, title: 'same notifyId' }));
    const back = await connectDevice(mock.url, APP, token);
    const got = [await back.next(), await back.next()];
    expect(got.map((p) => [p.title, p.collapseKey])).toEqual([['first', '7'], ['same notifyId', '7']]);
    await back.close();
    await sender().send(invite(token, { ttlSeconds: 60, title: 'late' }));
    await sender().send(invite(token, { ttlSeconds: 0, title: 'now or never' }));
    await control(mock.url, 'POST', 'clock', { advanceMs: 61_000 });
    const late = await connectDevice(mock.url, APP, token);
    await expect(late.next(300)).rejects.toThrow(/no push/);
    const { deliveries } = await control(mock.url, 'GET', 'deliveries');
    expect(deliveries.map((d: { kind: string }) => d.kind)).toEqual(expect.arrayContaining(['queued', 'expired', 'dropped-offline']));
    await late.close();
  });

  it('injects faults: delay, 503, reset, and drop for one token', async () => {
    const device = await connectDevice(mock.url, APP);
    const s = sender();
    await s.send(invite(device.token, { title: 'warm-up' }));
    await control(mock.url, 'POST', 'faults', { kind: 'delay', ms: 150, times: 1 });
    const started = performance.now();
    await s.send(invite(device.token, { title: 'slow' }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    await control(mock.url, 'POST', 'faults', { kind: 'status', status: 503, times: 1 });
    expect(await s.send(invite(device.token)).catch((e: unknown) => e)).toMatchObject({ code: 503, kind: 'rate-limit' });
    await control(mock.url, 'POST', 'faults', { kind: 'reset', times: 1 });
    expect(await s.send(invite(device.token)).catch((e: unknown) => e)).toMatchObject({ kind: 'transport', retryable: true });
    await control(mock.url, 'POST', 'faults', { kind: 'drop', token: device.token, times: 1 });
    await s.send(invite(device.token, { title: 'lost' }));
    await s.send(invite(device.token, { title: 'kept' }));
    await settle();
    expect(device.pushes.map((p) => p.title)).toEqual(['warm-up', 'slow', 'kept']);
    await device.close();
  });

  it('survives malformed requests with Honor errors and keeps serving', async () => {
    expect((await raw('{not json')).body.code).toBe(80100003);
    expect((await raw('')).body.code).toBe(80100003);
    expect((await raw('[1,2]')).body.code).toBe(80100003);
    expect((await raw({ token: 'one' })).body.code).toBe(80300010);
    expect((await raw({ token: [1, 2] })).body.code).toBe(80100003);
    expect((await raw({ token: ['x'], notification: 'hi' })).body.code).toBe(80100003);
    expect((await raw({ token: ['x'], data: { a: 1 } })).body.code).toBe(80100001);
    expect((await raw({ token: ['x'], data: 'd', android: { ttl: 'forever' } })).body.code).toBe(80100001);
    expect((await raw({ token: ['x'], data: 'x'.repeat(200_000) })).body.code).toBe(80300008);
    expect((await raw(Buffer.alloc(3000, 0xff).toString('latin1'))).body.code).toBe(80100003);
    expect(await raw({}, {}, `/api/v1/${creds.appId}/sendMessage`, 'GET')).toMatchObject({ status: 405, body: { code: 405 } });
    expect(await raw({}, {}, '/v1/nothing')).toMatchObject({ status: 404, body: { code: 404 } });
    const bad = await fetch(`${mock.url}/auth/token`, { method: 'POST', body: 'grant_type=password' });
    expect([bad.status, await bad.json()]).toEqual([400, { error: 'unsupported_grant_type', error_description: expect.any(String) }]);
    const none = await fetch(`${mock.url}/auth/token`, { method: 'POST', body: '%%%' });
    expect(none.status).toBe(400);
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    await expect(sender().send(invite(token))).resolves.toMatchObject({ vendor: 'honor' });
  });
});

describe('Honor msw handlers', () => {
  it('answer exactly like the server for the same requests', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    const handlers = mswHandlers(honor.mock, mock.gw, [mock.url]);
    const at = await accessToken();
    const request = (bearer: string, body: object) => new Request(`${mock.url}/api/v1/${creds.appId}/sendMessage`, { method: 'POST', headers: { authorization: `Bearer ${bearer}`, timestamp: String(Date.now()), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const strip = (b: { data?: object }) => ({ ...b, data: b.data ? { ...b.data, requestId: '' } : undefined });
    for (const [bearer, body] of [[at, honorBody(invite(token))], ['forged', honorBody(invite(token))], [at, { token: [] }], [at, honorBody(invite('IQAAAACyUnknown'))]] as const) {
      const viaMsw = await (await getResponse(handlers, request(bearer, body)))!.json();
      const viaServer = await (await fetch(request(bearer, body))).json();
      expect(strip(viaMsw as { data?: object })).toEqual(strip(viaServer as { data?: object }));
    }
    const tokenViaMsw = await getResponse(handlers, new Request(`${mock.url}/auth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: creds.clientId, client_secret: 'wrong' }) }));
    expect(tokenViaMsw!.status).toBe(401);
  });
});

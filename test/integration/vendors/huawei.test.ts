import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { getResponse } from 'msw';
import { VendorError } from '../../../src/vendors/common/errors.js';
import { mswHandlers } from '../../../src/vendors/common/msw.js';
import type { OutgoingPush } from '../../../src/vendors/common/push.js';
import { huaweiDefaultSettings } from '../../../src/vendors/huawei/handlers.js';
import { huawei } from '../../../src/vendors/huawei/index.js';
import { huaweiCollapseKey, huaweiRequest } from '../../../src/vendors/huawei/sender.js';
import { connectDevice } from '../../support/device.js';
import { control, gatewayFor, mockCredentials } from '../../support/gateway.js';

const creds = huawei.parseCredentials(mockCredentials.huawei);
const APP = 'com.pushlab.demo';
let mock: Awaited<ReturnType<typeof gatewayFor>>;

beforeAll(async () => { mock = await gatewayFor(huawei); });
afterAll(async () => { await mock.server.close(); });
beforeEach(async () => {
  await control(mock.url, 'POST', 'reset');
  await control(mock.url, 'POST', 'settings', structuredClone(huaweiDefaultSettings));
});

const sender = (c = creds) => huawei.createSender(c, { baseUrl: mock.url, timeoutMs: 2000 });
const invite = (token: string, extra: Partial<OutgoingPush> = {}): OutgoingPush => ({
  token, kind: 'notification', title: 'Incoming video call', body: 'Alice is calling', data: { callID: 'c1' },
  options: { channelId: 'pushlab_call', category: 'VOIP' }, ...extra,
});
const failure = async (p: Promise<unknown>) => { try { await p; } catch (e) { expect(e).toBeInstanceOf(VendorError); return e as VendorError; } throw new Error('expected the send to fail'); };
const settle = () => new Promise((r) => setTimeout(r, 50));

async function accessToken(): Promise<string> {
  const res = await fetch(`${mock.url}/oauth2/v3/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: creds.appId, client_secret: creds.appSecret }) });
  const body = await res.json() as { access_token: string; expires_in: number };
  expect(body.expires_in).toBe(3600);
  return body.access_token;
}
async function rawSend(body: string | object, init: { token?: string; path?: string } = {}): Promise<{ status: number; body: { code: string; msg: string; requestId: string } }> {
  const token = init.token ?? await accessToken();
  const res = await fetch(`${mock.url}${init.path ?? `/v1/${creds.appId}/messages:send`}`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json;charset=utf-8' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() as { code: string; msg: string; requestId: string } };
}
const message = (token: string | string[], extra: object = {}) => ({ message: { token: Array.isArray(token) ? token : [token], android: { notification: { title: 't', body: 'b', click_action: { type: 3 } } }, ...extra } });

describe('Huawei sender against the mock gateway', () => {
  it('delivers a VOIP call invitation to an online device over the device channel', async () => {
    const device = await connectDevice(mock.url, APP);
    const result = await sender().send(invite(device.token, { options: { channelId: 'pushlab_call', category: 'VOIP', notifyId: 42 } }));
    const push = await device.next();
    expect(result.messageId).toMatch(/^\d{20,}$/);
    expect(push).toMatchObject({
      vendor: 'huawei', messageId: result.messageId, kind: 'notification', title: 'Incoming video call', body: 'Alice is calling',
      data: { callID: 'c1' }, messageClass: 'VOIP', channelId: 'pushlab_call', priority: 'high', collapseKey: '42',
    });
    expect(push.expiresAt! - push.acceptedAt).toBe(86_400_000); // default ttl 86400 s
    await sender().send({ token: device.token, kind: 'data', data: { callID: 'c2' }, priority: 'high' });
    expect(await device.next()).toMatchObject({ kind: 'data', data: { callID: 'c2' }, priority: 'normal' }); // urgency HIGH needs the permission
    await control(mock.url, 'POST', 'settings', { highUrgencyPermission: true });
    await sender().send({ token: device.token, kind: 'data', data: { callID: 'c3' }, priority: 'high' });
    expect(await device.next()).toMatchObject({ kind: 'data', priority: 'high' });
    await device.close();
  });

  it('builds the v1 wire shape: android.notification with channel, importance, click_action, category; data as a JSON string', () => {
    expect(huaweiRequest(invite('tok', { ttlSeconds: 30, collapseId: '7', options: { channelId: 'pushlab_call', category: 'VOIP', notifyId: 3, sound: 'ring' } }))).toEqual({
      validate_only: false,
      message: {
        token: ['tok'], data: '{"callID":"c1"}',
        android: {
          category: 'VOIP', ttl: '30s', collapse_key: 7,
          notification: { title: 'Incoming video call', body: 'Alice is calling', channel_id: 'pushlab_call', importance: 'NORMAL', click_action: { type: 3 }, notify_id: 3, sound: '/raw/ring', default_sound: false },
        },
      },
    });
    expect(huaweiRequest({ token: 'tok', kind: 'data', data: { a: 'b' }, priority: 'high', options: { category: 'VOIP' } })).toEqual({ validate_only: false, message: { token: ['tok'], data: '{"a":"b"}', android: { category: 'VOIP', urgency: 'HIGH' } } });
    expect(huaweiCollapseKey('call-1')).toBe(huaweiCollapseKey('call-1'));
    expect(huaweiCollapseKey('call-1')).toBeGreaterThanOrEqual(1);
    expect(huaweiCollapseKey('call-1')).toBeLessThanOrEqual(100);
  });

  it('refuses a wrong AppSecret at the OAuth server, surfaced as 80600003, and a missing or foreign access token with 80200001', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    const error = await failure(sender({ ...creds, appSecret: 'nope' }).send(invite(token)));
    expect(error).toMatchObject({ vendor: 'huawei', code: '80600003', kind: 'auth', retryable: false, httpStatus: 400 });
    expect(error.message).toMatch(/sub_error 12304 invalid client_secret/);
    const oauth = await fetch(`${mock.url}/oauth2/v3/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: creds.appId, client_secret: 'nope' }) });
    expect(await oauth.json()).toEqual({ error: 1101, sub_error: 12304, error_description: 'invalid client_secret' });
    const noAuth = await fetch(`${mock.url}/v1/${creds.appId}/messages:send`, { method: 'POST', body: JSON.stringify(message(token)) });
    expect(await noAuth.json()).toMatchObject({ code: '80200001' });
    expect((await rawSend(message(token), { path: '/v1/109999999/messages:send' })).body.code).toBe('80200001'); // token of app A used for app B
  });

  it('refreshes an expired access token on 80200003 and resends once', async () => {
    const device = await connectDevice(mock.url, APP);
    const s = sender();
    await s.send(invite(device.token));
    await control(mock.url, 'POST', 'clock', { advanceMs: 3601_000 });
    await expect(s.send(invite(device.token, { title: 'after expiry' }))).resolves.toMatchObject({ vendor: 'huawei' });
    const { requests } = await control(mock.url, 'GET', 'requests');
    expect(requests.map((r: { path: string; code?: string }) => `${r.path.includes('oauth2') ? 'token' : 'send'} ${r.code ?? ''}`.trim())).toEqual(['token', 'send 80000000', 'send 80200003', 'token', 'send 80000000']);
    await device.next();
    expect((await device.next()).title).toBe('after expiry');
    await device.close();
  });

  it('answers 80300007 for uninstalled, foreign or malformed tokens, and 80100000 listing illegal_tokens when some are valid', async () => {
    const device = await connectDevice(mock.url, APP);
    const gone = await control(mock.url, 'POST', 'tokens', { app: APP });
    await control(mock.url, 'DELETE', `tokens/${encodeURIComponent(gone.token)}`);
    expect(await failure(sender().send(invite(gone.token)))).toMatchObject({ code: '80300007', tokenInvalid: true, kind: 'token-invalid' });
    const foreign = await control(mock.url, 'POST', 'tokens', { app: 'com.other.app' });
    expect(await failure(sender().send(invite(foreign.token)))).toMatchObject({ code: '80300007' });
    expect(await failure(sender().send(invite('bad')))).toMatchObject({ code: '80300007' });
    const partial = await rawSend(message([device.token, gone.token]));
    expect(partial.body.code).toBe('80100000');
    expect(JSON.parse(partial.body.msg)).toEqual({ success: 1, failure: 1, illegal_tokens: [gone.token] });
    expect((await device.next()).title).toBe('t');
    await device.close();
  });

  it('validates fields with the vendor codes', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    const at = await accessToken();
    expect((await rawSend({ message: { token: [token], android: { notification: { title: 't', body: 'b' } } } }, { token: at })).body.code).toBe('80100001'); // click_action required
    expect((await rawSend(message(token, { android: { collapse_key: 101, notification: { title: 't', body: 'b', click_action: { type: 3 } } } }), { token: at })).body.code).toBe('80100013');
    expect((await rawSend(message([]), { token: at })).body.code).toBe('80300010');
    expect((await rawSend(message(Array.from({ length: 1001 }, (_, i) => `${token}${i}`)), { token: at })).body.code).toBe('80300010');
    expect((await rawSend({ message: { token: [token], topic: 'news', data: 'x' } }, { token: at })).body.code).toBe('80100001');
    expect(await failure(sender().send(invite(token, { data: { blob: 'x'.repeat(4100) } })))).toMatchObject({ code: '80300008', kind: 'payload-too-large' });
    expect(await failure(sender().send(invite(token, { ttlSeconds: 1_296_001 })))).toMatchObject({ code: '80100001', kind: 'validation' });
    expect(await failure(sender().send(invite(token, { options: { importance: 'HIGH', category: 'VOIP' } })))).toMatchObject({ code: '80300011' });
    await control(mock.url, 'POST', 'settings', { highImportancePermission: true });
    await expect(sender().send(invite(token, { options: { importance: 'HIGH', category: 'VOIP' } }))).resolves.toMatchObject({ vendor: 'huawei' });
    await control(mock.url, 'POST', 'settings', { pushEnabled: false });
    expect(await failure(sender().send(invite(token)))).toMatchObject({ code: '80300002', kind: 'auth' });
  });

  it('puts business errors in 4xx statuses when httpStatusMode is "http", and the sender reads them the same', async () => {
    const device = await connectDevice(mock.url, APP);
    const s = sender();
    await s.send(invite(device.token));
    await control(mock.url, 'POST', 'settings', { httpStatusMode: 'http' });
    const tooBig = await failure(s.send(invite(device.token, { data: { blob: 'x'.repeat(4100) } })));
    expect(tooBig).toMatchObject({ code: '80300008', httpStatus: 413, kind: 'payload-too-large' });
    expect((await rawSend(message('bad'))).status).toBe(400);
    await control(mock.url, 'POST', 'clock', { advanceMs: 3601_000 });
    await expect(s.send(invite(device.token, { title: 'refreshed over 401' }))).resolves.toMatchObject({ vendor: 'huawei' });
    const { requests } = await control(mock.url, 'GET', 'requests');
    expect(requests.filter((r: { code?: string }) => r.code === '80200003')).toMatchObject([{ status: 401 }]);
    await device.close();
  });

  it('caps news & marketing at 2 per device per day, silently; service & communication (VOIP) is unlimited', async () => {
    const device = await connectDevice(mock.url, APP);
    for (let i = 0; i < 3; i++) await sender().send(invite(device.token, { title: `news ${i}`, options: { importance: 'LOW' } }));
    for (let i = 0; i < 4; i++) await sender().send(invite(device.token, { title: `call ${i}` }));
    await settle();
    expect(device.pushes.map((p) => p.title)).toEqual(['news 0', 'news 1', 'call 0', 'call 1', 'call 2', 'call 3']);
    expect(device.pushes[0]).toMatchObject({ messageClass: 'LOW', priority: 'normal' });
    expect(device.pushes[0]!.channelId).toBeUndefined(); // marketing goes to Huawei's own channel, not the app's
    await control(mock.url, 'POST', 'settings', { selfClassification: false }); // without approval VOIP is machine-classified as marketing
    await sender().send(invite(device.token, { title: 'unclassified call' }));
    await control(mock.url, 'POST', 'clock', { advanceMs: 24 * 3600_000 });
    await sender().send(invite(device.token, { title: 'next day' }));
    await device.next(); await device.next(); await device.next(); await device.next(); await device.next(); await device.next();
    expect((await device.next()).title).toBe('next day');
    expect(device.pushes.map((p) => p.title)).not.toContain('unclassified call');
    await device.close();
  });

  it('answers over the QPS setting with HTTP 503 flow control, a rate-limit error', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    const s = sender();
    await s.send(invite(token));
    await control(mock.url, 'POST', 'settings', { qps: 2 });
    await s.send(invite(token));
    const error = await failure(s.send(invite(token)));
    expect(error).toMatchObject({ code: 503, httpStatus: 503, kind: 'rate-limit', retryable: true });
  });

  it('caches for an offline device within ttl and delivers on reconnect; expires after ttl; collapse_key 0 keeps the newest, 1..100 one per group', async () => {
    const device = await connectDevice(mock.url, APP);
    const token = device.token;
    await device.close();
    await sender().send(invite(token, { ttlSeconds: 60, title: 'first' }));
    await sender().send(invite(token, { ttlSeconds: 0, title: 'now or never' }));
    const back = await connectDevice(mock.url, APP, token);
    expect((await back.next()).title).toBe('first');
    await expect(back.next(200)).rejects.toThrow(/no push/);
    await back.close();
    await sender().send(invite(token, { ttlSeconds: 60, title: 'second' }));
    await control(mock.url, 'POST', 'clock', { advanceMs: 61_000 });
    expect((await control(mock.url, 'GET', `stored?token=${encodeURIComponent(token)}`)).stored).toEqual([]);
    for (const [title, collapseId] of [['a', '1'], ['b', '1'], ['c', '2'], ['d', '2']]) await sender().send(invite(token, { title, collapseId }));
    expect((await control(mock.url, 'GET', `stored?token=${encodeURIComponent(token)}`)).stored.map((p: { title: string }) => p.title)).toEqual(['b', 'd']);
    await sender().send(invite(token, { title: 'e' }));
    await sender().send(invite(token, { title: 'newest', collapseId: '0' }));
    expect((await control(mock.url, 'GET', `stored?token=${encodeURIComponent(token)}`)).stored.map((p: { title: string }) => p.title)).toEqual(['newest']);
    const { deliveries } = await control(mock.url, 'GET', 'deliveries');
    expect(deliveries.map((d: { kind: string }) => d.kind)).toEqual(expect.arrayContaining(['dropped-offline', 'expired', 'replaced']));
  });

  it('accepts the v2 path with the project id, and validate_only checks without delivering', async () => {
    const device = await connectDevice(mock.url, APP);
    const v2 = await rawSend(message(device.token), { path: `/v2/${huaweiDefaultSettings.projectId}/messages:send` });
    expect(v2.body.code).toBe('80000000');
    await device.next();
    expect((await rawSend({ validate_only: true, ...message(device.token) })).body.code).toBe('80000000');
    await expect(device.next(200)).rejects.toThrow(/no push/);
    await device.close();
  });

  it('injects faults: delay, 503, reset, and drop for one token', async () => {
    const device = await connectDevice(mock.url, APP);
    const s = sender();
    await s.send(invite(device.token));
    await device.next();
    await control(mock.url, 'POST', 'faults', { kind: 'delay', ms: 150, times: 1 });
    const started = performance.now();
    await s.send(invite(device.token));
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    await device.next();
    await control(mock.url, 'POST', 'faults', { kind: 'status', status: 503, times: 1 });
    expect(await failure(s.send(invite(device.token)))).toMatchObject({ code: 503, kind: 'rate-limit', retryable: true });
    await control(mock.url, 'POST', 'faults', { kind: 'status', status: 500, times: 1 });
    expect(await failure(s.send(invite(device.token)))).toMatchObject({ code: '81000001', httpStatus: 500, kind: 'server' });
    await control(mock.url, 'POST', 'faults', { kind: 'reset', times: 1 });
    expect(await failure(s.send(invite(device.token)))).toMatchObject({ kind: 'transport', retryable: true });
    await control(mock.url, 'POST', 'faults', { kind: 'drop', token: device.token, times: 1 });
    await s.send(invite(device.token, { title: 'lost' }));
    await s.send(invite(device.token, { title: 'kept' }));
    expect((await device.next()).title).toBe('kept');
    await device.close();
  });

  it('survives malformed requests with vendor errors and keeps serving', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    const at = await accessToken();
    expect((await rawSend('{"message":', { token: at })).body.code).toBe('80100003');
    expect((await rawSend('', { token: at })).body.code).toBe('80100003');
    expect((await rawSend('[]', { token: at })).body.code).toBe('80100003');
    expect((await rawSend(Buffer.alloc(3000, 0xff).toString('latin1'), { token: at })).body.code).toBe('80100003');
    expect((await rawSend({ message: { token: token } }, { token: at })).body.code).toBe('80100003'); // token must be an array
    expect((await rawSend(message(token, { data: { not: 'a string' } }), { token: at })).body.code).toBe('80100003');
    expect((await rawSend(message(token, { android: { notification: { title: 't', body: 'b', click_action: { type: 3 }, notify_id: 'x' } } }), { token: at })).body.code).toBe('80100003');
    expect((await rawSend(message(token, { data: 'x'.repeat(200_000) }), { token: at })).body.code).toBe('80300008');
    expect((await fetch(`${mock.url}/v1/${creds.appId}/messages:send`, { method: 'GET' })).status).toBe(405);
    expect((await fetch(`${mock.url}/v9/nothing`, { method: 'POST' })).status).toBe(404);
    expect(await (await fetch(`${mock.url}/oauth2/v3/token`, { method: 'POST', body: '%%%' })).json()).toMatchObject({ error: 1101 });
    expect(await (await fetch(`${mock.url}/oauth2/v3/token`, { method: 'POST', body: `grant_type=password&client_id=${creds.appId}&client_secret=x` })).json()).toMatchObject({ sub_error: 20003 });
    await expect(sender().send(invite(token))).resolves.toMatchObject({ vendor: 'huawei' });
  });

  it('records every request with the AppSecret and access token masked', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    const at = await accessToken();
    await sender().send(invite(token));
    const { requests } = await control(mock.url, 'GET', 'requests');
    expect(requests.at(-1)).toMatchObject({ path: `/v1/${creds.appId}/messages:send`, status: 200, outcome: 'accepted', code: '80000000', tokens: [token] });
    const text = JSON.stringify(requests);
    expect(text).not.toContain(creds.appSecret);
    expect(text).not.toContain(at);
  });
});

describe('Huawei msw handlers', () => {
  it('answer exactly like the server for the same requests', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    const at = await accessToken();
    const handlers = mswHandlers(huawei.mock, mock.gw, [mock.url]);
    const request = (bearer: string, body: object) => new Request(`${mock.url}/v1/${creds.appId}/messages:send`, { method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    for (const [bearer, body] of [[at, message(token)], ['wrong', message(token)], [at, message('bad')], [at, { message: { token: [] } }]] as const) {
      const viaMsw = await getResponse(handlers, request(bearer, body));
      const viaServer = await fetch(request(bearer, body));
      expect(viaMsw!.status).toBe(viaServer.status);
      expect({ ...await viaMsw!.json() as object, requestId: '' }).toEqual({ ...await viaServer.json() as object, requestId: '' });
    }
    const onHuaweiUrl = await getResponse(mswHandlers(huawei.mock, mock.gw), new Request(`https://oauth-login.cloud.huawei.com/oauth2/v3/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: creds.appId, client_secret: creds.appSecret }) }));
    expect(await onHuaweiUrl!.json()).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
  });
});

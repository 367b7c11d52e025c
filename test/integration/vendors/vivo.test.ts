import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { getResponse } from 'msw';
import { VendorError } from '../../../src/vendors/common/errors.js';
import { mswHandlers } from '../../../src/vendors/common/msw.js';
import type { OutgoingPush } from '../../../src/vendors/common/push.js';
import { vivoAuthSign } from '../../../src/vendors/vivo/contract.js';
import { vivoDefaultSettings } from '../../../src/vendors/vivo/handlers.js';
import { vivo } from '../../../src/vendors/vivo/index.js';
import { vivoMessage, vivoNotifyIdFor } from '../../../src/vendors/vivo/sender.js';
import { connectDevice } from '../../support/device.js';
import { control, gatewayFor, mockCredentials } from '../../support/gateway.js';

const creds = vivo.parseCredentials(mockCredentials.vivo);
const APP = 'com.pushlab.demo';
let mock: Awaited<ReturnType<typeof gatewayFor>>;

beforeAll(async () => { mock = await gatewayFor(vivo); });
afterAll(async () => { await mock.server.close(); });
beforeEach(async () => {
  await control(mock.url, 'POST', 'reset');
  await control(mock.url, 'POST', 'settings', structuredClone(vivoDefaultSettings));
});

/** The sender reads the mock's clock, as a real sender's clock agrees with vivo's (auth timestamps must be within ±10 min). */
const sender = (c = creds) => vivo.createSender(c, { baseUrl: mock.url, timeoutMs: 2000 }, { clock: mock.gw.clock });
const invite = (token: string, extra: Partial<OutgoingPush> = {}): OutgoingPush => ({ token, kind: 'notification', title: 'Incoming video call', body: 'Alice is calling', data: { callID: 'c1' }, ...extra });
/** The VendorError a send fails with; fails the test when the send succeeds. */
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected the send to fail with a VendorError'); }, (e: unknown) => { expect(e).toBeInstanceOf(VendorError); return e as VendorError; });
const codeOf = async (p: Promise<unknown>) => { try { await p; return 'ok'; } catch (e) { expect(e).toBeInstanceOf(VendorError); return (e as VendorError).code; } };
const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${mock.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  try { return { status: res.status, body: JSON.parse(text) }; } catch { return { status: res.status, body: text }; }
};
const authBody = (over: Record<string, unknown> = {}) => {
  const timestamp = mock.gw.clock.now();
  return { appId: creds.appId, appKey: creds.appKey, timestamp, sign: vivoAuthSign(creds.appId, creds.appKey, timestamp, creds.appSecret), ...over };
};
const authToken = async () => (await post('/message/auth', authBody())).body.authToken as string;
const sendBody = (regId: string, over: Record<string, unknown> = {}) => ({ ...vivoMessage(invite(regId), creds.appId), ...over });
/** Moves the mock clock forward to the next hh:00 Beijing time. */
const advanceToBeijingHour = async (hour: number) => {
  const now = mock.gw.clock.now();
  const dayStart = Math.floor((now + 8 * 3600_000) / 86_400_000) * 86_400_000 - 8 * 3600_000;
  let target = dayStart + hour * 3600_000;
  if (target <= now) target += 86_400_000;
  await control(mock.url, 'POST', 'clock', { advanceMs: target - now });
};
const settle = () => new Promise((r) => setTimeout(r, 50));

describe('vivo message builder', () => {
  it('sends call invitations as system IM notifications that ring, open the app and show in the foreground', () => {
    const body = vivoMessage(invite('15000000000000000000001', { collapseId: 'call-42' }), '105000001', 'req-1');
    expect(body).toEqual({
      appId: 105000001, regId: '15000000000000000000001', notifyType: 4, title: 'Incoming video call', content: 'Alice is calling',
      skipType: 1, classification: 1, category: 'IM', requestId: 'req-1', foregroundShow: true,
      clientCustomMap: { callID: 'c1' }, notifyId: vivoNotifyIdFor('call-42'),
    });
    expect(vivoNotifyIdFor('call-42')).toBe(vivoNotifyIdFor('call-42'));
  });

  it('maps ttlSeconds 0 to sendOnline, short TTLs up to the 60 s minimum, and operational classes without IM', () => {
    expect(vivoMessage(invite('r', { ttlSeconds: 0 }), 'a')).toMatchObject({ sendOnline: true, appId: 'a' });
    expect(vivoMessage(invite('r', { ttlSeconds: 30 }), '1').timeToLive).toBe(60);
    expect(vivoMessage(invite('r', { options: { classification: 0 } }), '1')).not.toHaveProperty('category');
    expect(vivoMessage(invite('r', { options: { category: 'MARKETING' } }), '1')).toMatchObject({ classification: 0, category: 'MARKETING' });
    expect(vivoMessage(invite('r', { options: { notifyId: 7 } }), '1').notifyId).toBe(7);
  });
});

describe('vivo sender against the mock gateway', () => {
  it('delivers a call invitation to an online device over the device channel', async () => {
    const device = await connectDevice(mock.url, APP);
    const result = await sender().send(invite(device.token, { options: { notifyId: 42 } }));
    const push = await device.next();
    expect(result).toMatchObject({ vendor: 'vivo', messageId: expect.stringMatching(/^\d+$/) });
    expect(push).toMatchObject({ vendor: 'vivo', kind: 'notification', title: 'Incoming video call', body: 'Alice is calling', data: { callID: 'c1' }, messageClass: 'system', collapseKey: '42', priority: 'high' });
    expect(push.expiresAt! - push.acceptedAt).toBe(86_400_000);
    await device.close();
  });

  it('answers bad auth requests with the 102xx codes, a wrong appSecret with a sign error', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    const wrong = await failure(sender({ ...creds, appSecret: 'nope' }).send(invite(token)));
    expect(wrong).toMatchObject({ vendor: 'vivo', code: 10204, kind: 'auth', retryable: false, tokenInvalid: false });
    expect(wrong.message).toMatch(/\/message\/auth for appId 105000001/);
    expect((await post('/message/auth', {})).body).toMatchObject({ result: 10200 });
    expect((await post('/message/auth', { appId: creds.appId })).body).toMatchObject({ result: 10201 });
    expect((await post('/message/auth', authBody({ appKey: 'other' }))).body).toMatchObject({ result: 10202 });
    expect((await post('/message/auth', authBody({ appId: '999' }))).body).toMatchObject({ result: 10205 });
    expect((await post('/message/auth', authBody({ timestamp: mock.gw.clock.now() - 11 * 60_000 }))).body).toMatchObject({ result: 10203 });
    const ok = await post('/message/auth', authBody({ appId: Number(creds.appId) }));
    expect(ok).toEqual({ status: 200, body: { result: 0, desc: '请求成功', authToken: expect.any(String) } });
  });

  it('limits /message/auth to 10 calls per second per app', async () => {
    const results = [];
    for (let i = 0; i < 11; i++) results.push((await post('/message/auth', authBody())).body.result);
    expect(results).toEqual([...Array(10).fill(0), 10072]);
  });

  it('refreshes an expired authToken, and re-authenticates once when the gateway no longer knows it', async () => {
    const device = await connectDevice(mock.url, APP);
    const s = sender();
    await s.send(invite(device.token));
    await control(mock.url, 'POST', 'clock', { advanceMs: 25 * 3600_000 });
    await s.send(invite(device.token));
    let { requests } = await control(mock.url, 'GET', 'requests');
    expect(requests.map((r: { path: string }) => r.path)).toEqual(['/message/auth', '/message/send', '/message/auth', '/message/send']);

    await control(mock.url, 'POST', 'reset'); // forgets every authToken it issued
    await s.send(invite(device.token));
    ({ requests } = await control(mock.url, 'GET', 'requests'));
    expect(requests.map((r: { path: string; code: string }) => `${r.path} ${r.code}`)).toEqual(['/message/send 10000', '/message/auth 0', '/message/send 0']);
    expect(device.pushes).toHaveLength(3);
    await device.close();
  });

  it('answers an expired or missing authToken with 10000', async () => {
    const token = await authToken();
    await control(mock.url, 'POST', 'clock', { advanceMs: 24 * 3600_000 + 1 });
    expect((await post('/message/send', sendBody('15000000000000000000001'), { authToken: token })).body).toMatchObject({ result: 10000, desc: expect.stringMatching(/expired/) });
    expect((await post('/message/send', sendBody('15000000000000000000001'))).body).toMatchObject({ result: 10000 });
  });

  it('accepts appId as number or string and answers another app\'s appId with 10094', async () => {
    const { token: regId } = await control(mock.url, 'POST', 'tokens', { app: APP });
    const token = await authToken();
    expect((await post('/message/send', sendBody(regId, { appId: creds.appId }), { authToken: token })).body).toMatchObject({ result: 0 });
    expect((await post('/message/send', sendBody(regId, { appId: Number(creds.appId) }), { authToken: token })).body).toMatchObject({ result: 0 });
    expect((await post('/message/send', sendBody(regId, { appId: 105000002 }), { authToken: token })).body).toMatchObject({ result: 10094 });
  });

  it('reports uninstalled and unknown regIds as invalidUser in a result-0 reply, which the sender throws as token-invalid', async () => {
    const device = await connectDevice(mock.url, APP);
    await control(mock.url, 'DELETE', `tokens/${encodeURIComponent(device.token)}`);
    const s = sender();
    const gone = await failure(s.send(invite(device.token)));
    expect(gone).toMatchObject({ code: 'invalidUser.2', tokenInvalid: true, kind: 'token-invalid', retryable: false });
    const raw = await post('/message/send', sendBody(device.token), { authToken: await authToken() });
    expect(raw.body).toEqual({ result: 0, desc: '请求成功', taskId: expect.any(String), invalidUser: { userid: device.token, status: 2 } });
    expect(await codeOf(s.send(invite('19999999999999999999999')))).toBe('invalidUser.1');
    const { token: otherApp } = await control(mock.url, 'POST', 'tokens', { app: 'com.other.app' });
    expect(await codeOf(s.send(invite(otherApp)))).toBe('invalidUser.1');
    expect(await codeOf(s.send(invite('not a regid!')))).toBe(10302);
    const { requests } = await control(mock.url, 'GET', 'requests');
    expect(requests.filter((r: { path: string }) => r.path === '/message/send').every((r: { outcome: string }) => r.outcome === 'rejected')).toBe(true);
    await device.close();
  });

  it('validates fields with vivo codes, and refuses data messages before calling the network', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    const s = sender();
    expect(await codeOf(s.send(invite(token, { title: 'x'.repeat(41) })))).toBe(10052);
    expect(await codeOf(s.send(invite(token, { title: '来'.repeat(40) })))).toBe('ok');
    expect(await codeOf(s.send(invite(token, { body: '' })))).toBe(10053);
    expect(await codeOf(s.send(invite(token, { options: { category: 'VOIP' } })))).toBe(10096);
    expect(await codeOf(s.send(invite(token, { options: { category: 'IM', classification: 0 } })))).toBe(10097);
    expect(await codeOf(s.send(invite(token, { ttlSeconds: 2 * 86_400 })))).toBe(10054);
    await control(mock.url, 'POST', 'settings', { maxTtlSeconds: 7 * 86_400 });
    expect(await codeOf(s.send(invite(token, { ttlSeconds: 2 * 86_400 })))).toBe('ok');
    const before = (await control(mock.url, 'GET', 'requests')).requests.length;
    const data = await failure(s.send(invite(token, { kind: 'data' })));
    expect(data).toMatchObject({ code: 'PASS_THROUGH_UNSUPPORTED', kind: 'validation' });
    expect(data.message).toMatch(/send kind "notification"/);
    expect((await control(mock.url, 'GET', 'requests')).requests).toHaveLength(before);
  });

  it('refuses a clientCustomMap over 1024 characters as payload too large', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    const error = await failure(sender().send(invite(token, { data: { blob: 'x'.repeat(1100) } })));
    expect(error).toMatchObject({ code: 10058, kind: 'payload-too-large' });
  });

  it('shows 5 operational messages per user per day, accepts and drops the rest, and resets the next day; system messages are unlimited', async () => {
    await advanceToBeijingHour(12);
    const device = await connectDevice(mock.url, APP);
    const s = sender();
    for (let i = 0; i < 6; i++) await s.send(invite(device.token, { options: { category: 'MARKETING' } }));
    for (let i = 0; i < 3; i++) await s.send(invite(device.token));
    await settle();
    expect(device.pushes.map((p) => p.messageClass)).toEqual([...Array(5).fill('operational'), ...Array(3).fill('system')]);
    await control(mock.url, 'POST', 'clock', { advanceMs: 24 * 3600_000 });
    await s.send(invite(device.token, { options: { classification: 0 } }));
    expect((await device.next()).messageClass).toBe('operational');
    await device.close();
  });

  it('shows operational messages only between 07:00 and 23:00 Beijing time; system messages at any hour', async () => {
    await advanceToBeijingHour(2);
    const device = await connectDevice(mock.url, APP);
    const s = sender();
    await expect(s.send(invite(device.token, { title: 'night sale', options: { classification: 0 } }))).resolves.toMatchObject({ vendor: 'vivo' });
    await s.send(invite(device.token, { title: 'night call' }));
    await settle();
    expect(device.pushes.map((p) => p.title)).toEqual(['night call']);
    await device.close();
  });

  it('answers over the daily total with 10070 and over the QPS setting with 10072', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    const s = sender();
    await control(mock.url, 'POST', 'settings', { qps: 2 });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push(await codeOf(s.send(invite(token))));
    expect(codes).toEqual(['ok', 'ok', 10072]);
    await control(mock.url, 'POST', 'settings', { qps: 500, dailyLimit: 2 });
    const daily = await failure(s.send(invite(token)));
    expect(daily).toMatchObject({ code: 10070, kind: 'quota', retryable: false });
  });

  it('sends pushMode 1 only to the registered test devices', async () => {
    const device = await connectDevice(mock.url, APP);
    const token = await authToken();
    expect((await post('/message/send', sendBody(device.token, { pushMode: 1 }), { authToken: token })).body).toMatchObject({ result: 0, invalidUser: { status: 4 } });
    await control(mock.url, 'POST', 'settings', { testRegIds: [device.token] });
    expect((await post('/message/send', sendBody(device.token, { pushMode: 1 }), { authToken: token })).body).not.toHaveProperty('invalidUser');
    expect((await device.next()).title).toBe('Incoming video call');
    await device.close();
  });

  it('queues for an offline device within timeToLive, expires after it, and never stores sendOnline messages', async () => {
    const device = await connectDevice(mock.url, APP);
    const token = device.token;
    await device.close();
    const s = sender();
    await s.send(invite(token, { ttlSeconds: 60, title: 'first' }));
    const back = await connectDevice(mock.url, APP, token);
    expect((await back.next()).title).toBe('first');
    await back.close();
    await s.send(invite(token, { ttlSeconds: 60, title: 'second' }));
    await s.send(invite(token, { ttlSeconds: 0, title: 'online only' }));
    expect((await control(mock.url, 'GET', `stored?token=${encodeURIComponent(token)}`)).stored.map((p: { title: string }) => p.title)).toEqual(['second']);
    await control(mock.url, 'POST', 'clock', { advanceMs: 61_000 });
    const late = await connectDevice(mock.url, APP, token);
    await expect(late.next(300)).rejects.toThrow(/no push/);
    const kinds = (await control(mock.url, 'GET', 'deliveries')).deliveries.map((d: { kind: string }) => d.kind);
    expect(kinds).toEqual(expect.arrayContaining(['expired', 'dropped-offline']));
    await late.close();
  });

  it('injects faults: delay, 503, reset, and drop for one token', async () => {
    const device = await connectDevice(mock.url, APP);
    const s = sender();
    await s.send(invite(device.token)); // authenticated before the faults
    await control(mock.url, 'POST', 'faults', { kind: 'delay', ms: 150, times: 1 });
    const started = performance.now();
    await s.send(invite(device.token));
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    await control(mock.url, 'POST', 'faults', { kind: 'status', status: 503, times: 1 });
    expect(await failure(s.send(invite(device.token)))).toMatchObject({ code: 503, kind: 'server', retryable: true });
    await control(mock.url, 'POST', 'faults', { kind: 'reset', times: 1 });
    expect(await failure(s.send(invite(device.token)))).toMatchObject({ kind: 'transport', retryable: true });
    await control(mock.url, 'POST', 'faults', { kind: 'drop', token: device.token, times: 1 });
    await s.send(invite(device.token, { title: 'lost' }));
    await s.send(invite(device.token, { title: 'kept' }));
    await device.next(); await device.next();
    await settle();
    expect(device.pushes.map((p) => p.title)).toEqual(['Incoming video call', 'Incoming video call', 'kept']);
    await device.close();
  });

  it('survives malformed requests with vendor errors and keeps serving', async () => {
    const token = await authToken();
    const h = { authToken: token };
    expect((await post('/message/send', '{not json', h)).body).toMatchObject({ result: 10040 });
    expect((await post('/message/send', Buffer.alloc(3000, 0xff).toString('latin1'), h)).body).toMatchObject({ result: 10040 });
    expect((await post('/message/send', [1, 2], h)).body).toMatchObject({ result: 10040 });
    expect((await post('/message/send', sendBody('15000000000000000000001', { title: 5 }), h)).body).toMatchObject({ result: 10052 });
    expect((await post('/message/send', sendBody('15000000000000000000001', { title: 'x'.repeat(100_000) }), h)).body).toMatchObject({ result: 10052 });
    expect((await post('/message/send', sendBody('15000000000000000000001', { clientCustomMap: [['a', 'b']] }), h)).body).toMatchObject({ result: 10058 });
    expect((await post('/message/send', sendBody('15000000000000000000001', { sendOnline: 'yes' }), h)).body).toMatchObject({ result: 10040 });
    expect((await post('/message/send', sendBody('15000000000000000000001', { regId: { $gt: '' } }), h)).body).toMatchObject({ result: 10302 });
    expect((await post('/message/auth', 'a=b&c=d')).body).toMatchObject({ result: 10040 });
    expect((await post('/message/auth', { appId: ['x'], appKey: {} })).body).toMatchObject({ result: 10200 });
    expect(await (await fetch(`${mock.url}/message/send`)).status).toBe(405);
    expect((await post('/message/nothing', {})).status).toBe(404);
    const { token: regId } = await control(mock.url, 'POST', 'tokens', { app: APP });
    await expect(sender().send(invite(regId))).resolves.toMatchObject({ vendor: 'vivo' });
  });

  it('records every request with secrets masked', async () => {
    const { token: regId } = await control(mock.url, 'POST', 'tokens', { app: APP });
    await sender().send(invite(regId));
    const body = authBody();
    const token = (await post('/message/auth', body)).body.authToken;
    await post('/message/send', sendBody(regId), { authToken: token });
    const { requests } = await control(mock.url, 'GET', 'requests');
    expect(requests.at(-1)).toMatchObject({ path: '/message/send', status: 200, outcome: 'accepted', code: '0', tokens: [regId] });
    const text = JSON.stringify(requests);
    for (const secret of [creds.appSecret, creds.appKey, body.sign, token]) expect(text).not.toContain(secret);
  });
});

describe('vivo msw handlers', () => {
  it('answer exactly like the server for the same requests', async () => {
    const handlers = mswHandlers(vivo.mock, mock.gw, [mock.url]);
    const requests = [
      () => new Request(`${mock.url}/message/auth`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(authBody({ sign: 'bad' })) }),
      () => new Request(`${mock.url}/message/send`, { method: 'POST', headers: { 'content-type': 'application/json', authToken: 'unknown' }, body: JSON.stringify(sendBody('15000000000000000000001')) }),
      () => new Request(`${mock.url}/message/auth`, { method: 'GET' }),
    ];
    for (const request of requests) {
      const viaMsw = (await getResponse(handlers, request()))!;
      const viaServer = await fetch(request());
      expect(viaMsw.status).toBe(viaServer.status);
      expect(await viaMsw.text()).toBe(await viaServer.text());
    }
    const ok = await (await getResponse(handlers, new Request(`${mock.url}/message/auth`, { method: 'POST', body: JSON.stringify(authBody()) })))!.json();
    expect(ok).toMatchObject({ result: 0, authToken: expect.any(String) });
  });
});

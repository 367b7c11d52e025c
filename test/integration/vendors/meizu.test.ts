import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { getResponse } from 'msw';
import { VendorError } from '../../../src/vendors/common/errors.js';
import { mswHandlers } from '../../../src/vendors/common/msw.js';
import type { OutgoingPush } from '../../../src/vendors/common/push.js';
import { meizuEndpoints, meizuSign } from '../../../src/vendors/meizu/contract.js';
import { meizuDefaultSettings } from '../../../src/vendors/meizu/handlers.js';
import { meizu } from '../../../src/vendors/meizu/index.js';
import { meizuForm, meizuMessage, meizuNotifyKeyFor, meizuPushTime } from '../../../src/vendors/meizu/sender.js';
import { connectDevice } from '../../support/device.js';
import { control, gatewayFor, mockCredentials } from '../../support/gateway.js';

const creds = meizu.parseCredentials(mockCredentials.meizu);
const APP = 'com.pushlab.demo';
const NOTIFY = meizuEndpoints.notificationByPushId;
const PASS = meizuEndpoints.passThroughByPushId;
let mock: Awaited<ReturnType<typeof gatewayFor>>;

beforeAll(async () => { mock = await gatewayFor(meizu); });
afterAll(async () => { await mock.server.close(); });
beforeEach(async () => {
  await control(mock.url, 'POST', 'reset');
  await control(mock.url, 'POST', 'settings', structuredClone(meizuDefaultSettings));
});

const sender = (c = creds) => meizu.createSender(c, { baseUrl: mock.url, timeoutMs: 2000 });
const invite = (token: string, extra: Partial<OutgoingPush> = {}): OutgoingPush => ({ token, kind: 'notification', title: 'Incoming video call', body: 'Alice is calling', data: { callID: 'c1' }, options: { privateChannel: true }, ...extra });
/** The VendorError a send fails with; fails the test when the send succeeds. */
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected the send to fail with a VendorError'); }, (e: unknown) => { expect(e).toBeInstanceOf(VendorError); return e as VendorError; });
const codeOf = async (p: Promise<unknown>) => { try { await p; return 'ok'; } catch (e) { expect(e).toBeInstanceOf(VendorError); return (e as VendorError).code; } };
/** A form signed with the mock's appSecret, fields as given. */
const signed = (fields: Record<string, string>) => new URLSearchParams({ ...fields, sign: meizuSign(fields, creds.appSecret) });
const messageJson = (over: object = {}) => JSON.stringify({ ...(meizuMessage(invite('x')) as object), ...over });
const post = async (path: string, body: string | URLSearchParams, method = 'POST') => {
  const res = await fetch(`${mock.url}${path}`, { method, headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' }, body: method === 'GET' ? undefined : body });
  const text = await res.text();
  try { return { status: res.status, body: JSON.parse(text) }; } catch { return { status: res.status, body: text }; }
};
const settle = () => new Promise((r) => setTimeout(r, 50));

describe('Meizu wire format', () => {
  it('signs the sorted raw parameters plus the appSecret (the mz-api README example)', () => {
    const fields = { appId: '10000', pushIds: 'RA50c6348036344485d01776773577c64740465480a6b', messageJson: '{"title":"title","content":"content","pushTimeInfo":{"offLine":1,"validTime":24}}' };
    expect(meizuSign(fields, '<APP_SECRET>')).toBe('ac076ff25d9900015a681cb5172aa53b');
    expect(meizuSign({ ...fields, sign: 'ignored' }, '<APP_SECRET>')).toBe('ac076ff25d9900015a681cb5172aa53b');
  });

  it('sends call invitations as private notification-bar messages that open the app with the data', () => {
    expect(meizuMessage(invite('J1', { collapseId: 'call-42' }))).toEqual({
      noticeBarInfo: { noticeMsgType: 1, noticeBarType: 0, title: 'Incoming video call', content: 'Alice is calling' },
      clickTypeInfo: { clickType: 0, parameters: { callID: 'c1' } },
      pushTimeInfo: { offLine: 1, validTime: 24 },
      advanceInfo: { suspend: 1, clearNoticeBar: 1, notificationType: { vibrate: 1, lights: 1, sound: 1 }, notifyKey: 'call-42' },
    });
    expect(meizuNotifyKeyFor('invitation:0f8e2b')).toMatch(/^[0-9a-f]{8}$/);
    expect([meizuPushTime(0), meizuPushTime(1), meizuPushTime(5400), meizuPushTime(30 * 86_400)]).toEqual([{ offLine: 0 }, { offLine: 1, validTime: 1 }, { offLine: 1, validTime: 2 }, { offLine: 1, validTime: 72 }]);
    expect(meizuMessage(invite('J1', { kind: 'data' }))).toEqual({ title: 'Incoming video call', content: '{"callID":"c1"}', pushTimeInfo: { offLine: 1, validTime: 24 } });
    const form = meizuForm(invite('J1'), creds);
    expect(form.sign).toBe(meizuSign({ appId: form.appId, pushIds: 'J1', messageJson: form.messageJson }, creds.appSecret));
  });
});

describe('Meizu sender against the mock gateway', () => {
  it('delivers a call invitation to an online device over the device channel', async () => {
    const device = await connectDevice(mock.url, APP);
    const result = await sender().send(invite(device.token, { collapseId: 'call-1' }));
    const push = await device.next();
    expect(result).toMatchObject({ vendor: 'meizu', messageId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(push).toMatchObject({ vendor: 'meizu', kind: 'notification', title: 'Incoming video call', body: 'Alice is calling', data: { callID: 'c1' }, messageClass: 'private', collapseKey: 'call-1', priority: 'high' });
    expect(push.expiresAt! - push.acceptedAt).toBe(24 * 3600_000);
    await device.close();
  });

  it('answers a bad sign with 1006, another appId with 110000, and a missing field with 110004', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    const wrong = await failure(sender({ ...creds, appSecret: 'nope' }).send(invite(token)));
    expect(wrong).toMatchObject({ vendor: 'meizu', code: '1006', kind: 'auth', retryable: false, tokenInvalid: false });
    expect(await codeOf(sender({ ...creds, appId: '999999' }).send(invite(token)))).toBe('110000');
    const res = await post(NOTIFY, signed({ appId: creds.appId, pushIds: token }));
    expect(res).toEqual({ status: 200, body: { code: '110004', message: expect.stringContaining('messageJson'), value: '', redirect: '' } });
  });

  it('lists uninstalled and unknown pushIds under 110002 / 110003 in a "200" reply, which the sender throws as token-invalid', async () => {
    const gone = await connectDevice(mock.url, APP);
    await control(mock.url, 'DELETE', `tokens/${encodeURIComponent(gone.token)}`);
    const live = await connectDevice(mock.url, APP);
    const { token: otherApp } = await control(mock.url, 'POST', 'tokens', { app: 'com.other.app' });
    const unknown = `J${'0'.repeat(44)}`;
    const raw = await post(NOTIFY, signed({ appId: creds.appId, pushIds: [live.token, gone.token, unknown, otherApp, 'bad!'].join(','), messageJson: messageJson() }));
    expect(raw.body).toEqual({ code: '200', message: '', value: { '110002': [gone.token], '110003': [unknown, otherApp, 'bad!'] }, redirect: '', msgId: expect.any(String) });
    expect((await live.next()).title).toBe('Incoming video call');
    const s = sender();
    expect(await failure(s.send(invite(gone.token)))).toMatchObject({ code: '110002', tokenInvalid: true, kind: 'token-invalid' });
    expect(await failure(s.send(invite(unknown)))).toMatchObject({ code: '110003', tokenInvalid: true });
    const { requests } = await control(mock.url, 'GET', 'requests');
    expect(requests.slice(-2).map((r: { code: string; outcome: string }) => `${r.code} ${r.outcome}`)).toEqual(['110002 rejected', '110003 rejected']);
    await gone.close(); await live.close();
  });

  it('validates messageJson with 1005, and refuses VoIP before calling the network', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    const s = sender();
    expect(await codeOf(s.send(invite(token, { title: 'x'.repeat(33) })))).toBe('1005');
    expect(await codeOf(s.send(invite(token, { title: '来'.repeat(32) })))).toBe('ok');
    expect(await codeOf(s.send(invite(token, { body: '' })))).toBe('1005');
    const form = (json: string, pushIds = token) => signed({ appId: creds.appId, pushIds, messageJson: json });
    expect((await post(NOTIFY, form(messageJson({ advanceInfo: { notifyKey: 'longer-than-8' } })))).body.code).toBe('1005');
    expect((await post(NOTIFY, form(messageJson({ pushTimeInfo: { offLine: 1, validTime: 73 } })))).body.code).toBe('1005');
    expect((await post(NOTIFY, form(messageJson({ clickTypeInfo: { clickType: 2 } })))).body.code).toBe('1005');
    expect((await post(NOTIFY, form(messageJson(), Array.from({ length: 101 }, (_, i) => `J${String(i).padStart(44, '0')}`).join(',')))).body.code).toBe('1005');
    const before = (await control(mock.url, 'GET', 'requests')).requests.length;
    expect(await failure(s.send(invite(token, { kind: 'voip' })))).toMatchObject({ code: 'VOIP_UNSUPPORTED', kind: 'validation' });
    expect((await control(mock.url, 'GET', 'requests')).requests).toHaveLength(before);
  });

  it('caps public messages per device per day with 110011 listed per target; private messages are not capped', async () => {
    await control(mock.url, 'POST', 'settings', { foldPerMinute: 100 });
    const device = await connectDevice(mock.url, APP);
    const s = sender();
    const publicInvite = () => invite(device.token, { options: { privateChannel: false } });
    for (let i = 0; i < 5; i++) await s.send(publicInvite());
    expect(await failure(s.send(publicInvite()))).toMatchObject({ code: '110011', kind: 'quota', tokenInvalid: false });
    await s.send(invite(device.token));
    await settle();
    expect(device.pushes.map((p) => p.messageClass)).toEqual([...Array(5).fill('public'), 'private']);
    await control(mock.url, 'POST', 'clock', { advanceMs: 24 * 3600_000 });
    await expect(s.send(publicInvite())).resolves.toMatchObject({ vendor: 'meizu' });
    await device.close();
  });

  it('folds a sixth message to one device within a minute (520) and lets them through after it', async () => {
    const device = await connectDevice(mock.url, APP);
    const s = sender();
    for (let i = 0; i < 5; i++) await s.send(invite(device.token));
    expect(await failure(s.send(invite(device.token)))).toMatchObject({ code: '520', kind: 'rate-limit', retryable: true });
    await control(mock.url, 'POST', 'clock', { advanceMs: 61_000 });
    await expect(s.send(invite(device.token))).resolves.toMatchObject({ vendor: 'meizu' });
    await device.close();
  });

  it('a quotas-only clock advance lifts the fold without ageing stored pushes', async () => {
    const device = await connectDevice(mock.url, APP);
    const s = sender();
    for (let i = 0; i < 5; i++) await s.send(invite(device.token));
    expect(await failure(s.send(invite(device.token)))).toMatchObject({ code: '520' });
    expect(await control(mock.url, 'POST', 'clock', { advanceMs: 61_000, scope: 'quotas' })).toMatchObject({ offsetMs: 0, quotasAdvancedMs: 61_000 });
    await expect(s.send(invite(device.token))).resolves.toMatchObject({ vendor: 'meizu' });
    await expect(control(mock.url, 'POST', 'clock', { advanceMs: 1, scope: 'tomorrow' })).rejects.toThrow(/scope/);
    await device.close();
  });

  it('refuses a push to a phone whose user switched the app\'s notifications off (per-target 110010), and takes it again once on', async () => {
    const device = await connectDevice(mock.url, APP);
    device.switchNotifications(false);
    await settle();
    expect(await failure(sender().send(invite(device.token)))).toMatchObject({ code: '110010', tokenInvalid: true });
    device.switchNotifications(true);
    await settle();
    await expect(sender().send(invite(device.token))).resolves.toMatchObject({ vendor: 'meizu' });
    await device.close();
  });

  it('answers over the QPS setting with 110010 and over the daily count with 110019', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    await control(mock.url, 'POST', 'settings', { qps: 2 });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push(await codeOf(sender().send(invite(token))));
    expect(codes).toEqual(['ok', 'ok', '110010']);
    expect((await post(NOTIFY, signed({ appId: creds.appId, pushIds: token, messageJson: messageJson() }))).body).toEqual({ code: '110010', message: '应用请求频率超过限制', value: '', redirect: '' });
    await control(mock.url, 'POST', 'settings', { qps: 500, dailyLimit: 2 });
    expect(await failure(sender().send(invite(token)))).toMatchObject({ code: '110019', kind: 'quota', retryable: false });
  });

  it('delivers pass-through messages within the limit and answers 110053 over it or when shut off', async () => {
    const device = await connectDevice(mock.url, APP);
    const s = sender();
    await s.send(invite(device.token, { kind: 'data', data: { callID: 'c9', type: 'invite' } }));
    expect(await device.next()).toMatchObject({ kind: 'data', data: { callID: 'c9', type: 'invite' }, messageClass: 'pass-through' });
    await control(mock.url, 'POST', 'settings', { passThroughPerDay: 1 });
    expect(await failure(s.send(invite(device.token, { kind: 'data' })))).toMatchObject({ code: '110053', kind: 'quota' });
    await control(mock.url, 'POST', 'settings', { passThroughEnabled: false, passThroughPerDay: 1000 });
    expect(await codeOf(s.send(invite(device.token, { kind: 'data' })))).toBe('110053');
    const raw = await post(PASS, signed({ appId: creds.appId, pushIds: device.token, messageJson: JSON.stringify({ content: 'x'.repeat(2001) }) }));
    expect(raw.body.code).toBe('1005');
    await device.close();
  });

  it('queues for an offline device for validTime hours, keeps only the last per notifyKey, and never stores offLine 0', async () => {
    const device = await connectDevice(mock.url, APP);
    const token = device.token;
    await device.close();
    const s = sender();
    await s.send(invite(token, { ttlSeconds: 3600, title: 'first', collapseId: 'call-7' }));
    await s.send(invite(token, { ttlSeconds: 3600, title: 'second', collapseId: 'call-7' }));
    await s.send(invite(token, { ttlSeconds: 0, title: 'online only' }));
    const back = await connectDevice(mock.url, APP, token);
    expect((await back.next()).title).toBe('second');
    await settle();
    expect(back.pushes).toHaveLength(1);
    await back.close();
    await s.send(invite(token, { ttlSeconds: 3600, title: 'late' }));
    await control(mock.url, 'POST', 'clock', { advanceMs: 3601_000 });
    const later = await connectDevice(mock.url, APP, token);
    await expect(later.next(300)).rejects.toThrow(/no push/);
    const kinds = (await control(mock.url, 'GET', 'deliveries')).deliveries.map((d: { kind: string }) => d.kind);
    expect(kinds).toEqual(expect.arrayContaining(['replaced', 'dropped-offline', 'expired']));
    await later.close();
  });

  it('injects faults: delay, 503, 500, reset, and drop for one token', async () => {
    const device = await connectDevice(mock.url, APP);
    const s = sender();
    await control(mock.url, 'POST', 'faults', { kind: 'delay', ms: 150, times: 1 });
    const started = performance.now();
    await s.send(invite(device.token));
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    await control(mock.url, 'POST', 'faults', { kind: 'status', status: 503, times: 1 });
    expect(await failure(s.send(invite(device.token)))).toMatchObject({ code: 503, kind: 'server', retryable: true });
    await control(mock.url, 'POST', 'faults', { kind: 'status', status: 500, token: device.token, times: 1 });
    expect(await failure(s.send(invite(device.token)))).toMatchObject({ code: 500, httpStatus: 500, retryable: true });
    await control(mock.url, 'POST', 'faults', { kind: 'reset', times: 1 });
    expect(await failure(s.send(invite(device.token)))).toMatchObject({ kind: 'transport', retryable: true });
    await control(mock.url, 'POST', 'faults', { kind: 'drop', token: device.token, times: 1 });
    await s.send(invite(device.token, { title: 'lost' }));
    await s.send(invite(device.token, { title: 'kept' }));
    await device.next(); await device.next();
    await settle();
    expect(device.pushes.map((p) => p.title)).toEqual(['Incoming video call', 'kept']);
    await device.close();
  });

  it('survives malformed requests with vendor errors and keeps serving', async () => {
    expect((await post(NOTIFY, '%%%&&&=')).body).toMatchObject({ code: '110004' });
    expect((await post(NOTIFY, Buffer.alloc(3000, 0xff).toString('latin1'))).body).toMatchObject({ code: '110004' });
    expect((await post(NOTIFY, signed({ appId: creds.appId, pushIds: 'J1', messageJson: '{not json' }))).body).toMatchObject({ code: '1005' });
    expect((await post(NOTIFY, signed({ appId: creds.appId, pushIds: 'J1', messageJson: '[1,2]' }))).body).toMatchObject({ code: '1005' });
    expect((await post(NOTIFY, signed({ appId: creds.appId, pushIds: ',,,', messageJson: messageJson() }))).body).toMatchObject({ code: '1005' });
    expect((await post(NOTIFY, signed({ appId: creds.appId, pushIds: 'J1', messageJson: messageJson({ noticeBarInfo: { title: 5, content: {} } }) }))).body).toMatchObject({ code: '1005' });
    expect((await post(NOTIFY, signed({ appId: creds.appId, pushIds: 'J1', messageJson: messageJson({ clickTypeInfo: { parameters: 'x'.repeat(100_000) } }) }))).body).toMatchObject({ code: '1005' });
    expect(await post(NOTIFY, '', 'GET')).toEqual({ status: 405, body: 'Method Not Allowed' });
    expect((await post('/garcia/api/server/push/nothing', 'a=b')).status).toBe(404);
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    await expect(sender().send(invite(token))).resolves.toMatchObject({ vendor: 'meizu' });
  });

  it('records every request with secrets masked', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    await sender().send(invite(token));
    const { requests } = await control(mock.url, 'GET', 'requests');
    expect(requests.at(-1)).toMatchObject({ path: NOTIFY, status: 200, outcome: 'accepted', code: '200', tokens: [token] });
    const text = JSON.stringify(requests);
    expect(text).not.toContain(creds.appSecret);
    expect(text).not.toContain(meizuForm(invite(token), creds).sign);
  });
});

describe('Meizu msw handlers', () => {
  it('answer exactly like the server for the same requests', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    const handlers = mswHandlers(meizu.mock, mock.gw, [mock.url]);
    const request = (secret: string) => {
      const form = meizuForm(invite(token), { ...creds, appSecret: secret });
      return new Request(`${mock.url}${NOTIFY}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...form }) });
    };
    for (const secret of [creds.appSecret, 'wrong']) {
      const viaMsw = await (await getResponse(handlers, request(secret)))!.json();
      const viaServer = await (await fetch(request(secret))).json();
      expect({ ...viaMsw, msgId: '' }).toEqual({ ...viaServer, msgId: '' });
    }
    const get = () => new Request(`${mock.url}${NOTIFY}`, { method: 'GET' });
    expect(await (await getResponse(handlers, get()))!.text()).toBe(await (await fetch(get())).text());
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { getResponse } from 'msw';
import type { Clock } from '../../../src/vendors/common/clock.js';
import { VendorError } from '../../../src/vendors/common/errors.js';
import { mswHandlers } from '../../../src/vendors/common/msw.js';
import type { OutgoingPush } from '../../../src/vendors/common/push.js';
import { oppoSign } from '../../../src/vendors/oppo/contract.js';
import { oppo } from '../../../src/vendors/oppo/index.js';
import { oppoMessage } from '../../../src/vendors/oppo/sender.js';
import { control, gatewayFor, mockCredentials } from '../../support/gateway.js';
import { connectDevice } from '../../support/device.js';

const creds = oppo.parseCredentials(mockCredentials.oppo);
const APP = 'com.pushlab.demo';
const UNICAST = '/server/v1/message/notification/unicast';
let mock: Awaited<ReturnType<typeof gatewayFor>>;

beforeAll(async () => { mock = await gatewayFor(oppo); });
afterAll(async () => { await mock.server.close(); });
beforeEach(async () => { await control(mock.url, 'POST', 'reset'); });

const sender = (c = creds, clock?: Clock) => oppo.createSender(c, { baseUrl: mock.url, timeoutMs: 2000 }, { clock });
const invite = (token: string, extra: Partial<OutgoingPush> = {}): OutgoingPush => ({ token, kind: 'notification', title: 'Incoming video call', body: 'Alice is calling', data: { callID: 'c1' }, priority: 'high', options: { channelId: 'pushlab_call', category: 'IM' }, ...extra });
const news = (token: string, title: string) => invite(token, { title, priority: 'normal', options: { channelId: 'pushlab_news' } });
const codeOf = async (p: Promise<unknown>) => { try { await p; return 'ok'; } catch (e) { expect(e).toBeInstanceOf(VendorError); return (e as VendorError).code; } };
const settle = () => new Promise((r) => setTimeout(r, 50));

const form = (path: string, fields: Record<string, string> | string, method = 'POST') => fetch(`${mock.url}${path}`, {
  method,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: method === 'GET' ? undefined : typeof fields === 'string' ? fields : new URLSearchParams(fields).toString(),
}).then(async (r) => ({ status: r.status, body: (await r.json()) as { code: number; message: string; data?: Record<string, unknown> } }));

async function authToken(): Promise<string> {
  const timestamp = String(Date.now());
  const { body } = await form('/server/v1/auth', { app_key: creds.appKey, timestamp, sign: oppoSign(creds.appKey, timestamp, creds.masterSecret) });
  return body.data!.auth_token as string;
}
const unicast = async (message: unknown) => form(UNICAST, { auth_token: await authToken(), message: typeof message === 'string' ? message : JSON.stringify(message) });

describe('OPPO sender against the mock gateway', () => {
  it('delivers a call invitation on a private channel to an online device over the device channel', async () => {
    const device = await connectDevice(mock.url, APP);
    const result = await sender().send(invite(device.token, { options: { channelId: 'pushlab_call', category: 'IM', notifyId: 42 } }));
    const push = await device.next();
    expect(result.messageId).toMatch(/^30000001-1-1-[0-9a-f]{24}$/);
    expect(push).toMatchObject({ vendor: 'oppo', messageId: result.messageId, kind: 'notification', title: 'Incoming video call', body: 'Alice is calling', data: { callID: 'c1' }, messageClass: 'private', channelId: 'pushlab_call', collapseKey: '42', priority: 'high' });
    expect((push.raw as { notification: object }).notification).toMatchObject({ category: 'IM', notify_level: 16, click_action_type: 0 });
    expect(push.expiresAt! - push.acceptedAt).toBe(3600_000);
    await device.close();
  });

  it('refuses kind data without calling the gateway: OPPO has no pass-through API', async () => {
    const error = await sender().send({ token: 'OPPO_CN_0123456789abcdef0123456789abcdef', kind: 'data', data: { callID: 'c1' } }).then(() => undefined, (e: unknown) => e as VendorError);
    expect(error).toMatchObject({ vendor: 'oppo', kind: 'validation', retryable: false });
    expect(error?.message).toMatch(/no pass-through/);
    expect(await codeOf(sender().send(invite('OPPO_CN_0123456789abcdef0123456789abcdef', { options: { privateChannel: true } })))).toBe('UNSUPPORTED_KIND');
    expect((await control(mock.url, 'GET', 'requests')).requests).toEqual([]);
  });

  it('answers auth problems with OPPO codes: wrong MasterSecret 16, wrong AppKey 14, clock off by > 10 min 19', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    expect(await sender({ ...creds, masterSecret: 'nope' }).send(invite(token)).catch((e: unknown) => e)).toMatchObject({ code: 16, kind: 'auth', retryable: false });
    expect(await codeOf(sender({ ...creds, appKey: 'nope' }).send(invite(token)))).toBe(14);
    const skewed: Clock = { now: () => Date.now() - 11 * 60_000 };
    expect(await codeOf(sender(creds, skewed).send(invite(token)))).toBe(19);
    const ts = String(Date.now());
    expect((await form('/server/v1/auth', { timestamp: ts, sign: 'x' })).body.code).toBe(15);
    expect((await form('/server/v1/auth', { app_key: creds.appKey, timestamp: ts })).body.code).toBe(17);
    expect((await form('/server/v1/auth', { app_key: creds.appKey, sign: 'x' })).body.code).toBe(18);
    expect((await form('/server/v1/auth', { app_key: creds.appKey, timestamp: ts.slice(0, 10), sign: 'x' })).body.code).toBe(19);
    expect((await form(UNICAST, { message: JSON.stringify(oppoMessage(invite(token))) })).body.code).toBe(29);
    expect((await form(UNICAST, { auth_token: 'forged', message: JSON.stringify(oppoMessage(invite(token))) })).body.code).toBe(11);
  });

  it('fetches a new auth_token when the gateway answers 11 and resends once', async () => {
    const device = await connectDevice(mock.url, APP);
    const s = sender();
    await s.send(invite(device.token, { title: 'first' }));
    await control(mock.url, 'POST', 'reset'); // forgets the issued auth_token; the connected phone stays
    await s.send(invite(device.token, { title: 'second' }));
    expect([(await device.next()).title, (await device.next()).title]).toEqual(['first', 'second']);
    const { requests } = await control(mock.url, 'GET', 'requests');
    expect(requests.map((r: { path: string; code: string }) => `${r.path.split('/').pop()} ${r.code}`)).toEqual(['unicast 11', 'auth 0', 'unicast 0']);
    await device.close();
  });

  it('expires auth_tokens after 24 h on the gateway clock; a sender on the same clock refreshes before use', async () => {
    const device = await connectDevice(mock.url, APP);
    const old = await authToken();
    const s = sender(creds, mock.gw.clock);
    await s.send(invite(device.token, { title: 'day 1' }));
    await control(mock.url, 'POST', 'clock', { advanceMs: 24 * 3600_000 + 1000 });
    expect((await form(UNICAST, { auth_token: old, message: JSON.stringify(oppoMessage(invite(device.token))) })).body).toMatchObject({ code: 11, message: expect.stringMatching(/expired/) });
    await s.send(invite(device.token, { title: 'day 2' }));
    expect([(await device.next()).title, (await device.next()).title]).toEqual(['day 1', 'day 2']);
    const { requests } = await control(mock.url, 'GET', 'requests');
    expect(requests.filter((r: { path: string }) => r.path.endsWith('/auth'))).toHaveLength(3);
    await device.close();
  });

  it('refuses malformed, unknown and uninstalled regIds with 10000, a token-invalid error', async () => {
    const device = await connectDevice(mock.url, APP);
    await control(mock.url, 'DELETE', `tokens/${encodeURIComponent(device.token)}`);
    expect(await sender().send(invite(device.token)).catch((e: unknown) => e)).toMatchObject({ code: 10000, tokenInvalid: true, kind: 'token-invalid' });
    expect(await codeOf(sender().send(invite('not a regid!')))).toBe(10000);
    expect(await codeOf(sender().send(invite('CN_0123456789abcdef0123456789abcdef')))).toBe(10000);
    const other = await control(mock.url, 'POST', 'tokens', { app: 'com.other.app' });
    expect(await codeOf(sender().send(invite(other.token)))).toBe(10000);
    await device.close();
  });

  it('validates the message with OPPO codes (40 missing, 41 invalid, 67 category)', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    expect(await codeOf(sender().send(invite(token, { body: undefined })))).toBe(40);
    expect(await codeOf(sender().send(invite(token, { title: 'x'.repeat(51) })))).toBe(41);
    expect(await codeOf(sender().send(invite(token, { ttlSeconds: 10 * 86_400 + 1 })))).toBe(41);
    expect(await codeOf(sender().send(invite(token, { options: { category: 'CALL' } })))).toBe(67);
    // OPPO has no size code: action_parameters over 4000 characters is an invalid argument
    expect(await sender().send(invite(token, { data: { blob: 'x'.repeat(4000) } })).catch((e: unknown) => e)).toMatchObject({ code: 41, kind: 'validation', message: expect.stringMatching(/action_parameters/) });
    const base = oppoMessage(invite(token));
    expect((await unicast({ ...base, notification: { ...base.notification, notify_level: 16, category: undefined } })).body.code).toBe(67);
    expect((await unicast({ ...base, target_type: 3 })).body.code).toBe(41);
    expect((await unicast({ target_type: 2, target_value: token })).body.code).toBe(40);
    // op-unicast's sample spells fields in camelCase; they read the same
    const camel = await unicast({ target_type: 2, target_value: token, notification: { title: 't', content: 'c', channelId: 'pushlab_call', offLineTtl: 86_400 * 11 } });
    expect(camel.body.code).toBe(41);
  });

  it('caps the public channel at 2 per device per day, silently; the private channel is unlimited', async () => {
    const device = await connectDevice(mock.url, APP);
    for (let i = 0; i < 3; i++) await sender().send(news(device.token, `news ${i}`));
    for (let i = 0; i < 3; i++) await sender().send(invite(device.token, { title: `call ${i}` }));
    await settle();
    expect(device.pushes.map((p) => p.title)).toEqual(['news 0', 'news 1', 'call 0', 'call 1', 'call 2']);
    expect(device.pushes[0]).toMatchObject({ messageClass: 'public', priority: 'normal' });
    await control(mock.url, 'POST', 'clock', { advanceMs: 24 * 3600_000 });
    await sender(creds, mock.gw.clock).send(news(device.token, 'news tomorrow'));
    await settle();
    expect(device.pushes.at(-1)?.title).toBe('news tomorrow');
    await device.close();
  });

  it('answers 33 (a quota error) over the app\'s public daily total, and per device when set to reject', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    await control(mock.url, 'POST', 'settings', { publicPerAppPerDay: 1, overDeviceCap: 'reject' });
    try {
      expect(await codeOf(sender().send(news(token, 'a')))).toBe('ok');
      expect(await sender().send(news(token, 'b')).catch((e: unknown) => e)).toMatchObject({ code: 33, kind: 'quota', message: expect.stringMatching(/today/) });
      await control(mock.url, 'POST', 'settings', { publicPerAppPerDay: 100 });
      expect(await codeOf(sender().send(news(token, 'c')))).toBe('ok');
      expect(await sender().send(news(token, 'd')).catch((e: unknown) => e)).toMatchObject({ code: 33, message: expect.stringMatching(/this device/) });
    } finally {
      await control(mock.url, 'POST', 'settings', { publicPerAppPerDay: 100_000, overDeviceCap: 'drop' });
    }
  });

  it('answers over the QPS setting with 55, a rate-limit error', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    await control(mock.url, 'POST', 'settings', { qps: 2 });
    try {
      const s = sender();
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push(await codeOf(s.send(invite(token))));
      expect(codes).toEqual(['ok', 'ok', 55]);
      await expect(s.send(invite(token))).rejects.toMatchObject({ kind: 'rate-limit', retryable: true });
    } finally {
      await control(mock.url, 'POST', 'settings', { qps: 5000 });
    }
  });

  it('queues for an offline device within off_line_ttl, drops off_line false, expires after the TTL', async () => {
    const device = await connectDevice(mock.url, APP);
    const token = device.token;
    await device.close();
    await sender().send(invite(token, { ttlSeconds: 60, title: 'first' }));
    await sender().send(invite(token, { ttlSeconds: 0, title: 'online only' }));
    const back = await connectDevice(mock.url, APP, token);
    expect((await back.next()).title).toBe('first');
    await back.close();
    await sender().send(invite(token, { ttlSeconds: 60, title: 'late' }));
    await control(mock.url, 'POST', 'clock', { advanceMs: 61_000 });
    const late = await connectDevice(mock.url, APP, token);
    await expect(late.next(300)).rejects.toThrow(/no push/);
    const { deliveries } = await control(mock.url, 'GET', 'deliveries');
    expect(deliveries.map((d: { kind: string }) => d.kind)).toEqual(['queued', 'dropped-offline', 'delivered', 'queued', 'expired']);
    await late.close();
  });

  it('keeps a repeated notify_id as the collapse key and pushes a repeated app_message_id once', async () => {
    const device = await connectDevice(mock.url, APP);
    const token = device.token;
    await device.close();
    await sender().send(invite(token, { title: 'ringing', options: { channelId: 'pushlab_call', category: 'IM', notifyId: 9 } }));
    await sender().send(invite(token, { title: 'missed call', options: { channelId: 'pushlab_call', category: 'IM', notifyId: 9 } }));
    const back = await connectDevice(mock.url, APP, token);
    expect([await back.next(), await back.next()].map((p) => [p.title, p.collapseKey])).toEqual([['ringing', '9'], ['missed call', '9']]);
    const message = oppoMessage(invite(token, { title: 'once' }));
    message.notification.app_message_id = 'invite-1';
    expect((await unicast(message)).body.code).toBe(0);
    expect((await unicast(message)).body.code).toBe(0);
    await settle();
    expect(back.pushes.map((p) => p.title)).toEqual(['ringing', 'missed call', 'once']);
    await back.close();
  });

  it('injects faults: delay, 503, reset, and drop for one regId', async () => {
    const device = await connectDevice(mock.url, APP);
    const s = sender();
    await s.send(invite(device.token, { title: 'warm-up' }));
    await control(mock.url, 'POST', 'faults', { kind: 'delay', ms: 150, times: 1 });
    const started = performance.now();
    await s.send(invite(device.token, { title: 'slow' }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    await control(mock.url, 'POST', 'faults', { kind: 'status', status: 503, times: 1 });
    expect(await s.send(invite(device.token)).catch((e: unknown) => e)).toMatchObject({ code: 503, kind: 'server', retryable: true });
    await control(mock.url, 'POST', 'faults', { kind: 'reset', times: 1 });
    expect(await s.send(invite(device.token)).catch((e: unknown) => e)).toMatchObject({ kind: 'transport', retryable: true });
    await control(mock.url, 'POST', 'faults', { kind: 'drop', token: device.token, times: 1 });
    await s.send(invite(device.token, { title: 'lost' }));
    await s.send(invite(device.token, { title: 'kept' }));
    await settle();
    expect(device.pushes.map((p) => p.title)).toEqual(['warm-up', 'slow', 'kept']);
    await device.close();
  });

  it('survives malformed requests with OPPO errors and keeps serving', async () => {
    const at = await authToken();
    expect((await form(UNICAST, Buffer.from([0x61, 0x3d, 0xff, 0xfe]).toString('latin1'))).body.code).toBe(29);
    const notUtf8 = await fetch(`${mock.url}${UNICAST}`, { method: 'POST', body: Buffer.from([0x61, 0x3d, 0xc3, 0x28]) });
    expect(((await notUtf8.json()) as { code: number }).code).toBe(25);
    expect((await form(UNICAST, `auth_token=${at}&message=%E4%BD`)).body.code).toBe(25);
    expect((await form(UNICAST, '%%%&&&=')).body.code).toBe(25);
    expect((await form(UNICAST, { auth_token: at })).body.code).toBe(40);
    expect((await form(UNICAST, { auth_token: at, message: '{not json' })).body.code).toBe(41);
    expect((await form(UNICAST, { auth_token: at, message: '[1]' })).body.code).toBe(41);
    expect((await form(UNICAST, { auth_token: at, message: JSON.stringify({ target_type: '2', target_value: 1, notification: 'x' }) })).body.code).toBe(41);
    expect((await form(UNICAST, { auth_token: at, message: 'x'.repeat(500_000) })).body.code).toBe(41);
    expect(await form(UNICAST, {}, 'GET')).toMatchObject({ status: 200, body: { code: 12 } });
    expect(await form('/server/v1/nothing', {})).toMatchObject({ status: 200, body: { code: 20 } });
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    // a notification sent as a JSON string, as some clients do, reads as the object
    expect((await form(UNICAST, { auth_token: at, message: JSON.stringify({ target_type: 2, target_value: token, notification: JSON.stringify({ title: 't', content: 'c' }) }) })).body.code).toBe(0);
    await expect(sender().send(invite(token))).resolves.toMatchObject({ vendor: 'oppo' });
  });

  it('records every request with secrets masked', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    await sender().send(invite(token));
    const at = await authToken();
    await form(UNICAST, { auth_token: at, message: JSON.stringify(oppoMessage(invite(token))) });
    const { requests } = await control(mock.url, 'GET', 'requests');
    expect(requests.map((r: { path: string; code: string; outcome: string }) => [r.path, r.code, r.outcome])).toEqual([
      ['/server/v1/auth', '0', 'accepted'], [UNICAST, '0', 'accepted'], ['/server/v1/auth', '0', 'accepted'], [UNICAST, '0', 'accepted'],
    ]);
    const text = JSON.stringify(requests);
    expect(text).toContain('Incoming');
    expect(text).not.toContain(at);
    expect(text).not.toContain(creds.appKey);
    expect(text).not.toContain(creds.masterSecret);
  });
});

describe('OPPO msw handlers', () => {
  it('answer exactly like the server for the same requests', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    const handlers = mswHandlers(oppo.mock, mock.gw, [mock.url]);
    const at = await authToken();
    const request = (fields: Record<string, string>) => new Request(`${mock.url}${UNICAST}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });
    const message = JSON.stringify(oppoMessage(invite(token)));
    const cases: Record<string, string>[] = [{ auth_token: at, message }, { auth_token: 'forged', message }, { auth_token: at }, { auth_token: at, message: message.replace(token, 'OPPO_CN_ffffffffffffffffffffffffffffffff') }];
    for (const fields of cases) {
      const viaMsw = (await (await getResponse(handlers, request(fields)))!.json()) as { data?: unknown };
      const viaServer = (await (await fetch(request(fields))).json()) as { data?: unknown };
      expect({ ...viaMsw, data: undefined }).toEqual({ ...viaServer, data: undefined });
      expect(Boolean(viaMsw.data)).toBe(Boolean(viaServer.data));
    }
  });
});

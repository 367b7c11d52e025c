import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { getResponse } from 'msw';
import { VendorError } from '../../../src/vendors/common/errors.js';
import { mswHandlers } from '../../../src/vendors/common/msw.js';
import { xiaomi } from '../../../src/vendors/xiaomi/index.js';
import { xiaomiForm } from '../../../src/vendors/xiaomi/sender.js';
import { control, gatewayFor, mockCredentials } from '../../support/gateway.js';
import { connectDevice } from '../../support/device.js';

const creds = xiaomi.parseCredentials(mockCredentials.xiaomi);
const APP = creds.packageName;
let mock: Awaited<ReturnType<typeof gatewayFor>>;

beforeAll(async () => { mock = await gatewayFor(xiaomi); });
afterAll(async () => { await mock.server.close(); });
beforeEach(async () => { await control(mock.url, 'POST', 'reset'); });

const sender = () => xiaomi.createSender(creds, { baseUrl: mock.url, timeoutMs: 2000 });
const invite = (token: string, extra: object = {}) => ({ token, kind: 'notification' as const, title: 'Incoming video call', body: 'Alice is calling', data: { callID: 'c1' }, options: { channelId: 'pushlab_call' }, ...extra });
const codeOf = async (p: Promise<unknown>) => { try { await p; return 'ok'; } catch (e) { expect(e).toBeInstanceOf(VendorError); return (e as VendorError).code; } };

describe('Xiaomi sender against the mock gateway', () => {
  it('delivers a call invitation to an online device over the device channel', async () => {
    const device = await connectDevice(mock.url, APP);
    const result = await sender().send(invite(device.token));
    const push = await device.next();
    expect(result.messageId).toMatch(/^scm/);
    expect(push).toMatchObject({ vendor: 'xiaomi', kind: 'notification', title: 'Incoming video call', data: { callID: 'c1' }, messageClass: 'private', channelId: 'pushlab_call' });
    await device.close();
  });

  it('answers a wrong AppSecret with 21301 and a missing header with 10006', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    const wrong = xiaomi.createSender({ ...creds, appSecret: 'nope' }, { baseUrl: mock.url });
    const error = await wrong.send(invite(token)).catch((e: unknown) => e as VendorError);
    expect(error).toMatchObject({ vendor: 'xiaomi', code: 21301, kind: 'auth', retryable: false, tokenInvalid: false });
    const res = await fetch(`${mock.url}/v3/message/regid`, { method: 'POST', body: new URLSearchParams(xiaomiForm(invite(token), APP) as unknown as Record<string, string>) });
    expect(await res.json()).toMatchObject({ result: 'error', code: 10006 });
  });

  it('refuses an uninstalled app\'s regid as token-invalid', async () => {
    const device = await connectDevice(mock.url, APP);
    await control(mock.url, 'DELETE', `tokens/${encodeURIComponent(device.token)}`);
    const error = await sender().send(invite(device.token)).catch((e: unknown) => e as VendorError);
    expect(error).toMatchObject({ code: 20301, tokenInvalid: true, kind: 'token-invalid' });
    await device.close();
  });

  it('validates fields with the vendor codes', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    expect(await codeOf(sender().send(invite(token, { title: '' })))).toBe(100);
    expect(await codeOf(sender().send(invite(token, { title: 'x'.repeat(60) })))).toBe(10017);
    expect(await codeOf(sender().send(invite(token, { data: { blob: 'x'.repeat(5000) } })))).toBe(10018);
    expect(await codeOf(xiaomi.createSender({ ...creds, packageName: 'com.other' }, { baseUrl: mock.url }).send(invite(token)))).toBe(22022);
  });

  it('caps public messages at 5 per device per day, silently, and resets on the next day', async () => {
    const device = await connectDevice(mock.url, APP);
    for (let i = 0; i < 6; i++) await sender().send(invite(device.token, { options: { channelId: 'pushlab_news' } }));
    await new Promise((r) => setTimeout(r, 50));
    expect(device.pushes).toHaveLength(5);
    await control(mock.url, 'POST', 'clock', { advanceMs: 24 * 3600_000 });
    await sender().send(invite(device.token, { options: { channelId: 'pushlab_news' } }));
    await new Promise((r) => setTimeout(r, 50));
    expect(device.pushes).toHaveLength(6);
    await device.close();
  });

  it('answers over the QPS limit with 10027, a rate-limit error', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    await control(mock.url, 'POST', 'settings', { qps: 2 });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push(await codeOf(sender().send(invite(token))));
    expect(codes).toEqual(['ok', 'ok', 10027]);
    await control(mock.url, 'POST', 'settings', { qps: 500 });
  });

  it('queues for an offline device within TTL and delivers on reconnect; expires after TTL', async () => {
    const device = await connectDevice(mock.url, APP);
    const token = device.token;
    await device.close();
    await sender().send(invite(token, { ttlSeconds: 60, title: 'first' }));
    const back = await connectDevice(mock.url, APP, token);
    expect((await back.next()).title).toBe('first');
    await back.close();
    await sender().send(invite(token, { ttlSeconds: 60, title: 'second' }));
    await control(mock.url, 'POST', 'clock', { advanceMs: 61_000 });
    const late = await connectDevice(mock.url, APP, token);
    await expect(late.next(300)).rejects.toThrow(/no push/);
    const { deliveries } = await control(mock.url, 'GET', 'deliveries');
    expect(deliveries.map((d: { kind: string }) => d.kind)).toContain('expired');
    await late.close();
  });

  it('injects faults: delay, 503, reset, and drop for one token', async () => {
    const device = await connectDevice(mock.url, APP);
    await control(mock.url, 'POST', 'faults', { kind: 'delay', ms: 150, times: 1 });
    const started = performance.now();
    await sender().send(invite(device.token));
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    await control(mock.url, 'POST', 'faults', { kind: 'status', status: 503, times: 1 });
    expect(await codeOf(sender().send(invite(device.token)))).toBe(503);
    await control(mock.url, 'POST', 'faults', { kind: 'reset', times: 1 });
    const reset = await sender().send(invite(device.token)).catch((e: unknown) => e as VendorError);
    expect(reset).toMatchObject({ kind: 'transport', retryable: true });
    await control(mock.url, 'POST', 'faults', { kind: 'drop', token: device.token, times: 1 });
    await sender().send(invite(device.token, { title: 'lost' }));
    await sender().send(invite(device.token, { title: 'kept' }));
    const titles = [];
    titles.push((await device.next()).title, (await device.next()).title);
    expect(titles).toEqual(['Incoming video call', 'kept']);
    await device.close();
  });

  it('rejects a malformed fault spec with the problem named', async () => {
    await expect(control(mock.url, 'POST', 'faults', { kind: 'explode' })).rejects.toThrow(/kind must be one of/);
  });

  it('survives malformed requests with vendor errors and keeps serving', async () => {
    const post = (path: string, body: string, method = 'POST') => fetch(`${mock.url}${path}`, { method, headers: { authorization: `key=${creds.appSecret}`, 'content-type': 'application/x-www-form-urlencoded' }, body: method === 'GET' ? undefined : body });
    expect(await (await post('/v3/message/regid', '%%%&&&=')).json()).toMatchObject({ result: 'error', code: 10016 });
    expect(await (await post('/v3/message/regid', '', 'GET')).json()).toMatchObject({ code: 10021 });
    expect(await (await post('/v9/nothing', 'a=b')).json()).toMatchObject({ code: 10020 });
    expect(await (await post('/v3/message/regid', Buffer.alloc(3000, 0xff).toString('latin1'))).json()).toMatchObject({ result: 'error' });
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    await expect(sender().send(invite(token))).resolves.toMatchObject({ vendor: 'xiaomi' });
  });

  it('records every request with secrets masked', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    await sender().send(invite(token));
    const { requests } = await control(mock.url, 'GET', 'requests');
    expect(requests.at(-1)).toMatchObject({ path: '/v3/message/regid', status: 200, outcome: 'accepted', code: '0' });
    expect(JSON.stringify(requests)).not.toContain(creds.appSecret);
  });
});

describe('Xiaomi msw handlers', () => {
  it('answer exactly like the server for the same requests', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    const handlers = mswHandlers(xiaomi.mock, mock.gw, [mock.url]);
    const form = new URLSearchParams(xiaomiForm(invite(token), APP) as unknown as Record<string, string>);
    const request = (secret: string) => new Request(`${mock.url}/v3/message/regid`, { method: 'POST', headers: { authorization: `key=${secret}`, 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    for (const secret of [creds.appSecret, 'wrong']) {
      const viaMsw = await (await getResponse(handlers, request(secret)))!.json();
      const viaServer = await (await fetch(request(secret))).json();
      expect({ ...viaMsw, trace_id: '', data: undefined }).toEqual({ ...viaServer, trace_id: '', data: undefined });
    }
  });
});

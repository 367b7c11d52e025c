import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { getResponse } from 'msw';
import { AdjustableClock } from '../../../src/vendors/common/clock.js';
import { VendorError } from '../../../src/vendors/common/errors.js';
import { mswHandlers } from '../../../src/vendors/common/msw.js';
import type { OutgoingPush } from '../../../src/vendors/common/push.js';
import { fcm } from '../../../src/vendors/fcm/index.js';
import { fcmRequest } from '../../../src/vendors/fcm/sender.js';
import { connectDevice } from '../../support/device.js';
import { control, gatewayFor, mockCredentials } from '../../support/gateway.js';

const creds = fcm.parseCredentials(mockCredentials.fcm);
const APP = 'com.pushlab.demo';
let mock: Awaited<ReturnType<typeof gatewayFor>>;

beforeAll(async () => { mock = await gatewayFor(fcm); });
afterAll(async () => { await mock.server.close(); });
beforeEach(async () => {
  await control(mock.url, 'POST', 'reset');
  await control(mock.url, 'POST', 'settings', { projectApps: [APP], projectPerMinute: 600_000, devicePerMinute: 240, devicePerHour: 5000 });
});

const sender = (c = creds) => fcm.createSender(c, { baseUrl: mock.url, timeoutMs: 2000 });
const invite = (token: string, extra: Partial<OutgoingPush> = {}): OutgoingPush => ({
  token, kind: 'notification', title: 'Incoming video call', body: 'Alice is calling', data: { callID: 'c1', invitationID: 'i1' },
  options: { channelId: 'pushlab_call' }, ...extra,
});
const failure = async (p: Promise<unknown>) => { try { await p; } catch (e) { expect(e).toBeInstanceOf(VendorError); return e as VendorError; } throw new Error('expected the send to fail'); };
/** A raw v1 send with a fresh access token from the mock, for requests the sender would never build. */
async function rawSend(body: string | object, init: { token?: string; method?: string; project?: string } = {}): Promise<Response> {
  const token = init.token ?? await accessToken();
  return fetch(`${mock.url}/v1/projects/${init.project ?? creds.project_id}/messages:send`, {
    method: init.method ?? 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: init.method === 'GET' ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}
/** Runs the real JWT-bearer exchange and returns the access token. */
async function accessToken(): Promise<string> {
  const { SignJWT, importPKCS8 } = await import('jose');
  const iat = Math.floor(mock.gw.clock.now() / 1000);
  const assertion = await new SignJWT({ scope: 'https://www.googleapis.com/auth/firebase.messaging' })
    .setProtectedHeader({ alg: 'RS256', kid: creds.private_key_id }).setIssuer(creds.client_email).setAudience('https://oauth2.googleapis.com/token')
    .setIssuedAt(iat).setExpirationTime(iat + 3600).sign(await importPKCS8(creds.private_key, 'RS256'));
  const res = await fetch(`${mock.url}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }) });
  const body = await res.json() as { access_token: string; expires_in: number; token_type: string };
  expect(body).toMatchObject({ expires_in: 3599, token_type: 'Bearer' });
  return body.access_token;
}

describe('FCM sender against the mock gateway', () => {
  it('delivers a call invitation to an online device over the device channel, high priority on its channel', async () => {
    const device = await connectDevice(mock.url, APP);
    const result = await sender().send(invite(device.token));
    const push = await device.next();
    expect(result.messageId).toMatch(/^projects\/pushlab-demo\/messages\/0:/);
    expect(push).toMatchObject({
      vendor: 'fcm', messageId: result.messageId, kind: 'notification', title: 'Incoming video call', body: 'Alice is calling',
      data: { callID: 'c1', invitationID: 'i1' }, channelId: 'pushlab_call', priority: 'high', messageClass: 'non-collapsible',
    });
    expect(push.expiresAt! - push.acceptedAt).toBe(2_419_200_000); // default TTL, 4 weeks
    await sender().send(invite(device.token, { kind: 'data', title: undefined, body: undefined, priority: 'normal' }));
    expect(await device.next()).toMatchObject({ kind: 'data', data: { callID: 'c1' }, priority: 'normal' });
    await device.close();
  });

  it('builds the v1 wire shape: data always, android.notification with channel, HIGH priority, ttl and collapse_key', () => {
    expect(fcmRequest(invite('tok', { ttlSeconds: 30, collapseId: 'call-1', options: { channelId: 'pushlab_call', sound: 'ring', notifyId: 7 } }))).toEqual({
      message: {
        token: 'tok', data: { callID: 'c1', invitationID: 'i1' },
        android: {
          priority: 'HIGH', ttl: '30s', collapse_key: 'call-1',
          notification: { title: 'Incoming video call', body: 'Alice is calling', channel_id: 'pushlab_call', sound: 'ring', tag: '7', notification_priority: 'PRIORITY_MAX' },
        },
      },
    });
    expect(fcmRequest({ token: 'tok', kind: 'data', data: { a: 'b' } }).message).toEqual({ token: 'tok', data: { a: 'b' }, android: { priority: 'HIGH' } });
  });

  it('refuses a service account whose key or e-mail is wrong with Google\'s invalid_grant, an auth error', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
    const badKey = await failure(sender({ ...creds, private_key: otherKey }).send(invite(token)));
    expect(badKey).toMatchObject({ vendor: 'fcm', code: 'invalid_grant', kind: 'auth', retryable: false, httpStatus: 400 });
    expect(badKey.message).toMatch(/Invalid JWT Signature/);
    const badEmail = await failure(sender({ ...creds, client_email: 'someone@else.iam.gserviceaccount.com' }).send(invite(token)));
    expect(badEmail.message).toMatch(/account not found/);
    const noAuth = await fetch(`${mock.url}/v1/projects/${creds.project_id}/messages:send`, { method: 'POST', body: JSON.stringify(fcmRequest(invite(token))) });
    expect(noAuth.status).toBe(401);
    expect(await noAuth.json()).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } });
  });

  it('refuses a send for another project as PERMISSION_DENIED', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    const error = await failure(sender({ ...creds, project_id: 'someone-elses-project' }).send(invite(token)));
    expect(error).toMatchObject({ code: 'PERMISSION_DENIED', httpStatus: 403, kind: 'auth' });
  });

  it('refreshes an access token the gateway says expired, and succeeds on the one retry', async () => {
    const device = await connectDevice(mock.url, APP);
    const clock = new AdjustableClock(mock.gw.clock); // the sender's clock follows the mock's…
    const s = fcm.createSender(creds, { baseUrl: mock.url, timeoutMs: 2000 }, { clock });
    await s.send(invite(device.token));
    await control(mock.url, 'POST', 'clock', { advanceMs: 3600_000 });
    clock.advance(-600_000); // …but lags ten minutes, so it still trusts its cached token
    await expect(s.send(invite(device.token, { title: 'after expiry' }))).resolves.toMatchObject({ vendor: 'fcm' });
    const { requests } = await control(mock.url, 'GET', 'requests');
    expect(requests.map((r: { path: string; status: number }) => `${r.path.includes('token') ? 'token' : 'send'} ${r.status}`)).toEqual(['token 200', 'send 200', 'send 401', 'token 200', 'send 200']);
    expect(requests[2]).toMatchObject({ code: 'UNAUTHENTICATED' });
    await device.next();
    expect((await device.next()).title).toBe('after expiry');
    await control(mock.url, 'POST', 'faults', { kind: 'status', status: 401, token: device.token, times: 2 });
    expect(await failure(s.send(invite(device.token)))).toMatchObject({ code: 'UNAUTHENTICATED', kind: 'auth' }); // retried once only
    const sends = (await control(mock.url, 'GET', 'requests')).requests.slice(5).map((r: { path: string; status: number }) => `${r.path.includes('token') ? 'token' : 'send'} ${r.status}`);
    expect(sends).toEqual(['send 401', 'token 200', 'send 401']);
    await device.close();
  });

  it('answers UNREGISTERED for an uninstalled app, INVALID_ARGUMENT for a malformed token, SENDER_ID_MISMATCH for another app\'s token', async () => {
    const device = await connectDevice(mock.url, APP);
    await control(mock.url, 'DELETE', `tokens/${encodeURIComponent(device.token)}`);
    expect(await failure(sender().send(invite(device.token)))).toMatchObject({ code: 'UNREGISTERED', httpStatus: 404, tokenInvalid: true, kind: 'token-invalid' });
    expect(await failure(sender().send(invite('not-a-token')))).toMatchObject({ code: 'INVALID_ARGUMENT', httpStatus: 400, tokenInvalid: false, kind: 'validation' });
    const other = await control(mock.url, 'POST', 'tokens', { app: 'com.other.app' });
    expect(await failure(sender().send(invite(other.token)))).toMatchObject({ code: 'SENDER_ID_MISMATCH', httpStatus: 403, tokenInvalid: true });
    await device.close();
  });

  it('validates fields with Google\'s INVALID_ARGUMENT envelope', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    const tooBig = await failure(sender().send(invite(token, { data: { blob: 'x'.repeat(4100) } })));
    expect(tooBig).toMatchObject({ code: 'INVALID_ARGUMENT', kind: 'validation' });
    expect(tooBig.message).toMatch(/too big/);
    expect((await failure(sender().send(invite(token, { data: { from: 'x' } })))).message).toMatch(/from/);
    expect((await failure(sender().send(invite(token, { ttlSeconds: 2_419_201 })))).message).toMatch(/TTL/);
    const nonString = await rawSend({ message: { token, data: { n: 1 } } });
    expect(nonString.status).toBe(400);
    expect(await nonString.json()).toMatchObject({ error: { status: 'INVALID_ARGUMENT', details: [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: 'message.data[0].value' }] }] } });
    const unknown = await (await rawSend({ message: { token, colour: 'red' } })).json() as { error: { message: string } };
    expect(unknown.error.message).toMatch(/Unknown name "colour" at 'message'/);
    const twoTargets = await (await rawSend({ message: { token, topic: 'news' } })).json() as { error: { message: string } };
    expect(twoTargets.error.message).toMatch(/oneof/);
    const badTtl = await rawSend({ message: { token, android: { ttl: '1 day' } } });
    expect(await badTtl.json()).toMatchObject({ error: { status: 'INVALID_ARGUMENT' } });
  });

  it('checks validate_only requests fully but delivers nothing', async () => {
    const device = await connectDevice(mock.url, APP);
    const res = await rawSend({ validate_only: true, message: fcmRequest(invite(device.token)).message });
    expect(await res.json()).toEqual({ name: `projects/${creds.project_id}/messages/fake_message_id` });
    await expect(device.next(200)).rejects.toThrow(/no push/);
    await device.close();
  });

  it('limits one device to its per-minute quota with 429 QUOTA_EXCEEDED, which refills', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    await control(mock.url, 'POST', 'settings', { devicePerMinute: 2 });
    await sender().send(invite(token));
    await sender().send(invite(token));
    const error = await failure(sender().send(invite(token)));
    expect(error).toMatchObject({ code: 'QUOTA_EXCEEDED', httpStatus: 429, kind: 'rate-limit', retryable: true });
    await control(mock.url, 'POST', 'clock', { advanceMs: 61_000 });
    await expect(sender().send(invite(token))).resolves.toMatchObject({ vendor: 'fcm' });
  });

  it('limits the project rate (setting) with QUOTA_EXCEEDED and a Retry-After', async () => {
    const a = await control(mock.url, 'POST', 'tokens', { app: APP });
    const b = await control(mock.url, 'POST', 'tokens', { app: APP });
    await control(mock.url, 'POST', 'settings', { projectPerMinute: 1 });
    await sender().send(invite(a.token));
    const res = await rawSend(fcmRequest(invite(b.token)), { token: await accessToken() });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('60');
    expect(await res.json()).toMatchObject({ error: { status: 'RESOURCE_EXHAUSTED', details: [{ errorCode: 'QUOTA_EXCEEDED' }, { '@type': 'type.googleapis.com/google.rpc.QuotaFailure' }] } });
  });

  it('stores for an offline device within TTL, delivers on reconnect, expires after TTL, and never stores ttl 0s', async () => {
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
    const late = await connectDevice(mock.url, APP, token);
    await expect(late.next(200)).rejects.toThrow(/no push/);
    const { deliveries } = await control(mock.url, 'GET', 'deliveries');
    expect(deliveries.map((d: { kind: string }) => d.kind)).toEqual(expect.arrayContaining(['dropped-offline', 'expired']));
    await late.close();
  });

  it('keeps the newest per collapse key, at most 4 keys, and drops all 100 stored non-collapsible on overflow', async () => {
    const device = await connectDevice(mock.url, APP);
    const token = device.token;
    await device.close();
    for (const key of ['k1', 'k1', 'k2', 'k3', 'k4', 'k5']) await sender().send(invite(token, { collapseId: key, title: key }));
    const { stored } = await control(mock.url, 'GET', `stored?token=${encodeURIComponent(token)}`);
    expect(stored.map((p: { collapseKey: string }) => p.collapseKey)).toEqual(['k2', 'k3', 'k4', 'k5']);
    for (let i = 0; i < 101; i++) await sender().send(invite(token, { kind: 'data', title: undefined, data: { n: String(i) } }));
    const after = (await control(mock.url, 'GET', `stored?token=${encodeURIComponent(token)}`)).stored as { data: Record<string, string>; collapseKey?: string }[];
    expect(after.filter((p) => p.collapseKey === undefined).map((p) => p.data.n)).toEqual(['100']);
    expect(after.filter((p) => p.collapseKey !== undefined)).toHaveLength(4);
    const { deliveries } = await control(mock.url, 'GET', 'deliveries');
    expect(deliveries.filter((d: { kind: string }) => d.kind === 'overflow').length).toBeGreaterThanOrEqual(100);
  });

  it('injects faults: delay, 503 UNAVAILABLE, reset, and drop for one token', async () => {
    const device = await connectDevice(mock.url, APP);
    const s = sender();
    await s.send(invite(device.token)); // the access token is cached from here on, so faults hit the sends
    await device.next();
    await control(mock.url, 'POST', 'faults', { kind: 'delay', ms: 150, times: 1 });
    const started = performance.now();
    await s.send(invite(device.token));
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    await device.next();
    await control(mock.url, 'POST', 'faults', { kind: 'status', status: 503, times: 1 });
    expect(await failure(s.send(invite(device.token)))).toMatchObject({ code: 'UNAVAILABLE', httpStatus: 503, retryable: true, kind: 'server' });
    await control(mock.url, 'POST', 'faults', { kind: 'status', status: 503, times: 1 });
    expect(await failure(sender().send(invite(device.token)))).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/token exchange/) });
    await control(mock.url, 'POST', 'faults', { kind: 'reset', times: 1 });
    expect(await failure(s.send(invite(device.token)))).toMatchObject({ kind: 'transport', retryable: true });
    await control(mock.url, 'POST', 'faults', { kind: 'drop', token: device.token, times: 1 });
    await s.send(invite(device.token, { title: 'lost' }));
    await s.send(invite(device.token, { title: 'kept' }));
    expect((await device.next()).title).toBe('kept');
    await device.close();
  });

  it('survives malformed requests with Google\'s own replies and keeps serving', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    const at = await accessToken();
    const notJson = await rawSend('{"message": {', { token: at });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: { status: 'INVALID_ARGUMENT', message: expect.stringMatching(/Invalid JSON payload/) } });
    expect((await rawSend('', { token: at })).status).toBe(400);
    expect((await rawSend('[1,2]', { token: at })).status).toBe(400);
    expect((await rawSend(Buffer.alloc(3000, 0xff).toString('latin1'), { token: at })).status).toBe(400);
    expect((await rawSend({ message: { token, data: { k: 'v'.repeat(200_000) } } }, { token: at })).status).toBe(400);
    expect((await rawSend({ message: { token, android: { notification: { title: 5 } } } }, { token: at })).status).toBe(400);
    const get = await rawSend('', { token: at, method: 'GET' });
    expect(get.status).toBe(404);
    expect(await get.text()).toMatch(/Error 404/);
    expect((await fetch(`${mock.url}/v9/nothing`, { method: 'POST' })).status).toBe(404);
    const tokenGarbage = await fetch(`${mock.url}/token`, { method: 'POST', body: 'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=not.a.jwt' });
    expect(tokenGarbage.status).toBe(400);
    expect(await tokenGarbage.json()).toMatchObject({ error: 'invalid_grant' });
    expect(await (await fetch(`${mock.url}/token`, { method: 'POST', body: '%%%' })).json()).toMatchObject({ error: 'unsupported_grant_type' });
    expect((await rawSend({ message: { token } }, { token: 'ya29.forged' })).status).toBe(401);
    await expect(sender().send(invite(token))).resolves.toMatchObject({ vendor: 'fcm' });
  });

  it('records every request with the key, the assertion and the access token masked', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    await sender().send(invite(token));
    const { requests } = await control(mock.url, 'GET', 'requests');
    expect(requests.at(-1)).toMatchObject({ path: '/v1/projects/pushlab-demo/messages:send', status: 200, outcome: 'accepted', code: '200', tokens: [token] });
    expect(requests[0]).toMatchObject({ path: '/token', status: 200 });
    const text = JSON.stringify(requests);
    expect(text).not.toMatch(/eyJ[\w-]{10,}\./); // no JWT assertion
    expect(text).not.toMatch(/ya29\./); // no access token
    expect(text).not.toContain(creds.private_key.slice(40, 80));
  });
});

describe('FCM msw handlers', () => {
  it('answer exactly like the server for the same requests', async () => {
    const { token } = await control(mock.url, 'POST', 'tokens', { app: APP });
    const at = await accessToken();
    const handlers = mswHandlers(fcm.mock, mock.gw, [mock.url]);
    const request = (bearer: string, message: object) => new Request(`${mock.url}/v1/projects/${creds.project_id}/messages:send`, { method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: JSON.stringify({ message }) });
    for (const [bearer, message] of [[at, { token: 'bad' }], ['ya29.wrong', { token }], [at, { token, data: { n: 1 } }]] as const) {
      const viaMsw = await getResponse(handlers, request(bearer, message));
      const viaServer = await fetch(request(bearer, message));
      expect(viaMsw!.status).toBe(viaServer.status);
      expect(await viaMsw!.json()).toEqual(await viaServer.json());
    }
    const ok = await (await getResponse(handlers, request(at, { token, data: { a: 'b' } })))!.json() as { name: string };
    expect(ok.name).toMatch(/^projects\/pushlab-demo\/messages\//);
    const onGoogleUrl = await getResponse(mswHandlers(fcm.mock, mock.gw), new Request('https://fcm.googleapis.com/v1/projects/pushlab-demo/messages:send', { method: 'POST', body: '{}' }));
    expect(onGoogleUrl!.status).toBe(401);
  });
});

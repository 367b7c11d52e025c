import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { invitationPushKeys } from '../../../src/cloud/app-client.js';
import { CloudError, createAppClient } from '../../../src/cloud/index.js';
import { phone, recordsOf, settle, startLab, until, zegoUser, ZEGO_APP, type Heard, type Lab } from './lab.js';

let lab: Lab;
const open: { close(): void }[] = [];
const track = <T extends Heard>(h: T): T => { open.push(h.client); return h; };
const devices: { close(): Promise<void> }[] = [];

beforeAll(async () => { lab = await startLab({ vendors: ['xiaomi'] }); });
afterAll(async () => { await lab.close(); });
afterEach(async () => {
  for (const c of open.splice(0)) c.close();
  await Promise.all(devices.splice(0).map((d) => d.close()));
});

let n = 0;
/** Fresh user ids per test, so records and devices never mix across tests. */
const ids = () => { n += 1; return { alice: `alice${n}`, bob: `bob${n}`, carol: `carol${n}` }; };

/** bob logged in with a Xiaomi push registration; returns his client and his phone's push service. */
async function bobWithPush(bob: string, options: { enable?: boolean } = {}) {
  const device = await phone(lab);
  devices.push(device);
  const heard = track(await zegoUser(lab, bob));
  await heard.client.registerPush({ vendor: 'xiaomi', token: device.token, deviceId: `${bob}-phone`, enableOfflinePush: options.enable ?? true, offlinePushConfig: { xiaomi: { channelID: 'pushlab_call' } } });
  return { heard, device };
}

const call = { type: 'video', notificationConfig: { title: 'Alice calling', message: 'Video call from Alice', resourceID: 'pushlab_call' } } as const;

describe('ZEGO cloud routing', () => {
  it('delivers to a foreground invitee over the long connection and pushes nothing', async () => {
    const u = ids();
    const { heard: bob, device } = await bobWithPush(u.bob);
    const alice = track(await zegoUser(lab, u.alice));
    const result = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }], ...call });
    expect(result).toMatchObject({ successUsers: [{ userID: u.bob }], errorUsers: [] });
    await until(() => bob.invitations.length === 1, 'the online invitation');
    expect(bob.invitations[0]).toMatchObject({ invitationID: result.invitationID, callID: result.callID, inviter: { userID: u.alice, userName: u.alice.toUpperCase() }, type: 'video' });
    await settle();
    expect(device.pushes).toHaveLength(0);
    expect(recordsOf(lab, 'zego', { userID: u.bob, invitationID: result.invitationID }).map((r) => r.kind)).toEqual(['online-delivery']);
  });

  it('pushes to an offline invitee through Xiaomi, shaped by the resource, and records the gateway\'s answer', async () => {
    const u = ids();
    const { heard: bob, device } = await bobWithPush(u.bob);
    await bob.client.disconnect();
    const alice = track(await zegoUser(lab, u.alice));
    const result = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }], ...call, timeout: 45 });
    expect(result.successUsers).toEqual([{ userID: u.bob }]);
    const push = await device.next();
    expect(push).toMatchObject({
      vendor: 'xiaomi', kind: 'notification', title: 'Alice calling', body: 'Video call from Alice', channelId: 'pushlab_call', messageClass: 'private',
      data: { [invitationPushKeys.invitationID]: result.invitationID, [invitationPushKeys.callID]: result.callID, [invitationPushKeys.type]: 'video' },
    });
    expect(JSON.parse(push.data[invitationPushKeys.inviter]!)).toEqual({ userID: u.alice, userName: u.alice.toUpperCase() });
    expect((push.raw as Record<string, string>).time_to_live).toBe('45000');
    const [sent] = recordsOf(lab, 'zego', { userID: u.bob, kind: 'push-sent' });
    expect(sent).toMatchObject({ vendor: 'xiaomi', messageId: push.messageId, resourceID: 'pushlab_call', gateway: 'mock', deviceId: `${u.bob}-phone` });
    expect(sent!.gatewayAcceptedAt).toBeGreaterThan(0);
    expect(sent!.reason).toMatch(/offline.*channelId=pushlab_call/);
  });

  it('pushes (and does not deliver online) while the connected app reports background', async () => {
    const u = ids();
    const { heard: bob, device } = await bobWithPush(u.bob);
    await bob.client.reportAppState('background');
    const alice = track(await zegoUser(lab, u.alice));
    const result = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }], ...call });
    expect((await device.next()).data[invitationPushKeys.invitationID]).toBe(result.invitationID);
    expect(bob.invitations).toHaveLength(0);
    expect(recordsOf(lab, 'zego', { userID: u.bob, kind: 'push-sent' })[0]!.reason).toMatch(/background/);
  });

  it('without enableNotifyWhenAppRunningInBackgroundOrQuit: no push; offline → errorUsers, background → over the connection', async () => {
    const u = ids();
    const { heard: bob, device } = await bobWithPush(u.bob, { enable: false });
    await bob.client.reportAppState('background');
    const alice = track(await zegoUser(lab, u.alice));
    const first = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }], ...call });
    expect(first.successUsers).toEqual([{ userID: u.bob }]);
    await until(() => bob.invitations.length === 1, 'the invitation over the connection');
    await alice.client.cancelInvitation(first.invitationID);

    await bob.client.disconnect();
    const second = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }], ...call });
    expect(second.successUsers).toEqual([]);
    expect(second.errorUsers[0]!.reason).toMatch(/enableNotifyWhenAppRunningInBackgroundOrQuit is off/);
    await settle();
    expect(device.pushes).toHaveLength(0);
    expect(recordsOf(lab, 'zego', { invitationID: second.invitationID, kind: 'push-suppressed' })).toHaveLength(1);
  });

  it('an unknown resourceID still rings online invitees; offline ones land in errorUsers with a push-failed record', async () => {
    const u = ids();
    const { heard: bob } = await bobWithPush(u.bob);
    await bob.client.disconnect();
    const carol = track(await zegoUser(lab, u.carol));
    const alice = track(await zegoUser(lab, u.alice));
    const result = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }, { userID: u.carol }], type: 'voice', notificationConfig: { resourceID: 'no_such_resource' } });
    expect(result.successUsers).toEqual([{ userID: u.carol }]);
    expect(result.errorUsers).toEqual([{ userID: u.bob, reason: expect.stringMatching(/resourceID "no_such_resource" is not configured in the ZEGO console \(known: pushlab_call, pushlab_call_cn/) }]);
    await until(() => carol.invitations.length === 1, 'carol\'s invitation');
    expect(recordsOf(lab, 'zego', { userID: u.bob, kind: 'push-failed' })).toHaveLength(1);
  });

  it('records a gateway refusal of an uninstalled app\'s token with its kind, not only in words', async () => {
    const u = ids();
    const { heard: bob, device } = await bobWithPush(u.bob);
    await bob.client.disconnect();
    lab.gateways.states.xiaomi!.unregisterToken(device.token);
    const alice = track(await zegoUser(lab, u.alice));
    await alice.client.sendInvitation({ invitees: [{ userID: u.bob }], ...call });
    await until(() => recordsOf(lab, 'zego', { userID: u.bob, kind: 'push-failed' }).length === 1, 'the push-failed record');
    expect(recordsOf(lab, 'zego', { userID: u.bob, kind: 'push-failed' })[0]).toMatchObject({ vendor: 'xiaomi', errorKind: 'token-invalid', tokenInvalid: true });
  });

  it('lists unknown users, self-invitations and duplicates clearly', async () => {
    const u = ids();
    const alice = track(await zegoUser(lab, u.alice));
    const result = await alice.client.sendInvitation({ invitees: [{ userID: 'nobody-ever' }], type: 'voice' });
    expect(result.errorUsers).toEqual([{ userID: 'nobody-ever', reason: 'unknown user: nobody-ever never logged in to app 1234567890' }]);
    await expect(alice.client.sendInvitation({ invitees: [{ userID: u.alice }], type: 'voice' })).rejects.toMatchObject({ code: 6000001, field: 'invitees[0].userID', message: expect.stringMatching(/one cannot invite oneself/) });
    await expect(alice.client.sendInvitation({ invitees: [{ userID: 'x' }, { userID: 'x' }], type: 'voice' })).rejects.toMatchObject({ field: 'invitees[1].userID', detail: expect.stringMatching(/invitees\[1\]\.userID x is listed twice/) });
  });

  it('refuses a wrong AppSign with 1001005 and a wrong AppID with 6000003, and never records the sign', async () => {
    const wrong = createAppClient({ provider: 'zego', cloudUrl: lab.clouds.urls.zego, appID: ZEGO_APP.appID, appSign: 'f'.repeat(64), userID: 'mallory' });
    const error = await wrong.connect().catch((e: unknown) => e as CloudError);
    expect(error).toBeInstanceOf(CloudError);
    expect(error).toMatchObject({ provider: 'zego', code: 1001005, field: 'appSign' });
    expect(wrong.connected).toBe(false);
    await expect(createAppClient({ provider: 'zego', cloudUrl: lab.clouds.urls.zego, appID: '42', appSign: ZEGO_APP.appSign, userID: 'mallory' }).connect()).rejects.toMatchObject({ code: 6000003, field: 'appID' });
    const failed = recordsOf(lab, 'zego', { userID: 'mallory', kind: 'login-failed' });
    expect(failed.map((r) => r.reason)).toEqual([expect.stringMatching(/AppSign does not match/), expect.stringMatching(/AppID 42/)]);
    const all = JSON.stringify(await (await fetch(`${lab.clouds.urls.zego}/__pushlab/records`)).json());
    expect(all).not.toContain(ZEGO_APP.appSign);
    expect(all).not.toContain('f'.repeat(64));
  });

  it('stops pushing after unbindPush (logout)', async () => {
    const u = ids();
    const { heard: bob, device } = await bobWithPush(u.bob);
    await bob.client.unbindPush();
    await bob.client.disconnect();
    const alice = track(await zegoUser(lab, u.alice));
    const result = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }], ...call });
    expect(result.errorUsers[0]!.reason).toMatch(/the device is offline and it has no push registration/);
    await settle();
    expect(device.pushes).toHaveLength(0);
    expect(recordsOf(lab, 'zego', { userID: u.bob }).map((r) => r.kind)).toEqual(expect.arrayContaining(['push-bound', 'push-unbound', 'connection-lost', 'push-suppressed']));
  });

  it('records explain every decision, queryable over HTTP by user and invitation, tokens shortened', async () => {
    const u = ids();
    const { heard: bob, device } = await bobWithPush(u.bob);
    await bob.client.disconnect();
    const alice = track(await zegoUser(lab, u.alice));
    const { invitationID } = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }], ...call });
    await device.next();
    const body = await (await fetch(`${lab.clouds.urls.zego}/__pushlab/records?userID=${u.bob}&invitationID=${invitationID}`)).json() as { records: { kind: string; reason: string; token?: string; seq: number }[] };
    expect(body.records.map((r) => r.kind)).toEqual(['push-sent']);
    expect(body.records[0]!.token).not.toBe(device.token);
    expect(JSON.stringify(body)).not.toContain(device.token);
    const since = body.records[0]!.seq;
    const later = await (await fetch(`${lab.clouds.urls.zego}/__pushlab/records?since=${since}`)).json() as { records: unknown[] };
    expect(later.records).toEqual([]);
    const bad = await fetch(`${lab.clouds.urls.zego}/__pushlab/records?since=soon&kind=party`);
    expect(bad.status).toBe(400);
    expect((await bad.json() as { error: string }).error).toMatch(/since must be a non-negative integer .*got "soon".*kind must be one of/);
  });
});

describe('ZEGO invitation lifecycle', () => {
  it('accept, then both join the room: call-connected; leaving ends it', async () => {
    const u = ids();
    const bob = track(await zegoUser(lab, u.bob));
    const alice = track(await zegoUser(lab, u.alice));
    const { invitationID, callID } = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }], type: 'video' });
    await until(() => bob.invitations.length === 1, 'the invitation');
    await bob.client.accept(invitationID);
    await until(() => alice.answered.length === 1, 'the answer');
    expect(alice.answered[0]).toEqual({ invitationID, userID: u.bob, answer: 'accepted' });
    await alice.client.joinRoom(callID);
    expect(recordsOf(lab, 'zego', { invitationID, kind: 'call-connected' })).toHaveLength(0);
    await bob.client.joinRoom(callID);
    expect(recordsOf(lab, 'zego', { invitationID, kind: 'call-connected' })).toMatchObject([{ userID: u.bob, callID }]);
    expect((await bob.client.invitation(invitationID)).state).toBe('connected');
    const inspected = await (await fetch(`${lab.clouds.urls.zego}/__pushlab/invitations/${invitationID}`)).json() as { invitation: { invitees: { userID: string; state: string }[] } };
    expect(inspected.invitation.invitees).toEqual([{ userID: u.bob, state: 'connected' }]);
    expect((await fetch(`${lab.clouds.urls.zego}/__pushlab/invitations/nope`)).status).toBe(404);
    await alice.client.leaveRoom(callID);
    expect(recordsOf(lab, 'zego', { invitationID, kind: 'call-ended' })).toHaveLength(1);
    expect((await alice.client.invitation(invitationID)).state).toBe('ended');
  });

  it('refuse tells the caller; cancel tells the callee; accepting a cancelled call is refused', async () => {
    const u = ids();
    const bob = track(await zegoUser(lab, u.bob));
    const alice = track(await zegoUser(lab, u.alice));
    const first = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }], type: 'voice' });
    await until(() => bob.invitations.length === 1, 'the first invitation');
    await bob.client.refuse(first.invitationID);
    await until(() => alice.answered.length === 1, 'the refusal');
    expect(alice.answered[0]).toMatchObject({ answer: 'refused', userID: u.bob });
    expect((await alice.client.invitation(first.invitationID)).state).toBe('refused');

    const second = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }], type: 'voice' });
    await alice.client.cancelInvitation(second.invitationID);
    await until(() => bob.ended.length === 1, 'the cancel');
    expect(bob.ended[0]).toEqual({ invitationID: second.invitationID, reason: 'cancelled' });
    expect(recordsOf(lab, 'zego', { invitationID: second.invitationID, kind: 'invitation-cancelled' })).toHaveLength(1);
    await expect(bob.client.accept(second.invitationID)).rejects.toMatchObject({ code: 6000001, message: expect.stringMatching(/it is cancelled/) });
  });

  it('times out as a missed call when the clock passes the timeout', async () => {
    const u = ids();
    const bob = track(await zegoUser(lab, u.bob));
    const alice = track(await zegoUser(lab, u.alice));
    const { invitationID } = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }], type: 'voice', timeout: 30 });
    lab.clock.advance(29_000);
    expect(recordsOf(lab, 'zego', { invitationID, kind: 'invitation-timeout' })).toHaveLength(0);
    const moved = await fetch(`${lab.clouds.urls.zego}/__pushlab/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: 1000 }) });
    expect(moved.status).toBe(200);
    expect(recordsOf(lab, 'zego', { invitationID, kind: 'invitation-timeout' })).toMatchObject([{ userID: u.bob, reason: expect.stringMatching(/nobody answered within 30 s/) }]);
    await until(() => bob.ended.length === 1 && alice.answered.length === 1, 'the timeout events');
    expect(bob.ended[0]).toEqual({ invitationID, reason: 'timeout' });
    expect(alice.answered[0]).toMatchObject({ answer: 'timeout' });
    expect((await bob.client.invitation(invitationID)).state).toBe('timeout');
  });

  it('answers busy for an invitee already in a call', async () => {
    const u = ids();
    const bob = track(await zegoUser(lab, u.bob));
    const alice = track(await zegoUser(lab, u.alice));
    const carol = track(await zegoUser(lab, u.carol));
    const first = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }], type: 'voice' });
    await bob.client.accept(first.invitationID);
    const second = await carol.client.sendInvitation({ invitees: [{ userID: u.bob }], type: 'voice' });
    expect(second.errorUsers).toEqual([{ userID: u.bob, reason: `busy: already in call ${first.callID}` }]);
    await until(() => carol.answered.length === 1, 'the busy answer');
    expect(carol.answered[0]).toMatchObject({ answer: 'busy', userID: u.bob });
    expect(recordsOf(lab, 'zego', { invitationID: second.invitationID, kind: 'invitation-busy' })).toHaveLength(1);
    expect(bob.invitations.map((i) => i.invitationID)).toEqual([first.invitationID]);
  });

  it('rings an invitee who logs in before the timeout; a second device hears it was answered elsewhere', async () => {
    const u = ids();
    const bob = track(await zegoUser(lab, u.bob, { deviceId: 'bob-a' }));
    await bob.client.disconnect();
    const alice = track(await zegoUser(lab, u.alice));
    const result = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }], type: 'voice' });
    expect(result.errorUsers).toHaveLength(1);
    const phoneA = bob;
    await phoneA.client.connect();
    const phoneB = track(await zegoUser(lab, u.bob, { deviceId: 'bob-b' }));
    await until(() => phoneA.invitations.length === 1 && phoneB.invitations.length === 1, 'the invitation on both devices');
    await phoneA.client.accept(result.invitationID);
    await until(() => phoneB.ended.length === 1, 'answered-elsewhere');
    expect(phoneB.ended[0]).toEqual({ invitationID: result.invitationID, reason: 'answered-elsewhere' });
  });
});

describe('ZEGO cloud against bad input', () => {
  async function raw(path = '/zego/ws') {
    const { default: WebSocket } = await import('ws');
    const ws = new WebSocket(`${lab.clouds.urls.zego.replace('http', 'ws')}${path}`);
    const replies: Record<string, unknown>[] = [];
    ws.on('message', (d) => replies.push(JSON.parse(String(d))));
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    const send = async (frame: string | Buffer) => {
      const before = replies.length;
      ws.send(frame);
      await until(() => replies.length > before, 'a reply');
      return replies[replies.length - 1] as { id: unknown; ok: boolean; error?: { code: number; message: string; field?: string } };
    };
    return { ws, send };
  }

  it('answers malformed frames with errors naming the field, and keeps serving', async () => {
    const { ws, send } = await raw();
    expect(await send('{not json')).toMatchObject({ id: null, ok: false, error: { code: 6000001, message: expect.stringMatching(/^frame is not JSON/) } });
    expect(await send('[1,2]')).toMatchObject({ ok: false, error: { message: expect.stringMatching(/must be a JSON object.*got an array of 2/) } });
    expect(await send('{"op":"login"}')).toMatchObject({ ok: false, error: { field: 'id' } });
    expect(await send('{"id":1,"op":"dance"}')).toMatchObject({ id: 1, ok: false, error: { field: 'op', message: expect.stringMatching(/unknown op "dance"; expected one of .*login.*sendInvitation/) } });
    expect(await send('{"id":2,"op":"sendInvitation","invitees":[{"userID":"x"}],"type":"video"}')).toMatchObject({ id: 2, error: { code: 6000002, message: expect.stringMatching(/log in before "sendInvitation"/) } });
    const login = await send(JSON.stringify({ id: 3, op: 'login', appID: 1234567890, appSign: 12345, userID: 'raw-user' }));
    expect(login.error).toMatchObject({ field: 'appSign', message: 'login: field appSign must be string (got a value not shown)' });
    expect(await send(JSON.stringify({ id: 4, op: 'login', ...ZEGO_APP, userID: 'raw-user' }))).toMatchObject({ id: 4, ok: true });
    expect(await send(JSON.stringify({ id: 5, op: 'sendInvitation', type: 'audio' }))).toMatchObject({
      error: { field: 'invitees', message: 'sendInvitation: field invitees is required; field type must be one of "voice"|"video" (got "audio")' },
    });
    expect(await send(JSON.stringify({ id: 6, op: 'sendInvitation', type: 'voice', invitees: [{ userID: 42 }], timeout: 'soon' }))).toMatchObject({
      error: { field: 'invitees[0].userID', message: expect.stringMatching(/field invitees\[0\]\.userID must be string \(got 42\); field timeout must be integer \(got "soon"\)/) },
    });
    expect(await send(Buffer.from([1, 2, 3]))).toMatchObject({ error: { message: expect.stringMatching(/binary frame/) } });
    expect(await send(JSON.stringify({ id: 7, op: 'accept', invitationID: 'nope' }))).toMatchObject({ id: 7, error: { field: 'invitationID', message: expect.stringMatching(/no invitation nope/) } });
    expect(await send(JSON.stringify({ id: 8, op: 'appState', state: 'foreground' }))).toMatchObject({ id: 8, ok: true });
    ws.close();
  });

  it('refuses a WebSocket on another path and unknown HTTP routes with a hint', async () => {
    await expect(raw('/elsewhere')).rejects.toThrow(/404/);
    const res = await fetch(`${lab.clouds.urls.zego}/v1/anything`);
    expect(res.status).toBe(404);
    expect((await res.json() as { error: string }).error).toMatch(/long connection at \/zego\/ws/);
    expect(await (await fetch(`${lab.clouds.urls.zego}/__pushlab/health`)).json()).toEqual({ provider: 'zego', ok: true, longConnection: '/zego/ws' });
    const clock = await fetch(`${lab.clouds.urls.zego}/__pushlab/clock`, { method: 'POST', body: '{"advanceMs":-5}' });
    expect((await clock.json() as { error: string }).error).toBe('field advanceMs must be a non-negative number of ms (got -5)');
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { invitationPushKeys } from '../../../src/cloud/app-client.js';
import { parseEasemobConsole, type EasemobConsole } from '../../../src/cloud/easemob/console.js';
import { CloudError, createAppClient } from '../../../src/cloud/index.js';
import { EASEMOB_APP_KEY, easemobUser, phone, recordsOf, settle, startLab, until, type Heard, type Lab } from './lab.js';

const fixture = JSON.parse(readFileSync(new URL('../../../fixtures/cloud/easemob.json', import.meta.url), 'utf8')) as EasemobConsole;

const open: { close(): void }[] = [];
const devices: { close(): Promise<void> }[] = [];
const track = <T extends Heard>(h: T): T => { open.push(h.client); return h; };
afterEach(async () => {
  for (const c of open.splice(0)) c.close();
  await Promise.all(devices.splice(0).map((d) => d.close()));
});

let n = 0;
const ids = () => { n += 1; return { alice: `alice${n}`, bob: `bob${n}`, carol: `carol${n}` }; };

/** A user logged in on one device with a Xiaomi token bound under `certificateName`. */
async function withXiaomi(lab: Lab, userID: string, deviceId: string, certificateName: string | null = 'pushlab-mi') {
  const device = await phone(lab);
  devices.push(device);
  const heard = track(await easemobUser(lab, userID, { deviceId }));
  await heard.client.registerPush({ vendor: 'xiaomi', token: device.token, deviceId, certificateName: certificateName ?? undefined });
  return { heard, device };
}

const invite = { type: 'video', notificationConfig: { title: 'Alice', message: 'Incoming video call' } } as const;

describe('Easemob cloud, policy all-offline (the fixture)', () => {
  let lab: Lab;
  beforeAll(async () => { lab = await startLab({ vendors: ['xiaomi'] }); });
  afterAll(async () => { await lab.close(); });

  it('delivers to a connected device even while the app is in the background, with no push', async () => {
    const u = ids();
    const { heard: bob, device } = await withXiaomi(lab, u.bob, `${u.bob}-mi`);
    await bob.client.reportAppState('background');
    const alice = track(await easemobUser(lab, u.alice));
    const result = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }], ...invite });
    expect(result.successUsers).toEqual([{ userID: u.bob }]);
    await until(() => bob.invitations.length === 1, 'the invite message');
    expect(bob.invitations[0]).toMatchObject({ invitationID: result.invitationID, callID: result.callID, inviter: { userID: u.alice }, title: 'Alice', message: 'Incoming video call' });
    await settle();
    expect(device.pushes).toHaveLength(0);
    const [delivery] = recordsOf(lab, 'easemob', { userID: u.bob, kind: 'online-delivery' });
    expect(delivery!.reason).toMatch(/background but its connection is up.*no push is sent/);
  });

  it('pushes an offline device through its certificate, with the push title and content from em_apns_ext', async () => {
    const u = ids();
    const { heard: bob, device } = await withXiaomi(lab, u.bob, `${u.bob}-mi`);
    await bob.client.disconnect();
    const alice = track(await easemobUser(lab, u.alice));
    const result = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }], ...invite, timeout: 40 });
    expect(result.successUsers).toEqual([{ userID: u.bob }]);
    const push = await device.next();
    expect(push).toMatchObject({
      vendor: 'xiaomi', title: 'Alice', body: 'Incoming video call', channelId: 'pushlab_call', messageClass: 'private',
      data: { f: u.alice, t: u.bob, [invitationPushKeys.invitationID]: result.invitationID, [invitationPushKeys.callID]: result.callID },
    });
    expect(recordsOf(lab, 'easemob', { userID: u.bob, kind: 'push-sent' })).toMatchObject([{ certificateName: 'pushlab-mi', messageId: push.messageId, vendor: 'xiaomi' }]);
  });

  it('a certificate name missing from the console binds nothing usable: push-suppressed, naming it', async () => {
    const u = ids();
    const { heard: bob, device } = await withXiaomi(lab, u.bob, `${u.bob}-mi`, 'pushlab-mi-typo');
    expect(recordsOf(lab, 'easemob', { userID: u.bob, kind: 'push-bound' })[0]!.reason).toMatch(/certificate name "pushlab-mi-typo" not found in console/);
    await bob.client.disconnect();
    const alice = track(await easemobUser(lab, u.alice));
    const result = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }], ...invite });
    expect(result.errorUsers[0]!.reason).toMatch(/certificate name "pushlab-mi-typo" not found in console/);
    await settle();
    expect(device.pushes).toHaveLength(0);
    expect(recordsOf(lab, 'easemob', { userID: u.bob, kind: 'push-suppressed' })).toMatchObject([{ certificateName: 'pushlab-mi-typo' }]);
  });

  it('a certificate of another vendor, or none at all, pushes nothing either', async () => {
    const u = ids();
    const { heard: bob } = await withXiaomi(lab, u.bob, `${u.bob}-mi`, 'pushlab-hms');
    await bob.client.disconnect();
    const { heard: carol } = await withXiaomi(lab, u.carol, `${u.carol}-mi`, null);
    await carol.client.disconnect();
    const alice = track(await easemobUser(lab, u.alice));
    const result = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }, { userID: u.carol }], ...invite });
    expect(result.errorUsers.map((e) => e.reason)).toEqual([
      expect.stringMatching(/certificate "pushlab-hms" is a huawei certificate but the device's token is xiaomi/),
      expect.stringMatching(/the build names no certificate for xiaomi/),
    ]);
  });

  it('unbindPushToken() stops pushes to that device', async () => {
    const u = ids();
    const { heard: bob, device } = await withXiaomi(lab, u.bob, `${u.bob}-mi`);
    await bob.client.unbindPush();
    await bob.client.disconnect();
    const alice = track(await easemobUser(lab, u.alice));
    const result = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }], ...invite });
    expect(result.errorUsers[0]!.reason).toMatch(/no push token bound \(unbindPushToken\(\) was called/);
    await settle();
    expect(device.pushes).toHaveLength(0);
  });

  it('all-offline: no push while another device of the user is online; a push once all are offline', async () => {
    const u = ids();
    const { heard: bobMi, device } = await withXiaomi(lab, u.bob, `${u.bob}-mi`);
    await bobMi.client.disconnect();
    const bobPad = track(await easemobUser(lab, u.bob, { deviceId: `${u.bob}-pad` }));
    const alice = track(await easemobUser(lab, u.alice));
    const first = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }], ...invite });
    expect(first.successUsers).toEqual([{ userID: u.bob }]);
    await until(() => bobPad.invitations.length === 1, 'the invite on the online pad');
    await settle();
    expect(device.pushes).toHaveLength(0);
    expect(recordsOf(lab, 'easemob', { invitationID: first.invitationID, kind: 'push-suppressed' })[0]!.reason).toMatch(/multi-device policy all-offline: .* 1 device\(s\) online/);
    await alice.client.cancelInvitation(first.invitationID);

    await bobPad.client.disconnect();
    const second = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }], ...invite });
    expect((await device.next()).data[invitationPushKeys.invitationID]).toBe(second.invitationID);
  });

  it('refuses a wrong password, an unknown user (authorized registration) and a wrong appKey with the SDK\'s codes', async () => {
    const login = (appID: string, userID: string, password: string) => createAppClient({ provider: 'easemob', cloudUrl: lab.clouds.urls.easemob, appID, userID, password }).connect();
    await expect(login(EASEMOB_APP_KEY, 'alice', 'wrong')).rejects.toMatchObject({ code: 1, field: 'password', message: expect.stringMatching(/WEBIM_CONNCTION_OPEN_ERROR: invalid password/) });
    await expect(login('other#app', 'alice', 'alice')).rejects.toMatchObject({ code: 27, field: 'appKey' });
    const error = await login(EASEMOB_APP_KEY, 'alice', 'wrong').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudError);
    const records = JSON.stringify(lab.clouds.records('easemob').list({ kind: 'login-failed' }));
    expect(records).not.toContain('"wrong"');
    expect(records).toContain('invalid password');
  });

  it('syncs a message that arrived while offline at the next login: a still-ringing call rings', async () => {
    const u = ids();
    const bob = track(await easemobUser(lab, u.bob, { deviceId: `${u.bob}-pad` }));
    await bob.client.disconnect();
    const alice = track(await easemobUser(lab, u.alice));
    const result = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }], ...invite });
    expect(result.errorUsers[0]!.reason).toMatch(/no push token bound/);
    await bob.client.connect();
    await until(() => bob.invitations.length === 1, 'the synced invite');
    await bob.client.accept(result.invitationID);
    await until(() => alice.answered.length === 1, 'the accept');
    expect(alice.answered[0]).toEqual({ invitationID: result.invitationID, userID: u.bob, answer: 'accepted' });
  });
});

describe('Easemob cloud, policy any-offline', () => {
  let lab: Lab;
  beforeAll(async () => { lab = await startLab({ vendors: ['xiaomi'], easemob: parseEasemobConsole({ ...fixture, multiDevicePolicy: 'any-offline', registration: 'authorized' }) }); });
  afterAll(async () => { await lab.close(); });

  it('pushes to each offline device even while another device is online', async () => {
    const bobMi = await withXiaomi(lab, 'bob', 'bob-mi');
    await bobMi.heard.client.disconnect();
    const bobPad = track(await easemobUser(lab, 'bob', { deviceId: 'bob-pad' }));
    const alice = track(await easemobUser(lab, 'alice'));
    const result = await alice.client.sendInvitation({ invitees: [{ userID: 'bob' }], ...invite });
    expect((await bobMi.device.next()).data[invitationPushKeys.invitationID]).toBe(result.invitationID);
    await until(() => bobPad.invitations.length === 1, 'the invite on the online pad');
    expect(recordsOf(lab, 'easemob', { invitationID: result.invitationID }).map((r) => `${r.kind}:${r.deviceId}`)).toEqual(expect.arrayContaining(['online-delivery:bob-pad', 'push-sent:bob-mi']));
  });

  it('with authorized registration an unknown user cannot log in', async () => {
    const client = createAppClient({ provider: 'easemob', cloudUrl: lab.clouds.urls.easemob, appID: EASEMOB_APP_KEY, userID: 'stranger', password: 'x' });
    await expect(client.connect()).rejects.toMatchObject({ code: 1, field: 'username', message: expect.stringMatching(/user not found/) });
  });
});

describe('Easemob calls on custom messages', () => {
  let lab: Lab;
  beforeAll(async () => { lab = await startLab({ vendors: ['xiaomi'] }); });
  afterAll(async () => { await lab.close(); });

  it('accept and room join connect the call; the callee\'s other device hears it was answered elsewhere', async () => {
    const u = ids();
    const bobA = track(await easemobUser(lab, u.bob, { deviceId: 'a' }));
    const bobB = track(await easemobUser(lab, u.bob, { deviceId: 'b' }));
    const alice = track(await easemobUser(lab, u.alice));
    const { invitationID, callID } = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }], type: 'voice' });
    await until(() => bobA.invitations.length === 1 && bobB.invitations.length === 1, 'both devices ringing');
    await bobA.client.accept(invitationID);
    await until(() => alice.answered.length === 1 && bobB.ended.length === 1, 'the accept');
    expect(bobB.ended[0]).toEqual({ invitationID, reason: 'answered-elsewhere' });
    await alice.client.joinRoom(callID);
    await bobA.client.joinRoom(callID);
    expect(recordsOf(lab, 'easemob', { invitationID, kind: 'call-connected' })).toMatchObject([{ userID: u.bob, callID }]);
  });

  it('refuse, cancel, timeout and busy', async () => {
    const u = ids();
    const bob = track(await easemobUser(lab, u.bob));
    const alice = track(await easemobUser(lab, u.alice));
    const carol = track(await easemobUser(lab, u.carol));

    const refused = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }], type: 'voice' });
    await until(() => bob.invitations.length === 1, 'invite 1');
    await bob.client.refuse(refused.invitationID);
    await until(() => alice.answered.length === 1, 'the refusal');
    expect(alice.answered[0]).toMatchObject({ answer: 'refused' });

    const cancelled = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }], type: 'voice' });
    await until(() => bob.invitations.length === 2, 'invite 2');
    await alice.client.cancelInvitation(cancelled.invitationID);
    await until(() => bob.ended.length === 1, 'the cancel');
    expect(bob.ended[0]).toEqual({ invitationID: cancelled.invitationID, reason: 'cancelled' });
    expect((await bob.client.invitation(cancelled.invitationID)).state).toBe('cancelled');

    const missed = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }], type: 'voice', timeout: 20 });
    await until(() => bob.invitations.length === 3, 'invite 3');
    lab.clock.advance(20_000);
    await until(() => bob.ended.length === 2 && alice.answered.length === 2, 'the timeout');
    expect(bob.ended[1]).toEqual({ invitationID: missed.invitationID, reason: 'timeout' });
    expect(alice.answered[1]).toEqual({ invitationID: missed.invitationID, userID: u.bob, answer: 'timeout' });
    expect(recordsOf(lab, 'easemob', { invitationID: missed.invitationID, kind: 'invitation-timeout' })).toHaveLength(1);

    const call = await alice.client.sendInvitation({ invitees: [{ userID: u.bob }], type: 'voice' });
    await until(() => bob.invitations.length === 4, 'invite 4');
    await bob.client.accept(call.invitationID);
    const busy = await carol.client.sendInvitation({ invitees: [{ userID: u.bob }], type: 'voice' });
    expect(busy.errorUsers).toEqual([{ userID: u.bob, reason: `busy: already in call ${call.callID}` }]);
    await until(() => carol.answered.length === 1, 'the busy answer');
    expect(carol.answered[0]).toMatchObject({ answer: 'busy', userID: u.bob });
    expect(bob.invitations).toHaveLength(4);
  });

  it('answers malformed messages with errors naming the field', async () => {
    const u = ids();
    const alice = track(await easemobUser(lab, u.alice));
    const request = (alice.client as unknown as { connection: { request(op: string, p: object): Promise<unknown> } }).connection;
    await expect(request.request('sendMessage', { to: 'bob', type: 'custom' })).rejects.toMatchObject({ code: -3, field: 'customEvent', detail: 'sendMessage: field customEvent is required' });
    await expect(request.request('sendMessage', { to: 'bob', type: 'custom', customEvent: 'pushlab_call_invite', customExts: { callID: 'c', type: 'voice', timeout: '30' } }))
      .rejects.toMatchObject({ code: -3, field: 'customExts.invitationID', message: expect.stringMatching(/customExts\.invitationID is required/) });
    await expect(request.request('sendMessage', { to: 'bob', type: 'custom', customEvent: 'pushlab_call_invite', customExts: { invitationID: 'i', callID: 'c', type: 'voice', timeout: 'ten' } }))
      .rejects.toMatchObject({ field: 'customExts.timeout', message: expect.stringMatching(/whole seconds 1\.\.600 \(got "ten"\)/) });
    await expect(request.request('sendMessage', { to: 42, type: 'txt' })).rejects.toMatchObject({ field: 'msg', detail: 'sendMessage: field msg is required; field to must be string (got 42)' });
    await expect(request.request('registerPush', { vendor: 'nokia', token: 't', deviceId: 'd' })).rejects.toMatchObject({ field: 'vendor', message: expect.stringMatching(/field vendor must be one of "apns"\|.*\(got "nokia"\)/) });
    // Still serving: a plain text message goes through.
    await expect(request.request('sendMessage', { to: 'alice', type: 'txt', msg: 'hi' })).resolves.toMatchObject({ reached: false });
  });
});

import { describe, expect, it } from '@jest/globals';
import type { InvitationAnswer, SendInvitationResult } from '../../../src/cloud/app-client.js';
import { loadBuild } from '../../../src/device/build.js';
import { SimPhone } from '../../../src/device/phone.js';
import { pageSource, screenOf } from '../../../src/device/ui.js';
import { fakeClients, type FakeAppClient } from './fake-app-client.js';

const APP = 'com.pushlab.demo';

/** A phone with the demo build in front, logged in as alice; its SDK client is the fake's last one. */
async function caller(profile: 'pixel' | 'iphone' = 'pixel', build = 'fixtures/builds/zego-demo.json') {
  const clients = fakeClients();
  const phone = new SimPhone({ profile, createAppClient: clients.create, endpoints: { clouds: { zego: 'http://127.0.0.1:9', easemob: 'http://127.0.0.1:9' } } });
  phone.install(loadBuild(build));
  phone.launch(APP);
  await phone.app(APP)!.login('alice');
  await phone.idle();
  return { phone, app: phone.app(APP)!, client: (): FakeAppClient => clients.last() };
}

const node = (phone: SimPhone, id: string) => screenOf(phone).nodes.find((p) => p.node.id === id)?.node;
const text = (phone: SimPhone, id: string) => node(phone, id)?.text;
const ids = (phone: SimPhone) => screenOf(phone).nodes.map((p) => p.node.id).filter(Boolean);

async function tap(phone: SimPhone, id: string): Promise<void> {
  const target = node(phone, id);
  if (!target?.onTap) throw new Error(`no tappable ${id} on screen: ${ids(phone).join(', ')}`);
  await target.onTap();
  await phone.idle();
}

/** Types the callee into "User ID to call" and taps the voice or video button. */
async function call(phone: SimPhone, callee: string, button: 'invite_voice' | 'invite_video' = 'invite_video'): Promise<void> {
  node(phone, 'invite_user_id')!.onInput!(callee);
  await tap(phone, button);
}

describe('the home page\'s call buttons', () => {
  it('offer a "User ID to call" field and voice/video buttons, with stable ids on both platforms', async () => {
    const { phone } = await caller();
    const xml = pageSource(screenOf(phone));
    expect(xml).toMatch(/<android\.widget\.EditText [^>]*text="User ID to call" hint="User ID to call" resource-id="com\.pushlab\.demo:id\/invite_user_id"/);
    expect(xml).toMatch(/<android\.widget\.Button [^>]*text="Voice call" resource-id="com\.pushlab\.demo:id\/invite_voice"/);
    expect(xml).toMatch(/<android\.widget\.Button [^>]*text="Video call" resource-id="com\.pushlab\.demo:id\/invite_video"/);
    phone.close();
    const ios = await caller('iphone');
    const iosXml = pageSource(screenOf(ios.phone));
    expect(iosXml).toMatch(/<XCUIElementTypeTextField type="XCUIElementTypeTextField" value="User ID to call" name="invite_user_id"/);
    expect(iosXml).toMatch(/<XCUIElementTypeButton type="XCUIElementTypeButton" name="invite_video" label="Video call"/);
    ios.phone.close();
  });

  it('refuse to call nobody, saying what to type', async () => {
    const { phone, client } = await caller();
    await tap(phone, 'invite_video');
    expect(text(phone, 'home_error')).toBe('Enter a user ID to call');
    expect(client().sent).toEqual([]);
    phone.close();
  });

  it('send the invitation with the build\'s console resource, open the calling page and log the invitation id', async () => {
    const { phone, client } = await caller();
    phone.log.readNew();
    await call(phone, ' bob ', 'invite_voice');
    expect(client().sent).toEqual([{
      invitees: [{ userID: 'bob' }], type: 'voice',
      notificationConfig: { title: 'Incoming voice call from alice', message: 'alice is calling', resourceID: 'pushlab_call' },
    }]);
    expect(text(phone, 'outgoing_callee')).toBe('bob');
    expect(text(phone, 'outgoing_status')).toBe('Calling…');
    expect(node(phone, 'outgoing_cancel')).toBeDefined();
    expect(node(phone, 'outgoing_dismiss')).toBeUndefined();
    const lines = phone.log.readNew().map((e) => e.message);
    expect(lines.some((l) => l.includes('invite button tapped type=voice to=bob'))).toBe(true);
    expect(lines.some((l) => l.includes('invitation sent invitationID=inv-1 callID=call-1 to=bob type=voice'))).toBe(true);
    phone.close();
  });

  it('an Easemob build sends the same invitation through its client, with no ZEGO resource', async () => {
    const { phone, client } = await caller('pixel', 'fixtures/builds/easemob-demo.json');
    await call(phone, 'bob');
    expect(client().provider).toBe('easemob');
    expect(client().sent[0]!.notificationConfig).toEqual({ title: 'Incoming video call from alice', message: 'alice is calling' });
    expect(text(phone, 'outgoing_status')).toBe('Calling…');
    phone.close();
  });
});

describe('the calling page follows the invitee\'s answer', () => {
  it('accepted: joins the room and shows the in-call page with the callee as peer, connected once both are in', async () => {
    const { phone, client } = await caller();
    await call(phone, 'bob');
    client().invitations.set('inv-1', { ...client().invitations.get('inv-1')!, state: 'connected' });
    client().answer('inv-1', 'bob', 'accepted');
    await phone.idle();
    expect(client().calls).toContain('join:call-1');
    expect(text(phone, 'call_peer')).toBe('bob');
    expect(text(phone, 'call_status')).toBe('Connected');
    expect(node(phone, 'call_connected')).toBeDefined();
    expect(phone.log.all().some((e) => e.message.includes('call connected invitationID=inv-1 callID=call-1'))).toBe(true);
    await tap(phone, 'call_hangup');
    expect(client().calls).toContain('leave:call-1');
    expect(node(phone, 'invite_video')).toBeDefined();
    phone.close();
  });

  const endings: [Exclude<InvitationAnswer, 'accepted'>, string][] = [['refused', 'Declined'], ['timeout', 'No answer'], ['busy', 'Busy']];
  it.each(endings)('%s: shows "%s", and OK goes home', async (answer, shown) => {
    const { phone, client } = await caller();
    await call(phone, 'bob');
    client().answer('inv-1', 'bob', answer);
    await phone.idle();
    expect(text(phone, 'outgoing_status')).toBe(shown);
    expect(node(phone, 'outgoing_cancel')).toBeUndefined();
    expect(client().calls).not.toContain('join:call-1');
    await tap(phone, 'outgoing_dismiss');
    expect(phone.app(APP)!.page.name).toBe('home');
    phone.close();
  });

  it('ignores answers to other invitations and from other users', async () => {
    const { phone, client } = await caller();
    await call(phone, 'bob');
    client().answer('inv-other', 'bob', 'refused');
    client().answer('inv-1', 'carol', 'refused');
    await phone.idle();
    expect(text(phone, 'outgoing_status')).toBe('Calling…');
    phone.close();
  });

  it('busy answered during the send (ZEGO tells the caller before sendInvitation returns) still shows Busy', async () => {
    const { phone, client } = await caller();
    client().sendReply = async (config) => {
      client().answer('inv-busy', 'bob', 'busy');
      return { invitationID: 'inv-busy', callID: 'call-busy', successUsers: [], errorUsers: [{ userID: config.invitees[0]!.userID, reason: 'busy: already in call c9' }] };
    };
    await call(phone, 'bob');
    expect(text(phone, 'outgoing_status')).toBe('Busy');
    phone.close();
  });

  it('an invitee not reached yet keeps ringing, with the cloud\'s reason as a note', async () => {
    const { phone, client } = await caller();
    client().sendReply = async () => ({ invitationID: 'inv-9', callID: 'call-9', successUsers: [], errorUsers: [{ userID: 'bob', reason: 'bob has no device online' }] });
    await call(phone, 'bob');
    expect(text(phone, 'outgoing_status')).toBe('Calling…');
    expect(text(phone, 'outgoing_note')).toBe('Not reached yet: bob has no device online');
    phone.close();
  });

  it('a failed send shows "Call failed" with the cloud\'s message', async () => {
    const { phone, client } = await caller();
    client().sendReply = async () => { throw new Error('sendInvitation: invitees[0].userID is the caller'); };
    await call(phone, 'alice');
    expect(text(phone, 'outgoing_status')).toBe('Call failed');
    expect(text(phone, 'outgoing_note')).toBe('sendInvitation: invitees[0].userID is the caller');
    await tap(phone, 'outgoing_dismiss');
    expect(phone.app(APP)!.page.name).toBe('home');
    phone.close();
  });
});

describe('cancelling from the calling page', () => {
  it('withdraws the invitation and goes home', async () => {
    const { phone, client } = await caller();
    await call(phone, 'bob');
    await tap(phone, 'outgoing_cancel');
    expect(client().calls).toContain('cancel:inv-1');
    expect(phone.app(APP)!.page.name).toBe('home');
    client().answer('inv-1', 'bob', 'accepted');
    await phone.idle();
    expect(client().calls).not.toContain('join:call-1');
    phone.close();
  });

  it('while the invitation is still being sent: withdraws it once its id comes back', async () => {
    const { phone, client } = await caller();
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    client().sendReply = async (): Promise<SendInvitationResult> => { await gate; return { invitationID: 'inv-late', callID: 'call-late', successUsers: [{ userID: 'bob' }], errorUsers: [] }; };
    node(phone, 'invite_user_id')!.onInput!('bob');
    void node(phone, 'invite_video')!.onTap!();
    expect(text(phone, 'outgoing_status')).toBe('Calling…');
    await tap(phone, 'outgoing_cancel');
    expect(phone.app(APP)!.page.name).toBe('home');
    release();
    await phone.idle();
    expect(client().calls).toContain('cancel:inv-late');
    expect(phone.app(APP)!.page.name).toBe('home');
    phone.close();
  });
});

describe('the in-call page on the callee\'s phone', () => {
  it('shows the inviter as peer', async () => {
    const { phone, app, client } = await caller();
    client().invitations.set('in-1', { invitationID: 'in-1', callID: 'c-1', inviter: { userID: 'carol', userName: 'Carol' }, type: 'video', timeoutSeconds: 60, state: 'pending' });
    client().ring(client().invitations.get('in-1')!);
    expect(text(phone, 'incoming_caller')).toBe('Carol');
    await app.acceptCall();
    await phone.idle();
    expect(text(phone, 'call_peer')).toBe('Carol');
    phone.close();
  });
});

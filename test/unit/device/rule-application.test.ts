import { describe, expect, it } from '@jest/globals';
import { invitationPushKeys } from '../../../src/cloud/app-client.js';
import { loadBuild } from '../../../src/device/build.js';
import { SimPhone } from '../../../src/device/phone.js';
import { profileIds, deviceProfiles, type ProfileId } from '../../../src/device/profiles.js';
import { ruleFor } from '../../../src/device/rules.js';
import { appStates, ruleMessages, type AppState, type RuleMessage } from '../../../src/vendors/common/delivery-rules.js';
import type { DeliveredPush } from '../../../src/vendors/common/push.js';
import { fakeClients } from './fake-app-client.js';

const build = loadBuild('fixtures/builds/zego-demo.json');
const APP = 'com.pushlab.demo';

async function phoneIn(profile: ProfileId, state: AppState) {
  const clients = fakeClients();
  const phone = new SimPhone({ profile, createAppClient: clients.create, endpoints: { clouds: { zego: 'http://127.0.0.1:9' } } });
  phone.install(build);
  phone.launch(APP);
  await phone.app(APP)!.login('bob');
  await phone.idle();
  switch (state) {
    case 'foreground': break;
    case 'background': phone.home(); break;
    case 'frozen': phone.home(); phone.setInactive(APP, true); break;
    case 'swiped': phone.swipeAway(APP); break;
    case 'killed': phone.home(); expect(phone.kill(APP)).toBe(true); break;
    case 'force-stopped': phone.forceStop(APP); break;
    case 'offline': phone.home(); phone.setNetwork({ wifi: false, data: false }); break;
    case 'doze': phone.lock(); phone.setDoze(true); break;
    case 'notifications-off': phone.home(); phone.setNotificationsAllowed(APP, false); break;
    case 'uninstalled': await phone.uninstall(APP); break;
  }
  await phone.idle();
  return { phone, clients };
}

let seq = 0;
const pushOf = (kind: RuleMessage): DeliveredPush => ({
  vendor: 'xiaomi', messageId: `m${++seq}`, token: 't', kind, title: 'Incoming video call', body: 'alice is calling',
  data: { [invitationPushKeys.invitationID]: `inv${seq}`, [invitationPushKeys.callID]: `call${seq}`, [invitationPushKeys.type]: 'video', [invitationPushKeys.inviter]: JSON.stringify({ userID: 'alice' }) },
  acceptedAt: Date.now(), raw: {},
});

const cases = profileIds.flatMap((profile) => appStates.flatMap((state) => ruleMessages
  .filter((message) => ruleFor(deviceProfiles[profile].vendor, state, message))
  .map((message) => [profile, state, message] as const)));

describe('a simulated phone applies its vendor\'s rule table to each push', () => {
  it('covers every profile × state × message type its vendor has', () => {
    expect(new Set(cases.map(([p]) => p)).size).toBe(profileIds.length);
    expect(cases.length).toBeGreaterThan(profileIds.length * appStates.length);
  });

  it.each(cases)('%s, app %s, %s message → the rule\'s outcome', async (profile, state, message) => {
    const { phone } = await phoneIn(profile, state);
    const rule = ruleFor(deviceProfiles[profile].vendor, state, message)!;
    const push = pushOf(message);
    const receipt = phone.receive(push, state === 'uninstalled' ? undefined : APP);
    await phone.idle();
    expect(receipt).toMatchObject({ state, outcome: rule.outcome, source: rule.source, invitationID: push.data[invitationPushKeys.invitationID] });
    const shown = phone.shade.visible();
    const app = phone.app(APP);
    switch (rule.outcome) {
      case 'system':
        expect(shown).toEqual([expect.objectContaining({ postedBy: 'system', title: 'Incoming video call', text: 'alice is calling', packageName: APP })]);
        break;
      case 'app':
        if (state === 'foreground') {
          expect(app!.page).toMatchObject({ name: 'incoming', invitation: { invitationID: push.data[invitationPushKeys.invitationID] } });
          expect(shown).toEqual([]);
        } else if (state === 'notifications-off' && message === 'voip') {
          // CallKit's call screen needs no notification permission
          expect(shown).toEqual([expect.objectContaining({ postedBy: 'app', packageName: APP, actions: ['Accept', 'Decline'] })]);
        } else if (state === 'notifications-off') {
          expect(shown).toEqual([]);
          expect(phone.log.all().some((e) => e.message.includes('call notification blocked'))).toBe(true);
        } else {
          expect(shown).toEqual([expect.objectContaining({ postedBy: 'app', packageName: APP, tag: `call:${push.data[invitationPushKeys.invitationID]}` })]);
          expect(app!.isRunning).toBe(true);
        }
        break;
      default:
        expect(shown).toEqual([]);
    }
    const line = phone.log.all().find((e) => e.message.includes(`messageId=${push.messageId}`))!;
    expect(line.message).toMatch(new RegExp(`PushSim/${deviceProfiles[profile].vendor}: push received messageId=${push.messageId} invitationID=inv\\d+ kind=${message}`));
    phone.close();
  });
});

describe('device states win over the app\'s own state', () => {
  it('judges a foreground app on an offline phone as offline, and one with notifications off as notifications-off', async () => {
    const { phone } = await phoneIn('pixel', 'foreground');
    phone.setNotificationsAllowed(APP, false);
    expect(phone.ruleState(APP)).toBe('notifications-off');
    phone.setDoze(true);
    expect(phone.ruleState(APP)).toBe('doze');
    phone.setNetwork({ wifi: false });
    expect(phone.ruleState(APP)).toBe('doze');
    phone.setNetwork({ data: false });
    expect(phone.ruleState(APP)).toBe('offline');
    phone.close();
  });

  it('treats a fresh install that never ran as force-stopped (Android\'s stopped state)', () => {
    const phone = new SimPhone({ profile: 'pixel', createAppClient: fakeClients().create });
    phone.install(build);
    expect(phone.ruleState(APP)).toBe('force-stopped');
    expect(phone.ruleState('com.not.there')).toBe('uninstalled');
    phone.close();
  });

  it('am kill spares a foreground app, as the real command does', async () => {
    const { phone } = await phoneIn('xiaomi', 'foreground');
    expect(phone.kill(APP)).toBe(false);
    expect(phone.appLifecycle(APP)).toBe('foreground');
    phone.close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AppClient, InvitationAnswer } from '../../../src/cloud/app-client.js';
import { createAppClient } from '../../../src/cloud/index.js';
import { defaultSelectors, fillSelector } from '../../../src/device/selectors.js';
import { EASEMOB_BUILD, shell, startRig, waitForLog, type Browser, type Rig } from './rig.js';

const APP = 'com.pushlab.demo';
const APP_SIGN = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
const android = defaultSelectors.android;
const ios = defaultSelectors.ios;

let rig: Rig;
const callers: AppClient[] = [];
beforeAll(async () => { rig = await startRig(); }, 60_000);
afterAll(async () => {
  for (const c of callers) c.close();
  await rig?.close();
});

/** A second user's SDK (the caller), straight against the emulated cloud. */
async function caller(provider: 'zego' | 'easemob', userID: string) {
  const client = createAppClient(provider === 'zego'
    ? { provider, cloudUrl: rig.clouds.urls.zego, appID: '1234567890', appSign: APP_SIGN, userID, userName: userID }
    : { provider, cloudUrl: rig.clouds.urls.easemob, appID: 'pushlab#demo', userID, userName: userID, password: userID });
  callers.push(client);
  const answers: [string, InvitationAnswer][] = [];
  client.onInvitationAnswered((id, _user, answer) => answers.push([id, answer]));
  await client.connect();
  return { client, answers };
}

async function login(driver: Browser, sel: typeof android | typeof ios, user: string) {
  await driver.$(sel.loginUserId).setValue(user);
  await driver.$(sel.loginButton).click();
  expect(await driver.$(sel.homeUserId).getText()).toBe(`Logged in as ${user}`);
}

const notifications = async (driver: Browser) => ((await driver.execute('mobile: getNotifications')) as { statusBarNotifications: Record<string, any>[] }).statusBarNotifications;

describe('a ZEGO call invitation to a killed app on a Xiaomi phone', () => {
  it('arrives as a system notification stamped on the device clock; tapping it opens the call; accepting connects', async () => {
    const driver = await rig.session('xiaomi', { caps: { 'pushsim:clockOffsetMs': 60_000 } });
    await login(driver, android, 'bob-mi');
    const hostBefore = Date.now();
    const deviceNow = Number(await driver.execute('mobile: getDeviceTime', { format: 'x' }));
    expect(deviceNow - Date.now()).toBeGreaterThan(59_000);
    expect(deviceNow - hostBefore).toBeLessThan(61_000);
    await driver.execute('mobile: pressKey', { keycode: 3 });
    await shell(driver, 'am', 'kill', APP);
    expect(await driver.execute('mobile: queryAppState', { appId: APP })).toBe(1);

    const alice = await caller('zego', 'alice-mi');
    const sent = await alice.client.sendInvitation({ invitees: [{ userID: 'bob-mi' }], type: 'video', notificationConfig: { title: 'Incoming video call', message: 'alice is calling', resourceID: 'pushlab_call' } });
    expect(sent.successUsers).toEqual([{ userID: 'bob-mi' }]);
    const line = await waitForLog(driver, (m) => m.includes(`invitationID=${sent.invitationID} `));
    expect(line).toMatch(/PushSim\/xiaomi: push received .* kind=notification app=com\.pushlab\.demo state=killed outcome=system receivedAt=(\d+)/);
    const receivedAt = Number(/receivedAt=(\d+)/.exec(line)![1]);

    const [n] = await notifications(driver);
    expect(n).toMatchObject({ packageName: APP, isRemoved: false, isClearable: true, isOngoing: false, notification: { title: 'Incoming video call', text: 'alice is calling' } });
    expect(Object.keys(n!).sort()).toEqual(['groupKey', 'id', 'isClearable', 'isGroup', 'isOngoing', 'isRemoved', 'key', 'notification', 'overrideGroupKey', 'packageName', 'postTime', 'tag', 'userHandle']);
    expect(n!.postTime - Date.now()).toBeGreaterThan(59_000);
    expect(Math.abs(n!.postTime - receivedAt)).toBeLessThan(50);

    await driver.execute('mobile: openNotifications');
    await driver.$(fillSelector(android.notificationWithText, { text: 'Incoming video call' })).click();
    expect(await driver.execute('mobile: queryAppState', { appId: APP })).toBe(4);
    expect(await driver.$(android.incomingCaller).getText()).toBe('alice-mi');
    expect(await driver.$(android.incomingType).getText()).toBe('Incoming video call');
    expect((await notifications(driver))[0]).toMatchObject({ isRemoved: true });

    await driver.$(android.incomingAccept).click();
    expect(await driver.$(android.callStatus).getText()).toBe('Connecting…');
    await alice.client.joinRoom(sent.callID);
    await driver.$(android.callConnected).waitForExist({ timeout: 3000 });
    expect(await driver.$(android.callStatus).getText()).toBe('Connected');
    expect(alice.answers).toContainEqual([sent.invitationID, 'accepted']);
    await driver.$(android.callHangup).click();
    expect(await driver.$(android.homeUserId).isExisting()).toBe(true);
  });

  it('shows a missed call when the caller cancelled before the tap', async () => {
    const driver = await rig.session('xiaomi');
    await login(driver, android, 'bob-mi2');
    await driver.execute('mobile: terminateApp', { appId: APP });
    const alice = await caller('zego', 'alice-mi2');
    const sent = await alice.client.sendInvitation({ invitees: [{ userID: 'bob-mi2' }], type: 'voice', notificationConfig: { title: 'Incoming voice call', message: 'alice (missed)', resourceID: 'pushlab_call' } });
    await waitForLog(driver, (m) => m.includes(`invitationID=${sent.invitationID} `));
    await alice.client.cancelInvitation(sent.invitationID);
    await driver.execute('mobile: openNotifications');
    await driver.$(fillSelector(android.notificationWithText, { text: 'Incoming voice call' })).click();
    expect(await driver.$(android.missedCall).getText()).toBe('Missed call from alice-mi2');
    expect(await driver.$('id=missed_reason').getText()).toBe('cancelled');
  });

  it('rings in the foreground over the long connection, with no push', async () => {
    const driver = await rig.session('xiaomi');
    await login(driver, android, 'bob-mi3');
    const alice = await caller('zego', 'alice-mi3');
    const sent = await alice.client.sendInvitation({ invitees: [{ userID: 'bob-mi3' }], type: 'video', notificationConfig: { resourceID: 'pushlab_call' } });
    await driver.$(android.incomingCaller).waitForExist({ timeout: 3000 });
    expect(await waitForLog(driver, (m) => m.includes(`invitation received online invitationID=${sent.invitationID}`))).toBeTruthy();
    await driver.$(android.incomingDecline).click();
    for (let i = 0; i < 50 && !alice.answers.length; i++) await new Promise((r) => setTimeout(r, 20));
    expect(alice.answers).toEqual([[sent.invitationID, 'refused']]);
    expect(await notifications(driver)).toEqual([]);
  });
});

describe('an Easemob app in the background, still connected', () => {
  it('gets the invitation online (no push) and posts its own notification with Accept/Decline on a Pixel', async () => {
    const driver = await rig.session('pixel', { app: EASEMOB_BUILD });
    await login(driver, android, 'bob');
    expect(await driver.$(android.pushStatus).getText()).toContain('EMPushUniPlugin plugin has no FCM channel');
    await driver.execute('mobile: pressKey', { keycode: 3 });
    expect(await driver.execute('mobile: queryAppState', { appId: APP })).toBe(3);
    const alice = await caller('easemob', 'alice');
    const sent = await alice.client.sendInvitation({ invitees: [{ userID: 'bob' }], type: 'video' });
    await waitForLog(driver, (m) => m.includes(`call notification posted invitationID=${sent.invitationID} via=online`));
    const [n] = await notifications(driver);
    expect(n).toMatchObject({ packageName: APP, tag: `call:${sent.invitationID}`, notification: { template: 'android.app.Notification$CallStyle' } });
    const state = await driver.execute('pushsim: state') as { receipts: unknown[] };
    expect(state.receipts).toEqual([]);
    await driver.execute('mobile: openNotifications');
    await driver.$(android.notificationAccept).click();
    expect(await driver.$(android.callStatus).isExisting()).toBe(true);
    await alice.client.joinRoom(sent.callID);
    await driver.$(android.callConnected).waitForExist({ timeout: 3000 });
  });
});

describe('an iPhone', () => {
  it('opens Notification Centre with a swipe down and takes a VoIP call from its notification\'s Accept button', async () => {
    const driver = await rig.session('iphone');
    await login(driver, ios, 'bob-ios');
    await driver.execute('mobile: terminateApp', { bundleId: APP });
    const alice = await caller('zego', 'alice-ios');
    const sent = await alice.client.sendInvitation({ invitees: [{ userID: 'bob-ios' }], type: 'video', notificationConfig: { title: 'Incoming video call', message: 'alice is calling', resourceID: 'pushlab_call' } });
    const line = await waitForLog(driver, (m) => m.includes(`invitationID=${sent.invitationID} `));
    expect(line).toMatch(/apsd\[\d+\] <Notice>: PushSim\/apns: push received .* kind=voip app=com\.pushlab\.demo state=force-stopped outcome=app/);
    const { width } = await driver.getWindowRect();
    await driver.action('pointer', { parameters: { pointerType: 'touch' } }).move({ x: Math.round(width / 2), y: 5 }).down().move({ x: Math.round(width / 2), y: 500, duration: 100 }).up().perform();
    const source = await driver.getPageSource();
    expect(source).toContain('name="NotificationShortLookView" label="PushLab Demo, Incoming video call, alice is calling"');
    await driver.$(fillSelector(ios.notificationWithText, { text: 'alice is calling' })).waitForExist({ timeout: 1000 });
    await driver.$(ios.notificationAccept).click();
    expect(await driver.$(ios.callStatus).getText()).toBe('Connecting…');
    await alice.client.joinRoom(sent.callID);
    await driver.$(ios.callConnected).waitForExist({ timeout: 3000 });
  });

  it('takes XCUITest\'s pushNotification payloads (aps required) and answers syslog', async () => {
    const driver = await rig.session('iphone');
    expect(await driver.getLogTypes()).toEqual(['syslog']);
    await driver.execute('mobile: pressButton', { name: 'home' });
    await driver.execute('mobile: pushNotification', { bundleId: APP, payload: { aps: { alert: { title: 'Hello', body: 'from simctl' } }, zego_invitation_id: 'local-1' } });
    expect(await waitForLog(driver, (m) => m.includes('invitationID=local-1 '))).toContain('kind=notification app=com.pushlab.demo state=background outcome=system');
    await expect(driver.execute('mobile: pushNotification', { bundleId: APP, payload: { alert: 'no aps' } })).rejects.toThrow("needs payload with an 'aps' dictionary");
    await expect(driver.execute('mobile: getNotifications')).rejects.toThrow("'mobile: getNotifications' is only available on Android (UiAutomator2)");
  });
});

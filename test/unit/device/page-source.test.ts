import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from '@jest/globals';
import { invitationPushKeys } from '../../../src/cloud/app-client.js';
import { loadBuild } from '../../../src/device/build.js';
import { findNodes, InvalidLocatorError } from '../../../src/device/find.js';
import { swipe, tapAt } from '../../../src/device/gestures.js';
import { SimPhone } from '../../../src/device/phone.js';
import { centreOf, pageSource, screenOf } from '../../../src/device/ui.js';
import { fakeClients } from './fake-app-client.js';

const APP = 'com.pushlab.demo';

async function phone(profile: 'pixel' | 'iphone') {
  const p = new SimPhone({ profile, createAppClient: fakeClients().create, endpoints: { clouds: { zego: 'http://127.0.0.1:9' } } });
  p.install(loadBuild('fixtures/builds/zego-demo.json'));
  p.launch(APP);
  await p.idle();
  return p;
}

const ids = (p: SimPhone, strategy: string, selector: string) => findNodes(screenOf(p), strategy, selector, { appPackage: APP }).map((n) => n.node.key);

describe('page source', () => {
  it('has UiAutomator2\'s shape on Android', async () => {
    const p = await phone('pixel');
    const xml = pageSource(screenOf(p));
    expect(xml.startsWith(`<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<hierarchy index="0" class="hierarchy" rotation="0" width="1080" height="2400">`)).toBe(true);
    expect(xml).toMatch(/<android\.widget\.EditText index="1" package="com\.pushlab\.demo" class="android\.widget\.EditText" text="User ID" hint="User ID" resource-id="com\.pushlab\.demo:id\/login_user_id" checkable="false" checked="false" clickable="true" enabled="true" focusable="true" focused="false" long-clickable="false" password="false" scrollable="false" selected="false" bounds="\[\d+,\d+\]\[\d+,\d+\]" displayed="true" \/>/);
    const doc = new DOMParser().parseFromString(xml, 'text/xml');
    expect(doc.documentElement!.tagName).toBe('hierarchy');
    p.close();
  });

  it('has XCUITest\'s shape on iPhone, with accessibility ids as names', async () => {
    const p = await phone('iphone');
    const xml = pageSource(screenOf(p));
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<AppiumAUT>\n  <XCUIElementTypeApplication type="XCUIElementTypeApplication" name="PushLab Demo" label="PushLab Demo" enabled="true" visible="true"')).toBe(true);
    expect(xml).toMatch(/<XCUIElementTypeButton type="XCUIElementTypeButton" name="login_button" label="Log in" enabled="true" visible="true" accessible="true" x="\d+" y="\d+" width="\d+" height="\d+" index="2" \/>/);
    expect(new DOMParser().parseFromString(xml, 'text/xml').documentElement!.tagName).toBe('AppiumAUT');
    p.close();
  });

  it('escapes text', async () => {
    const p = await phone('pixel');
    p.app(APP)!.typedUserId = `<a & "b">`;
    expect(pageSource(screenOf(p))).toContain('text="&lt;a &amp; &quot;b&quot;&gt;"');
    p.close();
  });
});

describe('locators', () => {
  it('finds by short and full resource id, class name, xpath and UiSelector on Android', async () => {
    const p = await phone('pixel');
    const button = [`app:${APP}:login_button`];
    expect(ids(p, 'id', 'login_button')).toEqual(button);
    expect(ids(p, 'id', `${APP}:id/login_button`)).toEqual(button);
    expect(ids(p, 'class name', 'android.widget.Button')).toEqual(button);
    expect(ids(p, 'xpath', '//android.widget.Button[@text="Log in"]')).toEqual(button);
    expect(ids(p, 'xpath', '//*[@resource-id="com.pushlab.demo:id/login_button"]/..')).toEqual([`app:${APP}:content`]);
    expect(ids(p, '-android uiautomator', 'new UiSelector().resourceId("com.pushlab.demo:id/login_button").text("Log in")')).toEqual(button);
    expect(ids(p, '-android uiautomator', 'new UiSelector().textContains("Log")')).toEqual([`app:${APP}:login_title`, ...button]);
    expect(ids(p, '-android uiautomator', 'new UiSelector().className("android.widget.TextView").instance(0)')).toEqual([`app:${APP}:login_title`]);
    expect(ids(p, 'accessibility id', 'nope')).toEqual([]);
    expect(() => ids(p, 'xpath', '//[')).toThrow(InvalidLocatorError);
    expect(() => ids(p, 'xpath', '//@text')).toThrow('selects attributes or text');
    expect(() => ids(p, '-android uiautomator', 'new UiSelector().fooBar("x")')).toThrow(InvalidLocatorError);
    expect(() => ids(p, '-ios predicate string', "name == 'x'")).toThrow('iOS sessions only');
    expect(() => ids(p, 'css selector', 'a')).toThrow("locator strategy 'css selector' is not supported");
    p.close();
  });

  it('finds by accessibility id, predicate string and class name on iPhone', async () => {
    const p = await phone('iphone');
    const button = [`app:${APP}:login_button`];
    expect(ids(p, 'accessibility id', 'login_button')).toEqual(button);
    expect(ids(p, 'id', 'login_button')).toEqual(button);
    expect(ids(p, '-ios predicate string', "name == 'login_button'")).toEqual(button);
    expect(ids(p, '-ios predicate string', 'label == "Log in" AND type == \'XCUIElementTypeButton\'')).toEqual(button);
    expect(ids(p, '-ios predicate string', "label CONTAINS[c] 'log in' AND visible == 1")).toEqual([`app:${APP}:login_title`, ...button]);
    expect(ids(p, '-ios predicate string', "type == 'XCUIElementTypeTextField' OR name BEGINSWITH 'login_b'")).toEqual([`app:${APP}:login_user_id`, ...button]);
    expect(ids(p, 'class name', 'XCUIElementTypeButton')).toEqual(button);
    expect(() => ids(p, '-ios predicate string', 'name ~ x')).toThrow('cannot parse predicate');
    p.close();
  });
});

describe('gestures', () => {
  it('taps at an element\'s centre, and swipes a recents card away', async () => {
    const p = await phone('pixel');
    const shot = screenOf(p);
    const field = shot.nodes.find((n) => n.node.id === 'login_user_id')!;
    field.node.onInput!('bob');
    const login = screenOf(p).nodes.find((n) => n.node.id === 'login_button')!;
    const c = centreOf(login.rect);
    expect(await tapAt(p, c.x, c.y)).toBe(true);
    await p.idle();
    expect(p.app(APP)!.page.name).toBe('home');
    swipe(p, 540, 2390, 540, 1200, 500);
    expect(p.screen).toBe('recents');
    const card = screenOf(p).nodes.find((n) => n.node.key === `recents:${APP}`)!;
    const cc = centreOf(card.rect);
    swipe(p, cc.x, cc.y, cc.x, 100, 200);
    expect(p.appLifecycle(APP)).toBe('swiped');
    p.close();
  });

  it('opens the shade from the top edge; tapping a notification opens the app into the call', async () => {
    const clients = fakeClients();
    const p = new SimPhone({ profile: 'pixel', createAppClient: clients.create, endpoints: { clouds: { zego: 'http://127.0.0.1:9' } } });
    p.install(loadBuild('fixtures/builds/zego-demo.json'));
    p.launch(APP);
    await p.app(APP)!.login('bob');
    p.home();
    p.kill(APP);
    expect(p.receive({ vendor: 'fcm', messageId: 'm1', token: 't', kind: 'notification', title: 'Incoming video call', body: 'alice is calling', data: { [invitationPushKeys.invitationID]: 'inv1', [invitationPushKeys.callID]: 'c1', [invitationPushKeys.inviter]: 'alice' }, acceptedAt: 0, raw: {} }, APP)).toMatchObject({ state: 'killed', outcome: 'system' });
    swipe(p, 500, 10, 500, 1500);
    expect(p.screen).toBe('notifications');
    const row = screenOf(p).nodes.find((n) => n.node.id === 'com.android.systemui:id/expandableNotificationRow')!;
    expect(row.node.desc).toBe('PushLab Demo notification: Incoming video call');
    // The relaunched process makes a new SDK client; the cloud says the invitation still rings.
    const done = tapAt(p, centreOf(row.rect).x, centreOf(row.rect).y);
    clients.last().invitations.set('inv1', { invitationID: 'inv1', callID: 'c1', inviter: { userID: 'alice' }, type: 'video', timeoutSeconds: 60, state: 'pending' });
    await done;
    await p.idle();
    expect(p.app(APP)!.page).toMatchObject({ name: 'incoming', invitation: { invitationID: 'inv1' } });
    expect(p.shade.visible()).toEqual([]);
    expect(p.shade.all()[0]!.isRemoved).toBe(true);
    p.close();
  });
});

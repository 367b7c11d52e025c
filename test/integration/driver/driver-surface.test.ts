import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { remote } from 'webdriverio';
import { controlRequest } from '../../../mocks/control-client.js';
import { startAppium, type RunningAppium } from '../../../src/appium/server.js';
import type { ProfileId } from '../../../src/device/profiles.js';
import { build, shell, startRig, waitForLog, type Rig } from './rig.js';

const APP = 'com.pushlab.demo';
let rig: Rig;
beforeAll(async () => { rig = await startRig(); }, 60_000);
afterAll(async () => { await rig?.close(); });

const deviceIdOf = (driver: WebdriverIO.Browser) => (driver.capabilities as Record<string, unknown>).deviceUDID as string;
async function login(driver: WebdriverIO.Browser, user: string) {
  await driver.$('id=login_user_id').setValue(user);
  await driver.$('id=login_button').click();
}
const openWith = (caps: Record<string, unknown>) => {
  const url = new URL(rig.appium.url);
  return remote({ hostname: url.hostname, port: Number(url.port), logLevel: 'error', connectionRetryCount: 0, capabilities: caps as WebdriverIO.Capabilities });
};

describe('capabilities', () => {
  it('refuses an unknown profile, naming the capability and the allowed values', async () => {
    await expect(openWith({ platformName: 'Android', 'appium:automationName': 'PushSim', 'pushsim:vendor': 'nokia' })).rejects.toThrow(`'pushsim:vendor' must be contained by ["xiaomi","huawei","honor","oppo","vivo","meizu","pixel","iphone"]`);
  });

  it('refuses a platform that does not match the profile, and a missing app', async () => {
    await expect(openWith({ platformName: 'Android', 'appium:automationName': 'PushSim', 'pushsim:vendor': 'iphone' })).rejects.toThrow("'pushsim:vendor' is 'iphone', an iOS profile, but platformName is 'Android'; use platformName 'iOS'");
    await expect(openWith({ platformName: 'Android', 'appium:automationName': 'PushSim', 'pushsim:vendor': 'pixel', 'appium:app': '/nope.json' })).rejects.toThrow("'appium:app' names /nope.json, which does not exist");
    await expect(openWith({ platformName: 'Android', 'appium:automationName': 'PushSim', 'pushsim:vendor': 'pixel', 'pushlab:endpoints': { gateways: { nokia: 'x' } } })).rejects.toThrow("'pushlab:endpoints'.gateways.nokia is not a vendor");
    await expect(openWith({ platformName: 'Android', 'appium:automationName': 'PushSim', 'pushsim:vendor': 'pixel', 'pushsim:clockOffsetMs': 'soon' })).rejects.toThrow("'pushsim:clockOffsetMs' must be of type number");
  });

  it('reports the device in the session capabilities', async () => {
    const driver = await rig.session('huawei', { caps: { 'pushsim:osVersion': 'HarmonyOS 4.0' } });
    expect(driver.capabilities).toMatchObject({ platformName: 'Android', deviceName: 'HUAWEI Mate 60 Pro', platformVersion: '12', deviceManufacturer: 'HUAWEI', 'pushsim:osName': 'HarmonyOS', 'pushsim:osVersion': '4.0', 'pushsim:pushVendor': 'huawei' });
  });
});

describe('commands', () => {
  it('answers an unsupported command with W3C "unsupported operation" naming it', async () => {
    const driver = await rig.session('pixel');
    await expect(driver.getGeoLocation()).rejects.toThrow("The PushSim driver does not support the 'getGeoLocation' command");
    await expect(driver.execute('mobile: fooBar')).rejects.toThrow("Unsupported execute method 'mobile: fooBar'");
    await expect(driver.execute('return 1')).rejects.toThrow('PushSim runs no JavaScript');
    const res = await fetch(`${rig.appium.url}/session/${driver.sessionId}/location`);
    expect(((await res.json()) as { value: { error: string } }).value.error).toBe('unsupported operation');
  });

  it('finds by id, accessibility id, xpath, UiAutomator and class name; stale after the page changes', async () => {
    const driver = await rig.session('pixel');
    const field = await driver.$('id=com.pushlab.demo:id/login_user_id');
    expect(await field.getAttribute('hint')).toBe('User ID');
    expect(await field.getAttribute('resource-id')).toBe('com.pushlab.demo:id/login_user_id');
    expect(await driver.$('//android.widget.Button[@text="Log in"]').getText()).toBe('Log in');
    expect(await driver.$('android=new UiSelector().resourceId("com.pushlab.demo:id/login_title")').getText()).toBe('Log in to PushLab Demo');
    expect(await driver.$$('android.widget.Button')).toHaveLength(1);
    expect(await driver.$('~nothing-here').isExisting()).toBe(false);
    const button = await driver.findElement('id', 'login_button');
    await login(driver, 'carol');
    // WebdriverIO's element API re-finds stale elements, so ask the protocol directly.
    await expect(driver.elementClick(button['element-6066-11e4-a52e-4f735466cecf'])).rejects.toThrow(/is no longer on the screen; find it again/);
  });

  it('reports app states 4/3/1/0, drives keys, time and deep links', async () => {
    const driver = await rig.session('pixel', { caps: { 'pushsim:clockOffsetMs': -90_000 } });
    expect(await driver.execute('mobile: queryAppState', { appId: APP })).toBe(4);
    await driver.execute('mobile: pressKey', { keycode: 3 });
    expect(await driver.execute('mobile: queryAppState', { appId: APP })).toBe(3);
    await driver.execute('mobile: terminateApp', { appId: APP });
    expect(await driver.execute('mobile: queryAppState', { appId: APP })).toBe(1);
    await driver.execute('mobile:deepLink', { url: 'pushlab://call/123', package: APP });
    expect(await driver.execute('mobile: queryAppState', { appId: APP })).toBe(4);
    expect(await driver.getDeviceTime()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    const deviceMs = Number(await driver.execute('mobile: getDeviceTime', { format: 'x' }));
    expect(deviceMs - Date.now()).toBeLessThan(-89_000);
    expect(await driver.getLogTypes()).toEqual(['logcat']);
    await driver.execute('mobile: lock');
    expect(await driver.execute('mobile: isLocked')).toBe(true);
    expect(await driver.getPageSource()).toContain('com.android.systemui:id/keyguard_root');
    await driver.execute('mobile: unlock');
    expect(await driver.execute('mobile: isLocked')).toBe(false);
    expect(await driver.execute('mobile: removeApp', { appId: APP })).toBe(true);
    expect(await driver.execute('mobile: queryAppState', { appId: APP })).toBe(0);
    await driver.execute('mobile: installApp', { appPath: build('zego-demo') });
    expect(await driver.execute('mobile: isAppInstalled', { appId: APP })).toBe(true);
    await expect(driver.execute('mobile: installApp', { appPath: '/tmp/nope.json' })).rejects.toThrow('cannot read the build descriptor /tmp/nope.json');
  });

  it('runs the adb shell commands testers use, and answers unknown ones as sh does', async () => {
    const driver = await rig.session('oppo');
    expect(await shell(driver, 'cmd', 'deviceidle', 'force-idle')).toBe('Now forced in to deep idle mode\n');
    expect(await shell(driver, 'getprop', 'ro.product.manufacturer')).toBe('OPPO\n');
    expect(await driver.execute('mobile: shell', { command: 'echo hi | grep h' })).toBe('hi\n');
    await expect(shell(driver, 'frobnicate')).rejects.toThrow("StdErr: '/system/bin/sh: frobnicate: not found'");
    expect(await driver.execute('mobile: shell', { command: 'nope', includeStderr: true }).catch((e: Error) => e.message)).toContain('exited with code 127');
  });
});

describe('mobile: shell on a server without adb_shell', () => {
  let bare: RunningAppium;
  beforeAll(async () => { bare = await startAppium({ allowInsecure: [] }); }, 30_000);
  afterAll(async () => { await bare?.close(); });

  it('is refused with Appium\'s insecure-feature error, as UiAutomator2 does', async () => {
    const url = new URL(bare.url);
    const driver = await remote({ hostname: url.hostname, port: Number(url.port), logLevel: 'error', connectionRetryCount: 0, capabilities: { platformName: 'Android', 'appium:automationName': 'PushSim', 'pushsim:vendor': 'xiaomi' } as WebdriverIO.Capabilities });
    await expect(driver.execute('mobile: shell', { command: 'echo', args: ['x'] })).rejects.toThrow("Potentially insecure feature 'adb_shell' has not been enabled");
    await driver.deleteSession();
  });
});

describe('mis-packaged builds', () => {
  it.each([
    ['huawei', 'zego-missing-huawei-agconnect', 'HMS push not initialised: agconnect-services.json missing from nativeplugins/zego-ZPNsUniPlugin/android/assets'],
    ['vivo', 'zego-missing-vivo-keys', 'vivo push not initialised: vivo api_key missing from the zego-ZPNsUniPlugin native plugin config'],
    ['xiaomi', 'zego-unipush-ticked', 'conflicting push modules — uniPush is ticked alongside the zego-ZPNsUniPlugin plugin'],
  ] as [ProfileId, string, string][])('a %s phone with %s gets no token and shows the diagnosis', async (profile, name, diagnosis) => {
    const driver = await rig.session(profile, { app: build(name) });
    await login(driver, `bob-${name}`);
    expect(await driver.$('id=push_status').getText()).toContain(diagnosis);
    expect(await waitForLog(driver, (m) => m.includes('push diagnosis'))).toContain(diagnosis);
    expect(await rig.token(profile as 'huawei' | 'vivo' | 'xiaomi', APP, deviceIdOf(driver))).toBeUndefined();
  });

  it('the same build on another vendor\'s phone registers fine', async () => {
    const driver = await rig.session('xiaomi', { app: build('zego-missing-huawei-agconnect') });
    expect(await rig.token('xiaomi', APP, deviceIdOf(driver))).toEqual(expect.any(String));
  });
});

describe('sessions', () => {
  it('are isolated phones: own state, own token, own pushes', async () => {
    const [a, b] = await Promise.all([rig.session('xiaomi'), rig.session('xiaomi')]);
    expect(deviceIdOf(a)).not.toBe(deviceIdOf(b));
    await login(a, 'bob-a');
    await shell(a, 'am', 'force-stop', APP);
    expect(await a.execute('mobile: queryAppState', { appId: APP })).toBe(1);
    expect(await b.execute('mobile: queryAppState', { appId: APP })).toBe(4);
    const [ta, tb] = await Promise.all([rig.token('xiaomi', APP, deviceIdOf(a)), rig.token('xiaomi', APP, deviceIdOf(b))]);
    expect(ta).toEqual(expect.any(String));
    expect(ta).not.toBe(tb);
    await rig.send('xiaomi', { token: ta!, kind: 'notification', title: 'For A only', body: 'x', data: { zego_invitation_id: 'iso-1' }, options: { channelId: 'pushlab_call' } });
    await waitForLog(a, (m) => m.includes('invitationID=iso-1 '));
    const bLogs = ((await b.getLogs('logcat')) as { message: string }[]).map((e) => e.message);
    expect(bLogs.some((m) => m.includes('iso-1'))).toBe(false);
    expect(((await b.execute('mobile: getNotifications')) as { statusBarNotifications: unknown[] }).statusBarNotifications).toEqual([]);
  });

  it('uninstall unregisters the token at the gateway', async () => {
    const driver = await rig.session('honor');
    const token = await rig.token('honor', APP, deviceIdOf(driver));
    await driver.execute('mobile: removeApp', { appId: APP });
    const { tokens } = await controlRequest<{ tokens: { token: string; state: string }[] }>(rig.gateways.urls.honor!, 'GET', 'tokens');
    expect(tokens.find((t) => t.token === token)).toMatchObject({ state: 'unregistered' });
  });
});

describe('the installed driver', () => {
  it('is the repository\'s build, linked into the project Appium home', async () => {
    const { readlinkSync } = await import('node:fs');
    expect(resolve('.appium/node_modules', readlinkSync('.appium/node_modules/appium-pushsim-driver'))).toBe(resolve('driver'));
  });
});

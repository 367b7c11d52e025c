import { describe, expect, it } from '@jest/globals';
import { loadBuild } from '../../../src/device/build.js';
import { SimPhone } from '../../../src/device/phone.js';
import { parseCommandLine, runShell } from '../../../src/device/shell.js';
import { fakeClients } from './fake-app-client.js';

const APP = 'com.pushlab.demo';

async function phoneWithApp() {
  const phone = new SimPhone({ profile: 'xiaomi', createAppClient: fakeClients().create, endpoints: { clouds: { zego: 'http://127.0.0.1:9' } } });
  phone.install(loadBuild('fixtures/builds/zego-demo.json'));
  phone.launch(APP);
  await phone.idle();
  return phone;
}

describe('shell command lines', () => {
  it('splits words, honours quotes and escapes, and pipes', () => {
    expect(parseCommandLine(`am start -n 'com.a/.Main Activity' "x y" a\\ b`)).toEqual([['am', 'start', '-n', 'com.a/.Main Activity', 'x y', 'a b']]);
    expect(parseCommandLine('dumpsys window | grep -i mCurrentFocus')).toEqual([['dumpsys', 'window'], ['grep', '-i', 'mCurrentFocus']]);
    expect(parseCommandLine(`echo ''`)).toEqual([['echo', '']]);
    expect(() => parseCommandLine(`echo 'open`)).toThrow("unterminated ' quote");
  });
});

describe('adb shell commands on a simulated phone', () => {
  it('answers an unknown program as Android\'s sh does', async () => {
    const phone = await phoneWithApp();
    expect(await runShell(phone, 'foo --bar')).toEqual({ stdout: '', stderr: '/system/bin/sh: foo: not found\n', code: 127 });
    phone.close();
  });

  it('force-stops, and am kill only kills a backgrounded app', async () => {
    const phone = await phoneWithApp();
    await runShell(phone, `am kill ${APP}`);
    expect(phone.appLifecycle(APP)).toBe('foreground');
    await runShell(phone, 'input keyevent KEYCODE_HOME');
    expect(phone.appLifecycle(APP)).toBe('background');
    await runShell(phone, `am kill ${APP}`);
    expect(phone.appLifecycle(APP)).toBe('killed');
    expect(await runShell(phone, `monkey -p ${APP} -c android.intent.category.LAUNCHER 1`)).toMatchObject({ code: 0, stdout: expect.stringContaining('Events injected: 1') });
    expect(phone.appLifecycle(APP)).toBe('foreground');
    expect(await runShell(phone, `am force-stop ${APP}`)).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(phone.appLifecycle(APP)).toBe('force-stopped');
    expect((await runShell(phone, `pidof ${APP}`)).code).toBe(1);
    expect((await runShell(phone, `am start -n ${APP}/.MainActivity`)).stdout).toBe(`Starting: Intent { cmp=${APP}/.MainActivity }\n`);
    expect((await runShell(phone, `pidof ${APP}`)).stdout).toMatch(/^\d+\n$/);
    phone.close();
  });

  it('freezes with am set-inactive, and takes keycodes by number', async () => {
    const phone = await phoneWithApp();
    await runShell(phone, 'input keyevent 3');
    await runShell(phone, `am set-inactive ${APP} true`);
    expect(phone.appLifecycle(APP)).toBe('frozen');
    expect((await runShell(phone, `am get-inactive ${APP}`)).stdout).toBe('Idle=true\n');
    await runShell(phone, `am set-inactive ${APP} false`);
    expect(phone.appLifecycle(APP)).toBe('background');
    await runShell(phone, 'input keyevent 187');
    expect(phone.screen).toBe('recents');
    await runShell(phone, 'input keyevent 26');
    expect(phone.locked).toBe(true);
    await runShell(phone, 'input keyevent KEYCODE_WAKEUP');
    expect(phone.screenOn).toBe(true);
    expect(phone.locked).toBe(true);
    phone.close();
  });

  it('enters and leaves Doze', async () => {
    const phone = await phoneWithApp();
    expect((await runShell(phone, 'cmd deviceidle force-idle')).stdout).toBe('Now forced in to deep idle mode\n');
    expect(phone.ruleState(APP)).toBe('doze');
    expect((await runShell(phone, 'dumpsys deviceidle get deep')).stdout).toBe('IDLE\n');
    await runShell(phone, 'cmd deviceidle unforce');
    expect(phone.ruleState(APP)).toBe('foreground');
    const steps = [];
    for (let i = 0; i < 5; i++) steps.push((await runShell(phone, 'dumpsys deviceidle step')).stdout.trim());
    expect(steps).toEqual(['Stepped to deep: INACTIVE', 'Stepped to deep: IDLE_PENDING', 'Stepped to deep: SENSING', 'Stepped to deep: LOCATING', 'Stepped to deep: IDLE']);
    expect(phone.dozing).toBe(true);
    phone.close();
  });

  it('turns the network and the app\'s notifications off and on', async () => {
    const phone = await phoneWithApp();
    await runShell(phone, 'svc wifi disable');
    expect(phone.online).toBe(true);
    await runShell(phone, 'svc data disable');
    expect(phone.ruleState(APP)).toBe('offline');
    await runShell(phone, 'svc data enable');
    await runShell(phone, `appops set ${APP} POST_NOTIFICATION ignore`);
    expect(phone.ruleState(APP)).toBe('notifications-off');
    expect((await runShell(phone, `appops get ${APP} POST_NOTIFICATION`)).stdout).toBe('POST_NOTIFICATION: ignore\n');
    await runShell(phone, `pm grant ${APP} android.permission.POST_NOTIFICATIONS`);
    expect(phone.notificationsAllowed(APP)).toBe(true);
    await runShell(phone, `pm revoke ${APP} android.permission.POST_NOTIFICATIONS`);
    expect(phone.notificationsAllowed(APP)).toBe(false);
    expect((await runShell(phone, 'svc bluetooth disable')).code).toBe(1);
    phone.close();
  });

  it('lists notifications in dumpsys notification and filters with grep', async () => {
    const phone = await phoneWithApp();
    phone.shade.post({ packageName: APP, appName: 'PushLab Demo', postTime: 1, title: 'Incoming video call', text: 'alice is calling', postedBy: 'system', actions: [], data: {} });
    const dump = (await runShell(phone, 'dumpsys notification')).stdout;
    expect(dump).toContain(`pkg=${APP} user=UserHandle{0} id=1 tag=null importance=4 key=0|${APP}|1|null|10234`);
    expect(dump).toContain('android.title=String (Incoming video call)');
    expect(await runShell(phone, 'dumpsys notification | grep android.text')).toEqual({ stdout: '          android.text=String (alice is calling)\n', stderr: '', code: 0 });
    expect((await runShell(phone, 'dumpsys window | grep mCurrentFocus')).stdout).toContain(`${APP}/${APP}.MainActivity`);
    phone.close();
  });

  it('clears app data with pm clear: killed, logged out, token forgotten', async () => {
    const phone = await phoneWithApp();
    await phone.app(APP)!.login('bob');
    expect((await runShell(phone, `pm clear ${APP}`)).stdout).toBe('Success\n');
    expect(phone.appLifecycle(APP)).toBe('force-stopped');
    phone.launch(APP);
    expect(phone.app(APP)!.page.name).toBe('login');
    phone.close();
  });
});

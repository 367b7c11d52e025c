import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { invitationPushKeys } from '../../../src/cloud/app-client.js';
import { deviceProfiles, type ProfileId } from '../../../src/device/profiles.js';
import { ruleFor } from '../../../src/device/rules.js';
import { appStates, ruleMessages, type AppState, type RuleMessage } from '../../../src/vendors/common/delivery-rules.js';
import { VendorError } from '../../../src/vendors/common/errors.js';
import type { VendorId } from '../../../src/vendors/common/ids.js';
import type { OutgoingPush, PushOptions } from '../../../src/vendors/common/push.js';
import { controlRequest } from '../../../mocks/control-client.js';
import { shell, startRig, waitForLog, type Browser, type Rig } from './rig.js';

const APP = 'com.pushlab.demo';

/** The call-channel options that keep each vendor's quotas out of the way (fixtures/cloud/zego.json, resource pushlab_call). */
const callOptions: Record<VendorId, PushOptions> = {
  apns: {},
  fcm: { channelId: 'pushlab_call' },
  huawei: { channelId: 'pushlab_call', category: 'VOIP', importance: 'NORMAL' },
  honor: { importance: 'NORMAL' },
  xiaomi: { channelId: 'pushlab_call' },
  oppo: { channelId: 'pushlab_call', category: 'IM', privateChannel: true },
  vivo: { classification: 1, category: 'IM' },
  meizu: { privateChannel: true },
};

function pushFor(vendor: VendorId, kind: RuleMessage, token: string, inv: string): OutgoingPush {
  const apns = vendor === 'apns' ? { apns: { pushType: kind === 'voip' ? 'voip' as const : kind === 'data' ? 'background' as const : 'alert' as const, priority: kind === 'data' ? 5 as const : 10 as const } } : {};
  return {
    token, kind, priority: kind === 'data' ? 'normal' : 'high', ttlSeconds: 60,
    ...(kind === 'data' && vendor === 'apns' ? {} : { title: `Call ${inv}`, body: `${inv} is calling` }),
    data: { [invitationPushKeys.invitationID]: inv, [invitationPushKeys.callID]: `room-${inv}`, [invitationPushKeys.type]: 'video', [invitationPushKeys.inviter]: JSON.stringify({ userID: `caller-${inv}` }) },
    options: { ...callOptions[vendor], ...apns },
  };
}

type Effect = 'incoming' | 'system' | 'app-notification' | 'none';

/** What the push left on the phone: the incoming-call page, an OS or app notification, or nothing. */
async function effectOf(driver: Browser, ios: boolean, inv: string): Promise<Effect> {
  if (ios) {
    const state = await driver.execute('pushsim: state') as { notifications: { title: string; text: string; postedBy: string }[] };
    const n = state.notifications.find((x) => x.text.includes(inv) || x.title.includes(inv) || x.text.includes(`caller-${inv}`));
    if (n) return n.postedBy === 'system' ? 'system' : 'app-notification';
  } else {
    const { statusBarNotifications } = await driver.execute('mobile: getNotifications') as { statusBarNotifications: { isRemoved: boolean; tag: string | null; notification: { title: string | null; text: string | null } }[] };
    const n = statusBarNotifications.find((x) => !x.isRemoved && `${x.notification.title} ${x.notification.text}`.includes(inv));
    if (n) return n.tag?.startsWith('call:') ? 'app-notification' : 'system';
  }
  const callers = await driver.$$(ios ? '~incoming_caller' : 'id=incoming_caller');
  for (const el of callers) if ((await el.getText()) === `caller-${inv}`) return 'incoming';
  return 'none';
}

function expectedEffect(outcome: string, state: AppState, message: string): Effect {
  if (outcome === 'system') return 'system';
  // CallKit's call screen (a VoIP push) needs no notification permission
  if (outcome === 'app') return state === 'foreground' ? 'incoming' : state === 'notifications-off' && message !== 'voip' ? 'none' : 'app-notification';
  return 'none';
}

/** HOME: `mobile: pressButton {name: 'home'}` on iPhone, `mobile: pressKey {keycode: 3}` on Android. */
const home = (driver: Browser, ios: boolean) => (ios ? driver.execute('mobile: pressButton', { name: 'home' }) : driver.execute('mobile: pressKey', { keycode: 3 }));

/** Drives a phone into a state with the commands a tester would use on a real phone of that platform. */
async function enter(driver: Browser, ios: boolean, state: AppState): Promise<void> {
  const id = ios ? { bundleId: APP } : { appId: APP };
  // Back to a known base: online, awake, unlocked, notifications allowed, app in front.
  if (ios) {
    await driver.execute('pushsim: setNetwork', { online: true });
    await driver.execute('mobile: setPermission', { bundleId: APP, access: { notifications: 'yes' } });
  } else {
    await driver.execute('mobile: setConnectivity', { wifi: true, data: true });
    await shell(driver, 'cmd', 'deviceidle', 'unforce');
    await driver.execute('mobile: changePermissions', { permissions: 'android.permission.POST_NOTIFICATIONS', appPackage: APP, action: 'grant' });
  }
  await driver.execute('mobile: unlock');
  await driver.execute('mobile: activateApp', id);
  switch (state) {
    case 'foreground': break;
    case 'background':
      await home(driver, ios);
      break;
    case 'frozen':
      if (ios) await driver.execute('pushsim: setAppState', { bundleId: APP, state: 'frozen' });
      else { await driver.execute('mobile: pressKey', { keycode: 3 }); await shell(driver, 'am', 'set-inactive', APP, 'true'); }
      break;
    case 'swiped': {
      const { width, height } = await driver.getWindowRect();
      // Gesture navigation: up from the bottom edge and hold = recents / app switcher; then fling the card up.
      await driver.action('pointer', { parameters: { pointerType: 'touch' } }).move({ x: Math.round(width / 2), y: height - 2 }).down().move({ x: Math.round(width / 2), y: Math.round(height / 2), duration: 100 }).pause(400).up().perform();
      const card = await driver.$(ios ? `~card:${APP}` : '~PushLab Demo');
      const r = { ...(await card.getLocation()), ...(await card.getSize()) };
      await driver.action('pointer', { parameters: { pointerType: 'touch' } }).move({ x: r.x + Math.round(r.width / 2), y: r.y + Math.round(r.height / 2) }).down().move({ x: r.x + Math.round(r.width / 2), y: 10, duration: 100 }).up().perform();
      await home(driver, ios);
      break;
    }
    case 'killed':
      // iOS ends suspended apps itself; no XCUITest command asks it to.
      if (ios) await driver.execute('pushsim: setAppState', { bundleId: APP, state: 'killed' });
      else { await driver.execute('mobile: pressKey', { keycode: 3 }); await shell(driver, 'am', 'kill', APP); }
      break;
    case 'force-stopped':
      await driver.execute('mobile: terminateApp', id);
      break;
    case 'offline':
      await (ios ? driver.execute('pushsim: setNetwork', { online: false }) : driver.execute('mobile: setConnectivity', { wifi: false, data: false }));
      break;
    case 'doze':
      // A locked iPhone sleeps (iOS has no Doze command); Android needs deviceidle force-idle.
      await driver.execute('mobile: lock');
      if (!ios) await shell(driver, 'cmd', 'deviceidle', 'force-idle');
      break;
    case 'notifications-off':
      await home(driver, ios);
      if (ios) await driver.execute('mobile: setPermission', { bundleId: APP, access: { notifications: 'no' } });
      else await driver.execute('mobile: changePermissions', { permissions: 'android.permission.POST_NOTIFICATIONS', appPackage: APP, action: 'revoke' });
      break;
    case 'uninstalled':
      expect(await driver.execute('mobile: removeApp', id)).toBe(true);
      break;
  }
  const snapshot = await driver.execute('pushsim: state') as { apps: { appId: string; ruleState: string }[] };
  expect(snapshot.apps.find((a) => a.appId === APP)?.ruleState ?? 'uninstalled').toBe(state);
}

/**
 * For each profile: a phone with the ZEGO demo build, logged in, taken through every state; for each
 * message type its vendor has, a push sent to the mock gateway with the token the phone registered
 * must do what `ruleFor(vendor, state, message)` says.
 */
export function describeDeliveryRules(profiles: readonly ProfileId[]): void {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig();
    // Meizu folds > 5 pushes a minute to one device (520); this test sends ~20 to one phone within seconds.
    await controlRequest(rig.gateways.urls.meizu!, 'POST', 'settings', { foldPerMinute: 1000 });
  }, 60_000);
  afterAll(async () => { await rig?.close(); });

  describe.each(profiles)('the %s profile', (profile) => {
    const vendor = deviceProfiles[profile].vendor;
    const ios = deviceProfiles[profile].platform === 'ios';

    it('receives each message type in each state as the rule table says', async () => {
      const driver = await rig.session(profile, { caps: { 'pushsim:clockOffsetMs': 1500 } });
      const deviceId = (driver.capabilities as Record<string, unknown>).deviceUDID as string;
      await (await driver.$(ios ? '~login_user_id' : 'id=login_user_id')).setValue(`bob-${profile}`);
      await (await driver.$(ios ? '~login_button' : 'id=login_button')).click();
      const token = await rig.token(vendor, APP, deviceId);
      expect(token).toEqual(expect.any(String));
      const seen: string[] = [];
      let n = 0;
      for (const state of appStates) {
        for (const message of ruleMessages) {
          const rule = ruleFor(vendor, state, message);
          if (!rule) continue;
          if (state !== 'uninstalled' || message === ruleMessages.find((m) => ruleFor(vendor, state, m))) await enter(driver, ios, state);
          const inv = `${profile.slice(0, 2)}${++n}`;
          const sending = rig.send(vendor, pushFor(vendor, message, token!, inv));
          if (rule.outcome === 'refused') {
            const error = await sending.then(() => undefined, (e: unknown) => e);
            if (error === undefined) {
              // The gateway took it (its mock does not model this refusal, e.g. Meizu's switch-off for notifications-off):
              // the phone must still show nothing, and says the rule refused it.
              const line = await waitForLog(driver, (m) => m.includes(`invitationID=${inv} `));
              expect(line).toContain(`state=${state} outcome=refused`);
              expect(await effectOf(driver, ios, inv)).toBe('none');
              seen.push(`${state}/${message}: refused (on the phone)`);
              continue;
            }
            expect(error).toBeInstanceOf(VendorError);
            // An uninstalled app's token is refused as invalid; OPPO/vivo refuse data pushes in any state (no pass-through API).
            if (state === 'uninstalled' && message === 'notification') expect((error as VendorError).tokenInvalid).toBe(true);
            expect(await waitForLog(driver, (m) => m.includes(`invitationID=${inv} `), 1).catch(() => undefined)).toBeUndefined();
            seen.push(`${state}/${message}: refused`);
            continue;
          }
          await sending;
          if (rule.outcome === 'queued') {
            await new Promise((r) => setTimeout(r, 150));
            const early = await waitForLog(driver, (m) => m.includes(`invitationID=${inv} `), 1).catch(() => undefined);
            expect(early).toBeUndefined();
            await (ios ? driver.execute('pushsim: setNetwork', { online: true }) : driver.execute('mobile: setConnectivity', { wifi: true, data: true }));
            const line = await waitForLog(driver, (m) => m.includes(`invitationID=${inv} `));
            expect(line).not.toContain('state=offline');
            seen.push(`${state}/${message}: queued`);
            continue;
          }
          const line = await waitForLog(driver, (m) => m.includes(`invitationID=${inv} `));
          expect(line).toMatch(new RegExp(`PushSim/${vendor}: push received messageId=\\S+ invitationID=${inv} kind=${message} app=${APP} state=${state} outcome=${rule.outcome} receivedAt=\\d+`));
          expect(await effectOf(driver, ios, inv)).toBe(expectedEffect(rule.outcome, state, message));
          seen.push(`${state}/${message}: ${rule.outcome}`);
        }
      }
      expect(seen.length).toBe(appStates.reduce((n, s) => n + ruleMessages.filter((m) => ruleFor(vendor, s, m)).length, 0));
    }, 30_000);
  });
}

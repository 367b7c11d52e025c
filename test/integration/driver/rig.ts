import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { remote } from 'webdriverio';
import { controlRequest } from '../../../mocks/control-client.js';
import { loadMockCredentials, startGateways, type RunningGateways } from '../../../mocks/gateways.js';
import { ensurePushSimInstalled, startAppium, type AppiumOptions, type RunningAppium } from '../../../src/appium/server.js';
import { startClouds, type RunningClouds } from '../../../src/cloud/index.js';
import type { ProfileId } from '../../../src/device/profiles.js';
import type { VendorId } from '../../../src/vendors/common/ids.js';
import type { OutgoingPush, SendResult } from '../../../src/vendors/common/push.js';
import { vendors } from '../../../src/vendors/index.js';

export type Browser = WebdriverIO.Browser;
export const ZEGO_BUILD = resolve('fixtures/builds/zego-demo.json');
export const EASEMOB_BUILD = resolve('fixtures/builds/easemob-demo.json');
export const build = (name: string) => resolve(`fixtures/builds/${name}.json`);

export interface Rig {
  readonly appium: RunningAppium;
  readonly gateways: RunningGateways;
  readonly clouds: RunningClouds;
  readonly endpoints: { gateways: RunningGateways['urls']; caFile: string; clouds: RunningClouds['urls'] };
  /** Opens a WebdriverIO session on a PushSim phone. */
  session(profile: ProfileId, options?: { app?: string | null; caps?: Record<string, unknown> }): Promise<Browser>;
  /** Sends a push to the mock gateway through the vendor's real sender. */
  send(vendor: VendorId, push: OutgoingPush): Promise<SendResult>;
  /** The active token the gateway issued for this app on this phone. */
  token(vendor: VendorId, app: string, deviceId: string): Promise<string | undefined>;
  close(): Promise<void>;
}

/** Real Appium (driver built + installed in .appium/), every mock gateway and both clouds on loopback. Once per test file. */
export async function startRig(appiumOptions: AppiumOptions = {}): Promise<Rig> {
  await ensurePushSimInstalled();
  const gateways = await startGateways();
  const clouds = await startClouds({ gateways });
  const appium = await startAppium(appiumOptions);
  const endpoints = { gateways: gateways.urls, caFile: gateways.caFile, clouds: clouds.urls };
  const sessions: Browser[] = [];
  const credentials = loadMockCredentials();
  const ca = readFileSync(gateways.caFile);
  const senders = new Map<VendorId, ReturnType<(typeof vendors)[VendorId]['createSender']>>();
  const url = new URL(appium.url);
  return {
    appium, gateways, clouds, endpoints,
    async session(profile, options = {}) {
      const platformName = profile === 'iphone' ? 'iOS' : 'Android';
      const app = options.app === undefined ? ZEGO_BUILD : options.app;
      const driver = await remote({
        hostname: url.hostname, port: Number(url.port), logLevel: 'error', connectionRetryCount: 0,
        capabilities: { platformName, 'appium:automationName': 'PushSim', 'pushsim:vendor': profile, 'pushlab:endpoints': endpoints, ...(app ? { 'appium:app': app } : {}), ...options.caps } as WebdriverIO.Capabilities,
      });
      sessions.push(driver);
      return driver;
    },
    send(vendor, push) {
      let sender = senders.get(vendor);
      if (!sender) {
        const def = vendors[vendor];
        sender = def.createSender(def.parseCredentials(credentials[vendor]), { baseUrl: gateways.urls[vendor], ca, timeoutMs: 5000 });
        senders.set(vendor, sender);
      }
      return sender.send(push);
    },
    async token(vendor, app, deviceId) {
      const { tokens } = await controlRequest<{ tokens: { token: string; app: string; deviceId: string; state: string }[] }>(gateways.urls[vendor]!, 'GET', 'tokens', undefined, { ca });
      return tokens.find((t) => t.app === app && t.deviceId === deviceId && t.state === 'active')?.token;
    },
    async close() {
      await Promise.all(sessions.map((s) => s.deleteSession().catch(() => undefined)));
      await Promise.all([...senders.values()].map((s) => s.close()));
      await appium.close();
      await clouds.close();
      await gateways.close();
    },
  };
}

/** Reads log entries until one matches (getLogs drains, so earlier entries are kept here). */
export async function waitForLog(driver: Browser, match: (message: string) => boolean, timeoutMs = 3000): Promise<string> {
  const type = (await driver.getLogTypes()).includes('syslog') ? 'syslog' : 'logcat';
  const deadline = Date.now() + timeoutMs;
  const seen = (logsSeen.get(driver) ?? logsSeen.set(driver, []).get(driver)!);
  for (;;) {
    seen.push(...((await driver.getLogs(type)) as { message: string }[]).map((e) => e.message));
    const found = seen.find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no ${type} line matched within ${timeoutMs} ms; last lines:\n${seen.slice(-15).join('\n')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const logsSeen = new WeakMap<Browser, string[]>();

/** `mobile: shell` through the driver. */
export const shell = (driver: Browser, command: string, ...args: string[]) => driver.execute('mobile: shell', { command, args }) as Promise<string>;

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppClient, AppIdentity, ProviderId } from '../cloud/app-client.js';
import { createAppClient } from '../cloud/index.js';
import { diagnose, loadBuild, appIdOf, type BuildDescriptor } from '../device/build.js';
import { loadSelectors } from '../device/selectors.js';
import { CloudRecords } from './cloud-records.js';
import type { DeviceConfig } from './devices.js';
import { DEVICE_CAP, ENDPOINTS_CAP, type PushlabEndpoints } from './endpoints.js';
import { GatewayControl } from './gateway-control.js';
import { Phone } from './phone.js';
import { workerSettings } from './spec-settings.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The demo custom bases the default matrix installs, one per provider. */
export const demoBuilds: Record<ProviderId, string> = {
  zego: resolve(root, 'fixtures/builds/zego-demo.json'),
  easemob: resolve(root, 'fixtures/builds/easemob-demo.json'),
};

/** Everything a spec needs for one phone: the Phone, and per provider a logged-in caller and the cloud's records. */
export interface Harness {
  readonly device: DeviceConfig;
  readonly endpoints: PushlabEndpoints;
  readonly phone: Phone;
  provider(provider: ProviderId, buildPath?: string): Promise<ProviderSide>;
  /**
   * Simulated runs only: moves this phone's mock gateway quota windows a minute on, so scenarios stand
   * a minute apart as they would on a real run and per-minute limits (Meizu folds a 6th message to one
   * device within a minute, code 520 — reference/vendor-gateways.md §8.4) don't carry over. TTLs and
   * token lifetimes keep the real clock.
   */
  spaceOut(): Promise<void>;
  close(): Promise<void>;
}

export interface ProviderSide {
  readonly build: BuildDescriptor;
  readonly buildPath: string;
  readonly caller: AppClient;
  readonly records: CloudRecords;
  readonly callee: string;
  /** The build's own diagnosis for this phone's vendor, if it was packaged wrong for it. */
  readonly buildDiagnosis?: string;
}

/** Identity of a user of a build's provider app on the emulated cloud. */
export function identityFor(build: BuildDescriptor, endpoints: PushlabEndpoints, userID: string): AppIdentity {
  if (build.provider === 'zego') {
    return { provider: 'zego', cloudUrl: build.cloudUrl ?? endpoints.clouds.zego, appID: String(build.zego!.appID), appSign: build.zego!.appSign, userID, userName: userID };
  }
  // assumption: the demo Easemob accounts use the user id as password (fixtures/cloud/easemob.json, open registration)
  return { provider: 'easemob', cloudUrl: build.cloudUrl ?? endpoints.clouds.easemob, appID: build.easemob!.appKey, userID, userName: userID, password: userID };
}

/** Sets up the harness for the session's phone (capabilities `pushlab:device` and `pushlab:endpoints`). */
export async function openHarness(browser: WebdriverIO.Browser): Promise<Harness> {
  const caps = browser.requestedCapabilities as Record<string, unknown>;
  const device = caps[DEVICE_CAP] as DeviceConfig | undefined;
  const endpoints = caps[ENDPOINTS_CAP] as PushlabEndpoints | undefined;
  if (!device || !endpoints) throw new Error(`the session lacks the ${DEVICE_CAP} / ${ENDPOINTS_CAP} capabilities; run specs through \`npm run suite\` (wdio.conf.ts sets them)`);
  const selectors = loadSelectors(workerSettings.selectorsFile)[device.platform];
  const zego = loadBuild(demoBuilds.zego);
  const phone = new Phone(browser, device, selectors, appIdOf(zego, device.platform));
  await phone.estimateClock();
  const callers: AppClient[] = [];
  const gateway = GatewayControl.forVendor(endpoints, device.vendor);
  return {
    device,
    endpoints,
    phone,
    async provider(provider, buildPath = demoBuilds[provider]) {
      const build = loadBuild(buildPath);
      phone.appName = build.appName;
      const caller = createAppClient(identityFor(build, endpoints, `caller-${device.id}`), { timeoutMs: 5000 });
      await caller.connect();
      callers.push(caller);
      const problems = diagnose(build, device.vendor);
      return {
        build, buildPath, caller, callee: `callee-${device.id}`,
        records: new CloudRecords(provider === 'zego' ? endpoints.clouds.zego : endpoints.clouds.easemob),
        ...(problems.length ? { buildDiagnosis: problems.map((p) => p.message).join('; ') } : {}),
      };
    },
    async spaceOut() {
      if (device.simulated) await gateway?.advanceQuotas(61_000);
    },
    async close() { for (const c of callers) c.close(); },
  };
}

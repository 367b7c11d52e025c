import { fileURLToPath } from 'node:url';
import { capabilityFor, type Capability } from './src/harness/capabilities.js';
import { loadDevices, selectDevices } from './src/harness/devices.js';
import { finishRun, prepareRun, type PreparedRun } from './src/harness/launcher.js';
import { settingsFromEnv } from './src/harness/settings.js';

// The config edge: settings come from env (set by `pushlab suite` from its flags), validated once, then passed down.
const root = fileURLToPath(new URL('.', import.meta.url));
const settings = settingsFromEnv(process.env, root);
const devices = selectDevices(loadDevices(settings.devicesFile), settings.deviceIds, settings.tags);
process.env.APPIUM_HOME = settings.appiumHome; // inherited by the Appium server the appium service spawns
let run: PreparedRun | undefined;
const startedAt = performance.now();

const needsLocalAppium = devices.some((d) => !d.real?.appiumUrl);

export const config: WebdriverIO.Config = {
  runner: 'local',
  specs: settings.specs.length ? [...settings.specs] : ['./specs/**/*.spec.ts'],
  maxInstances: settings.maxWorkers,
  capabilities: devices.map((device) => {
    const cap = capabilityFor(device, undefined, root) as WebdriverIO.Capabilities;
    if (!device.real?.appiumUrl) return cap;
    const url = new URL(device.real.appiumUrl);
    return { ...cap, protocol: url.protocol.replace(':', ''), hostname: url.hostname, port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)), path: url.pathname } as WebdriverIO.Capabilities;
  }),
  logLevel: 'warn',
  bail: 0,
  waitforTimeout: 10_000,
  connectionRetryTimeout: 60_000,
  connectionRetryCount: 0,
  // The appium service spots the server's start in its log, so the log level must stay at info or above.
  services: needsLocalAppium ? [['appium', { args: { allowInsecure: '*:adb_shell' }, logPath: settings.reportsDir, appiumStartTimeout: 60_000 }]] : [],
  framework: 'mocha',
  mochaOpts: { ui: 'bdd', timeout: 120_000 },
  reporters: ['spec'],
  onPrepare: async (_config, capabilities) => {
    run = await prepareRun(settings, capabilities as Capability[]);
  },
  onComplete: async () => {
    try {
      await finishRun(settings, devices.map((d) => d.id), startedAt);
    } finally {
      await run?.close();
    }
  },
};

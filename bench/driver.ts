/**
 * PushSim vs Appium's own fake driver on one Appium server: session start (median of 15) and the
 * getPageSource round trip (median / p95 of 200), both through WebdriverIO. Target: PushSim within
 * 1.5× of the fake driver on both.
 *
 *   npx tsx bench/driver.ts [--sessions 15] [--calls 200]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { remote } from 'webdriverio';
import { startGateways } from '../mocks/gateways.js';
import { repoRoot } from '../src/appium/build-driver.js';
import { defaultAppiumHome, ensurePushSimInstalled, startAppium } from '../src/appium/server.js';
import { startClouds } from '../src/cloud/index.js';
import { positiveIntegerOption } from './args.js';

const SESSIONS = positiveIntegerOption('sessions', 15);
const CALLS = positiveIntegerOption('calls', 200);

/** Nearest-rank percentile of a sorted copy. */
function pct(samples: readonly number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(p * s.length) - 1)]!;
}

function ensureFakeDriver(home: string): void {
  const appium = join(repoRoot, 'node_modules/.bin/appium');
  const env = { ...process.env, APPIUM_HOME: home };
  const listed = JSON.parse(execFileSync(appium, ['driver', 'list', '--installed', '--json'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as Record<string, unknown>;
  if (!Object.hasOwn(listed, 'fake')) execFileSync(appium, ['driver', 'install', '--source=local', join(repoRoot, 'node_modules/@appium/fake-driver')], { env, stdio: 'ignore' });
}

/** A fake-driver app about the size of PushSim's login page. */
function fakeApp(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pushlab-bench-')), 'app.xml');
  writeFileSync(file, `<app><title>PushLab Demo</title><MockListView id="content"><MockInputField id="login_user_id" /><MockButton id="login_button">Log in</MockButton><MockWebView><p>Log in to PushLab Demo</p></MockWebView></MockListView></app>`);
  return file;
}

const home = defaultAppiumHome;
await ensurePushSimInstalled(home);
ensureFakeDriver(home);
const gateways = await startGateways();
const clouds = await startClouds({ gateways });
const appium = await startAppium({ home });
const url = new URL(appium.url);
const connection = { hostname: url.hostname, port: Number(url.port), logLevel: 'error' as const, connectionRetryCount: 0 };
const caps = {
  fake: { platformName: 'Fake', 'appium:automationName': 'Fake', 'appium:deviceName': 'Fake', 'appium:app': fakeApp() },
  pushsim: {
    platformName: 'Android', 'appium:automationName': 'PushSim', 'pushsim:vendor': 'xiaomi', 'appium:app': resolve(repoRoot, 'fixtures/builds/zego-demo.json'),
    'pushlab:endpoints': { gateways: gateways.urls, caFile: gateways.caFile, clouds: clouds.urls },
  },
} as const;
type Name = keyof typeof caps;

async function sessionStart(name: Name): Promise<number> {
  const started = performance.now();
  const driver = await remote({ ...connection, capabilities: caps[name] as WebdriverIO.Capabilities });
  const ms = performance.now() - started;
  await driver.deleteSession();
  return ms;
}

async function pageSource(name: Name): Promise<number[]> {
  const driver = await remote({ ...connection, capabilities: caps[name] as WebdriverIO.Capabilities });
  for (let i = 0; i < 10; i++) await driver.getPageSource();
  const samples: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const started = performance.now();
    await driver.getPageSource();
    samples.push(performance.now() - started);
  }
  await driver.deleteSession();
  return samples;
}

try {
  // Warm-up: Appium loads each driver on its first session.
  await sessionStart('fake');
  await sessionStart('pushsim');
  const starts: Record<Name, number[]> = { fake: [], pushsim: [] };
  for (let i = 0; i < SESSIONS; i++) for (const name of ['fake', 'pushsim'] as const) starts[name].push(await sessionStart(name));
  const sources: Record<Name, number[]> = { fake: await pageSource('fake'), pushsim: await pageSource('pushsim') };
  const row = (name: Name) => ({
    driver: name === 'fake' ? '@appium/fake-driver' : 'PushSim (xiaomi, zego-demo, gateways + cloud)',
    'session start median ms': +pct(starts[name], 0.5).toFixed(1),
    'getPageSource median ms': +pct(sources[name], 0.5).toFixed(2),
    'getPageSource p95 ms': +pct(sources[name], 0.95).toFixed(2),
  });
  const ratio = (a: number[], b: number[], p: number) => pct(a, p) / pct(b, p);
  console.table([row('fake'), row('pushsim')]);
  const startRatio = ratio(starts.pushsim, starts.fake, 0.5);
  const sourceRatio = ratio(sources.pushsim, sources.fake, 0.5);
  console.log(`node ${process.versions.node}, ${SESSIONS} session starts and ${CALLS} getPageSource calls per driver, one Appium ${appium.url}`);
  console.log(`PushSim / fake: session start ${startRatio.toFixed(2)}×, getPageSource median ${sourceRatio.toFixed(2)}×, p95 ${ratio(sources.pushsim, sources.fake, 0.95).toFixed(2)}× (target ≤ 1.5× on both medians: ${startRatio <= 1.5 && sourceRatio <= 1.5 ? 'met' : 'NOT met'})`);
} finally {
  await appium.close();
  await clouds.close();
  await gateways.close();
}

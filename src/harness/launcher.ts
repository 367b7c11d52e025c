import { hostname } from 'node:os';
import { startGateways } from '../../mocks/gateways.js';
import { ensurePushSimInstalled } from '../appium/server.js';
import { startClouds } from '../cloud/index.js';
import { writeReports } from '../report/command.js';
import { buildReport } from '../report/schema.js';
import type { Capability } from './capabilities.js';
import { ENDPOINTS_CAP, type PushlabEndpoints } from './endpoints.js';
import { clearSamples, collectSamples } from './samples.js';
import type { SuiteSettings } from './settings.js';

/** What the launcher started for a run, to be closed in onComplete. */
export interface PreparedRun {
  readonly endpoints: PushlabEndpoints;
  close(): Promise<void>;
}

/**
 * The launcher's part of a run (wdio onPrepare): the PushSim driver built and installed in the
 * project's Appium home, mock gateways and emulated clouds on loopback port 0, and their URLs
 * written into every capability as `pushlab:endpoints`.
 */
export async function prepareRun(settings: SuiteSettings, capabilities: Capability[]): Promise<PreparedRun> {
  clearSamples(settings.reportsDir);
  if (capabilities.some((c) => c['appium:automationName'] === 'PushSim')) await ensurePushSimInstalled(settings.appiumHome);
  const gateways = await startGateways();
  const clouds = await startClouds({ gateways: { urls: gateways.urls, caFile: gateways.caFile } }).catch(async (error: unknown) => {
    await gateways.close();
    throw error;
  });
  const endpoints: PushlabEndpoints = { gateways: gateways.urls, caFile: gateways.caFile, credentialsFile: gateways.credentialsFile, clouds: clouds.urls };
  for (const cap of capabilities) cap[ENDPOINTS_CAP] = endpoints;
  process.stdout.write(`pushlab: mock gateways and emulated clouds up (zego ${clouds.urls.zego}, easemob ${clouds.urls.easemob}); ${capabilities.length} device(s)\n`);
  return {
    endpoints,
    close: async () => { await clouds.close(); await gateways.close(); },
  };
}

/** The launcher's last step (wdio onComplete): merge the workers' samples into reports/latency.{json,html} and junit.xml. */
export async function finishRun(settings: SuiteSettings, devices: readonly string[], startedAt: number): Promise<void> {
  const samples = collectSamples(settings.reportsDir);
  const report = buildReport(samples, { command: 'pushlab suite', host: hostname(), devices: [...devices], durationMs: Math.round(performance.now() - startedAt) }, new Date());
  const written = await writeReports(report, settings.reportsDir);
  const passed = samples.filter((s) => s.passed).length;
  process.stdout.write(`pushlab: ${samples.length} samples, ${passed} passed, ${samples.length - passed} failed; reports: ${written.html}, ${written.json}, ${written.junit}\n`);
}

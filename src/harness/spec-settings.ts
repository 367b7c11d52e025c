import { fileURLToPath } from 'node:url';
import type { ScenarioWaits } from './scenario-runner.js';
import { settingsFromEnv } from './settings.js';

/** A worker's settings: the same edge as the launcher's (wdio.conf.ts), read once from the env the launcher passed down. */
export const workerSettings = settingsFromEnv(process.env, fileURLToPath(new URL('../../', import.meta.url)));

/** Where workers write samples: the run's reports directory (`pushlab suite --reports`). */
export const reportsDir = workerSettings.reportsDir;

/**
 * Waits per phone kind. Simulated phones answer in milliseconds, so a quiet second proves "nothing
 * shown"; real phones and real gateways need the minutes a tester would give them.
 */
export function suiteWaits(simulated: boolean): ScenarioWaits {
  return simulated ? { deliverMs: 3000, quietMs: 600, connectMs: 3000 } : { deliverMs: 60_000, quietMs: 30_000, connectMs: 30_000 };
}

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScenarioWaits } from './scenario-runner.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Where workers write samples: the run's reports directory (`pushlab suite --reports`, carried in env by the launcher). */
export const reportsDir = resolve(root, process.env.PUSHLAB_REPORTS_DIR ?? 'reports');

/**
 * Waits per phone kind. Simulated phones answer in milliseconds, so a quiet second proves "nothing
 * shown"; real phones and real gateways need the minutes a tester would give them.
 */
export function suiteWaits(simulated: boolean): ScenarioWaits {
  return simulated ? { deliverMs: 3000, quietMs: 600, connectMs: 3000 } : { deliverMs: 60_000, quietMs: 30_000, connectMs: 30_000 };
}

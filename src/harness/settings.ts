import { cpus } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** Everything a suite run is configured by: defaults → devices.json → CLI (carried in env by `pushlab suite`) → env. */
export interface SuiteSettings {
  readonly root: string;
  readonly devicesFile: string;
  readonly deviceIds: readonly string[];
  readonly tags: readonly string[];
  readonly reportsDir: string;
  readonly appiumHome: string;
  readonly maxWorkers: number;
  /** Only these spec files (paths relative to the root); all of specs/ when empty. */
  readonly specs: readonly string[];
  /** A JSON file of selector overrides for the user's own app (keys: src/device/selectors.ts). */
  readonly selectorsFile?: string;
}

const list = (value: string | undefined) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/** Reads the run's settings at the config edge (wdio.conf.ts); nothing below reads the environment. */
export function settingsFromEnv(env: Readonly<Record<string, string | undefined>>, root: string): SuiteSettings {
  const at = (p: string) => (isAbsolute(p) ? p : resolve(root, p));
  const workers = env.PUSHLAB_MAX_WORKERS ? Number(env.PUSHLAB_MAX_WORKERS) : Math.max(1, Math.min(4, cpus().length));
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`PUSHLAB_MAX_WORKERS must be a positive integer (got "${env.PUSHLAB_MAX_WORKERS}")`);
  return Object.freeze({
    root,
    devicesFile: at(env.PUSHLAB_DEVICES_FILE ?? 'devices.json'),
    deviceIds: list(env.PUSHLAB_DEVICES),
    tags: list(env.PUSHLAB_TAGS),
    reportsDir: at(env.PUSHLAB_REPORTS_DIR ?? 'reports'),
    appiumHome: at(env.APPIUM_HOME ?? join(root, '.appium')),
    maxWorkers: workers,
    specs: list(env.PUSHLAB_SPECS).map(at),
    ...(env.PUSHLAB_SELECTORS ? { selectorsFile: at(env.PUSHLAB_SELECTORS) } : {}),
  });
}

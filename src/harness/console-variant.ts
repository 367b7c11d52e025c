import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EasemobConsole } from '../cloud/easemob/console.js';
import { loadEasemobConsole } from '../cloud/easemob/console.js';
import { startClouds } from '../cloud/index.js';
import { loadBuild } from '../device/build.js';
import { CloudRecords } from './cloud-records.js';
import type { PushlabEndpoints } from './endpoints.js';

/** A second emulated Easemob cloud with a changed console, and a copy of a build pointed at it. */
export interface EasemobConsoleVariant {
  readonly cloudUrl: string;
  /** The build descriptor to install: the base build with `cloudUrl` set to this cloud. */
  readonly buildPath: string;
  readonly records: CloudRecords;
  close(): Promise<void>;
}

/**
 * Starts an emulated Easemob cloud whose console differs from the fixture's (e.g. the other
 * multi-device policy), pushing through the run's mock gateways, and writes a copy of `baseBuild`
 * that talks to it (a build's `cloudUrl`, as a custom base packaged against another app would).
 * The run's own clouds are started once by the launcher with the fixture consoles and cannot swap
 * a console while running, so a console setting is varied with a cloud of its own.
 *
 * Simulated phones only: a real custom base's cloud is fixed when it is packaged.
 */
export async function startEasemobConsoleVariant(endpoints: PushlabEndpoints, baseBuild: string, change: Partial<EasemobConsole>): Promise<EasemobConsoleVariant> {
  const changed = { ...loadEasemobConsole(), ...change };
  const clouds = await startClouds({
    gateways: { urls: endpoints.gateways, caFile: endpoints.caFile, credentialsFile: endpoints.credentialsFile },
    consoles: { easemob: changed },
  });
  const dir = mkdtempSync(join(tmpdir(), 'pushlab-console-variant-'));
  const { file: _file, ...build } = loadBuild(baseBuild);
  const buildPath = join(dir, 'easemob-build.json');
  writeFileSync(buildPath, JSON.stringify({ ...build, cloudUrl: clouds.urls.easemob, description: `${build.appName} against an emulated Easemob console with ${JSON.stringify(change)}` }, null, 2));
  return {
    cloudUrl: clouds.urls.easemob,
    buildPath,
    records: new CloudRecords(clouds.urls.easemob),
    close: async () => {
      await clouds.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

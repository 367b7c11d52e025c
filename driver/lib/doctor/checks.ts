import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppiumLogger, DoctorCheckResult, IDoctorCheck } from '@appium/types';
import { doctor } from 'appium/support.js';

/** driver/ (this file is driver/lib/doctor/checks.ts; the bundle keeps that URL). */
const driverDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

abstract class Check implements IDoctorCheck {
  log!: AppiumLogger;
  abstract diagnose(): Promise<DoctorCheckResult>;
  abstract fix(): Promise<string>;
  hasAutofix(): boolean { return false; }
  isOptional(): boolean { return false; }
}

/** Node ≥ 20.20: webdriverio 9 and Appium 3 need it (appium-notes.md). */
class NodeVersionCheck extends Check {
  async diagnose(): Promise<DoctorCheckResult> {
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    return major > 20 || (major === 20 && minor >= 20) ? doctor.ok(`Node ${process.versions.node}`) : doctor.nok(`Node ${process.versions.node} is older than 20.20`);
  }
  async fix(): Promise<string> { return 'Install Node 20.20 or newer and run Appium with it.'; }
}

/** The packages the bundled driver imports resolve from the repository's node_modules (the driver runs from its symlinked folder). */
class DependenciesCheck extends Check {
  static readonly packages = ['ws', 'xpath', '@xmldom/xmldom', 'ajv', 'debug'];
  async diagnose(): Promise<DoctorCheckResult> {
    const require = createRequire(join(driverDir, 'package.json'));
    const missing = DependenciesCheck.packages.filter((name) => { try { require.resolve(name); return false; } catch { return true; } });
    return missing.length ? doctor.nok(`cannot resolve ${missing.join(', ')} from ${driverDir}`) : doctor.ok(`${DependenciesCheck.packages.join(', ')} resolve from the repository`);
  }
  async fix(): Promise<string> { return `Run \`npm install\` in the pushlab repository (${resolve(driverDir, '..')}); the driver must be installed with --source=local from there.`; }
}

/** The bundle in driver/build is newer than every source it was built from (driver/lib and the src/ it imports). */
class BuildCurrentCheck extends Check {
  async diagnose(): Promise<DoctorCheckResult> {
    let built: number;
    let inputs: string[];
    try {
      built = statSync(join(driverDir, 'build/index.js')).mtimeMs;
      inputs = Object.keys((JSON.parse(readFileSync(join(driverDir, 'build/meta.json'), 'utf8')) as { inputs: Record<string, unknown> }).inputs);
    } catch {
      return doctor.nok('driver/build/index.js or its meta.json is missing');
    }
    const root = resolve(driverDir, '..');
    const newer = inputs.filter((f) => { try { return statSync(resolve(root, f)).mtimeMs > built; } catch { return true; } });
    return newer.length ? doctor.nok(`driver/build is older than ${newer.length} of its sources, e.g. ${newer[0]}`) : doctor.ok(`driver/build is current with its ${inputs.length} sources`);
  }
  async fix(): Promise<string> { return 'Run `npx pushlab appium` (it rebuilds the driver when stale), then restart Appium: it loads drivers once at start.'; }
}

export const nodeVersion = new NodeVersionCheck();
export const dependencies = new DependenciesCheck();
export const buildCurrent = new BuildCurrentCheck();

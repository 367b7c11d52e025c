import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { loadDevices, selectDevices } from '../harness/devices.js';
import { compare } from '../report/baseline.js';
import { parseLatencyReport } from '../report/schema.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`a positive whole number (got "${value}")`);
  return n;
}

/** `pushlab suite`: the WebdriverIO suite over devices.json, then the latency report (and baseline gate). */
export function suiteCommand(): Command {
  return new Command('suite')
    .description('run the WebdriverIO suite over the device matrix and write reports/latency.{json,html} and reports/junit.xml')
    .option('--device <id>', 'only this device (repeatable or comma-separated); disabled devices run when named', collect)
    .option('--tag <tag>', 'only enabled devices with this tag (repeatable)', collect)
    .option('--devices <file>', 'the device matrix', 'devices.json')
    .option('--spec <file>', 'only this spec file (repeatable)', collect)
    .option('--reports <dir>', 'where reports go', 'reports')
    .option('--selectors <file>', "JSON selector overrides for your own app (keys: src/device/selectors.ts)")
    .option('--max-workers <n>', 'parallel sessions (default: cores, at most 4)', positiveInt)
    .option('--baseline <latency.json>', 'compare with an earlier run and fail on regressions')
    .option('--max-regression <pct>', 'allowed p95 / delivery-rate regression against the baseline, in %', '10')
    .action(async (options: { device?: string[]; tag?: string[]; devices: string; spec?: string[]; reports: string; selectors?: string; maxWorkers?: number; baseline?: string; maxRegression: string }) => {
      // Validate the matrix and the selection here, once, so a bad devices.json is one clear line, not wdio's config dump.
      selectDevices(loadDevices(resolve(root, options.devices)), options.device, options.tag);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PUSHLAB_DEVICES: options.device?.join(','),
        PUSHLAB_TAGS: options.tag?.join(','),
        PUSHLAB_DEVICES_FILE: options.devices,
        PUSHLAB_SPECS: options.spec?.join(','),
        PUSHLAB_REPORTS_DIR: options.reports,
        ...(options.selectors ? { PUSHLAB_SELECTORS: options.selectors } : {}),
        ...(options.maxWorkers ? { PUSHLAB_MAX_WORKERS: String(options.maxWorkers) } : {}),
      };
      // @wdio/cli exports no bin path; its entry sits in build/, the bin beside it.
      const wdio = join(dirname(createRequire(import.meta.url).resolve('@wdio/cli')), '..', 'bin', 'wdio.js');
      const code = await new Promise<number>((done) => {
        const child = spawn(process.execPath, [wdio, 'run', join(root, 'wdio.conf.ts')], { cwd: root, env, stdio: 'inherit' });
        child.on('exit', (status, signal) => done(status ?? (signal ? 1 : 0)));
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => child.kill(signal));
      });
      let exitCode = code;
      const latencyFile = resolve(root, options.reports, 'latency.json');
      if (options.baseline && existsSync(latencyFile)) {
        const current = parseLatencyReport(JSON.parse(readFileSync(latencyFile, 'utf8')), latencyFile);
        const baseline = parseLatencyReport(JSON.parse(readFileSync(resolve(options.baseline), 'utf8')), options.baseline);
        const result = compare(current, baseline, Number(options.maxRegression));
        for (const r of result.regressions) process.stderr.write(`regression: ${r.message}\n`);
        if (result.regressions.length) exitCode = exitCode || 1;
      }
      process.exitCode = exitCode;
    });
}

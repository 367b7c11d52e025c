import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

/** The repository root (this file is src/appium/build-driver.ts). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const driverDir = join(repoRoot, 'driver');
export const driverEntry = join(driverDir, 'build/index.js');
const metaFile = join(driverDir, 'build/meta.json');

/** The driver's entry points: the main module and the doctor checks its package.json names. */
const entryPoints = {
  index: join(driverDir, 'lib/index.ts'),
  'doctor/checks': join(driverDir, 'lib/doctor/checks.ts'),
};

/**
 * Keeps `import.meta.url` meaning the original source file once bundled, so paths like
 * `new URL('../../fixtures/…', import.meta.url)` in src/ still resolve.
 */
const keepImportMetaUrl: Plugin = {
  name: 'keep-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

/** Why the build must be redone, or undefined when it is current: missing, or a source newer than the build. */
export function staleReason(): string | undefined {
  if (!existsSync(driverEntry) || !existsSync(metaFile)) return `${driverEntry} is missing`;
  const builtAt = statSync(driverEntry).mtimeMs;
  let inputs: string[];
  try {
    inputs = Object.keys((JSON.parse(readFileSync(metaFile, 'utf8')) as { inputs: Record<string, unknown> }).inputs);
  } catch {
    return `${metaFile} is unreadable`;
  }
  for (const input of [...inputs, join(driverDir, 'package.json')]) {
    const path = resolve(repoRoot, input);
    if (!existsSync(path)) return `${input} (a source of the last build) is gone`;
    if (statSync(path).mtimeMs > builtAt) return `${input} changed since the last build`;
  }
  return undefined;
}

/**
 * Bundles driver/lib (and the src/ code it imports) into driver/build with esbuild when the build is
 * missing or stale. Packages stay external: the installed driver runs from the repository (Appium
 * links `--source=local` installs), so Node finds them in the repository's node_modules.
 * @returns what was done, for logs.
 */
export async function buildDriver(options: { force?: boolean } = {}): Promise<{ built: boolean; reason?: string; ms: number }> {
  const started = performance.now();
  const reason = options.force ? 'forced' : staleReason();
  if (!reason) return { built: false, ms: performance.now() - started };
  const result = await build({
    entryPoints,
    outdir: join(driverDir, 'build'),
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'silent',
    plugins: [keepImportMetaUrl],
    banner: { js: '// Built by src/appium/build-driver.ts from driver/lib and src/ — do not edit.' },
  }).catch((error: Error) => {
    throw new Error(`building the PushSim driver failed: ${error.message}. Fix the TypeScript in driver/lib or src/device and run again.`, { cause: error });
  });
  await writeFile(metaFile, JSON.stringify({ inputs: result.metafile.inputs }));
  return { built: true, reason, ms: performance.now() - started };
}

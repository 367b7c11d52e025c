import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildDriver, driverDir, repoRoot } from './build-driver.js';

/** The project's Appium home (git-ignored): drivers installed for pushlab live here, not in ~/.appium. */
export const defaultAppiumHome = join(repoRoot, '.appium');
const appiumBin = join(repoRoot, 'node_modules/.bin/appium');

function run(args: string[], home: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(appiumBin, args, { env: { ...process.env, APPIUM_HOME: home }, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`\`appium ${args.join(' ')}\` (APPIUM_HOME=${home}) failed: ${error.message}\n${stderr.slice(-2000)}`, { cause: error }));
      else resolve(stdout);
    });
  });
}

/** A cross-process lock (a directory), so parallel test files do not install into one Appium home at once. */
async function withLock<T>(home: string, work: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const lock = join(home, '.pushlab-install.lock');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock older than the timeout was left by a killed process.
      try { if (Date.now() - statSync(lock).mtimeMs > timeoutMs) rmSync(lock, { recursive: true, force: true }); } catch { /* gone meanwhile */ }
      if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${lock}; remove it if no pushlab process is installing`);
      await sleep(100);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Builds the PushSim driver when stale and installs it into the Appium home with
 * `appium driver install --source=local <repo>/driver` when `appium driver list --installed --json`
 * lacks it. The install is a symlink, so later rebuilds are live (after an Appium restart).
 */
export async function ensurePushSimInstalled(appiumHome: string = defaultAppiumHome): Promise<{ installed: boolean; built: boolean }> {
  mkdirSync(appiumHome, { recursive: true });
  return withLock(appiumHome, async () => {
    const { built } = await buildDriver();
    const listed = JSON.parse(await run(['driver', 'list', '--installed', '--json'], appiumHome, 60_000)) as Record<string, unknown>;
    if (Object.hasOwn(listed, 'pushsim')) return { installed: false, built };
    await run(['driver', 'install', '--source=local', driverDir], appiumHome, 120_000);
    return { installed: true, built };
  });
}

/** A free TCP port on 127.0.0.1 (Appium takes no port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface AppiumOptions {
  /** TCP port; a free one when absent or 0. */
  readonly port?: number;
  readonly home?: string;
  readonly host?: string;
  /** `--relaxed-security` instead of only `--allow-insecure=*:adb_shell`. */
  readonly relaxedSecurity?: boolean;
  /** Insecure features to allow (default `['*:adb_shell']`, which `mobile: shell` needs); [] allows none. */
  readonly allowInsecure?: readonly string[];
  /** Extra server arguments, e.g. ['--log-level', 'debug']. */
  readonly args?: readonly string[];
  /** How long to wait for GET /status (default 30 s). */
  readonly startTimeoutMs?: number;
}

export interface RunningAppium {
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s). Idempotent. */
  close(): Promise<void>;
}

function security(options: AppiumOptions): string[] {
  if (options.relaxedSecurity) return ['--relaxed-security'];
  const allowed = options.allowInsecure ?? ['*:adb_shell'];
  return allowed.length ? ['--allow-insecure', allowed.join(',')] : [];
}

/**
 * Starts a real Appium server with the project's home, `mobile: shell` allowed
 * (`--allow-insecure=*:adb_shell`, or `--relaxed-security`), and waits for `/status`.
 */
export async function startAppium(options: AppiumOptions = {}): Promise<RunningAppium> {
  const home = options.home ?? defaultAppiumHome;
  const host = options.host ?? '127.0.0.1';
  const port = options.port || (await freePort());
  const args = ['server', '--address', host, '--port', String(port), '--log-level', 'warn', '--log-no-colors',
    ...security(options), ...(options.args ?? [])];
  const child = spawn(appiumBin, args, { env: { ...process.env, APPIUM_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-4000); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: number | null | undefined;
  child.once('exit', (code) => { exited = code; });
  const url = `http://${host}:${port}`;
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= new Promise<void>((resolve) => {
    if (exited !== undefined) { resolve(); return; }
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => { clearTimeout(kill); resolve(); });
    child.kill('SIGTERM');
  }));
  for (;;) {
    if (exited !== undefined) throw new Error(`Appium exited with code ${exited} before answering ${url}/status (APPIUM_HOME=${home}). Its output:\n${output}`);
    try {
      const res = await fetch(`${url}/status`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      await close();
      throw new Error(`Appium did not answer GET ${url}/status within ${timeoutMs} ms (APPIUM_HOME=${home}); is port ${port} taken? Its output:\n${output}`);
    }
    await sleep(100);
  }
  child.stdout!.off('data', keep);
  child.stdout!.resume();
  return { url, port, process: child, close };
}

/**
 * Throughput of the APNs mock against a bare node:http2 TLS server that answers 200 and does nothing else.
 * Each server runs in its own child process; h2load (Debian `nghttp2-client`) drives each with the same
 * settings, alternating runs, and the medians' ratio says what the mock's checks and recording cost.
 *
 * A third server, the "floor", does only what any APNs-faithful server must: read the body, parse it as JSON and
 * answer 200 with a fresh `apns-id`. It splits the mock's cost into what the wire format demands and what the mock
 * adds (authentication, validation, the token registry, storage, recording).
 *
 *   npx tsx bench/apns-h2.ts [--runs 9] [--requests 20000] [--clients 4] [--streams 16] [--no-pin] [--cpu-prof <dir>]
 *
 * With `taskset` and two or more CPUs the servers run on CPU 1 and h2load on CPU 0 (`--no-pin` turns that off), so
 * the load tool and the server under test do not take turns on one core.
 * `--cpu-prof <dir>` writes V8 CPU profiles of the servers' processes to `<dir>/<server>` (open them in Chrome
 * DevTools), so the mock's per-request work can be set against the floor function by function.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createPrivateKey, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadServerTls } from '../mocks/tls.js';
import { median, positiveIntegerOption as option } from './args.js';
// Everything else is imported where it is used, so the bare server's process loads node:http2 and the TLS files only:
// the mock's modules change how V8 optimises node:http2 itself (see httpDate in mocks/http2-server.ts).

/** fixtures/mock-credentials.json `apns` (read here rather than through mocks/gateways.ts, which loads every vendor). */
const credentials = JSON.parse(readFileSync(new URL('../fixtures/mock-credentials.json', import.meta.url), 'utf8')).apns as { teamId: string; keyId: string; key: string; bundleId: string };
const roles = ['serve-mock', 'serve-bare', 'serve-floor'] as const;
type Role = (typeof roles)[number];

/** Child roles: start one server, print `{"url"}` on the first stdout line, serve until SIGTERM. */
const serverRoles = {
  /** The APNs mock gateway exactly as `pushlab gateways` starts it. */
  'serve-mock': async () => {
    const [{ startGateway }, { apns }] = await Promise.all([import('../mocks/gateway.js'), import('../src/vendors/apns/index.js')]);
    return (await startGateway(apns, credentials)).server.url;
  },
  /** The floor: TLS + HTTP/2 from node:http2 with the same certificate, 200 and an empty body. */
  'serve-bare': async () => {
    const server = http2.createSecureServer(loadServerTls());
    server.on('stream', (stream) => {
      stream.resume();
      stream.respond({ ':status': 200 });
      stream.end();
    });
    return listenOnLoopback(server);
  },
  /** What any APNs-faithful server does at the least: read the body, parse it, answer 200 with a fresh apns-id (never indexed, as the mock sends it). */
  'serve-floor': async () => {
    const server = http2.createSecureServer(loadServerTls());
    server.on('stream', (stream) => {
      const chunks: Buffer[] = [];
      stream.on('error', () => stream.destroy());
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
        stream.respond({ ':status': 200, 'apns-id': randomUUID(), [http2.sensitiveHeaders]: ['apns-id'] } as http2.OutgoingHttpHeaders, { endStream: true });
      });
    });
    return listenOnLoopback(server);
  },
} satisfies Record<Role, () => Promise<string>>;

async function listenOnLoopback(server: http2.Http2SecureServer): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** `taskset -c <cpu>` before a command when pinning, nothing otherwise. */
function onCpu(pin: boolean, cpu: number, command: string, args: readonly string[]): [string, string[]] {
  return pin ? ['taskset', ['-c', String(cpu), command, ...args]] : [command, [...args]];
}

async function startChild(role: Role, pin: boolean, profileDir?: string): Promise<{ url: string; child: ChildProcess }> {
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(...onCpu(pin, 1, process.execPath, [...process.execArgv, ...profile, fileURLToPath(import.meta.url), role]), { stdio: ['ignore', 'pipe', 'inherit'] });
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code} before printing its URL`)));
  });
  return { url: (JSON.parse(firstLine) as { url: string }).url, child };
}

interface Run { reqPerSec: number; succeeded: number; total: number; status2xx: number }

async function h2load(url: string, args: readonly string[], pin: boolean): Promise<Run> {
  const { stdout } = await promisify(execFile)(...onCpu(pin, 0, 'h2load', [...args, url]), { maxBuffer: 16 * 1024 * 1024 });
  const reqPerSec = Number(/finished in [\d.]+\w+, ([\d.]+) req\/s/.exec(stdout)?.[1]);
  const requests = /requests: (\d+) total, \d+ started, \d+ done, (\d+) succeeded/.exec(stdout);
  const status2xx = Number(/status codes: (\d+) 2xx/.exec(stdout)?.[1]);
  if (!Number.isFinite(reqPerSec) || !requests) throw new Error(`could not read h2load's output:\n${stdout}`);
  return { reqPerSec, total: Number(requests[1]), succeeded: Number(requests[2]), status2xx };
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const [{ SignJWT }, { controlRequest }] = await Promise.all([import('jose'), import('../mocks/control-client.js')]);
  const runs = option('runs', 9);
  const n = option('requests', 20000);
  const c = option('clients', 4);
  const m = option('streams', 16);
  const profileAt = process.argv.indexOf('--cpu-prof');
  const profileDir = profileAt >= 0 ? process.argv[profileAt + 1] : undefined;
  const pin = !process.argv.includes('--no-pin') && availableParallelism() >= 2 && hasTaskset();
  const names = ['bare', 'floor', 'mock'] as const;
  const ca = readFileSync(fileURLToPath(new URL('../fixtures/tls/ca.pem', import.meta.url)));
  const dir = mkdtempSync(join(tmpdir(), 'pushlab-bench-'));
  const started = await Promise.all(names.map((name) => startChild(`serve-${name}`, pin, profileDir && join(profileDir, name))));
  const servers = Object.fromEntries(names.map((name, i) => [name, started[i]!])) as Record<(typeof names)[number], { url: string; child: ChildProcess }>;
  try {
    // one device token, registered through the mock's control API (the other servers take any path); one provider JWT, reused like a real provider does
    const token = (await controlRequest<{ token: string }>(servers.mock.url, 'POST', 'tokens', { app: credentials.bundleId }, { ca })).token;
    const jwt = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: credentials.keyId }).setIssuer(credentials.teamId)
      .setIssuedAt(Math.floor(Date.now() / 1000)).sign(createPrivateKey(credentials.key));
    const payloadFile = join(dir, 'alert.json');
    writeFileSync(payloadFile, JSON.stringify({ aps: { alert: { title: 'Incoming video call', body: 'Alice is calling' }, sound: 'default' }, callID: 'bench-call', inviter: 'alice' }));
    const args = ['-n', String(n), '-c', String(c), '-m', String(m), '-d', payloadFile,
      '-H', `authorization: bearer ${jwt}`, '-H', `apns-topic: ${credentials.bundleId}`, '-H', 'apns-push-type: alert'];
    const shown = args.map((a) => (a.includes(' ') ? `'${a.replace(/bearer \S+/, 'bearer <jwt>')}'` : a)).join(' ');
    console.log(`h2load: ${n} requests, ${c} connections × ${m} streams; ${runs} runs per server, alternating, after one ${n}-request warm-up each`);
    console.log(`command: ${pin ? 'taskset -c 0 ' : ''}h2load ${shown} https://127.0.0.1:<port>/3/device/<token>`);
    console.log(pin ? 'servers on CPU 1 (taskset), h2load on CPU 0' : 'not pinned to CPUs');

    // warm-up: JIT, TLS sessions, and the mock's 2 000-entry recording rings filled, so runs measure the steady state
    const run = async (name: (typeof names)[number]) => {
      const result = await h2load(`${servers[name].url}/3/device/${token}`, args, pin);
      if (result.succeeded !== result.total || result.status2xx !== result.total) throw new Error(`${name}: ${result.succeeded}/${result.total} succeeded, ${result.status2xx} answered 2xx — the mock refused requests; check the token and JWT`);
      return result.reqPerSec;
    };
    for (const name of names) await run(name);
    const results = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<(typeof names)[number], number[]>;
    for (let i = 0; i < runs; i++) {
      for (const name of names) {
        results[name].push(await run(name));
        console.log(`run ${i + 1} ${name.padEnd(6)} ${results[name].at(-1)!.toFixed(0).padStart(7)} req/s`);
      }
    }
    const med = Object.fromEntries(names.map((name) => [name, median(results[name])])) as Record<(typeof names)[number], number>;
    const paired = (over: 'bare' | 'floor') => median(results.mock.map((mock, i) => mock / results[over][i]!)).toFixed(2);
    for (const name of names) {
      const spread = `${Math.min(...results[name]).toFixed(0)} – ${Math.max(...results[name]).toFixed(0)}`;
      console.log(`median ${name.padEnd(6)} ${med[name].toFixed(0).padStart(7)} req/s  (${spread})${name === 'bare' ? '' : `  ${name}/bare ${(med[name] / med.bare).toFixed(2)}`}${name === 'mock' ? ` (target ≥ 0.80), mock/floor ${(med.mock / med.floor).toFixed(2)}` : ''}`);
    }
    // Runs on a shared machine swing by a fifth from one to the next; a ratio per round (each mock run over the runs
    // just before it) cancels what the neighbours do to all three alike, so its median is the steadier figure.
    console.log(`median of the per-round ratios: mock/bare ${paired('bare')}, mock/floor ${paired('floor')}`);
  } finally {
    await Promise.all(names.map((name) => {
      const { child } = servers[name];
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      return exited;
    }));
    rmSync(dir, { recursive: true, force: true });
  }
}

const role = process.argv[2];
if ((roles as readonly string[]).includes(role ?? '')) {
  process.on('SIGTERM', () => process.exit(0)); // exit cleanly, so `--cpu-prof` can write its profile
  console.log(JSON.stringify({ url: await serverRoles[role as Role]() }));
} else {
  await main();
}

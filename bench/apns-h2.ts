/**
 * Throughput of the APNs mock against a bare node:http2 TLS server that answers 200 and does nothing else.
 * Each server runs in its own child process; h2load (Debian `nghttp2-client`) drives each with the same
 * settings, alternating runs, and the medians' ratio says what the mock's checks and recording cost.
 *
 *   npx tsx bench/apns-h2.ts [--runs 5] [--requests 20000] [--clients 4] [--streams 16] [--cpu-prof <dir>]
 *
 * `--cpu-prof <dir>` writes V8 CPU profiles of both servers' processes to `<dir>/mock` and `<dir>/bare` (open them in
 * Chrome DevTools), so the mock's per-request work can be set against the floor function by function.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadServerTls } from '../mocks/tls.js';
// Everything else is imported where it is used, so the bare server's process loads node:http2 and the TLS files only:
// the mock's modules change how V8 optimises node:http2 itself (see httpDate in mocks/http2-server.ts).

/** fixtures/mock-credentials.json `apns` (read here rather than through mocks/gateways.ts, which loads every vendor). */
const credentials = JSON.parse(readFileSync(new URL('../fixtures/mock-credentials.json', import.meta.url), 'utf8')).apns as { teamId: string; keyId: string; key: string; bundleId: string };
const roles = ['serve-mock', 'serve-bare'] as const;
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
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  },
} satisfies Record<Role, () => Promise<string>>;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer (got ${process.argv[i + 1]})`);
  return value;
}

async function startChild(role: Role, profileDir?: string): Promise<{ url: string; child: ChildProcess }> {
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...process.execArgv, ...profile, fileURLToPath(import.meta.url), role], { stdio: ['ignore', 'pipe', 'inherit'] });
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code} before printing its URL`)));
  });
  return { url: (JSON.parse(firstLine) as { url: string }).url, child };
}

interface Run { reqPerSec: number; succeeded: number; total: number; status2xx: number }

async function h2load(url: string, args: readonly string[]): Promise<Run> {
  const { stdout } = await promisify(execFile)('h2load', [...args, url], { maxBuffer: 16 * 1024 * 1024 });
  const reqPerSec = Number(/finished in [\d.]+\w+, ([\d.]+) req\/s/.exec(stdout)?.[1]);
  const requests = /requests: (\d+) total, \d+ started, \d+ done, (\d+) succeeded/.exec(stdout);
  const status2xx = Number(/status codes: (\d+) 2xx/.exec(stdout)?.[1]);
  if (!Number.isFinite(reqPerSec) || !requests) throw new Error(`could not read h2load's output:\n${stdout}`);
  return { reqPerSec, total: Number(requests[1]), succeeded: Number(requests[2]), status2xx };
}

const median = (xs: readonly number[]) => { const s = [...xs].sort((a, b) => a - b); const m = Math.floor(s.length / 2); return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2; };

async function main(): Promise<void> {
  const [{ SignJWT }, { controlRequest }] = await Promise.all([import('jose'), import('../mocks/control-client.js')]);
  const runs = option('runs', 5);
  const n = option('requests', 20000);
  const c = option('clients', 4);
  const m = option('streams', 16);
  const profileAt = process.argv.indexOf('--cpu-prof');
  const profileDir = profileAt >= 0 ? process.argv[profileAt + 1] : undefined;
  const names = ['bare', 'mock'] as const;
  const ca = readFileSync(fileURLToPath(new URL('../fixtures/tls/ca.pem', import.meta.url)));
  const dir = mkdtempSync(join(tmpdir(), 'pushlab-bench-'));
  const started = await Promise.all(names.map((name) => startChild(`serve-${name}`, profileDir && join(profileDir, name))));
  const servers = Object.fromEntries(names.map((name, i) => [name, started[i]!])) as Record<(typeof names)[number], { url: string; child: ChildProcess }>;
  try {
    // one device token per mock, registered through the control API; one provider JWT, reused like a real provider does
    const tokens: Record<string, string> = {};
    for (const name of names) if (name !== 'bare') tokens[name] = (await controlRequest<{ token: string }>(servers[name].url, 'POST', 'tokens', { app: credentials.bundleId }, { ca })).token;
    tokens.bare = tokens.mock!;
    const jwt = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: credentials.keyId }).setIssuer(credentials.teamId)
      .setIssuedAt(Math.floor(Date.now() / 1000)).sign(createPrivateKey(credentials.key));
    const payloadFile = join(dir, 'alert.json');
    writeFileSync(payloadFile, JSON.stringify({ aps: { alert: { title: 'Incoming video call', body: 'Alice is calling' }, sound: 'default' }, callID: 'bench-call', inviter: 'alice' }));
    const args = ['-c', String(c), '-m', String(m), '-d', payloadFile,
      '-H', `authorization: bearer ${jwt}`, '-H', `apns-topic: ${credentials.bundleId}`, '-H', 'apns-push-type: alert'];
    const shown = ['-n', String(n), ...args].map((a) => (a.includes(' ') ? `'${a.replace(/bearer \S+/, 'bearer <jwt>')}'` : a)).join(' ');
    console.log(`h2load: ${n} requests, ${c} connections × ${m} streams; ${runs} runs per server, alternating, after one ${n}-request warm-up each`);
    console.log(`command: h2load ${shown} https://127.0.0.1:<port>/3/device/<token>`);

    // warm-up: JIT, TLS sessions, and the mock's 10 000-entry recording rings filled, so runs measure the steady state
    for (const name of names) await h2load(`${servers[name].url}/3/device/${tokens[name]}`, ['-n', String(n), ...args]);
    const results = Object.fromEntries(names.map((name) => [name, [] as number[]]));
    for (let i = 0; i < runs; i++) {
      for (const name of names) {
        const run = await h2load(`${servers[name].url}/3/device/${tokens[name]}`, ['-n', String(n), ...args]);
        if (run.succeeded !== run.total || run.status2xx !== run.total) throw new Error(`${name} run ${i + 1}: ${run.succeeded}/${run.total} succeeded, ${run.status2xx} answered 2xx — the mock refused requests; check the token and JWT`);
        results[name]!.push(run.reqPerSec);
        console.log(`run ${i + 1} ${name.padEnd(18)} ${run.reqPerSec.toFixed(0).padStart(7)} req/s`);
      }
    }
    const bare = median(results.bare!);
    for (const name of names) {
      const med = median(results[name]!);
      console.log(`median ${name.padEnd(18)} ${med.toFixed(0).padStart(7)} req/s${name === 'bare' ? '' : `  ${name}/bare ${(med / bare).toFixed(2)}${name === 'mock' ? ' (target ≥ 0.80)' : ''}`}`);
    }
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

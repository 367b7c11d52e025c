/**
 * Where an APNs mock request's CPU time goes, in process (no sockets): the whole `dispatch()` as shipped,
 * the APNs route handler alone, and each engine step that `dispatch()` and the HTTP/2 transport run per
 * request. Companion to bench/apns-h2.ts, which measures the same mock end to end with h2load.
 *
 *   npx tsx bench/apns-dispatch.ts [--requests 40000]
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignJWT } from 'jose';
import { lowerHeaders } from '../mocks/http-server.js';
import { apnsMock } from '../src/vendors/apns/handlers.js';
import { dispatch } from '../src/vendors/common/dispatch.js';
import { GatewayState } from '../src/vendors/common/gateway-state.js';
import { redact, redactHeaders } from '../src/vendors/common/redact.js';
import type { RouteContext } from '../src/vendors/common/route.js';
import type { WireRequest } from '../src/vendors/common/wire.js';

const credentials = JSON.parse(readFileSync(new URL('../fixtures/mock-credentials.json', import.meta.url), 'utf8')).apns as { teamId: string; keyId: string; key: string; bundleId: string };
const at = process.argv.indexOf('--requests');
const N = at >= 0 ? Number(process.argv[at + 1]) : 40_000;
if (!Number.isInteger(N) || N <= 0) throw new Error('--requests must be a positive integer');

const jwt = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: credentials.keyId }).setIssuer(credentials.teamId)
  .setIssuedAt(Math.floor(Date.now() / 1000)).sign(createPrivateKey(credentials.key));
const body = Buffer.from(JSON.stringify({ aps: { alert: { title: 'Incoming video call', body: 'Alice is calling' }, sound: 'default' }, callID: 'bench-call', inviter: 'alice' }));

/** A gateway with one registered (offline) token and the h2load request for it, headers as node:http2 hands them over. */
function setup(options: { maxRecorded?: number } = {}) {
  const gw = new GatewayState('apns', credentials, () => apnsMock.newToken(), { settings: structuredClone(apnsMock.defaultSettings), ...options });
  const token = gw.registerToken(credentials.bundleId, 'bench').token;
  const raw = { ':method': 'POST', ':path': `/3/device/${token}`, ':scheme': 'https', ':authority': '127.0.0.1:443', authorization: `bearer ${jwt}`, 'apns-topic': credentials.bundleId, 'apns-push-type': 'alert', 'content-length': String(body.length), 'user-agent': 'h2load nghttp2/1.52.0' };
  const headers = lowerHeaders(raw);
  const request = (): WireRequest => ({ method: 'POST', path: `/3/device/${token}`, query: new URLSearchParams(), headers, body, receivedAt: performance.now() });
  return { gw, token, raw, headers, request };
}

async function time(name: string, fn: (i: number) => unknown): Promise<void> {
  for (let i = 0; i < 12_000; i++) await fn(i); // warm-up, and fills the 10 000-entry rings
  const started = performance.now();
  for (let i = 0; i < N; i++) await fn(i);
  console.log(`${name.padEnd(64)} ${((performance.now() - started) * 1000 / N).toFixed(2).padStart(7)} µs/request`);
}

console.log(`${N} requests per line, after 12 000 warm-up requests (rings full)`);
{
  const { gw, request } = setup();
  await time('dispatch(): whole mock request as shipped', async () => { if ((await dispatch(apnsMock, gw, request())).status !== 200) throw new Error('the mock refused the bench request'); });
}
{
  const { gw, request } = setup({ maxRecorded: Number.MAX_SAFE_INTEGER });
  const record = gw.record.bind(gw);
  gw.record = (entry) => { record(entry); for (const ring of [gw.requests, gw.deliveries] as unknown[][]) if (ring.length > 11_000) ring.splice(0, ring.length - 10_000); };
  await time('dispatch(): rings trimmed 1 000 at a time (simulated engine fix)', async () => { await dispatch(apnsMock, gw, request()); });
}
for (const deliver of [true, false]) {
  const { gw, token, request } = setup();
  const ctx: RouteContext = {
    gw, req: request(), params: { token }, tokenFaults: async () => undefined,
    deliver: deliver ? (push, policy) => gw.deliver(push, policy) : () => {}, note: () => {},
  };
  await time(`APNs route handler alone${deliver ? ', with gw.deliver() (rings full)' : ', deliver() stubbed'}`, () => apnsMock.routes[0]!.handle(ctx));
}
{
  const { gw, token } = setup();
  await time('engine: gw.record() with its 10 000-entry ring full', (i) => gw.record({ at: i, method: 'POST', path: '/3/device/x', status: 200, code: '200', outcome: 'accepted', tokens: [token], headers: {}, body: '', durationMs: 0 }));
  await time('engine: gw.deliver() offline, keep newest, deliveries ring full', (i) => gw.deliver({ vendor: 'apns', messageId: String(i), token, kind: 'notification', data: {}, acceptedAt: 0, raw: {} }, { storeOffline: true, keep: 'newest' }));
}
{
  const { raw, headers } = setup();
  await time('engine: redactHeaders(request headers)', () => redactHeaders(headers));
  await time('engine: redact(request body)', () => redact(body.toString('utf8')));
  await time('transport: lowerHeaders(h2 headers)', () => lowerHeaders(raw));
  await time("transport: new URL(:path, 'https://x')", () => new URL(raw[':path'], 'https://x'));
}

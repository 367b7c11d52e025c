/**
 * The APNs mock's own work per request, in process and without HTTP/2: `dispatch()` on a steady stream of valid
 * pushes to an offline device token (provider JWT verified once and then reused, push stored, request recorded),
 * set against `JSON.parse` of the same payload, the least any APNs-faithful server does with a body.
 * Steadier than the h2load figures (no load tool, no second process), so it shows what a change to the mock's
 * checks, storage or recording costs.
 *
 *   npx tsx bench/apns-dispatch.ts [--rounds 200] [--batch 1000]
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignJWT } from 'jose';
import { apns } from '../src/vendors/apns/index.js';
import { preciseNow } from '../src/vendors/common/clock.js';
import { dispatch, type TransportRequest } from '../src/vendors/common/dispatch.js';
import { GatewayState } from '../src/vendors/common/gateway-state.js';
import { median, positiveIntegerOption as option } from './args.js';

const rounds = option('rounds', 200);
const batch = option('batch', 1000);
const credentials = JSON.parse(readFileSync(new URL('../fixtures/mock-credentials.json', import.meta.url), 'utf8')).apns as { teamId: string; keyId: string; key: string; bundleId: string };
const gw = new GatewayState('apns', credentials, () => apns.mock.newToken(), { settings: structuredClone(apns.mock.defaultSettings) });
const token = gw.registerToken(credentials.bundleId, 'bench-device').token;
const jwt = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: credentials.keyId }).setIssuer(credentials.teamId)
  .setIssuedAt(Math.floor(Date.now() / 1000)).sign(createPrivateKey(credentials.key));
const payload = JSON.stringify({ aps: { alert: { title: 'Incoming video call', body: 'Alice is calling' }, sound: 'default' }, callID: 'bench-call', inviter: 'alice' });
const connection = {};

/** A request as the HTTP/2 transport hands it over: node:http2's header object and list, the body, the session. */
function request(): TransportRequest {
  const path = `/3/device/${token}`;
  const headerList = [':method', 'POST', ':path', path, ':scheme', 'https', ':authority', '127.0.0.1:443', 'authorization', `bearer ${jwt}`,
    'apns-topic', credentials.bundleId, 'apns-push-type', 'alert', 'content-length', String(Buffer.byteLength(payload)), 'user-agent', 'h2load nghttp2/1.52.0'];
  const headers: Record<string, string> = Object.create(null);
  for (let i = 0; i < headerList.length; i += 2) headers[headerList[i]!] = headerList[i + 1]!;
  const body = Buffer.from(payload);
  return { method: 'POST', path, query: new URLSearchParams(), headers, headerList, body, receivedAt: preciseNow(), connection, get text() { return body.toString('utf8'); } };
}

/** Median nanoseconds per call of `f` over `rounds` timed batches. */
function nsPerCall(f: (i: number) => unknown): number {
  const perCall: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) f(i);
    perCall.push(Number(process.hrtime.bigint() - start) / batch);
  }
  return median(perCall);
}

const first = await dispatch(apns.mock, gw, request());
if (first.status !== 200) throw new Error(`the mock refused the bench request: ${first.status} ${JSON.stringify(first.body)}`);
const requests = Array.from({ length: batch }, request);
const dispatchNs = nsPerCall((i) => dispatch(apns.mock, gw, requests[i]!));
const parseNs = nsPerCall(() => JSON.parse(payload));
console.log(`dispatch (auth, validation, token lookup, storage, recording): ${dispatchNs.toFixed(0)} ns/request`);
console.log(`JSON.parse of the same ${Buffer.byteLength(payload)}-byte payload: ${parseNs.toFixed(0)} ns; the mock's checks beyond parsing: ${(dispatchNs - parseNs).toFixed(0)} ns/request`);

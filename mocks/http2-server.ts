import http2 from 'node:http2';
import { preciseNow } from '../src/vendors/common/clock.js';
import { CONTROL_PREFIX, dispatch, type TransportRequest } from '../src/vendors/common/dispatch.js';
import type { GatewayState } from '../src/vendors/common/gateway-state.js';
import type { VendorMock } from '../src/vendors/common/route.js';
import { bodyText, contentTypeOf, type WireResponse } from '../src/vendors/common/wire.js';
import { deviceChannel } from './device-channel.js';
import { MAX_BODY_BYTES, listen, lowerHeaders, readBody, type RunningServer } from './http-server.js';
import { loadServerTls } from './tls.js';

const { NGHTTP2_FLAG_END_STREAM, NGHTTP2_INTERNAL_ERROR } = http2.constants;
const noBody = Buffer.alloc(0);
const endStream = Object.freeze({ endStream: true });

/**
 * Serves a vendor's mock over TLS + HTTP/2 (APNs). HTTP/1.1 over the same TLS port is only for the
 * control API (plain clients, curl) and the device channel's WebSocket upgrade; any other HTTP/1.1
 * request gets 505, as APNs is HTTP/2-only.
 */
export function startHttp2Gateway(mock: VendorMock, gw: GatewayState, options: { host?: string; port?: number } = {}): Promise<RunningServer> {
  const channel = deviceChannel(gw);
  const server = http2.createSecureServer({ ...loadServerTls(), allowHTTP1: true, settings: { maxConcurrentStreams: 1000 } });
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    session.on('error', () => session.destroy());
  });
  // rawHeaders: the event's documented fourth argument, `[name, value, …]` as received; @types/node's overloads omit it
  server.on('stream', (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, flags: number, rawHeaders?: string[]) => {
    const receivedAt = preciseNow();
    stream.on('error', destroyStream);
    // A HEADERS frame that ends the stream has no body to wait for (node:http2 drains unread streams on close).
    if (flags & NGHTTP2_FLAG_END_STREAM) {
      serveStream(mock, gw, stream, headers, rawHeaders, noBody, receivedAt);
      return;
    }
    // The body, collected here rather than in a helper so one closure scope serves both listeners.
    let first: Buffer | undefined;
    let more: Buffer[] | undefined;
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      if (size > MAX_BODY_BYTES) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) serveStream(mock, gw, stream, headers, rawHeaders, undefined, receivedAt);
      else if (first === undefined) first = chunk;
      else (more ??= [first]).push(chunk);
    });
    stream.on('end', () => {
      if (size <= MAX_BODY_BYTES) serveStream(mock, gw, stream, headers, rawHeaders, more ? Buffer.concat(more, size) : first ?? noBody, receivedAt);
    });
  });
  // HTTP/1.1 on the TLS port serves only the control API (plain clients, curl) and the device channel's upgrade.
  // node:http2 wraps every HTTP/2 stream in compat request/response objects as soon as a 'request' listener is
  // added (its 'newListener' hook); HTTP/2 is served from 'stream' above, so drop that hook first and save the
  // two objects per stream. Should a Node version add the wrapper anyway, the listener still ignores HTTP/2.
  server.removeAllListeners('newListener');
  server.on('request', (req, res) => {
    if (req.httpVersionMajor === 2) return; // answered by the 'stream' listener
    if (!req.url?.startsWith(CONTROL_PREFIX)) {
      res.writeHead(505, { 'content-type': 'text/plain' });
      res.end('HTTP/2 required');
      return;
    }
    const receivedAt = preciseNow();
    readBody(req, MAX_BODY_BYTES).then(async (body) => {
      const url = new URL(req.url ?? '/', 'https://x');
      const reply = await dispatch(mock, gw, { method: (req.method ?? 'GET').toUpperCase(), path: url.pathname, query: url.searchParams, headers: lowerHeaders(req.headers), body, receivedAt });
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(bodyText(reply));
    }, () => { res.writeHead(413); res.end(); });
  });
  server.on('upgrade', channel.onUpgrade);
  return listen(server, options, 'https', () => {
    channel.close();
    for (const session of sessions) session.destroy();
  });
}

/** Answers one stream; synchronously unless a fault delays it or the handler is async. `body` undefined: over MAX_BODY_BYTES. */
function serveStream(
  mock: VendorMock, gw: GatewayState, stream: http2.ServerHttp2Stream,
  headers: http2.IncomingHttpHeaders, rawHeaders: string[] | undefined, body: Buffer | undefined, receivedAt: number,
): void {
  if (body === undefined) {
    if (stream.destroyed || stream.closed) return;
    stream.respond({ ':status': 413, date: httpDate(), 'content-type': 'application/json' });
    stream.end(JSON.stringify({ reason: 'PayloadTooLarge' }));
    return;
  }
  const req = new Http2WireRequest(headers, rawHeaders, body, receivedAt, stream.session ?? undefined);
  const reply = dispatch(mock, gw, req);
  if (reply instanceof Promise) void reply.then((r) => answer(stream, r), (error: unknown) => stream.destroy(error as Error));
  else answer(stream, reply);
}

function destroyStream(this: http2.ServerHttp2Stream): void {
  this.destroy();
}

/**
 * One HTTP/2 request as the dispatcher sees it. HTTP/2 header names arrive lower-cased and node:http2 joins a
 * repeated header's values with ", " (keeping the first of a single-value header such as content-type), so its
 * headers object is used as it is, unless a set-cookie came (which it gives as an array). The recording keeps the
 * list as received. The query string is parsed, and the body decoded, only when asked for.
 */
class Http2WireRequest implements TransportRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly #search: string;
  #query: URLSearchParams | undefined;
  #text: string | undefined;

  constructor(
    headers: http2.IncomingHttpHeaders, readonly headerList: string[] | undefined,
    readonly body: Buffer, readonly receivedAt: number, readonly connection?: object,
  ) {
    this.headers = headers['set-cookie'] === undefined ? (headers as Record<string, string | undefined>) : lowerHeaders(headers);
    const target = headers[':path'] ?? '/';
    const q = target.indexOf('?');
    this.method = headers[':method'] ?? 'GET';
    this.path = q < 0 ? target : target.slice(0, q);
    this.#search = q < 0 ? '' : target.slice(q + 1);
  }

  get query(): URLSearchParams {
    return (this.#query ??= new URLSearchParams(this.#search));
  }

  get text(): string {
    return (this.#text ??= this.body.toString('utf8'));
  }
}

/** Sends a reply; a reply node:http2 refuses (a header it cannot send) resets the stream rather than the process. */
function answer(stream: http2.ServerHttp2Stream, reply: WireResponse): void {
  try {
    respond(stream, reply);
  } catch (error) {
    stream.destroy(error as Error);
  }
}

function respond(stream: http2.ServerHttp2Stream, reply: WireResponse): void {
  if (stream.destroyed || stream.closed) return;
  if (reply.reset) { stream.close(NGHTTP2_INTERNAL_ERROR); return; }
  const headers: http2.OutgoingHttpHeaders = { ':status': reply.status, date: httpDate() };
  if (reply.body !== undefined) {
    const type = contentTypeOf(reply);
    if (type) headers['content-type'] = type;
  }
  if (reply.headers) {
    // A vendor's reply headers carry a value new with each response (APNs apns-id): HPACK-indexing them gains
    // nothing and costs every response an insertion into, and an eviction from, both ends' dynamic tables (12–17 %
    // of a server's throughput under h2load, BENCHMARKS.md). Sent as never-indexed literals (RFC 7541 §6.2.3).
    const names: string[] = [];
    for (const name in reply.headers) {
      headers[name] = reply.headers[name];
      names.push(name);
    }
    (headers as Record<symbol, unknown>)[http2.sensitiveHeaders] = names; // @types/node's header type has no symbol keys
  }
  if (reply.body === undefined) {
    stream.respond(headers, endStream);
  } else {
    stream.respond(headers);
    stream.end(bodyText(reply));
  }
}

/**
 * The `date` header, as node:http2 would add it (RFC 7231 HTTP-date, cached for the second). Set here rather than
 * left to node:http2: in this process its own late insertion of `date` into the response-header dictionary misses
 * V8's store cache on every response (~0.6 µs each; seen with `--log-ic` once the APNs sender module is loaded).
 */
function httpDate(): string {
  const now = Date.now();
  if (now - dateSecondStart >= 1000 || now < dateSecondStart) {
    dateSecondStart = now - (now % 1000);
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}
let dateSecondStart = -Infinity;
let dateText = '';

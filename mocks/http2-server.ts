import http2 from 'node:http2';
import { preciseNow } from '../src/vendors/common/clock.js';
import { CONTROL_PREFIX, dispatch } from '../src/vendors/common/dispatch.js';
import type { GatewayState } from '../src/vendors/common/gateway-state.js';
import type { VendorMock } from '../src/vendors/common/route.js';
import { bodyText, contentTypeOf } from '../src/vendors/common/wire.js';
import { deviceChannel } from './device-channel.js';
import { MAX_BODY_BYTES, listen, lowerHeaders, readBody, type RunningServer } from './http-server.js';
import { loadServerTls } from './tls.js';

/**
 * Serves a vendor's mock over TLS + HTTP/2 (APNs). HTTP/1.1 over the same TLS port is only for the
 * device channel's WebSocket upgrade; any other HTTP/1.1 request gets 505, as APNs is HTTP/2-only.
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
  server.on('stream', (stream, headers) => {
    const receivedAt = preciseNow();
    stream.on('error', () => stream.destroy());
    readBody(stream, MAX_BODY_BYTES).then(
      async (body) => {
        const url = new URL(String(headers[':path'] ?? '/'), 'https://x');
        const reply = await dispatch(mock, gw, {
          method: String(headers[':method'] ?? 'GET').toUpperCase(), path: url.pathname, query: url.searchParams,
          headers: lowerHeaders(headers), body, receivedAt,
        });
        if (stream.destroyed || stream.closed) return;
        if (reply.reset) { stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR); return; }
        const type = contentTypeOf(reply);
        stream.respond({ ':status': reply.status, ...(type && reply.body !== undefined ? { 'content-type': type } : {}), ...reply.headers });
        stream.end(reply.body === undefined ? undefined : bodyText(reply));
      },
      () => {
        if (stream.destroyed) return;
        stream.respond({ ':status': 413, 'content-type': 'application/json' });
        stream.end(JSON.stringify({ reason: 'PayloadTooLarge' }));
      },
    );
  });
  // HTTP/1.1 on the TLS port serves only the control API (plain clients, curl) and the device channel's upgrade.
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

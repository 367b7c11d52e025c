import http from 'node:http';
import { preciseNow } from '../src/vendors/common/clock.js';
import { dispatch } from '../src/vendors/common/dispatch.js';
import type { GatewayState } from '../src/vendors/common/gateway-state.js';
import type { VendorMock } from '../src/vendors/common/route.js';
import { bodyText, contentTypeOf, type WireRequest } from '../src/vendors/common/wire.js';
import { listen, type RunningServer } from '../src/net/listen.js';
import { deviceChannel } from './device-channel.js';

export { listen, type RunningServer };


/** Largest request body read; the vendors' own limits (4 KB payloads) are far smaller and checked by the handlers. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Serves one vendor's mock gateway over HTTP/1.1 on loopback, with its device channel. */
export function startHttpGateway(mock: VendorMock, gw: GatewayState, options: { host?: string; port?: number } = {}): Promise<RunningServer> {
  const channel = deviceChannel(gw);
  const server = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    const receivedAt = preciseNow();
    readBody(req, MAX_BODY_BYTES).then(
      async (body) => {
        const url = new URL(req.url ?? '/', 'http://x');
        const wire: WireRequest = { method: (req.method ?? 'GET').toUpperCase(), path: url.pathname, query: url.searchParams, headers: lowerHeaders(req.headers), body, receivedAt };
        const reply = await dispatch(mock, gw, wire);
        if (reply.reset) { req.socket.destroy(); return; }
        const type = contentTypeOf(reply);
        res.writeHead(reply.status, { ...(type ? { 'content-type': type } : {}), ...reply.headers });
        res.end(bodyText(reply));
      },
      () => {
        const reply = mock.serverError();
        res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
        res.end(JSON.stringify({ error: `request body over ${MAX_BODY_BYTES} bytes`, vendorReply: reply.body }));
      },
    );
  });
  server.on('upgrade', channel.onUpgrade);
  server.on('clientError', (_err, socket) => socket.destroy());
  return listen(server, options, 'http', () => channel.close());
}

export function lowerHeaders(headers: http.IncomingHttpHeaders): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(':')) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export function readBody(stream: import('node:stream').Readable, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) { reject(new Error('body too large')); return; }
      chunks.push(chunk);
    });
    stream.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

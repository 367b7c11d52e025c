import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { listen, type RunningServer } from '../net/listen.js';
import { logger } from '../vendors/common/log.js';
import type { ProviderId } from './app-client.js';
import { CloudError, describe, type EventFrame, type FrameValidator, type ReplyFrame, type RequestFrame } from './frames.js';
import { recordKinds, type RecordBook, type RecordKind } from './records.js';
import { isManualClock, type CloudClock } from './timers.js';

/** Largest frame the long connection accepts (an invitation is well under 8 KB). */
export const MAX_FRAME_BYTES = 64 * 1024;

/** The transport's view of one connection. */
export interface ConnectionLink {
  readonly id: string;
  send(event: EventFrame): void;
  /** Closes the connection from the cloud's side (kicked, logged out). */
  close(reason: string): void;
}

/** What a cloud does with one connection's frames. Throw CloudError to refuse with the provider's code. */
export interface ConnectionHandler {
  handle(frame: RequestFrame): Promise<unknown>;
  closed(): void;
}

/** A provider cloud as the transport needs it. */
export interface CloudService {
  readonly provider: ProviderId;
  readonly wsPath: string;
  readonly validator: FrameValidator;
  readonly records: RecordBook;
  readonly clock: CloudClock;
  /** The provider's codes for a malformed request and for an internal failure. */
  readonly codes: { readonly badRequest: number | string; readonly internal: number | string };
  connect(link: ConnectionLink): ConnectionHandler;
  /** An invitation's cloud-side state for `GET /__pushlab/invitations/<id>`, or undefined. */
  inspectInvitation(invitationID: string): unknown;
  close(): void;
}

export type RunningCloudServer = RunningServer;

/**
 * Serves one cloud on loopback: the app long connection (WebSocket on `service.wsPath`) and the
 * test API under `/__pushlab/` (health, records, invitations, clock). Never throws on input:
 * every bad request gets an error naming the field.
 */
export function startCloudServer(service: CloudService, options: { host?: string; port?: number } = {}): Promise<RunningCloudServer> {
  const log = logger(`pushlab:cloud:${service.provider}`);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const server = http.createServer((req, res) => {
    const reply = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    try {
      const url = new URL(req.url ?? '/', 'http://x');
      if (req.method === 'POST') {
        let text = '';
        req.setEncoding('utf8');
        req.on('data', (chunk: string) => { if (text.length < MAX_FRAME_BYTES) text += chunk; });
        req.on('end', () => { const r = postHttp(service, url, text); reply(r.status, r.body); });
        return;
      }
      const { status, body } = serveHttp(service, req.method ?? 'GET', url);
      reply(status, body);
    } catch (error) {
      log('HTTP handler failed: %s', (error as Error).stack ?? String(error));
      reply(500, { error: `internal error: ${(error as Error).message}` });
    }
  });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== service.wsPath) {
      socket.end(`HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nthe ${service.provider} long connection is at ${service.wsPath}\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(service, ws, log));
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  return listen(server, options, 'http', () => {
    service.close();
    for (const client of wss.clients) client.terminate();
    wss.close();
  });
}

function serveConnection(service: CloudService, ws: WebSocket, log: (f: string, ...a: unknown[]) => void): void {
  const link: ConnectionLink = {
    id: randomUUID(),
    send: (event) => { if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event)); },
    close: (reason) => { if (ws.readyState === ws.OPEN) ws.close(4000, reason.slice(0, 120)); },
  };
  const handler = service.connect(link);
  const answer = (frame: ReplyFrame) => { if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame)); };
  // Frames of one connection are handled one after the other, in arrival order.
  let queue: Promise<void> = Promise.resolve();
  ws.on('message', (data, isBinary) => {
    queue = queue.then(async () => {
      if (isBinary) {
        answer({ id: null, ok: false, error: { code: service.codes.badRequest, message: 'frames are JSON text; a binary frame arrived' } });
        return;
      }
      const checked = service.validator.check(String(data));
      if (!checked.ok) {
        answer({ id: checked.id, ok: false, error: { code: service.codes.badRequest, message: checked.message, ...(checked.field ? { field: checked.field } : {}) } });
        return;
      }
      const { frame } = checked;
      try {
        answer({ id: frame.id, ok: true, result: (await handler.handle(frame)) ?? {} });
      } catch (error) {
        if (error instanceof CloudError) {
          answer({ id: frame.id, ok: false, error: { code: error.code, message: error.detail, ...(error.field ? { field: error.field } : {}) } });
        } else {
          log('op %s failed: %s', frame.op, (error as Error).stack ?? String(error));
          answer({ id: frame.id, ok: false, error: { code: service.codes.internal, message: `internal error in ${frame.op}: ${(error as Error).message}` } });
        }
      }
    });
  });
  let closed = false;
  const onClose = () => {
    if (closed) return;
    closed = true;
    queue = queue.then(() => handler.closed()).catch((error: unknown) => log('close handler failed: %s', String(error)));
  };
  ws.on('close', onClose);
  ws.on('error', () => { ws.terminate(); onClose(); });
}

/** `GET /__pushlab/…` */
function serveHttp(service: CloudService, method: string, url: URL): { status: number; body: object } {
  const path = url.pathname.replace(/\/+$/, '');
  if (method !== 'GET') return { status: 405, body: { error: `${method} is not served here; the test API takes GET (and POST /__pushlab/clock)` } };
  if (path === '/__pushlab/health') return { status: 200, body: { provider: service.provider, ok: true, longConnection: service.wsPath } };
  if (path === '/__pushlab/records') {
    const problems: string[] = [];
    const sinceText = url.searchParams.get('since');
    const since = sinceText === null ? undefined : Number(sinceText);
    if (since !== undefined && !(Number.isInteger(since) && since >= 0)) problems.push(`since must be a non-negative integer record seq (got ${describe(sinceText)})`);
    const kind = url.searchParams.get('kind') ?? undefined;
    if (kind !== undefined && !(recordKinds as readonly string[]).includes(kind)) problems.push(`kind must be one of ${recordKinds.join('|')} (got ${describe(kind)})`);
    if (problems.length) return { status: 400, body: { error: problems.join('; ') } };
    const records = service.records.list({
      since, kind: kind as RecordKind | undefined,
      userID: url.searchParams.get('userID') ?? undefined,
      invitationID: url.searchParams.get('invitationID') ?? undefined,
    });
    return { status: 200, body: { records, lastSeq: service.records.lastSeq } };
  }
  const invitation = /^\/__pushlab\/invitations\/([^/]+)$/.exec(path);
  if (invitation) {
    const found = service.inspectInvitation(decodeURIComponent(invitation[1]!));
    return found ? { status: 200, body: { invitation: found } } : { status: 404, body: { error: `no invitation ${decodeURIComponent(invitation[1]!)} on the ${service.provider} cloud` } };
  }
  if (path === '/__pushlab/clock') return { status: 200, body: { now: service.clock.now(), manual: isManualClock(service.clock) } };
  return { status: 404, body: { error: `no route GET ${path}; the ${service.provider} cloud serves GET /__pushlab/{health,records,invitations/<id>,clock}, POST /__pushlab/clock and the long connection at ${service.wsPath}` } };
}

/** `POST /__pushlab/clock {"advanceMs": n}`: moves a manual clock (fires due invitation timeouts). */
function postHttp(service: CloudService, url: URL, text: string): { status: number; body: object } {
  const path = url.pathname.replace(/\/+$/, '');
  if (path !== '/__pushlab/clock') return { status: 404, body: { error: `no route POST ${path}; only POST /__pushlab/clock {"advanceMs": <ms>}` } };
  if (!isManualClock(service.clock)) return { status: 409, body: { error: 'this cloud runs on the wall clock; start it with a ManualClock to move time' } };
  let body: unknown;
  try { body = JSON.parse(text || '{}'); } catch (error) { return { status: 400, body: { error: `body is not JSON: ${(error as Error).message}` } }; }
  const advanceMs = (body as { advanceMs?: unknown })?.advanceMs;
  if (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs) || advanceMs < 0) return { status: 400, body: { error: `field advanceMs must be a non-negative number of ms (got ${describe(advanceMs)})` } };
  service.clock.advance(advanceMs);
  return { status: 200, body: { now: service.clock.now() } };
}

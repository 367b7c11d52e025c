import WebSocket from 'ws';
import type { ProviderId } from './app-client.js';
import { CloudError, type EventFrame, type ReplyFrame } from './frames.js';

/** Code of the client-side CloudError when the connection itself fails (not a provider code). */
export const TRANSPORT_ERROR = 'TRANSPORT';

/**
 * The app side of the long connection: request/reply over JSON frames, events to listeners.
 * Transport failures reject with CloudError code `TRANSPORT`; the cloud's refusals with its own code.
 */
export class CloudConnection {
  #ws?: WebSocket;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  readonly #listeners = new Set<(event: EventFrame) => void>();
  readonly #closeListeners = new Set<(reason: string) => void>();

  constructor(readonly provider: ProviderId, private readonly url: string, private readonly timeoutMs = 5000) {}

  get isOpen(): boolean { return this.#ws?.readyState === WebSocket.OPEN; }

  async open(): Promise<void> {
    if (this.isOpen) return;
    const ws = new WebSocket(this.url, { handshakeTimeout: this.timeoutMs });
    this.#ws = ws;
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', (error) => reject(new CloudError(this.provider, TRANSPORT_ERROR, `cannot reach the ${this.provider} cloud at ${this.url}: ${error.message}`, undefined, { cause: error })));
    });
    ws.on('message', (data) => this.#receive(String(data)));
    ws.on('error', () => ws.terminate());
    ws.on('close', (code, reason) => {
      if (this.#ws === ws) this.#ws = undefined;
      const why = `the ${this.provider} connection closed (${code}${reason.length ? ` ${reason.toString()}` : ''})`;
      for (const [id, pending] of this.#pending) {
        clearTimeout(pending.timer);
        pending.reject(new CloudError(this.provider, TRANSPORT_ERROR, `${why} before the reply to request ${id}`));
      }
      this.#pending.clear();
      for (const listener of this.#closeListeners) listener(why);
    });
  }

  /** Sends one operation and waits for the cloud's answer. */
  request<T = unknown>(op: string, params: object = {}): Promise<T> {
    const ws = this.#ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.reject(new CloudError(this.provider, TRANSPORT_ERROR, `not connected to the ${this.provider} cloud: connect() first (op ${op})`));
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new CloudError(this.provider, TRANSPORT_ERROR, `no reply to ${op} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      ws.send(JSON.stringify({ ...params, id, op }));
    });
  }

  onEvent(listener: (event: EventFrame) => void): void { this.#listeners.add(listener); }
  onClose(listener: (reason: string) => void): void { this.#closeListeners.add(listener); }

  /** Tells the cloud the connection is being cut (so it routes as offline from now on), then cuts it. */
  async drop(): Promise<void> {
    const ws = this.#ws;
    if (!ws) return;
    try {
      await this.request('drop');
    } catch {
      // The connection may already be gone; either way it is cut below.
    }
    await this.#terminate(ws);
  }

  /** Cuts the connection without a word (the cloud notices the close). */
  async close(): Promise<void> {
    const ws = this.#ws;
    if (ws) await this.#terminate(ws);
  }

  #terminate(ws: WebSocket): Promise<void> {
    if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      ws.once('close', () => resolve());
      ws.terminate();
    });
  }

  #receive(text: string): void {
    let frame: ReplyFrame | EventFrame;
    try {
      frame = JSON.parse(text) as ReplyFrame | EventFrame;
    } catch {
      return;
    }
    if ('event' in frame) {
      for (const listener of this.#listeners) listener(frame);
      return;
    }
    const pending = typeof frame.id === 'number' ? this.#pending.get(frame.id) : undefined;
    if (!pending) return;
    this.#pending.delete(frame.id as number);
    clearTimeout(pending.timer);
    if (frame.ok) pending.resolve(frame.result);
    else pending.reject(new CloudError(this.provider, frame.error.code, frame.error.message, frame.error.field));
  }
}

/** `http://host:port` of a cloud plus its long-connection path → the WebSocket URL. */
export function longConnectionUrl(cloudUrl: string, path: string): string {
  const url = new URL(cloudUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = path;
  return url.toString();
}

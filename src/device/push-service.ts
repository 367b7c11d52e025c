import WebSocket from 'ws';
import { DEVICE_CHANNEL_PATH, type GatewayToPhone, type PhoneToGateway } from '../vendors/common/device-channel-protocol.js';
import type { VendorId } from '../vendors/common/ids.js';
import type { DeliveredPush } from '../vendors/common/push.js';

export interface PushServiceOptions {
  readonly vendor: VendorId;
  readonly deviceId: string;
  /** The vendor gateway's base URL (mock: http(s)://127.0.0.1:P); absent = the phone has no push service reachable. */
  readonly gatewayUrl?: string;
  /** PEM of the CA that signs the gateway's TLS certificate (the APNs mock's). */
  readonly ca?: string | Buffer;
  /** A push arrived; `sentAt` is the gateway's clock when it wrote it. */
  onPush(push: DeliveredPush, sentAt: number): void;
  /** Diagnostics for the device log. */
  log(priority: 'I' | 'W' | 'E', message: string): void;
  /** How long a request to the gateway may take (default 5 s). */
  readonly timeoutMs?: number;
}

interface Pending { resolve(msg: GatewayToPhone): void; reject(error: Error): void; timer: NodeJS.Timeout }

/**
 * The phone's system push service (MiPush's xmsf, HMS Core, GMS, apsd…): one persistent device
 * channel to its vendor's gateway, holding a token per app. Offline closes the channel (the gateway
 * queues); back online re-registers the held tokens, and the gateway flushes what it stored.
 */
export class SystemPushService {
  readonly #opts: PushServiceOptions;
  readonly #tokens = new Map<string, string>();
  /** Notification switch per app, re-reported whenever the app's token is (re)registered. */
  readonly #switches = new Map<string, boolean>();
  readonly #pending = new Map<string, Pending>();
  #ws: WebSocket | undefined;
  #connecting: Promise<WebSocket> | undefined;
  #online = true;
  #closed = false;
  #seq = 0;
  /** Registrations asked for while offline, resumed when the network is back. */
  #waitingForNetwork: (() => void)[] = [];
  /** Uninstalls that happened while offline, reported to the gateway once back. */
  #deferredUnregister: string[] = [];

  constructor(options: PushServiceOptions) {
    this.#opts = options;
  }

  get vendor(): VendorId { return this.#opts.vendor; }
  get connected(): boolean { return this.#ws?.readyState === WebSocket.OPEN; }
  tokenFor(app: string): string | undefined { return this.#tokens.get(app); }
  appFor(token: string): string | undefined {
    for (const [app, t] of this.#tokens) if (t === token) return app;
    return undefined;
  }

  /** Gets (or resumes) the token for an app; waits for the network while the phone is offline. */
  async register(app: string): Promise<string> {
    if (!this.#opts.gatewayUrl) throw new Error(`no ${this.#opts.vendor} gateway URL was given to this phone (pushlab:endpoints.gateways.${this.#opts.vendor}), so its push service cannot register ${app}`);
    while (!this.#online) await new Promise<void>((resolve) => this.#waitingForNetwork.push(resolve));
    const held = this.#tokens.get(app);
    const reply = await this.#request({ op: 'register', app, deviceId: this.#opts.deviceId, ...(held ? { token: held } : {}) });
    if (reply.op !== 'registered') throw new Error(`the ${this.#opts.vendor} gateway refused to register ${app}: ${reply.op === 'error' ? reply.message : reply.op}`);
    this.#tokens.set(app, reply.token);
    if (this.#switches.get(app) === false) this.#sendSwitch(reply.token, false);
    return reply.token;
  }

  /** The user switched the app's notifications on or off; the push service tells the gateway (Meizu then refuses pushes to it: 110010). */
  reportNotificationSwitch(app: string, enabled: boolean): void {
    this.#switches.set(app, enabled);
    const token = this.#tokens.get(app);
    if (token) this.#sendSwitch(token, enabled);
  }

  #sendSwitch(token: string, notificationsEnabled: boolean): void {
    if (this.connected) this.#ws!.send(JSON.stringify({ op: 'switch', token, notificationsEnabled } satisfies PhoneToGateway));
  }

  /** The app was uninstalled (or its data cleared): the gateway invalidates the token. */
  async unregister(app: string): Promise<void> {
    const token = this.#tokens.get(app);
    if (!token) return;
    this.#tokens.delete(app);
    if (!this.#online || !this.#opts.gatewayUrl) {
      // assumption: an uninstall while offline is reported when the phone is back (the token is gone from the phone already).
      this.#deferredUnregister.push(token);
      return;
    }
    await this.#request({ op: 'unregister', token });
  }

  /** Network on/off: off closes the channel; on reconnects and re-registers every held token. */
  async setOnline(online: boolean): Promise<void> {
    if (online === this.#online) return;
    this.#online = online;
    if (!online) {
      this.#drop('the phone went offline');
      return;
    }
    for (const wake of this.#waitingForNetwork.splice(0)) wake();
    await this.#resume();
  }

  async #resume(): Promise<void> {
    if (this.#closed || !this.#online || !this.#opts.gatewayUrl) return;
    for (const token of this.#deferredUnregister.splice(0)) await this.#request({ op: 'unregister', token }).catch(() => undefined);
    for (const app of [...this.#tokens.keys()]) {
      await this.register(app).catch((error: Error) => this.#opts.log('W', `re-register ${app} failed: ${error.message}`));
    }
  }

  close(): void {
    this.#closed = true;
    this.#drop('the phone was shut down');
    for (const wake of this.#waitingForNetwork.splice(0)) wake();
  }

  #drop(why: string): void {
    const ws = this.#ws;
    this.#ws = undefined;
    this.#connecting = undefined;
    for (const [id, p] of this.#pending) {
      clearTimeout(p.timer);
      p.reject(new Error(`device channel closed: ${why}`));
      this.#pending.delete(id);
    }
    if (ws) { ws.removeAllListeners(); ws.on('error', () => undefined); ws.terminate(); }
  }

  #connect(): Promise<WebSocket> {
    if (this.#ws?.readyState === WebSocket.OPEN) return Promise.resolve(this.#ws);
    if (this.#connecting) return this.#connecting;
    const url = `${this.#opts.gatewayUrl!.replace(/^http/, 'ws').replace(/\/+$/, '')}${DEVICE_CHANNEL_PATH}`;
    const attempt = new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url, { ca: this.#opts.ca, handshakeTimeout: this.#opts.timeoutMs ?? 5000 });
      ws.once('open', () => {
        this.#ws = ws;
        this.#connecting = undefined;
        resolve(ws);
      });
      ws.once('error', (error) => {
        this.#connecting = undefined;
        reject(new Error(`cannot open the ${this.#opts.vendor} device channel at ${url}: ${error.message}`));
      });
      ws.on('message', (data) => this.#onMessage(String(data)));
      ws.on('close', () => {
        if (this.#ws !== ws) return;
        this.#drop('the gateway closed the connection');
        this.#opts.log('W', `device channel to ${url} closed by the gateway`);
        // assumption: the push service reconnects by itself after a gateway restart, as system push services do.
        if (!this.#closed && this.#online) setTimeout(() => void this.#resume(), 500).unref();
      });
    });
    this.#connecting = attempt;
    return attempt;
  }

  async #request(message: PhoneToGateway): Promise<GatewayToPhone> {
    const ws = await this.#connect();
    const requestId = `r${++this.#seq}`;
    return new Promise((resolve, reject) => {
      const timeoutMs = this.#opts.timeoutMs ?? 5000;
      const timer = setTimeout(() => {
        this.#pending.delete(requestId);
        reject(new Error(`the ${this.#opts.vendor} gateway did not answer ${message.op} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(requestId, { resolve, reject, timer });
      ws.send(JSON.stringify({ ...message, requestId }));
    });
  }

  #onMessage(text: string): void {
    let msg: GatewayToPhone;
    try { msg = JSON.parse(text) as GatewayToPhone; } catch { this.#opts.log('W', `unreadable device-channel frame: ${text.slice(0, 80)}`); return; }
    if (msg.op === 'push') {
      this.#opts.onPush(msg.push, msg.sentAt);
      this.#ws?.send(JSON.stringify({ op: 'ack', token: msg.push.token, messageId: msg.push.messageId } satisfies PhoneToGateway));
      return;
    }
    const requestId = 'requestId' in msg ? msg.requestId : undefined;
    const pending = requestId ? this.#pending.get(requestId) : undefined;
    if (pending) {
      clearTimeout(pending.timer);
      this.#pending.delete(requestId!);
      pending.resolve(msg);
    } else if (msg.op === 'error') {
      this.#opts.log('W', `gateway error: ${msg.message}`);
    }
  }
}

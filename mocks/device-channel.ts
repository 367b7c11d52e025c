import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { preciseNow } from '../src/vendors/common/clock.js';
import { DEVICE_CHANNEL_PATH, type GatewayToPhone, type PhoneToGateway } from '../src/vendors/common/device-channel-protocol.js';
import type { DeviceLink, GatewayState } from '../src/vendors/common/gateway-state.js';
import { logger } from '../src/vendors/common/log.js';
import { isRecord } from '../src/vendors/common/wire.js';

/** Serves the device channel (phones' persistent push connections) on a gateway's server `upgrade` event. */
export function deviceChannel(gw: GatewayState): { onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void; close(): void } {
  const log = logger(`pushlab:mock:${gw.vendor}:device`);
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  wss.on('connection', (ws) => serveDevice(gw, ws, log));
  return {
    onUpgrade(req, socket, head) {
      if (new URL(req.url ?? '/', 'http://x').pathname !== DEVICE_CHANNEL_PATH) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

function serveDevice(gw: GatewayState, ws: WebSocket, log: (f: string, ...a: unknown[]) => void): void {
  const tokens = new Set<string>();
  const reply = (message: GatewayToPhone) => { if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message)); };
  const link: DeviceLink = { send: (push) => reply({ op: 'push', push, sentAt: preciseNow() }) };

  ws.on('message', (data) => {
    let message: PhoneToGateway;
    try {
      const parsed: unknown = JSON.parse(String(data));
      if (!isRecord(parsed) || typeof parsed.op !== 'string') throw new Error('not an {op} object');
      message = parsed as PhoneToGateway;
    } catch (error) {
      reply({ op: 'error', message: `device channel frames are JSON {op, …}: ${(error as Error).message}` });
      return;
    }
    switch (message.op) {
      case 'register': {
        if (typeof message.app !== 'string' || typeof message.deviceId !== 'string') {
          reply({ op: 'error', message: 'register needs app and deviceId strings', requestId: message.requestId });
          return;
        }
        const held = message.token ? gw.token(message.token) : undefined;
        const resumed = held !== undefined && held.state === 'active' && held.app === message.app;
        const record = resumed ? held : gw.registerToken(message.app, message.deviceId);
        tokens.add(record.token);
        reply({ op: 'registered', app: record.app, token: record.token, resumed, requestId: message.requestId });
        gw.attach(record.token, link);
        log('device %s registered %s for %s (resumed %s)', message.deviceId, record.token, record.app, resumed);
        return;
      }
      case 'unregister':
        tokens.delete(message.token);
        gw.unregisterToken(message.token);
        reply({ op: 'unregistered', token: message.token, requestId: message.requestId });
        return;
      case 'switch':
        if (typeof message.token !== 'string' || typeof message.notificationsEnabled !== 'boolean') {
          reply({ op: 'error', message: 'switch needs token (string) and notificationsEnabled (boolean)' });
          return;
        }
        gw.setNotificationSwitch(message.token, message.notificationsEnabled);
        return;
      case 'ack':
        gw.ack(message.messageId, message.token);
        return;
      default:
        reply({ op: 'error', message: `unknown op ${JSON.stringify((message as { op: unknown }).op)}; expected register|unregister|switch|ack` });
    }
  });
  ws.on('close', () => { for (const token of tokens) gw.detach(token, link); });
  ws.on('error', () => ws.terminate());
}

import WebSocket from 'ws';
import type { GatewayToPhone } from '../../src/vendors/common/device-channel-protocol.js';
import type { DeliveredPush } from '../../src/vendors/common/push.js';
import { mockCa } from './gateway.js';

/** A bare device-channel client for vendor tests: registers one app and collects pushes. */
export async function connectDevice(gatewayUrl: string, app: string, token?: string): Promise<{ token: string; pushes: DeliveredPush[]; next(timeoutMs?: number): Promise<DeliveredPush>; switchNotifications(enabled: boolean): void; close(): Promise<void> }> {
  const ws = new WebSocket(`${gatewayUrl.replace(/^http/, 'ws')}/__pushlab/device`, { ca: mockCa });
  const pushes: DeliveredPush[] = [];
  const waiters: ((p: DeliveredPush) => void)[] = [];
  const registered = new Promise<string>((resolve, reject) => {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as GatewayToPhone;
      if (msg.op === 'registered') resolve(msg.token);
      if (msg.op === 'error') reject(new Error(msg.message));
      if (msg.op === 'push') { pushes.push(msg.push); waiters.shift()?.(msg.push); }
    });
    ws.on('error', reject);
  });
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  ws.send(JSON.stringify({ op: 'register', app, deviceId: 'test-device', token }));
  const issued = await registered;
  let seen = 0;
  return {
    token: issued,
    pushes,
    next(timeoutMs = 2000) {
      if (pushes.length > seen) return Promise.resolve(pushes[seen++]!);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no push reached the device within ${timeoutMs} ms`)), timeoutMs);
        waiters.push((p) => { clearTimeout(timer); seen++; resolve(p); });
      });
    },
    switchNotifications: (enabled) => ws.send(JSON.stringify({ op: 'switch', token: issued, notificationsEnabled: enabled })),
    close: () => new Promise((resolve) => { ws.once('close', () => resolve()); ws.close(); }),
  };
}

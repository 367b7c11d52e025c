import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import apn from '@parse/node-apn';
import { caFile } from '../../mocks/tls.js';
import { apns } from '../../src/vendors/apns/index.js';
import { control, gatewayFor, mockCa, mockCredentials } from '../support/gateway.js';
import { connectDevice } from '../support/device.js';

// Published APNs clients, unchanged but for host, port and CA, against the APNs mock (STYLE.md §9).
const creds = apns.parseCredentials(mockCredentials.apns);
const APP = creds.bundleId;
const UNKNOWN = 'ab'.repeat(32);
let mock: Awaited<ReturnType<typeof gatewayFor>>;

beforeAll(async () => { mock = await gatewayFor(apns); });
afterAll(async () => { await mock.server.close(); });
// A second client signs its own provider token: without a reset that is a token update within 20 min (429).
beforeEach(async () => { await control(mock.url, 'POST', 'reset'); });

/** A device online for the app, and a token whose app was uninstalled. */
async function targets() {
  const device = await connectDevice(mock.url, APP);
  const { token: uninstalled } = await control(mock.url, 'POST', 'tokens', { app: APP });
  await control(mock.url, 'DELETE', `tokens/${uninstalled}`);
  return { device, uninstalled };
}

describe('@parse/node-apn against the APNs mock (address, port, ca)', () => {
  it('sends an alert and a VoIP push, and reports BadDeviceToken, Unregistered and PayloadTooLarge as failures', async () => {
    const { device, uninstalled } = await targets();
    const provider = new apn.Provider({
      token: { key: creds.key, keyId: creds.keyId, teamId: creds.teamId },
      address: '127.0.0.1',
      port: mock.server.port,
      ca: [mockCa],
      requestTimeout: 5000,
    });
    try {
      const alert = new apn.Notification({ alert: { title: 'Incoming call', body: 'Carol is calling' }, sound: 'default', topic: APP, pushType: 'alert', payload: { callID: 'c-node-apn' } });
      const sentAlert = await provider.send(alert, device.token);
      expect(sentAlert).toMatchObject({ sent: [{ device: device.token }], failed: [] });
      expect(await device.next()).toMatchObject({ kind: 'notification', title: 'Incoming call', body: 'Carol is calling', data: { callID: 'c-node-apn' } });

      const voip = new apn.Notification({ topic: `${APP}.voip`, pushType: 'voip', expiry: 0, priority: 10, payload: { callID: 'c-node-apn-voip' } });
      expect(await provider.send(voip, device.token)).toMatchObject({ sent: [{ device: device.token }], failed: [] });
      expect(await device.next()).toMatchObject({ kind: 'voip', messageClass: 'voip', data: { callID: 'c-node-apn-voip' } });

      const { failed } = await provider.send(alert, [UNKNOWN, uninstalled]);
      expect(failed).toEqual(expect.arrayContaining([
        expect.objectContaining({ device: UNKNOWN, status: 400, response: { reason: 'BadDeviceToken' } }),
        expect.objectContaining({ device: uninstalled, status: 410, response: { reason: 'Unregistered', timestamp: expect.any(Number) } }),
      ]));
      const big = new apn.Notification({ alert: 'x', topic: APP, pushType: 'alert', payload: { blob: 'x'.repeat(5000) } });
      expect((await provider.send(big, device.token)).failed).toEqual([expect.objectContaining({ status: 413, response: { reason: 'PayloadTooLarge' } })]);
    } finally {
      await provider.shutdown();
      await device.close();
    }
  });
});

describe('apns2 against the APNs mock (host 127.0.0.1; port 443 forwarded, CA via NODE_EXTRA_CA_CERTS)', () => {
  // apns2 hard-codes `https://<host>:443` and takes no CA option, so it runs in a child process with the mock CA
  // in NODE_EXTRA_CA_CERTS and a preload that forwards 127.0.0.1:443 to the mock's port (its code stays as published).
  it('sends an alert and a VoIP push, and throws ApnsError with BadDeviceToken, Unregistered and PayloadTooLarge', async () => {
    const { device, uninstalled } = await targets();
    try {
      const script = fileURLToPath(new URL('./clients/apns2-client.mjs', import.meta.url));
      const preload = new URL('./clients/port-443-redirect.mjs', import.meta.url).href;
      const input = JSON.stringify({ credentials: creds, tokens: { ok: device.token, unknown: UNKNOWN, uninstalled } });
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', preload, script, input], {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile, PUSHLAB_REDIRECT_443_TO: String(mock.server.port), NODE_OPTIONS: '' },
        timeout: 15_000,
      });
      const results = JSON.parse(stdout.trim().split('\n').at(-1)!);
      expect(results).toEqual({
        alert: { ok: true, deviceToken: device.token },
        voip: { ok: true, deviceToken: device.token },
        badDeviceToken: expect.objectContaining({ ok: false, type: 'ApnsError', statusCode: 400, reason: 'BadDeviceToken' }),
        unregistered: expect.objectContaining({ ok: false, type: 'ApnsError', statusCode: 410, reason: 'Unregistered', timestamp: expect.any(Number) }),
        payloadTooLarge: expect.objectContaining({ ok: false, type: 'ApnsError', statusCode: 413, reason: 'PayloadTooLarge' }),
      });
      expect(await device.next()).toMatchObject({ kind: 'notification', title: 'Incoming call', data: { callID: 'c-apns2' } });
      expect(await device.next()).toMatchObject({ kind: 'voip', data: { callID: 'c-apns2-voip' } });
    } finally {
      await device.close();
    }
  });
});

// Drives the published `apns2` client exactly as an app server would, against host 127.0.0.1 (port and CA
// come from port-443-redirect.mjs and NODE_EXTRA_CA_CERTS). Input: JSON in argv[2]; output: one JSON line.
import { ApnsClient, Notification, PushType } from 'apns2';

const { credentials, tokens } = JSON.parse(process.argv[2]);
const client = new ApnsClient({
  host: '127.0.0.1',
  team: credentials.teamId,
  keyId: credentials.keyId,
  signingKey: credentials.key,
  defaultTopic: credentials.bundleId,
  requestTimeout: 5000,
});

const alert = (token, data = { callID: 'c-apns2' }) => new Notification(token, { alert: { title: 'Incoming call', body: 'Bob is calling' }, sound: 'default', data });
const cases = {
  alert: () => client.send(alert(tokens.ok)),
  voip: () => client.send(new Notification(tokens.ok, { type: PushType.voip, topic: `${credentials.bundleId}.voip`, expiration: 0, data: { callID: 'c-apns2-voip' } })),
  badDeviceToken: () => client.send(alert(tokens.unknown)),
  unregistered: () => client.send(alert(tokens.uninstalled)),
  payloadTooLarge: () => client.send(alert(tokens.ok, { blob: 'x'.repeat(5000) })),
};
const results = {};
for (const [name, run] of Object.entries(cases)) {
  try {
    const sent = await run();
    results[name] = { ok: true, deviceToken: sent.deviceToken };
  } catch (error) {
    results[name] = { ok: false, type: error?.constructor?.name, statusCode: error?.statusCode, reason: error?.reason, timestamp: error?.timestamp, message: error?.message };
  }
}
await client.close();
process.stdout.write(`${JSON.stringify(results)}\n`);

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { invitationPushKeys } from '../../../src/cloud/app-client.js';
import { pluginProbeOrder } from '../../../src/cloud/easemob/probe.js';
import type { DeliveredPush } from '../../../src/vendors/common/push.js';
import { vendorIds, type VendorId } from '../../../src/vendors/common/ids.js';
import { easemobUser, phone, startLab, zegoUser, type Lab } from './lab.js';

let lab: Lab;
beforeAll(async () => { lab = await startLab({ vendors: vendorIds }); });
afterAll(async () => { await lab.close(); });

/** What the console resource `pushlab_call` (fixtures/cloud/zego.json) must put on each vendor's wire. */
const expectedCallPayload: Record<VendorId, (push: DeliveredPush) => void> = {
  apns: (push) => {
    expect(push).toMatchObject({ kind: 'voip', messageClass: 'voip' });
    const headers = lab.gateways.states.apns!.requests.at(-1)!.headers;
    expect(headers).toMatchObject({ 'apns-push-type': 'voip', 'apns-topic': 'com.pushlab.demo.voip', 'apns-priority': '10', 'apns-expiration': '0' });
  },
  fcm: (push) => expect(push.raw).toMatchObject({ android: { priority: 'HIGH', notification: { channel_id: 'pushlab_call' } } }),
  huawei: (push) => {
    expect(push.raw).toMatchObject({ android: { category: 'VOIP', notification: { channel_id: 'pushlab_call', importance: 'NORMAL' } } });
    expect(push.messageClass).toBe('VOIP');
  },
  honor: (push) => expect(push.raw).toMatchObject({ android: { notification: { importance: 'NORMAL' } } }),
  xiaomi: (push) => {
    expect(push.raw).toMatchObject({ 'extra.channel_id': 'pushlab_call', pass_through: '0' });
    expect(push.messageClass).toBe('private');
  },
  oppo: (push) => {
    expect(push.raw).toMatchObject({ notification: { channel_id: 'pushlab_call', category: 'IM' } });
    expect(push.messageClass).toBe('private');
  },
  vivo: (push) => {
    expect(push.raw).toMatchObject({ classification: 1, category: 'IM' });
    expect(push.messageClass).toBe('system');
  },
  meizu: (push) => {
    expect(push.raw).toMatchObject({ noticeBarInfo: { noticeMsgType: 1 } });
    expect(push.messageClass).toBe('private');
  },
};

describe('ZEGO resource pushlab_call on every vendor', () => {
  it.each(vendorIds)('%s: the push carries the resource\'s call settings and the invitation keys', async (vendor) => {
    const device = await phone(lab, vendor);
    const bob = await zegoUser(lab, `zego-bob-${vendor}`);
    await bob.client.registerPush({ vendor, token: device.token, deviceId: `zego-${vendor}`, enableOfflinePush: true });
    await bob.client.disconnect();
    const alice = await zegoUser(lab, `zego-alice-${vendor}`);
    const result = await alice.client.sendInvitation({ invitees: [{ userID: `zego-bob-${vendor}` }], type: 'video', notificationConfig: { title: 'Alice', message: 'Incoming video call', resourceID: 'pushlab_call' } });
    expect(result.errorUsers).toEqual([]);
    const push = await device.next();
    expect(push).toMatchObject({ vendor, title: 'Alice', body: 'Incoming video call', data: { [invitationPushKeys.invitationID]: result.invitationID, [invitationPushKeys.callID]: result.callID } });
    expectedCallPayload[vendor](push);
    alice.client.close();
    await device.close();
  });

  it('apns with pushlab_call_cn (China storefront, no CallKit): an alert push to the bundle topic', async () => {
    const device = await phone(lab, 'apns');
    const bob = await zegoUser(lab, 'zego-bob-cn');
    await bob.client.registerPush({ vendor: 'apns', token: device.token, deviceId: 'zego-cn', enableOfflinePush: true });
    await bob.client.disconnect();
    const alice = await zegoUser(lab, 'zego-alice-cn');
    await alice.client.sendInvitation({ invitees: [{ userID: 'zego-bob-cn' }], type: 'voice', notificationConfig: { title: 'Alice', message: 'Incoming voice call', resourceID: 'pushlab_call_cn' } });
    const push = await device.next();
    expect(push).toMatchObject({ kind: 'notification', title: 'Alice', body: 'Incoming voice call' });
    expect(push.raw).toMatchObject({ aps: { alert: { title: 'Alice', body: 'Incoming voice call' }, sound: 'call.caf' } });
    expect(lab.gateways.states.apns!.requests.at(-1)!.headers).toMatchObject({ 'apns-push-type': 'alert', 'apns-topic': 'com.pushlab.demo' });
    alice.client.close();
    await device.close();
  });
});

describe('Easemob certificate options on every plugin vendor', () => {
  it.each(pluginProbeOrder.map((p) => p.vendor))('%s: pushed through the certificate named in the build, with its options', async (vendor) => {
    const certificateName = { apns: 'pushlab-apns', huawei: 'pushlab-hms', honor: 'pushlab-honor', xiaomi: 'pushlab-mi', oppo: 'pushlab-oppo', vivo: 'pushlab-vivo', meizu: 'pushlab-meizu' }[vendor];
    const device = await phone(lab, vendor);
    const bob = await easemobUser(lab, `em-bob-${vendor}`, { deviceId: `em-${vendor}` });
    await bob.client.registerPush({ vendor, token: device.token, deviceId: `em-${vendor}`, certificateName });
    await bob.client.disconnect();
    const alice = await easemobUser(lab, `em-alice-${vendor}`);
    const result = await alice.client.sendInvitation({ invitees: [{ userID: `em-bob-${vendor}` }], type: 'video', notificationConfig: { title: 'Alice', message: 'Incoming video call' } });
    expect(result.errorUsers).toEqual([]);
    const push = await device.next();
    expect(push.data).toMatchObject({ [invitationPushKeys.invitationID]: result.invitationID, f: `em-alice-${vendor}` });
    expectedCallPayload[vendor](push);
    alice.client.close();
    await device.close();
  });
});

import { browser } from '@wdio/globals';
import type { AppClient } from '../../src/cloud/app-client.js';
import type { CloudRecord } from '../../src/cloud/records.js';
import { describeRecords } from '../../src/harness/cloud-records.js';
import { startEasemobConsoleVariant, type EasemobConsoleVariant } from '../../src/harness/console-variant.js';
import {
  endCall, expectThat, flowSample, openFlowSide, sendCall, skipBecause, stampGateway, waitShown, watchQuiet,
  type FlowCall, type FlowContext, type FlowSide, type SampleFields,
} from '../../src/harness/flows.js';
import { recordSample } from '../../src/harness/samples.js';
import { expectationFor } from '../../src/harness/scenarios.js';
import { openHarness, type Harness } from '../../src/harness/session.js';
import { reportsDir, suiteWaits } from '../../src/harness/spec-settings.js';

/**
 * Easemob (Shengwang IM) push-plugin behaviour (seeds/shengwang-im-uniapp-push-plugin.md): a
 * backgrounded but connected app is online and gets no push (FAQ 1); the multi-device policy
 * decides whether an offline device is pushed while another device of the user is online (FAQ 2);
 * logout unbinds the token (unbindPushToken) and no push follows.
 */
describe('Easemob push', () => {
  let harness: Harness;
  let ctx: FlowContext;
  /** The phone's device id as the app logs in with it (WebDriver's deviceUDID). */
  let phoneDeviceId: string;

  before(async () => {
    harness = await openHarness(browser);
    const side = await openFlowSide(harness, 'easemob', 'im');
    ctx = { harness, phone: harness.phone, side, waits: suiteWaits(harness.phone.simulated), tag: 'im', seq: 0 };
    phoneDeviceId = String((browser.capabilities as Record<string, unknown>).deviceUDID ?? '');
    // The session starts with the ZEGO demo (same package): the Easemob build replaces it.
    if (await harness.phone.isInstalled()) await harness.phone.uninstall();
  });
  after(async () => {
    ctx?.side.close();
    await harness?.close();
  });

  const record = (call: FlowCall, fields: SampleFields) => recordSample(reportsDir, flowSample(ctx, call, fields));
  const pushes = (records: readonly CloudRecord[], deviceId?: string) => records.filter((r) => r.kind === 'push-sent' && (deviceId === undefined || r.deviceId === deviceId));

  /**
   * A stand-in for a second phone of the callee: an Easemob client logged in as the same user on
   * another device id. The cloud sees one more online device of the user, which is all the
   * multi-device policy looks at.
   */
  const secondDevice = (side: FlowSide): Promise<AppClient> => side.client(side.callee, { deviceId: `im-second-${harness.device.id}` });

  it('background but connected: the message comes online and no push is sent', async () => {
    const { phone, side } = ctx;
    const expectation = expectationFor(harness.device.vendor, harness.device.platform, 'background', 'easemob');
    await phone.ensureReady(side.buildPath, side.callee);
    await phone.enterState('background');
    const call = await sendCall(ctx);
    try {
      await waitShown(ctx, call);
      const records = await side.records.list({ invitationID: call.invitationID });
      const online = records.find((r) => r.kind === 'online-delivery' && r.userID === side.callee);
      await expectThat(ctx, online !== undefined && pushes(records).length === 0,
        `a backgrounded, connected Easemob app is online: expected an online-delivery record and no push-sent, got: ${describeRecords(records)}`, call.invitationID);
      record(call, { state: 'background', flow: 'online while backgrounded', expected: expectation.expected, result: 'delivered', passed: true });
    } catch (error) {
      record(call, { state: 'background', flow: 'online while backgrounded', expected: expectation.expected, result: 'error', passed: false, diagnosis: (error as Error).message });
      throw error;
    } finally {
      await endCall(ctx, call);
    }
  });

  it('multi-device policy all-offline (the console fixture): a second device online → no push to the killed phone', async () => {
    const { phone, side } = ctx;
    await phone.ensureReady(side.buildPath, side.callee);
    await phone.enterState('killed');
    const second = await secondDevice(side);
    const call = await sendCall(ctx);
    try {
      const shown = await watchQuiet(phone, call.marker, ctx.waits.quietMs);
      const records = await side.records.list({ invitationID: call.invitationID });
      const suppressed = records.find((r) => r.kind === 'push-suppressed' && r.deviceId === phoneDeviceId);
      await expectThat(ctx, !shown, `with policy all-offline and another device online, nothing should reach the killed phone, but ${call.marker} showed as ${shown?.kind}`, call.invitationID);
      await expectThat(ctx, pushes(records).length === 0 && suppressed !== undefined && /all-offline/.test(suppressed.reason),
        `expected a push-suppressed record naming policy all-offline for device ${phoneDeviceId} and no push-sent, got: ${describeRecords(records)}`, call.invitationID);
      await expectThat(ctx, records.some((r) => r.kind === 'online-delivery' && r.deviceId === `im-second-${harness.device.id}`),
        `the online second device should get the invitation over its connection; cloud: ${describeRecords(records)}`, call.invitationID);
    } finally {
      second.close();
      await endCall(ctx, call);
    }
  });

  describe('multi-device policy any-offline', () => {
    let variant: EasemobConsoleVariant | undefined;
    let anyCtx: FlowContext;

    before(async function () {
      // The run's Easemob cloud was started with fixtures/cloud/easemob.json (all-offline) and takes no new
      // console while running; a cloud of its own with the other policy, and a build pointed at it, stand in
      // for the console setting. A real custom base's cloud is fixed when it is packaged.
      if (!harness.phone.simulated) skipBecause(this, harness.device.id, 'policy any-offline needs the app to talk to a console set to it; a real custom base talks to the cloud it was packaged for — set the policy in the Easemob console and run with a build of that app');
      variant = await startEasemobConsoleVariant(harness.endpoints, ctx.side.buildPath, { multiDevicePolicy: 'any-offline' });
      const side = await openFlowSide(harness, 'easemob', 'imany', variant.buildPath);
      anyCtx = { ...ctx, side, tag: 'imany', seq: 0 };
    });
    after(async () => {
      anyCtx?.side.close();
      await variant?.close();
      // Leave no build pointed at the variant cloud behind.
      if (variant && await harness.phone.isInstalled().catch(() => false)) await harness.phone.uninstall();
    });

    it('a second device online → the killed phone is still pushed', async () => {
      const { phone, side } = anyCtx;
      const expectation = expectationFor(harness.device.vendor, harness.device.platform, 'killed', 'easemob');
      if (await phone.isInstalled()) await phone.uninstall();
      await phone.ensureReady(side.buildPath, side.callee);
      await phone.enterState('killed');
      const second = await secondDevice(side);
      const call = await sendCall(anyCtx);
      try {
        await waitShown(anyCtx, call);
        const records = await stampGateway(anyCtx, call);
        await expectThat(anyCtx, pushes(records, phoneDeviceId).length === 1 && records.some((r) => r.kind === 'online-delivery' && r.deviceId === `im-second-${harness.device.id}`),
          `with policy any-offline the offline phone should be pushed while the second device gets it online; cloud: ${describeRecords(records)}`, call.invitationID);
        record(call, { state: 'killed', flow: 'policy any-offline, second device online', expected: expectation.expected, result: 'delivered', passed: true });
      } catch (error) {
        record(call, { state: 'killed', flow: 'policy any-offline, second device online', expected: expectation.expected, result: 'error', passed: false, diagnosis: (error as Error).message });
        throw error;
      } finally {
        second.close();
        await endCall(anyCtx, call);
      }
    });
  });

  it('logout unbinds the push token and no push follows', async () => {
    const { phone, side } = ctx;
    await phone.ensureReady(side.buildPath, side.callee);
    const since = (await side.records.list({ userID: side.callee })).at(-1)?.seq ?? 0;
    await phone.tap('logoutButton');
    await phone.waitFor('loginUserId');
    const unbound = await side.records.list({ userID: side.callee, since }).then((rs) => rs.find((r) => r.kind === 'push-unbound' && r.deviceId === phoneDeviceId));
    await expectThat(ctx, unbound !== undefined && unbound.vendor === harness.device.vendor,
      `tapping Log out should unbind the phone's ${harness.device.vendor} token (a push-unbound record for device ${phoneDeviceId}); cloud: ${describeRecords(await side.records.list({ userID: side.callee, since }))}`);
    await phone.enterState('killed');
    const call = await sendCall(ctx);
    try {
      const shown = await watchQuiet(phone, call.marker, ctx.waits.quietMs);
      const records = await side.records.list({ invitationID: call.invitationID });
      await expectThat(ctx, !shown, `after logout nothing should reach the phone, but ${call.marker} showed as ${shown?.kind}`, call.invitationID);
      await expectThat(ctx, pushes(records).length === 0, `after logout no push may be sent; cloud: ${describeRecords(records)}`, call.invitationID);
      const refused = call.result.errorUsers.find((u) => u.userID === side.callee);
      await expectThat(ctx, refused !== undefined, `sendInvitation should list the logged-out callee in errorUsers; successUsers ${JSON.stringify(call.result.successUsers)}`, call.invitationID);
    } finally {
      await endCall(ctx, call);
    }
  });
});

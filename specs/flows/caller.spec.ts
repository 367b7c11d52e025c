import { browser } from '@wdio/globals';
import { CallerSource, type CallerSent } from '../../src/harness/caller-source.js';
import { describeRecords } from '../../src/harness/cloud-records.js';
import {
  expectThat, flowSample, openFlowSide, openIncoming, stampGateway, waitRecord, waitShown,
  type FlowCall, type FlowContext, type SampleFields,
} from '../../src/harness/flows.js';
import type { CallAlert } from '../../src/harness/phone.js';
import { recordSample } from '../../src/harness/samples.js';
import { expectationFor } from '../../src/harness/scenarios.js';
import { openHarness, type Harness } from '../../src/harness/session.js';
import { reportsDir, suiteWaits } from '../../src/harness/spec-settings.js';

/**
 * The `caller` invitation source: a second phone, logged in as another user of the same ZEGO app,
 * taps the app's Video call button (ZegoSendCallInvitationButton) while the callee's app is killed.
 * The invitation takes the whole path — caller app, emulated cloud, vendor gateway, callee phone —
 * and both phones are checked: accepted, both show the call connected; declined, the caller's
 * calling page says so.
 */
describe('caller phone → callee (ZEGO, app killed)', () => {
  let harness: Harness;
  let ctx: FlowContext;
  let caller: CallerSource;
  let expected: ReturnType<typeof expectationFor>;

  before(async () => {
    harness = await openHarness(browser);
    const side = await openFlowSide(harness, 'zego', 'caller');
    ctx = { harness, phone: harness.phone, side, waits: suiteWaits(harness.phone.simulated), tag: 'caller', seq: 0 };
    expected = expectationFor(harness.device.vendor, harness.device.platform, 'killed', 'zego');
    const { protocol, hostname, port, path } = browser.options;
    caller = await CallerSource.open({
      buildPath: side.buildPath, endpoints: harness.endpoints, userID: `caller-phone-${harness.device.id}`, callee: harness.device,
      server: { protocol, hostname, port, path },
    });
  });
  after(async () => {
    await caller?.close();
    ctx?.side.close();
    await harness?.close();
  });

  const record = (call: FlowCall, fields: Omit<SampleFields, 'state' | 'expected' | 'source'>) =>
    recordSample(reportsDir, flowSample(ctx, call, { state: 'killed', expected: expected.expected, source: 'caller', ...fields }));

  /** The callee logged in with the app killed; the caller phone taps Video call; the callee's phone shows it. */
  async function ringFromCallerPhone(): Promise<{ call: FlowCall; alert: CallAlert }> {
    await ctx.phone.ensureReady(ctx.side.buildPath, ctx.side.callee);
    await ctx.phone.enterState('killed');
    const sent: CallerSent = await caller.call(ctx.side.callee, 'video');
    // The callee's notification says "<caller> is calling": the caller's user id tells it apart.
    const call: FlowCall = { n: ++ctx.seq, marker: caller.userID, invitationID: sent.invitationID, callID: sent.callID, result: sent.result, type: 'video', stamps: { sentAt: sent.sentAt } };
    await expectThat(ctx, sent.result.errorUsers.length === 0, `the caller phone's invitation should reach ${ctx.side.callee}; it noted: ${sent.result.errorUsers.map((u) => u.reason).join('; ')}`, call.invitationID);
    await expectThat(ctx, await caller.status() === 'Calling…', `the caller phone should show "Calling…" while ${ctx.side.callee}'s phone rings, showed "${await caller.status()}"`, call.invitationID);
    try {
      const alert = await waitShown(ctx, call);
      await stampGateway(ctx, call);
      return { call, alert };
    } catch (error) {
      record(call, { flow: 'caller phone: shown while killed', result: 'not-delivered', passed: false, diagnosis: (error as Error).message });
      throw error;
    }
  }

  /** Runs a flow on one shown invitation; records its sample either way and hangs up the callee after. */
  async function flow(name: string, body: (call: FlowCall, alert: CallAlert) => Promise<void>): Promise<void> {
    const { call, alert } = await ringFromCallerPhone();
    try {
      await body(call, alert);
      record(call, { flow: name, result: 'delivered', passed: true });
    } catch (error) {
      record(call, { flow: name, result: 'error', passed: false, diagnosis: (error as Error).message });
      throw error;
    } finally {
      if (await ctx.phone.exists('callHangup').catch(() => false)) await ctx.phone.tap('callHangup').catch(() => undefined);
    }
  }

  it('the caller phone taps Video call → notification → accept → both phones show the call connected', async () => {
    await flow('caller phone: accept from notification', async (call, alert) => {
      await openIncoming(ctx, call, alert);
      const shownCaller = await ctx.phone.textOf('incomingCaller');
      await expectThat(ctx, shownCaller === caller.userID, `the incoming-call page should name the caller ${caller.userID}, named "${shownCaller}"`, call.invitationID);
      await ctx.phone.tap('incomingAccept');
      const connected = await waitRecord(ctx, call, ['call-connected']);
      call.stamps.callConnectedAt = connected.at;
      await ctx.phone.waitFor('callConnected', ctx.waits.connectMs);
      await caller.phone.waitFor('callConnected', ctx.waits.connectMs).catch((error: Error) => {
        throw new Error(`the caller phone should show the call connected after ${ctx.side.callee} accepted: ${error.message}`);
      });
      const [calleePeer, callerPeer] = [await ctx.phone.textOf('callPeer'), await caller.phone.textOf('callPeer')];
      await expectThat(ctx, calleePeer === caller.userID && callerPeer === ctx.side.callee,
        `each phone's in-call page should name the other: callee shows "${calleePeer}" (want ${caller.userID}), caller shows "${callerPeer}" (want ${ctx.side.callee})`, call.invitationID);
      const records = await ctx.side.records.list({ invitationID: call.invitationID });
      await expectThat(ctx, connected.userID === ctx.side.callee && records.some((r) => r.kind === 'invitation-created' && r.userID === caller.userID),
        `call-connected should be for ${ctx.side.callee} on an invitation ${caller.userID} created; cloud: ${describeRecords(records)}`, call.invitationID);
      await caller.phone.tap('callHangup');
    });
  });

  it('the callee declines → the caller phone shows "Declined"', async () => {
    await flow('caller phone: decline', async (call, alert) => {
      await openIncoming(ctx, call, alert);
      await ctx.phone.tap('incomingDecline');
      await waitRecord(ctx, call, ['invitation-refused']);
      await caller.phone.waitForText('outgoingStatus', 'Declined', ctx.waits.connectMs);
      await expectThat(ctx, !(await caller.phone.exists('callConnected')) && !(await ctx.phone.exists('callConnected')), 'after Decline neither phone should be in a call', call.invitationID);
      await caller.phone.tap('outgoingDismiss');
      await caller.phone.waitFor('inviteVideo', ctx.waits.connectMs);
    });
  });
});

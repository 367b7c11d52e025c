import { browser } from '@wdio/globals';
import { describeRecords } from '../../src/harness/cloud-records.js';
import {
  acceptAndConnect, CallerLog, endCall, expectThat, flowSample, openFlowSide, openIncoming, sendCall, stampGateway, waitRecord, waitShown,
  type CallOptions, type FlowCall, type FlowContext, type SampleFields,
} from '../../src/harness/flows.js';
import type { CallAlert } from '../../src/harness/phone.js';
import { recordSample } from '../../src/harness/samples.js';
import { expectationFor } from '../../src/harness/scenarios.js';
import { openHarness, type Harness } from '../../src/harness/session.js';
import { reportsDir, suiteWaits } from '../../src/harness/spec-settings.js';

/**
 * What a user does with a ZEGO call invitation that reached a killed app: accept it from the
 * notification into a connected call, decline it, have the caller cancel it or let it time out
 * while it rings, and be called while already in a call.
 */
describe('call flows (ZEGO, app killed)', () => {
  let harness: Harness;
  let ctx: FlowContext;
  let expected: ReturnType<typeof expectationFor>;

  before(async () => {
    harness = await openHarness(browser);
    const side = await openFlowSide(harness, 'zego', 'calls');
    ctx = { harness, phone: harness.phone, side, waits: suiteWaits(harness.phone.simulated), tag: 'calls', seq: 0 };
    expected = expectationFor(harness.device.vendor, harness.device.platform, 'killed', 'zego');
  });
  after(async () => {
    ctx?.side.close();
    await harness?.close();
  });

  const record = (call: FlowCall, fields: Omit<SampleFields, 'state' | 'expected'>) =>
    recordSample(reportsDir, flowSample(ctx, call, { state: 'killed', expected: expected.expected, ...fields }));

  /** Logged in, app killed, invitation sent and shown. */
  async function ringKilled(options: CallOptions = {}): Promise<{ call: FlowCall; alert: CallAlert }> {
    await ctx.phone.ensureReady(ctx.side.buildPath, ctx.side.callee);
    await ctx.phone.enterState('killed');
    const call = await sendCall(ctx, options);
    try {
      const alert = await waitShown(ctx, call);
      await stampGateway(ctx, call);
      return { call, alert };
    } catch (error) {
      record(call, { flow: 'shown while killed', result: 'not-delivered', passed: false, diagnosis: (error as Error).message });
      await endCall(ctx, call);
      throw error;
    }
  }

  /** Runs a flow on one shown invitation; records its sample either way and always cleans up. */
  async function flow(name: string, options: CallOptions, body: (call: FlowCall, alert: CallAlert) => Promise<void>): Promise<void> {
    const { call, alert } = await ringKilled(options);
    try {
      await body(call, alert);
      record(call, { flow: name, result: 'delivered', passed: true });
    } catch (error) {
      record(call, { flow: name, result: 'error', passed: false, diagnosis: (error as Error).message });
      throw error;
    } finally {
      await endCall(ctx, call);
    }
  }

  it('accept from the notification → incoming call → accept → call connected', async () => {
    await flow('accept from notification', {}, async (call, alert) => {
      await openIncoming(ctx, call, alert);
      const connected = await acceptAndConnect(ctx, call);
      const answer = await ctx.side.callerLog.answerOf(call.invitationID, ctx.side.callee, ctx.waits.connectMs);
      await expectThat(ctx, answer === 'accepted', `the caller should hear "accepted", heard "${answer}"`, call.invitationID);
      const members = await ctx.side.records.list({ invitationID: call.invitationID });
      await expectThat(ctx, connected.userID === ctx.side.callee && members.some((r) => r.kind === 'invitation-accepted'),
        `call-connected should be for ${ctx.side.callee} after an invitation-accepted; cloud: ${describeRecords(members)}`, call.invitationID);
    });
  });

  it('decline from the incoming-call page → the caller hears refused', async () => {
    await flow('decline', {}, async (call, alert) => {
      await openIncoming(ctx, call, alert);
      await ctx.phone.tap('incomingDecline');
      const answer = await ctx.side.callerLog.answerOf(call.invitationID, ctx.side.callee, ctx.waits.connectMs);
      await expectThat(ctx, answer === 'refused', `after Decline the caller should hear "refused", heard "${answer}"`, call.invitationID);
      await waitRecord(ctx, call, ['invitation-refused']);
      await expectThat(ctx, !(await ctx.phone.exists('incomingAccept')) && !(await ctx.phone.exists('callConnected')), 'after Decline the incoming-call page should be gone and no call should run', call.invitationID);
    });
  });

  it('caller cancels while it rings → the notification opens the missed-call page (or is withdrawn)', async () => {
    await flow('caller cancels', {}, async (call) => {
      await ctx.side.caller.cancelInvitation(call.invitationID);
      await waitRecord(ctx, call, ['invitation-cancelled']);
      await expectMissedOnTap(call, 'cancelled');
    });
  });

  it('nobody answers → missed call after the timeout', async () => {
    const timeout = 1; // s; ZEGO takes whole seconds 1..600 (src/cloud/frames.ts zegoOpSchemas.sendInvitation.timeout)
    await flow('timeout', { timeout }, async (call) => {
      const answer = await ctx.side.callerLog.answerOf(call.invitationID, ctx.side.callee, timeout * 1000 + ctx.waits.connectMs);
      await expectThat(ctx, answer === 'timeout', `after ${timeout} s unanswered the caller should hear "timeout", heard "${answer}"`, call.invitationID);
      await waitRecord(ctx, call, ['invitation-timeout'], 500);
      await expectMissedOnTap(call, 'timeout');
    });
  });

  it('busy: a second invitation while in a call is answered busy', async () => {
    const secondCaller = await ctx.side.client(`calls-caller2-${harness.device.id}`);
    const secondLog = new CallerLog(secondCaller);
    let second: FlowCall | undefined;
    await flow('in a call, then busy', {}, async (call, alert) => {
      await openIncoming(ctx, call, alert);
      await acceptAndConnect(ctx, call);
      second = await sendCall(ctx, { from: secondCaller });
      const refused = second.result.errorUsers.find((u) => u.userID === ctx.side.callee);
      await expectThat(ctx, refused !== undefined && /busy/i.test(refused.reason), `sendInvitation to a callee in call ${call.callID} should list them in errorUsers as busy; got successUsers ${JSON.stringify(second.result.successUsers)}, errorUsers ${JSON.stringify(second.result.errorUsers)}`, second.invitationID);
      await waitRecord(ctx, second, ['invitation-busy'], 500);
      const answer = await secondLog.answerOf(second.invitationID, ctx.side.callee, ctx.waits.connectMs);
      await expectThat(ctx, answer === 'busy', `the second caller should hear "busy", heard "${answer}"`, second.invitationID);
      await expectThat(ctx, await ctx.phone.exists('callConnected'), `the first call should still be connected after the busy invitation ${second.marker}`, call.invitationID);
    }).finally(() => endCall(ctx, second, secondCaller));
  });

  /** The invitation ended while ringing: its notification is gone, or tapping it opens the missed-call page (never the incoming call). */
  async function expectMissedOnTap(call: FlowCall, why: string): Promise<void> {
    const still = await ctx.phone.findCallAlert(call.marker);
    await expectThat(ctx, still?.kind !== 'incoming-call', `after the invitation ended (${why}) the incoming-call page should not show`, call.invitationID);
    if (!still) return; // withdrawn: as good as a missed call
    await ctx.phone.tapNotification(call.marker);
    await ctx.phone.waitFor('missedCall', ctx.waits.connectMs).catch(async (error: Error) => {
      throw new Error(`${harness.device.id}: tapping ${call.marker} after it ended (${why}) should open the missed-call page: ${error.message}; cloud: ${describeRecords(await ctx.side.records.list({ invitationID: call.invitationID }))}`);
    });
    await expectThat(ctx, !(await ctx.phone.exists('incomingAccept')), `the ended invitation ${call.marker} must not offer Accept`, call.invitationID);
    await ctx.phone.tap('missedDismiss');
  }
});

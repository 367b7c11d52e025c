import { browser } from '@wdio/globals';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadZegoConsole } from '../../src/cloud/zego/console.js';
import { diagnose, loadBuild } from '../../src/device/build.js';
import { ruleFor } from '../../src/device/rules.js';
import { describeRecords } from '../../src/harness/cloud-records.js';
import { DirectSource } from '../../src/harness/direct-source.js';
import {
  endCall, expectThat, flowSample, openFlowSide, sendCall, skipBecause as skip, stampArrival, stampGateway, waitRecord, waitShown, watchQuiet,
  type FlowCall, type FlowContext, type SampleFields,
} from '../../src/harness/flows.js';
import { GatewayControl } from '../../src/harness/gateway-control.js';
import { recordSample } from '../../src/harness/samples.js';
import { DEFAULT_RESOURCE_ID } from '../../src/harness/scenarios.js';
import { openHarness, type Harness } from '../../src/harness/session.js';
import { reportsDir, suiteWaits } from '../../src/harness/spec-settings.js';
import type { RuleMessage } from '../../src/vendors/common/delivery-rules.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * What the harness reports when a push cannot or should not show: an uninstalled app, a phone
 * offline within and beyond the push's TTL, notifications turned off, a mis-packaged custom base.
 * And that the report's numbers mean what they say: an injected gateway delay shows up as that much
 * more push latency, and an injected device clock offset is found within the estimate's uncertainty.
 */
describe('edge cases', () => {
  let harness: Harness;
  let ctx: FlowContext;
  /** The phone's device id (WebDriver's deviceUDID): the gateway lists its tokens under it. */
  let phoneDeviceId: string;
  /**
   * iOS: the China-storefront resource, an alert push. The default resource is VoIP, which CallKit
   * rings whatever the notification permission, and which goes with apns-expiration 0 (never stored
   * offline) — reference/vendor-gateways.md §1.4, §1.7.
   */
  let alertResource: string;
  /** Android vendor notification messages, iOS alert pushes (alertResource): what the rules are looked up by. */
  const message: RuleMessage = 'notification';

  before(async () => {
    harness = await openHarness(browser);
    const side = await openFlowSide(harness, 'zego', 'edge');
    ctx = { harness, phone: harness.phone, side, waits: suiteWaits(harness.phone.simulated), tag: 'edge', seq: 0 };
    phoneDeviceId = String((browser.capabilities as Record<string, unknown>).deviceUDID ?? '');
    alertResource = harness.device.platform === 'ios' ? 'pushlab_call_cn' : DEFAULT_RESOURCE_ID;
  });
  after(async () => {
    ctx?.side.close();
    await harness?.close();
  });

  const skipBecause = (test: Mocha.Context, reason: string): never => skip(test, harness.device.id, reason);
  const outcome = (state: Parameters<typeof ruleFor>[1]) => ruleFor(harness.device.vendor, state, message)!;
  const record = (call: Pick<FlowCall, 'n' | 'type' | 'stamps'>, fields: SampleFields) => recordSample(reportsDir, flowSample(ctx, call, { message, ...fields }));

  it('uninstalled app: the gateway refuses the token and the sample says so', async () => {
    const { phone, side } = ctx;
    await phone.ensureReady(side.buildPath, side.callee);
    await phone.enterState('uninstalled');
    const call = await sendCall(ctx, { resourceID: alertResource });
    try {
      const failed = await waitRecord(ctx, call, ['push-failed'], 2000);
      await expectThat(ctx, failed.tokenInvalid === true, `the ${harness.device.vendor} gateway should refuse the uninstalled app's token as invalid; push-failed said: ${failed.reason}`, call.invitationID);
      const shown = await phone.findCallAlert(call.marker);
      await expectThat(ctx, !shown, `nothing can show for an uninstalled app, but ${call.marker} showed as ${shown?.kind}`, call.invitationID);
      const rule = outcome('uninstalled');
      await expectThat(ctx, rule.outcome === 'refused', `the ${harness.device.vendor} rule for uninstalled says ${rule.outcome} (${rule.source}), but the gateway refused`);
      record(call, {
        state: 'uninstalled', flow: 'token refused', expected: rule.outcome, result: 'refused', passed: true,
        diagnosis: `the ${harness.device.vendor} gateway refused the device token (app uninstalled): ${failed.reason}`,
      });
    } catch (error) {
      record(call, { state: 'uninstalled', flow: 'token refused', expected: outcome('uninstalled').outcome, result: 'error', passed: false, diagnosis: (error as Error).message });
      throw error;
    } finally {
      await endCall(ctx, call);
    }
  });

  it('offline at send time, back within the TTL: delivered late, the delay measured', async function () {
    const { phone, side } = ctx;
    const rule = outcome('offline');
    if (rule.outcome !== 'queued') skipBecause(this, `the ${harness.device.vendor} rule for offline × ${message} is ${rule.outcome}, not queued (${rule.source})`);
    const offlineMs = 500;
    const timeout = 600; // s, ZEGO's longest: the push's TTL (the matrix's spaceOut moves the gateway clock a minute per scenario)
    const gateway = GatewayControl.forVendor(harness.endpoints, harness.device.vendor);
    const drift = harness.device.vendor === 'apns' && gateway ? await gateway.clockOffsetMs() : 0;
    // APNs takes an absolute apns-expiration, which the run's cloud computes on the wall clock; once the mock's
    // clock has been moved on past the TTL, the push arrives already expired and is never stored.
    if (drift > timeout * 1000 - offlineMs - 5000) skipBecause(this, `the APNs mock's clock runs ${Math.round(drift / 1000)} s ahead of the cloud's (moved on by earlier scenarios' spaceOut), beyond the invitation's ${timeout} s TTL: the cloud's absolute apns-expiration is already past on arrival`);
    await phone.ensureReady(side.buildPath, side.callee);
    // Killed first, so only the vendor's stored push can bring the call back (no long connection to reconnect).
    await phone.enterState('killed');
    await phone.setNetwork(false);
    let call: FlowCall | undefined;
    try {
      call = await sendCall(ctx, { timeout, resourceID: alertResource });
      const early = await watchQuiet(phone, call.marker, offlineMs);
      await expectThat(ctx, !early, `nothing can show while the phone is offline, but ${call.marker} showed as ${early?.kind}`, call.invitationID);
      await stampGateway(ctx, call);
      await phone.setNetwork(true);
      await waitShown(ctx, call);
      const delay = call.stamps.shownAt! - call.stamps.sentAt;
      await expectThat(ctx, delay >= offlineMs, `shown ${delay} ms after sending, yet the phone was offline for ${offlineMs} ms of that: the stamps are wrong`, call.invitationID);
      record(call, { state: 'offline', flow: `back online after ${offlineMs} ms`, expected: rule.outcome, result: 'delivered', passed: true });
    } catch (error) {
      if (call) record(call, { state: 'offline', flow: `back online after ${offlineMs} ms`, expected: rule.outcome, result: 'error', passed: false, diagnosis: (error as Error).message });
      throw error;
    } finally {
      await phone.setNetwork(true);
      await endCall(ctx, call);
    }
  });

  describe('direct source (vendor push straight to the mock gateway)', () => {
    let direct: DirectSource | undefined;
    let token: string;
    const settings = () => loadZegoConsole().resources[alertResource]?.[harness.device.vendor];

    before(async function () {
      if (!harness.endpoints.gateways[harness.device.vendor]) skipBecause(this, `no ${harness.device.vendor} mock gateway in this run: the TTL case needs the mock's clock`);
      direct = await DirectSource.create(harness.device.vendor, { kind: 'mock', endpoints: harness.endpoints });
      await ctx.phone.ensureReady(ctx.side.buildPath, ctx.side.callee);
      token = await direct.tokenFor(ctx.phone.appId, phoneDeviceId);
    });
    after(async () => { await direct?.close(); });

    /** A direct invitation as a FlowCall, so the flow helpers (waits, samples) apply. */
    async function sendDirect(ttlSeconds: number): Promise<FlowCall & { messageId: string }> {
      const n = ++ctx.seq;
      const marker = `[${ctx.tag}${n}]`;
      const sent = await direct!.sendCall({ token, title: `Incoming voice call ${marker}`, body: `direct call ${marker}`, ttlSeconds, settings: settings() });
      return {
        n, marker, invitationID: sent.invitationID, callID: '', type: 'voice', messageId: sent.messageId,
        result: { invitationID: sent.invitationID, callID: '', successUsers: [], errorUsers: [] },
        stamps: { sentAt: sent.sentAt, gatewayAcceptedAt: sent.acceptedAt },
      };
    }

    it('a direct push to a killed app shows (the source works)', async () => {
      await ctx.phone.ensureReady(ctx.side.buildPath, ctx.side.callee);
      await ctx.phone.enterState('killed');
      const call = await sendDirect(60);
      const rule = outcome('killed');
      try {
        await waitShown(ctx, call);
        record(call, { state: 'killed', flow: 'direct push', source: 'direct', provider: 'direct', expected: rule.outcome, result: 'delivered', passed: true });
      } catch (error) {
        record(call, { state: 'killed', flow: 'direct push', source: 'direct', provider: 'direct', expected: rule.outcome, result: 'not-delivered', passed: false, diagnosis: `${(error as Error).message}; gateway: ${await direct!.control!.describeMessage(call.messageId)}` });
        throw error;
      }
    });

    it('offline at send time, back after the TTL: not delivered', async () => {
      const { phone } = ctx;
      await phone.ensureReady(ctx.side.buildPath, ctx.side.callee);
      await phone.enterState('killed');
      await phone.setNetwork(false);
      const ttlSeconds = 60;
      const flow = `back after the ${ttlSeconds} s TTL`;
      try {
        const call = await sendDirect(ttlSeconds);
        try {
          await direct!.control!.advanceClock(ttlSeconds * 1000 + 1000);
          await phone.setNetwork(true);
          const shown = await watchQuiet(phone, call.marker, ctx.waits.quietMs);
          const events = await direct!.control!.describeMessage(call.messageId);
          if (shown) await stampArrival(phone, shown, call.invitationID, call.stamps);
          await expectThat(ctx, !shown, `a push whose ${ttlSeconds} s TTL passed while the phone was offline must not show, but ${call.marker} showed as ${shown?.kind}; gateway: ${events}`);
          await expectThat(ctx, /queued/.test(events) && /expired/.test(events), `the gateway should have queued the push for the offline phone and expired it after ${ttlSeconds} s; gateway: ${events}`);
          record(call, { state: 'offline', flow, source: 'direct', provider: 'direct', expected: 'dropped', result: 'not-delivered', passed: true, diagnosis: `gateway: ${events}` });
        } catch (error) {
          record(call, { state: 'offline', flow, source: 'direct', provider: 'direct', expected: 'dropped', result: call.stamps.shownAt ? 'delivered' : 'error', passed: false, diagnosis: (error as Error).message });
          throw error;
        }
      } finally {
        await phone.setNetwork(true);
      }
    });
  });

  it('notifications disabled: the gateway accepted, nothing shown — reported as accepted-not-shown', async () => {
    const { phone, side } = ctx;
    const rule = outcome('notifications-off');
    await phone.ensureReady(side.buildPath, side.callee);
    await phone.enterState('notifications-off');
    const call = await sendCall(ctx, { resourceID: alertResource });
    try {
      const shown = await watchQuiet(phone, call.marker, ctx.waits.quietMs);
      const records = await stampGateway(ctx, call);
      const accepted = records.some((r) => r.kind === 'push-sent' && r.userID === side.callee);
      const result = shown ? 'delivered' : accepted ? 'accepted-not-shown' : 'not-delivered';
      // "Accepted, not shown" passes only an expectation of nothing shown, never one of delivery.
      const passed = rule.outcome === 'dropped' && result === 'accepted-not-shown';
      record(call, {
        state: 'notifications-off', flow: 'notifications disabled', expected: rule.outcome, result, passed,
        diagnosis: `the gateway accepted the push but the phone showed nothing: notifications are off for the app; cloud: ${describeRecords(records)}`,
      });
      await expectThat(ctx, result === 'accepted-not-shown', `expected accepted-not-shown (gateway accepted, nothing shown), got ${result}${shown ? ` (${call.marker} showed as ${shown.kind})` : ''}`, call.invitationID);
      await expectThat(ctx, passed, `the ${harness.device.vendor} rule for notifications-off × ${message} says ${rule.outcome} (${rule.source}); accepted-not-shown must not pass it`, call.invitationID);
    } finally {
      await phone.leaveState('notifications-off');
      await endCall(ctx, call);
    }
  });

  it('mis-packaged build (Huawei without agconnect-services.json): not registered for push, diagnosis names the file', async function () {
    if (harness.device.vendor !== 'huawei') skipBecause(this, `zego-missing-huawei-agconnect.json lacks only the Huawei channel's agconnect-services.json; this phone pushes through ${harness.device.vendor}, where that build is packaged right`);
    const buildPath = resolve(root, 'fixtures/builds/zego-missing-huawei-agconnect.json');
    const problems = diagnose(loadBuild(buildPath), harness.device.vendor);
    await expectThat(ctx, problems.some((p) => p.blocksToken && /agconnect-services\.json/.test(p.message)), `diagnose() should name agconnect-services.json for ${buildPath} on huawei; it said: ${problems.map((p) => p.message).join('; ') || 'nothing'}`);
    const side = await openFlowSide(harness, 'zego', 'edgebad', buildPath);
    const bad: FlowContext = { ...ctx, side, tag: 'edgebad', seq: 0 };
    const { phone } = bad;
    let call: FlowCall | undefined;
    try {
      if (await phone.isInstalled()) await phone.uninstall();
      await phone.ensureReady(buildPath, side.callee);
      const status = await phone.browser.$(phone.selector('pushStatus')).getText();
      await expectThat(bad, /agconnect-services\.json/.test(status), `the app's home page should say why push is off; it says "${status}"`);
      await phone.enterState('killed');
      call = await sendCall(bad);
      const refused = call.result.errorUsers.find((u) => u.userID === side.callee);
      await expectThat(bad, refused !== undefined && /push registration|registered for push/.test(refused.reason),
        `sendInvitation should list the callee in errorUsers as not registered for push; successUsers ${JSON.stringify(call.result.successUsers)}, errorUsers ${JSON.stringify(call.result.errorUsers)}`, call.invitationID);
      const records = await side.records.list({ userID: side.callee });
      await expectThat(bad, !records.some((r) => r.kind === 'push-bound' && r.deviceId === phoneDeviceId) && !records.some((r) => r.kind === 'push-sent'),
        `a build without agconnect-services.json gets no Huawei token, so nothing may be bound or pushed; cloud: ${describeRecords(records)}`, call.invitationID);
      const shown = await phone.findCallAlert(call.marker);
      await expectThat(bad, !shown, `nothing can reach the phone, but ${call.marker} showed as ${shown?.kind}`, call.invitationID);
      // Expected: what this build can get on this phone (refused: no token), so a correct diagnosis keeps the run green
      // while the report carries the diagnosis; a delivery here would be the failure.
      recordSample(reportsDir, flowSample(bad, call, {
        state: 'killed', flow: 'mis-packaged build', expected: 'refused', result: 'refused', passed: true,
        diagnosis: `build ${buildPath.slice(root.length)}: ${side.buildDiagnosis}; cloud: ${refused!.reason}`,
      }));
    } catch (error) {
      if (call) recordSample(reportsDir, flowSample(bad, call, { state: 'killed', flow: 'mis-packaged build', expected: 'refused', result: 'error', passed: false, diagnosis: (error as Error).message }));
      throw error;
    } finally {
      await endCall(bad, call);
      side.close();
      // Back to the demo build for what follows.
      if (await phone.isInstalled().catch(() => false)) await phone.uninstall();
    }
  });

  it('injected gateway delay D shows as ≈ D ms more push latency', async function () {
    const D = 300;
    const gateway = GatewayControl.forVendor(harness.endpoints, harness.device.vendor);
    if (!gateway) skipBecause(this, `no ${harness.device.vendor} mock gateway in this run: delays are injected on the mock`);
    const { phone, side } = ctx;
    const rule = outcome('killed');
    const killedPush = async (injected?: SampleFields['injected']): Promise<number> => {
      await phone.ensureReady(side.buildPath, side.callee);
      await phone.enterState('killed');
      const call = await sendCall(ctx, { resourceID: alertResource });
      try {
        await waitShown(ctx, call, ctx.waits.deliverMs + D);
        await stampGateway(ctx, call);
        record(call, { state: 'killed', flow: injected ? `gateway delay ${D} ms` : 'delay baseline', expected: rule.outcome, result: 'delivered', passed: true, ...(injected ? { injected } : {}) });
        return call.stamps.shownAt! - call.stamps.sentAt;
      } finally {
        await endCall(ctx, call);
      }
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    await phone.ensureReady(side.buildPath, side.callee);
    const token = await gateway!.tokenOf(phone.appId, phoneDeviceId);
    const baseline: number[] = [];
    for (let i = 0; i < 3; i++) baseline.push(await killedPush());
    const delayed: number[] = [];
    // Only this phone's token: other sessions share the gateway.
    await gateway!.addFault({ kind: 'delay', ms: D, token, times: 3 });
    try {
      for (let i = 0; i < 3; i++) delayed.push(await killedPush({ gatewayDelayMs: D }));
    } finally {
      await gateway!.clearFaults();
    }
    const extra = median(delayed) - median(baseline);
    await expectThat(ctx, extra >= D - 50 && extra <= D + 150,
      `with a ${D} ms delay on the ${harness.device.vendor} gateway the push should take ${D - 50}..${D + 150} ms more than the baseline median; it took ${extra.toFixed(1)} ms more (baseline ${baseline.map((x) => x.toFixed(1)).join(', ')}; delayed ${delayed.map((x) => x.toFixed(1)).join(', ')})`);
  });

  it('injected clock offset is found within the estimate\'s uncertainty', async function () {
    const injected = harness.device.simulated?.clockOffsetMs;
    if (injected === undefined) skipBecause(this, 'a real phone has no injected clock offset to compare the estimate with');
    const { offsetMs, uncertaintyMs, probes } = ctx.phone.clock;
    await expectThat(ctx, Math.abs(offsetMs - injected!) <= uncertaintyMs,
      `the clock offset estimate ${offsetMs.toFixed(1)} ± ${uncertaintyMs.toFixed(1)} ms (${probes} getDeviceTime probes) should contain the injected ${injected} ms`);
  });
});

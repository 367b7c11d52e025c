import type { AppClient, SendInvitationResult } from '../cloud/app-client.js';
import type { CloudRecord } from '../cloud/records.js';
import type { LatencySample, SampleResult, Stamps } from '../report/types.js';
import type { Outcome } from '../vendors/common/delivery-rules.js';
import { CloudRecords, describeRecords } from './cloud-records.js';
import type { CallAlert, Phone } from './phone.js';
import type { Scenario } from './scenarios.js';
import { WaitTimeoutError } from './waits.js';

/** What a scenario run needs besides the phone: the calling side, the cloud's records, the build and the users. */
export interface ScenarioContext {
  readonly phone: Phone;
  /** The caller, logged in to the same provider (the `cloud` invitation source). */
  readonly caller: AppClient;
  readonly records: CloudRecords;
  /** The custom base to (re)install. */
  readonly appPath: string;
  readonly callee: string;
  readonly resourceID: string;
  /** Sequence number, used to make each invitation's notification text unique. */
  readonly seq: number;
  readonly waits: ScenarioWaits;
  /** The build's own diagnosis for this phone's vendor (mis-packaged custom base), if any. */
  readonly buildDiagnosis?: string;
}

export interface ScenarioWaits {
  /** How long an expected invitation may take to show. */
  readonly deliverMs: number;
  /** How long the harness watches to conclude that nothing is shown. */
  readonly quietMs: number;
  /** How long to wait for the call to connect after accepting. */
  readonly connectMs: number;
}

const expectsDelivery = (o: Outcome) => o === 'app' || o === 'system' || o === 'queued';

/**
 * Runs one scenario end to end: phone ready → state → invitation from the caller → what arrives
 * (and when) → tap → accept → connected → hang up → phone back to normal. Never throws for an
 * unexpected outcome: the sample says what happened and why; only harness faults throw.
 */
export async function runScenario(scenario: Scenario, ctx: ScenarioContext): Promise<LatencySample> {
  const { phone } = ctx;
  await phone.ensureReady(ctx.appPath, ctx.callee);
  await phone.enterState(scenario.state);
  const marker = `#${ctx.seq}`;
  const stamps: Stamps = { sentAt: Date.now() };
  let invitation: SendInvitationResult | undefined;
  let result: SampleResult = 'not-delivered';
  let diagnosis: string | undefined;
  let alert: CallAlert | undefined;
  try {
    invitation = await ctx.caller.sendInvitation({
      invitees: [{ userID: ctx.callee }],
      type: scenario.callType,
      timeout: 60,
      data: JSON.stringify({ scenario: scenario.id }),
      notificationConfig: { title: `Incoming ${scenario.callType} call ${marker}`, message: `${ctx.caller.provider} call ${marker}`, resourceID: ctx.resourceID },
    });
    const refused = invitation.errorUsers.find((u) => u.userID === ctx.callee);
    const watchMs = expectsDelivery(scenario.expected) && scenario.expected !== 'queued' ? ctx.waits.deliverMs : ctx.waits.quietMs;
    alert = await phone.waitForCallAlert(marker, watchMs).catch((error: unknown) => {
      if (error instanceof WaitTimeoutError) return undefined;
      throw error;
    });
    if (!alert && scenario.expected === 'queued' && scenario.state === 'offline') {
      // Held by the gateway while the phone is offline: bring it back and the invitation should follow, late.
      await phone.leaveState('offline');
      alert = await phone.waitForCallAlert(marker, ctx.waits.deliverMs).catch(() => undefined);
    }
    const records = await ctx.records.list({ invitationID: invitation.invitationID });
    const pushed = records.find((r) => r.kind === 'push-sent' && r.userID === ctx.callee);
    const online = records.find((r) => r.kind === 'online-delivery' && r.userID === ctx.callee);
    if (pushed?.gatewayAcceptedAt) stamps.gatewayAcceptedAt = pushed.gatewayAcceptedAt;
    if (alert) {
      result = 'delivered';
      await stampArrival(phone, alert, invitation.invitationID, stamps);
      await answer(phone, alert, marker, ctx, stamps, invitation.invitationID);
    } else {
      const failed = records.find((r) => r.kind === 'push-failed' && r.userID === ctx.callee);
      result = failed?.tokenInvalid ? 'refused' : pushed || online ? 'accepted-not-shown' : refused ? 'refused' : 'not-delivered';
      diagnosis = explain(result, records, refused?.reason, ctx.buildDiagnosis);
    }
  } catch (error) {
    result = 'error';
    diagnosis = (error as Error).message;
  } finally {
    if (invitation) await ctx.caller.cancelInvitation(invitation.invitationID).catch(() => undefined);
    await phone.leaveState(scenario.state).catch(() => undefined);
  }
  const passed = expectsDelivery(scenario.expected) ? result === 'delivered' && stamps.callConnectedAt !== undefined
    : scenario.expected === 'dropped' ? result === 'accepted-not-shown'
      : result === 'refused';
  if (!passed && !diagnosis) diagnosis = `expected ${scenario.expected} (${scenario.because}) but the result was ${result}${alert ? ` via ${alert.kind}` : ''}`;
  return {
    id: `${scenario.id} #${ctx.seq}`,
    scenario: scenario.id,
    device: scenario.device,
    vendor: scenario.vendor,
    platform: scenario.platform,
    state: scenario.state,
    provider: scenario.provider,
    callType: scenario.callType,
    message: scenario.message,
    source: 'cloud',
    expected: scenario.expected,
    result,
    passed,
    ...(diagnosis ? { diagnosis } : {}),
    stamps,
    clock: { offsetMs: phone.clock.offsetMs, uncertaintyMs: phone.clock.uncertaintyMs },
    ...(phone.device.simulated?.clockOffsetMs ? { injected: { clockOffsetMs: phone.device.simulated.clockOffsetMs } } : {}),
  };
}

/** Device-side stamps, moved onto the harness clock: receipt from the device log, shown from the notification's postTime. */
async function stampArrival(phone: Phone, alert: CallAlert, invitationID: string, stamps: Stamps): Promise<void> {
  const received = await phone.receivedAt(invitationID).catch(() => undefined);
  if (received !== undefined) stamps.deviceReceivedAt = phone.toHost(received);
  stamps.shownAt = alert.kind === 'notification' && alert.postTime !== undefined ? phone.toHost(alert.postTime) : alert.seenAt;
}

/** Opens the invitation (tapping its notification) and accepts it; stamps the tap and the connected call. */
async function answer(phone: Phone, alert: CallAlert, marker: string, ctx: ScenarioContext, stamps: Stamps, invitationID: string): Promise<void> {
  stamps.tappedAt = Date.now();
  if (alert.kind === 'notification') await phone.tapNotification(marker);
  await phone.tap('incomingAccept');
  await ctx.caller.joinRoom((await ctx.caller.invitation(invitationID)).callID);
  const connected = await ctx.records.waitForKind(invitationID, ['call-connected'], ctx.waits.connectMs);
  await phone.waitFor('callConnected', ctx.waits.connectMs);
  stamps.callConnectedAt = connected.at;
  await phone.tap('callHangup');
}

function explain(result: SampleResult, records: readonly CloudRecord[], refusedReason: string | undefined, buildDiagnosis: string | undefined): string {
  const parts = [
    result === 'accepted-not-shown' ? 'the invitation reached the phone (gateway accepted the push, or the cloud delivered it online) but nothing was shown' : undefined,
    refusedReason ? `sendInvitation listed the callee in errorUsers: ${refusedReason}` : undefined,
    buildDiagnosis ? `build: ${buildDiagnosis}` : undefined,
    `cloud: ${describeRecords(records)}`,
  ];
  return parts.filter(Boolean).join('; ');
}

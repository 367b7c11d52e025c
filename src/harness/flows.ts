import type { AppClient, InvitationAnswer, ProviderId, SendInvitationResult } from '../cloud/app-client.js';
import { createAppClient } from '../cloud/index.js';
import type { CloudRecord, RecordKind } from '../cloud/records.js';
import { diagnose, loadBuild, type BuildDescriptor } from '../device/build.js';
import type { LatencySample, SampleResult, Stamps } from '../report/types.js';
import type { AppState, Outcome, RuleMessage } from '../vendors/common/delivery-rules.js';
import { CloudRecords, describeRecords } from './cloud-records.js';
import type { CallAlert, Phone } from './phone.js';
import type { ScenarioWaits } from './scenario-runner.js';
import { DEFAULT_RESOURCE_ID, messageFor } from './scenarios.js';
import { demoBuilds, identityFor, type Harness } from './session.js';
import { waitFor, WaitTimeoutError } from './waits.js';

/**
 * What the flow specs (specs/flows/) share: a provider side with users of their own, invitations
 * marked so their notifications can be told apart, waits whose failures say what the phone and
 * the cloud showed, and the latency sample of each invitation.
 *
 * Each flow spec file logs in users named after it (`<tag>-callee-<device>`), so it can run next to
 * the matrix spec on the same device (another session, another simulated phone) without the two
 * ringing each other's phones.
 */

/** The answers a caller heard (`onInvitationAnswered`), per invitation. */
export class CallerLog {
  readonly answers = new Map<string, { userID: string; answer: InvitationAnswer }[]>();

  constructor(client: AppClient) {
    client.onInvitationAnswered((invitationID, userID, answer) => {
      this.answers.set(invitationID, [...(this.answers.get(invitationID) ?? []), { userID, answer }]);
    });
  }

  /** Waits until the caller hears `userID`'s answer to an invitation; the timeout says what it heard instead. */
  answerOf(invitationID: string, userID: string, timeoutMs: number): Promise<InvitationAnswer> {
    return waitFor(`the caller to hear ${userID}'s answer to ${invitationID}`, async () => {
      const heard = this.answers.get(invitationID) ?? [];
      return { value: heard.find((a) => a.userID === userID)?.answer, observed: heard };
    }, { timeoutMs, intervalMs: 10, describe: (heard) => (heard.length ? heard.map((a) => `${a.userID}: ${a.answer}`).join(', ') : 'no answer at all') });
  }
}

/** One provider as a flow spec uses it: the build on the phone, a caller of its own, the cloud's records. */
export interface FlowSide {
  readonly provider: ProviderId;
  readonly build: BuildDescriptor;
  readonly buildPath: string;
  readonly caller: AppClient;
  readonly callerLog: CallerLog;
  readonly records: CloudRecords;
  readonly callee: string;
  /** The build's own diagnosis for this phone's vendor, when it was packaged wrong for it. */
  readonly buildDiagnosis?: string;
  /** A further logged-in user of the same cloud (a second caller, or a stand-in second device of the callee). */
  client(userID: string, options?: { deviceId?: string }): Promise<AppClient>;
  close(): void;
}

/**
 * Opens a provider side for one flow spec file: users `<tag>-caller-<device>` and
 * `<tag>-callee-<device>` on the cloud the build talks to (its `cloudUrl`, else the run's).
 */
export async function openFlowSide(harness: Harness, provider: ProviderId, tag: string, buildPath: string = demoBuilds[provider]): Promise<FlowSide> {
  const build = loadBuild(buildPath);
  if (build.provider !== provider) throw new Error(`${buildPath} is a ${build.provider} build, not ${provider}`);
  const { endpoints, device, phone } = harness;
  phone.appName = build.appName;
  const clients: AppClient[] = [];
  const client = async (userID: string, options: { deviceId?: string } = {}) => {
    const c = createAppClient({ ...identityFor(build, endpoints, userID), ...(options.deviceId ? { deviceId: options.deviceId } : {}) }, { timeoutMs: 5000 });
    clients.push(c);
    await c.connect();
    return c;
  };
  const caller = await client(`${tag}-caller-${device.id}`);
  const problems = diagnose(build, device.vendor);
  return {
    provider, build, buildPath, caller,
    callerLog: new CallerLog(caller),
    records: new CloudRecords(build.cloudUrl ?? endpoints.clouds[provider]),
    callee: `${tag}-callee-${device.id}`,
    ...(problems.length ? { buildDiagnosis: problems.map((p) => p.message).join('; ') } : {}),
    client,
    close: () => { for (const c of clients) c.close(); },
  };
}

/** An invitation a flow sent, and the stamps gathered for it. */
export interface FlowCall {
  readonly n: number;
  /** Text in the notification's title and body that tells this invitation apart, e.g. `[calls3]`. */
  readonly marker: string;
  readonly invitationID: string;
  readonly callID: string;
  readonly result: SendInvitationResult;
  readonly type: 'voice' | 'video';
  readonly stamps: Stamps;
}

/** Everything one flow spec's helpers need. */
export interface FlowContext {
  readonly harness: Harness;
  readonly phone: Phone;
  readonly side: FlowSide;
  readonly waits: ScenarioWaits;
  /** Marker prefix (the spec's tag). */
  readonly tag: string;
  /** Invitation counter; each call takes the next number. */
  seq: number;
}

export interface CallOptions {
  readonly type?: 'voice' | 'video';
  /** Seconds until the invitation times out (default 60). */
  readonly timeout?: number;
  readonly resourceID?: string;
  /** Who calls (default the side's caller). */
  readonly from?: AppClient;
}

/** Sends one invitation from the caller to the side's callee, its notification text marked `[<tag><n>]`. */
export async function sendCall(ctx: FlowContext, options: CallOptions = {}): Promise<FlowCall> {
  const n = ++ctx.seq;
  const marker = `[${ctx.tag}${n}]`;
  const type = options.type ?? (n % 2 ? 'voice' : 'video');
  const from = options.from ?? ctx.side.caller;
  const stamps: Stamps = { sentAt: Date.now() };
  const result = await from.sendInvitation({
    invitees: [{ userID: ctx.side.callee }],
    type,
    timeout: options.timeout ?? 60,
    notificationConfig: { title: `Incoming ${type} call ${marker}`, message: `${ctx.side.provider} call ${marker}`, resourceID: options.resourceID ?? DEFAULT_RESOURCE_ID },
  });
  return { n, marker, invitationID: result.invitationID, callID: result.callID, result, type, stamps };
}

/** "the phone showed: …; cloud: …" — the tail of every flow failure. */
export async function whatHappened(ctx: FlowContext, invitationID?: string): Promise<string> {
  const screen = await ctx.phone.screenSummary().catch((error: Error) => `(screen unreadable: ${error.message})`);
  const records = invitationID ? await ctx.side.records.list({ invitationID }).then(describeRecords, (error: Error) => `(records unreadable: ${error.message})`) : undefined;
  return `the phone showed: ${screen}${records ? `; cloud: ${records}` : ''}`;
}

/**
 * Skips the running test (or, from a hook, the tests it guards) and prints why: mocha's `this.skip()`
 * takes no reason, and a skip nobody can explain reads like a hole in the run.
 */
export function skipBecause(test: Mocha.Context, deviceId: string, reason: string): never {
  const title = test.currentTest?.title ?? test.test?.title ?? '(hook)';
  process.stdout.write(`[pushlab] ${deviceId}: skipped "${title}": ${reason}\n`);
  test.skip();
  throw new Error(`unreachable: mocha's skip() throws`);
}

/** Throws `message` plus what the phone and the cloud showed, unless `ok`. */
export async function expectThat(ctx: FlowContext, ok: boolean, message: string, invitationID?: string): Promise<void> {
  if (!ok) throw new Error(`${ctx.phone.device.id}: ${message}; ${await whatHappened(ctx, invitationID)}`);
}

/** Waits for the invitation to show (notification or incoming-call page) and stamps it; fails saying what the phone and the cloud showed. */
export async function waitShown(ctx: FlowContext, call: FlowCall, timeoutMs = ctx.waits.deliverMs): Promise<CallAlert> {
  let alert: CallAlert;
  try {
    alert = await ctx.phone.waitForCallAlert(call.marker, timeoutMs);
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) throw error;
    const records = await ctx.side.records.list({ invitationID: call.invitationID }).then(describeRecords, () => 'records unreadable');
    throw new Error(`${ctx.phone.device.id}: expected invitation ${call.marker} to show within ${timeoutMs} ms; the phone showed: ${error.lastSeen}; cloud: ${records}`);
  }
  await stampArrival(ctx.phone, alert, call.invitationID, call.stamps);
  return alert;
}

/** Watches for `quietMs`; returns what showed, or undefined when nothing did. */
export async function watchQuiet(phone: Phone, marker: string, quietMs: number): Promise<CallAlert | undefined> {
  return phone.waitForCallAlert(marker, quietMs).catch((error: unknown) => {
    if (error instanceof WaitTimeoutError) return undefined;
    throw error;
  });
}

/** Device-side stamps moved onto the harness clock: receipt from the device log, shown from the notification's postTime (else when the harness saw it). */
export async function stampArrival(phone: Phone, alert: CallAlert, invitationID: string, stamps: Stamps): Promise<void> {
  const received = await phone.receivedAt(invitationID).catch(() => undefined);
  if (received !== undefined) stamps.deviceReceivedAt = phone.toHost(received);
  stamps.shownAt = alert.kind === 'notification' && alert.postTime !== undefined ? phone.toHost(alert.postTime) : alert.seenAt;
}

/** Stamps the gateway's acceptance from the cloud's push-sent record, if there is one; returns the invitation's records. */
export async function stampGateway(ctx: FlowContext, call: FlowCall): Promise<CloudRecord[]> {
  const records = await ctx.side.records.list({ invitationID: call.invitationID });
  const pushed = records.find((r) => r.kind === 'push-sent' && r.userID === ctx.side.callee);
  if (pushed?.gatewayAcceptedAt !== undefined) call.stamps.gatewayAcceptedAt = pushed.gatewayAcceptedAt;
  return records;
}

/** Waits for a cloud record of one of these kinds for the invitation; the failure names the records there were and the screen. */
export async function waitRecord(ctx: FlowContext, call: Pick<FlowCall, 'invitationID'>, kinds: readonly RecordKind[], timeoutMs = ctx.waits.connectMs): Promise<CloudRecord> {
  try {
    return await ctx.side.records.waitForKind(call.invitationID, kinds, timeoutMs);
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) throw error;
    throw new Error(`${ctx.phone.device.id}: expected a ${kinds.join('/')} record for invitation ${call.invitationID} within ${timeoutMs} ms; cloud: ${error.lastSeen}; the phone showed: ${await ctx.phone.screenSummary().catch(() => '(unreadable)')}`);
  }
}

/** Opens the invitation into the incoming-call page: taps its notification if that is how it showed. Stamps the tap. */
export async function openIncoming(ctx: FlowContext, call: FlowCall, alert: CallAlert): Promise<void> {
  call.stamps.tappedAt = Date.now();
  if (alert.kind === 'notification') await ctx.phone.tapNotification(call.marker);
  await ctx.phone.waitFor('incomingAccept', ctx.waits.connectMs).catch(async (error: Error) => {
    throw new Error(`${ctx.phone.device.id}: tapping ${call.marker}'s notification should open the incoming-call page: ${error.message}; cloud: ${await ctx.side.records.list({ invitationID: call.invitationID }).then(describeRecords)}`);
  });
}

/** Accepts on the incoming-call page, the caller joins the room, and both sides see the call connected; stamps it. */
export async function acceptAndConnect(ctx: FlowContext, call: FlowCall, caller: AppClient = ctx.side.caller): Promise<CloudRecord> {
  await ctx.phone.tap('incomingAccept');
  await caller.joinRoom(call.callID);
  const connected = await waitRecord(ctx, call, ['call-connected']);
  await ctx.phone.waitFor('callConnected', ctx.waits.connectMs);
  call.stamps.callConnectedAt = connected.at;
  return connected;
}

export interface SampleFields {
  readonly state: AppState;
  /** e.g. "accept from notification"; joins the device, state and provider in the scenario name. */
  readonly flow: string;
  readonly expected: Outcome;
  readonly result: SampleResult;
  readonly passed: boolean;
  readonly diagnosis?: string;
  readonly source?: LatencySample['source'];
  readonly provider?: LatencySample['provider'];
  readonly message?: RuleMessage;
  readonly injected?: LatencySample['injected'];
}

/** The latency sample of one flow invitation (stamps on the harness clock, with the phone's clock estimate). */
export function flowSample(ctx: FlowContext, call: Pick<FlowCall, 'n' | 'type' | 'stamps'>, fields: SampleFields): LatencySample {
  const { phone } = ctx;
  const device = phone.device;
  const provider = fields.provider ?? ctx.side.provider;
  const scenario = `${device.id} · ${fields.state} · ${provider} · ${call.type} · ${fields.flow}`;
  const injectedClock = device.simulated?.clockOffsetMs ? { clockOffsetMs: device.simulated.clockOffsetMs } : {};
  const injected = { ...injectedClock, ...fields.injected };
  return {
    id: `${scenario} #${ctx.tag}${call.n}`,
    scenario,
    device: device.id,
    vendor: device.vendor,
    platform: device.platform,
    state: fields.state,
    provider,
    callType: call.type,
    message: fields.message ?? messageFor(ctx.side.provider, device.platform),
    source: fields.source ?? 'cloud',
    expected: fields.expected,
    result: fields.result,
    passed: fields.passed,
    ...(fields.diagnosis ? { diagnosis: fields.diagnosis } : {}),
    stamps: { ...call.stamps },
    clock: { offsetMs: phone.clock.offsetMs, uncertaintyMs: phone.clock.uncertaintyMs },
    ...(Object.keys(injected).length ? { injected } : {}),
  };
}

/** Hangs up if the phone is in a call, cancels the invitation if it still rings; never throws (cleanup). */
export async function endCall(ctx: FlowContext, call: FlowCall | undefined, caller: AppClient = ctx.side.caller): Promise<void> {
  if (await ctx.phone.exists('callHangup').catch(() => false)) await ctx.phone.tap('callHangup').catch(() => undefined);
  if (!call) return;
  await caller.leaveRoom(call.callID).catch(() => undefined);
  const state = await caller.invitation(call.invitationID).then((i) => i.state, () => undefined);
  if (state === 'pending') await caller.cancelInvitation(call.invitationID).catch(() => undefined);
}

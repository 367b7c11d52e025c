import { randomUUID } from 'node:crypto';
import type { Invitation, InvitationState } from './app-client.js';
import { CloudError } from './frames.js';
import type { RecordBook } from './records.js';
import type { CloudClock } from './timers.js';

/**
 * Where one invitee stands. `unreachable`: not reached when sent (offline, no push) — listed in
 * errorUsers, yet still ringing: a device that logs in before the timeout gets it.
 */
export type InviteeState = 'pending' | 'accepted' | 'refused' | 'cancelled' | 'timeout' | 'busy' | 'connected' | 'ended' | 'unreachable';

export interface InviteeEntry {
  readonly userID: string;
  readonly userName?: string;
  state: InviteeState;
  reason?: string;
}

/** One call invitation as the cloud keeps it. */
export interface CallInvitation extends Invitation {
  readonly createdAt: number;
  readonly resourceID?: string;
  readonly invitees: Map<string, InviteeEntry>;
  /** The caller cancelled, or the call ended: nothing rings any more. */
  closed?: 'cancelled' | 'ended';
}

export interface NewInvitation {
  readonly inviter: { readonly userID: string; readonly userName?: string };
  readonly invitees: readonly { readonly userID: string; readonly userName?: string }[];
  readonly type: 'voice' | 'video';
  readonly timeoutSeconds: number;
  readonly data?: string;
  readonly title?: string;
  readonly message?: string;
  readonly resourceID?: string;
  /** Easemob: the caller's app picks the ids (they travel in the custom message). ZEGO: the cloud does. */
  readonly invitationID?: string;
  readonly callID?: string;
}

/** What the provider does when time runs out for invitees (tell the invitees' and the caller's apps). */
export interface InvitationHooks {
  timedOut(invitation: CallInvitation, userIDs: readonly string[]): void;
}

/** What the cloud answers where nothing fits, in the provider's code (set by each cloud). */
export interface InvitationErrors {
  readonly notFound: number | string;
  readonly notAllowed: number | string;
}

/**
 * The invitation lifecycle both clouds share: create → accept / refuse / cancel / timeout / busy, and
 * the room join that makes a call "connected". Writes the lifecycle records; routing records
 * (online delivery, pushes) are the provider's.
 */
export class InvitationBook {
  readonly #invitations = new Map<string, CallInvitation>();
  readonly #byCall = new Map<string, string>();
  readonly #timers = new Map<string, () => void>();
  readonly #rooms = new Map<string, Set<string>>();
  hooks: InvitationHooks = { timedOut: () => {} };

  constructor(
    private readonly records: RecordBook,
    private readonly clock: CloudClock,
    private readonly errors: InvitationErrors,
    private readonly provider: string,
  ) {}

  create(spec: NewInvitation): CallInvitation {
    const invitationID = spec.invitationID ?? randomUUID();
    if (this.#invitations.has(invitationID)) throw new CloudError(this.provider, this.errors.notAllowed, `invitation ${invitationID} already exists`, 'invitationID');
    const invitation: CallInvitation = {
      invitationID,
      callID: spec.callID ?? `call_${invitationID.slice(0, 8)}`,
      inviter: spec.inviter,
      type: spec.type,
      timeoutSeconds: spec.timeoutSeconds,
      data: spec.data,
      title: spec.title,
      message: spec.message,
      resourceID: spec.resourceID,
      createdAt: this.clock.now(),
      invitees: new Map(),
    };
    for (const invitee of spec.invitees) invitation.invitees.set(invitee.userID, { ...invitee, state: 'pending' });
    this.#invitations.set(invitationID, invitation);
    this.#byCall.set(invitation.callID, invitationID);
    this.#timers.set(invitationID, this.clock.setTimer(spec.timeoutSeconds * 1000, () => this.#timeout(invitationID)));
    this.records.add({
      kind: 'invitation-created', userID: spec.inviter.userID, invitationID, callID: invitation.callID, resourceID: spec.resourceID,
      reason: `${spec.inviter.userID} invited ${spec.invitees.map((i) => i.userID).join(', ')} to a ${spec.type} call; times out in ${spec.timeoutSeconds} s`,
    });
    return invitation;
  }

  /** Easemob: one custom message per invitee adds them to the invitation the first one created. */
  addInvitee(invitation: CallInvitation, invitee: { userID: string; userName?: string }): InviteeEntry {
    const existing = invitation.invitees.get(invitee.userID);
    if (existing) return existing;
    const entry: InviteeEntry = { ...invitee, state: 'pending' };
    invitation.invitees.set(invitee.userID, entry);
    return entry;
  }

  get(invitationID: string): CallInvitation | undefined { return this.#invitations.get(invitationID); }

  /** Invitations still ringing for this user, oldest first. */
  pendingFor(userID: string): CallInvitation[] {
    return [...this.#invitations.values()].filter((i) => !i.closed && ringing(i.invitees.get(userID)?.state));
  }

  /** An unreachable invitee's device came online and got the invitation after all. */
  reached(invitation: CallInvitation, userID: string): void {
    const entry = invitation.invitees.get(userID);
    if (entry?.state === 'unreachable') { entry.state = 'pending'; entry.reason = undefined; }
  }

  /** The invitation or the provider's not-found error. */
  require(invitationID: string): CallInvitation {
    const found = this.#invitations.get(invitationID);
    if (!found) throw new CloudError(this.provider, this.errors.notFound, `no invitation ${invitationID}: it never existed on this cloud`, 'invitationID');
    return found;
  }

  /** The call this user is already in (accepted or connected, or sitting in a room), if any. */
  activeCallOf(userID: string): string | undefined {
    for (const [callID, members] of this.#rooms) if (members.has(userID)) return callID;
    for (const invitation of this.#invitations.values()) {
      if (invitation.closed) continue;
      const entry = invitation.invitees.get(userID);
      if (entry && (entry.state === 'accepted' || entry.state === 'connected')) return invitation.callID;
      if (invitation.inviter.userID === userID && [...invitation.invitees.values()].some((e) => e.state === 'accepted' || e.state === 'connected')) return invitation.callID;
    }
    return undefined;
  }

  /** The invitee is in another call: the cloud answers "busy" for them, as Call Kit does. */
  markBusy(invitation: CallInvitation, userID: string, otherCallID: string): void {
    const entry = this.#invitee(invitation, userID);
    entry.state = 'busy';
    entry.reason = `busy: already in call ${otherCallID}`;
    this.records.add({ kind: 'invitation-busy', userID, invitationID: invitation.invitationID, callID: invitation.callID, reason: `${userID} is already in call ${otherCallID}: refused as busy on their behalf` });
    this.#settle(invitation);
  }

  /** Nobody could be reached for this invitee (the routing records say why). */
  markUnreachable(invitation: CallInvitation, userID: string, reason: string): void {
    const entry = this.#invitee(invitation, userID);
    entry.state = 'unreachable';
    entry.reason = reason;
    this.#settle(invitation);
  }

  accept(invitationID: string, userID: string): CallInvitation {
    const invitation = this.require(invitationID);
    const entry = this.#pendingInvitee(invitation, userID, 'accept');
    entry.state = 'accepted';
    this.records.add({ kind: 'invitation-accepted', userID, invitationID, callID: invitation.callID, reason: `${userID} accepted ${invitation.inviter.userID}'s call` });
    this.#settle(invitation);
    this.#checkConnected(invitation);
    return invitation;
  }

  refuse(invitationID: string, userID: string, reason: 'declined' | 'busy' = 'declined'): CallInvitation {
    const invitation = this.require(invitationID);
    const entry = this.#pendingInvitee(invitation, userID, 'refuse');
    entry.state = reason === 'busy' ? 'busy' : 'refused';
    entry.reason = reason;
    this.records.add({
      kind: reason === 'busy' ? 'invitation-busy' : 'invitation-refused', userID, invitationID, callID: invitation.callID,
      reason: reason === 'busy' ? `${userID}'s app answered busy` : `${userID} declined ${invitation.inviter.userID}'s call`,
    });
    this.#settle(invitation);
    return invitation;
  }

  /** The caller gives up: every invitee still ringing (or just `only`) is cancelled. Returns them. */
  cancel(invitationID: string, userID: string, only?: string): string[] {
    const invitation = this.require(invitationID);
    if (invitation.inviter.userID !== userID) throw new CloudError(this.provider, this.errors.notAllowed, `only the inviter (${invitation.inviter.userID}) may cancel invitation ${invitationID}; ${userID} tried`, 'invitationID');
    const pending = [...invitation.invitees.values()].filter((e) => ringing(e.state) && (only === undefined || e.userID === only));
    if (pending.length === 0 && only === undefined && invitation.closed) throw new CloudError(this.provider, this.errors.notAllowed, `invitation ${invitationID} is already ${invitation.closed}`, 'invitationID');
    for (const entry of pending) {
      entry.state = 'cancelled';
      this.records.add({ kind: 'invitation-cancelled', userID: entry.userID, invitationID, callID: invitation.callID, reason: `${userID} cancelled the call before ${entry.userID} answered` });
    }
    if (![...invitation.invitees.values()].some((e) => ringing(e.state) || e.state === 'accepted' || e.state === 'connected')) invitation.closed ??= 'cancelled';
    this.#settle(invitation);
    return pending.map((e) => e.userID);
  }

  /** The state as this user sees it: an invitee their own, the caller the invitation's. */
  stateFor(invitation: CallInvitation, userID: string): InvitationState {
    const own = invitation.invitees.get(userID);
    if (own) return own.state === 'unreachable' ? 'pending' : own.state;
    return overallState(invitation);
  }

  join(callID: string, userID: string): void {
    const members = this.#rooms.get(callID) ?? new Set<string>();
    members.add(userID);
    this.#rooms.set(callID, members);
    const invitationID = this.#byCall.get(callID);
    if (invitationID) this.#checkConnected(this.#invitations.get(invitationID)!);
  }

  leave(callID: string, userID: string): void {
    const members = this.#rooms.get(callID);
    if (!members?.delete(userID)) return;
    if (members.size === 0) this.#rooms.delete(callID);
    const invitation = this.#invitations.get(this.#byCall.get(callID) ?? '');
    if (!invitation) return;
    const leavers = invitation.inviter.userID === userID ? [...invitation.invitees.values()] : [invitation.invitees.get(userID)].filter((e) => e !== undefined);
    for (const entry of leavers) {
      if (entry.state !== 'connected') continue;
      entry.state = 'ended';
      this.records.add({ kind: 'call-ended', userID: entry.userID, invitationID: invitation.invitationID, callID, reason: `${userID} left the room: the call with ${entry.userID} ended` });
    }
    if (![...invitation.invitees.values()].some((e) => ringing(e.state) || e.state === 'accepted' || e.state === 'connected')) invitation.closed ??= 'ended';
  }

  members(callID: string): readonly string[] { return [...(this.#rooms.get(callID) ?? [])]; }

  /** Stops every timer (cloud shutdown). */
  close(): void {
    for (const cancel of this.#timers.values()) cancel();
    this.#timers.clear();
  }

  #timeout(invitationID: string): void {
    this.#timers.delete(invitationID);
    const invitation = this.#invitations.get(invitationID);
    if (!invitation) return;
    const missed = [...invitation.invitees.values()].filter((e) => ringing(e.state));
    for (const entry of missed) {
      entry.state = 'timeout';
      this.records.add({ kind: 'invitation-timeout', userID: entry.userID, invitationID, callID: invitation.callID, reason: `nobody answered within ${invitation.timeoutSeconds} s: a missed call for ${entry.userID}` });
    }
    if (missed.length) this.hooks.timedOut(invitation, missed.map((e) => e.userID));
  }

  #checkConnected(invitation: CallInvitation): void {
    const members = this.#rooms.get(invitation.callID);
    if (!members?.has(invitation.inviter.userID)) return;
    for (const entry of invitation.invitees.values()) {
      if (entry.state !== 'accepted' || !members.has(entry.userID)) continue;
      entry.state = 'connected';
      this.records.add({ kind: 'call-connected', userID: entry.userID, invitationID: invitation.invitationID, callID: invitation.callID, reason: `${invitation.inviter.userID} and ${entry.userID} are both in room ${invitation.callID}` });
    }
  }

  /** No invitee left ringing: the timeout no longer matters. */
  #settle(invitation: CallInvitation): void {
    if ([...invitation.invitees.values()].some((e) => ringing(e.state))) return;
    this.#timers.get(invitation.invitationID)?.();
    this.#timers.delete(invitation.invitationID);
  }

  #invitee(invitation: CallInvitation, userID: string): InviteeEntry {
    const entry = invitation.invitees.get(userID);
    if (!entry) throw new CloudError(this.provider, this.errors.notAllowed, `${userID} is not invited to ${invitation.invitationID}`, 'invitationID');
    return entry;
  }

  #pendingInvitee(invitation: CallInvitation, userID: string, action: string): InviteeEntry {
    const entry = this.#invitee(invitation, userID);
    if (!ringing(entry.state)) throw new CloudError(this.provider, this.errors.notAllowed, `cannot ${action} invitation ${invitation.invitationID}: it is ${entry.state} for ${userID}`, 'invitationID');
    return entry;
  }
}

/** Still ringing: answered by nobody yet, whether or not a device was reached. */
export function ringing(state: InviteeState | undefined): boolean {
  return state === 'pending' || state === 'unreachable';
}

/** The invitation's state as the caller sees it. */
export function overallState(invitation: CallInvitation): InvitationState {
  const states = [...invitation.invitees.values()].map((e) => e.state);
  if (states.includes('connected')) return 'connected';
  if (states.includes('accepted')) return 'accepted';
  if (invitation.closed === 'cancelled') return 'cancelled';
  if (states.some(ringing)) return 'pending';
  if (states.includes('ended')) return 'ended';
  for (const final of ['timeout', 'refused', 'busy', 'cancelled'] as const) if (states.includes(final)) return final;
  return 'ended';
}

/** The invitation as an app sees it (no cloud bookkeeping). */
export function publicInvitation(invitation: CallInvitation): Invitation {
  return {
    invitationID: invitation.invitationID, callID: invitation.callID, inviter: invitation.inviter, type: invitation.type,
    timeoutSeconds: invitation.timeoutSeconds, data: invitation.data, title: invitation.title, message: invitation.message,
  };
}

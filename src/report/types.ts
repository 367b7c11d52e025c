import type { VendorId } from '../vendors/common/ids.js';
import type { AppState, Outcome } from '../vendors/common/delivery-rules.js';

/** Each hop of one invitation: name, the stamp it starts at, the stamp it ends at. `push` and `end-to-end` span several. */
export const hops = [
  ['push', 'sentAt', 'shownAt'],
  ['gateway', 'sentAt', 'gatewayAcceptedAt'],
  ['delivery', 'gatewayAcceptedAt', 'deviceReceivedAt'],
  ['display', 'deviceReceivedAt', 'shownAt'],
  ['tap', 'shownAt', 'tappedAt'],
  ['connect', 'tappedAt', 'callConnectedAt'],
  ['end-to-end', 'sentAt', 'callConnectedAt'],
] as const satisfies readonly (readonly [string, keyof Stamps, keyof Stamps])[];
export type HopName = (typeof hops)[number][0];
export const hopNames = hops.map(([name]) => name) as readonly HopName[];

/** The stamps of one invitation in the order they happen (the non-overlapping hops between them make the timeline). */
export const stampOrder = ['sentAt', 'gatewayAcceptedAt', 'deviceReceivedAt', 'shownAt', 'tappedAt', 'callConnectedAt'] as const satisfies readonly (keyof Stamps)[];

/** Epoch ms on the harness clock; device stamps are already corrected by the estimated clock offset. */
export interface Stamps {
  sentAt: number;
  gatewayAcceptedAt?: number;
  deviceReceivedAt?: number;
  shownAt?: number;
  tappedAt?: number;
  callConnectedAt?: number;
}

export const sampleResults = ['delivered', 'accepted-not-shown', 'not-delivered', 'refused', 'error'] as const;
export type SampleResult = (typeof sampleResults)[number];

/** One invitation sent to one phone in one app state, with what was expected, what happened and when. */
export interface LatencySample {
  id: string;
  /** e.g. "xiaomi-14 · killed · zego · video" */
  scenario: string;
  device: string;
  vendor: VendorId;
  platform: 'android' | 'ios';
  state: AppState;
  provider: 'zego' | 'easemob' | 'direct';
  callType: 'voice' | 'video';
  message: 'notification' | 'data' | 'voip';
  source: 'cloud' | 'direct' | 'caller';
  expected: Outcome;
  result: SampleResult;
  passed: boolean;
  diagnosis?: string;
  stamps: Stamps;
  /** The device clock's offset from the harness clock and the estimate's uncertainty (half the tightest round trip). */
  clock: { offsetMs: number; uncertaintyMs: number };
  /** Faults the run injected on purpose, so the report can tell them from real latency. */
  injected?: { gatewayDelayMs?: number; clockOffsetMs?: number };
}

/** One hop's latency in ms; a percentile always travels with its n. */
export interface HopSummary { n: number; p50: number; p95: number; p99: number; max: number; mean: number }

/** Statistics for one device × vendor × app state. */
export interface GroupSummary {
  device: string;
  vendor: VendorId;
  state: AppState;
  samples: number;
  /** Samples whose result is `delivered` (including any that were expected to be dropped or refused). */
  delivered: number;
  /** Samples that expected delivery (expected outcome app, system or queued): the denominator of deliveryRate. */
  expectedDelivery: number;
  /** Delivered ÷ expectedDelivery, counting only samples that expected delivery; 1 when none did. */
  deliveryRate: number;
  hops: Partial<Record<HopName, HopSummary>>;
}

/** The content of `latency.json`. */
export interface LatencyReport {
  schemaVersion: 1;
  generatedAt: string;
  run: { command?: string; host?: string; devices: string[]; durationMs?: number };
  samples: LatencySample[];
  summary: GroupSummary[];
}

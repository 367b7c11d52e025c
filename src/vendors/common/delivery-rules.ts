import type { VendorId } from './ids.js';

/** App/device states a phone can be put in (`pushlab rules` lists them in this order). */
export const appStates = ['foreground', 'background', 'frozen', 'swiped', 'killed', 'force-stopped', 'offline', 'doze', 'notifications-off', 'uninstalled'] as const;
export type AppState = (typeof appStates)[number];

/** notification: shown by the OS; data: pass-through / background / silent; voip: APNs PushKit only. */
export const ruleMessages = ['notification', 'data', 'voip'] as const;
export type RuleMessage = (typeof ruleMessages)[number];

/**
 * app: the running app gets it · system: the OS shows it · queued: held until the phone is back ·
 * dropped: accepted, never shown · refused: the gateway answers with an error.
 */
export const outcomes = ['app', 'system', 'queued', 'dropped', 'refused'] as const;
export type Outcome = (typeof outcomes)[number];

/** One row of a vendor's delivery table; `source` cites `reference/vendor-gateways.md#…` or says `assumption: …`. */
export interface DeliveryRule {
  readonly vendor: VendorId;
  readonly state: AppState;
  readonly message: RuleMessage;
  readonly outcome: Outcome;
  readonly source: string;
}

/** A vendor's table: for each state, the outcome and source per message type it supports. */
export type DeliveryTable = {
  readonly [S in AppState]: Partial<Readonly<Record<RuleMessage, { readonly outcome: Outcome; readonly source: string }>>>;
};

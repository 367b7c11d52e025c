import { readFileSync } from 'node:fs';

/**
 * The selectors specs use, in WebdriverIO's syntax, one set per platform. They match the simulated
 * app's stable ids (Android `<package>:id/<name>`, a short `id=<name>` resolving against the app
 * under test as UiAutomator2 does; iOS accessibility identifiers) and the system UI of the shade.
 * `{text}` in a selector is filled by `fillSelector`.
 */
export const defaultSelectors = {
  android: {
    loginUserId: 'id=login_user_id',
    loginButton: 'id=login_button',
    loginError: 'id=login_error',
    homeUserId: 'id=home_user_id',
    pushStatus: 'id=push_status',
    logoutButton: 'id=logout_button',
    inviteUserId: 'id=invite_user_id',
    inviteVoice: 'id=invite_voice',
    inviteVideo: 'id=invite_video',
    homeError: 'id=home_error',
    outgoingCallee: 'id=outgoing_callee',
    outgoingStatus: 'id=outgoing_status',
    outgoingNote: 'id=outgoing_note',
    outgoingCancel: 'id=outgoing_cancel',
    outgoingDismiss: 'id=outgoing_dismiss',
    incomingCaller: 'id=incoming_caller',
    incomingType: 'id=incoming_type',
    incomingAccept: 'id=incoming_accept',
    incomingDecline: 'id=incoming_decline',
    missedCall: 'id=missed_call',
    missedDismiss: 'id=missed_dismiss',
    callPeer: 'id=call_peer',
    callStatus: 'id=call_status',
    callConnected: 'id=call_connected',
    callHangup: 'id=call_hangup',
    notificationRow: 'id=com.android.systemui:id/expandableNotificationRow',
    notificationTitle: 'id=android:id/title',
    notificationText: 'id=android:id/text',
    notificationWithText: 'android=new UiSelector().resourceId("android:id/title").textContains("{text}")',
    notificationAccept: 'android=new UiSelector().resourceId("android:id/action0").text("Accept")',
    notificationDecline: 'android=new UiSelector().resourceId("android:id/action0").text("Decline")',
    clearAllNotifications: 'id=com.android.systemui:id/dismiss_text',
  },
  ios: {
    loginUserId: '~login_user_id',
    loginButton: '~login_button',
    loginError: '~login_error',
    homeUserId: '~home_user_id',
    pushStatus: '~push_status',
    logoutButton: '~logout_button',
    inviteUserId: '~invite_user_id',
    inviteVoice: '~invite_voice',
    inviteVideo: '~invite_video',
    homeError: '~home_error',
    outgoingCallee: '~outgoing_callee',
    outgoingStatus: '~outgoing_status',
    outgoingNote: '~outgoing_note',
    outgoingCancel: '~outgoing_cancel',
    outgoingDismiss: '~outgoing_dismiss',
    incomingCaller: '~incoming_caller',
    incomingType: '~incoming_type',
    incomingAccept: '~incoming_accept',
    incomingDecline: '~incoming_decline',
    missedCall: '~missed_call',
    missedDismiss: '~missed_dismiss',
    callPeer: '~call_peer',
    callStatus: '~call_status',
    callConnected: '~call_connected',
    callHangup: '~call_hangup',
    notificationRow: '~NotificationShortLookView',
    notificationTitle: '~NotificationShortLookView',
    notificationText: '~NotificationShortLookView',
    notificationWithText: "-ios predicate string:name == 'NotificationShortLookView' AND label CONTAINS '{text}'",
    notificationAccept: '~Accept',
    notificationDecline: '~Decline',
    clearAllNotifications: "-ios predicate string:type == 'XCUIElementTypeButton' AND label == 'Clear'",
  },
} as const satisfies Record<'android' | 'ios', Record<string, string>>;

export type SelectorName = keyof typeof defaultSelectors.android;
export type SelectorSet = Readonly<Record<SelectorName, string>>;
export interface Selectors { readonly android: SelectorSet; readonly ios: SelectorSet }

const selectorNames = Object.keys(defaultSelectors.android) as SelectorName[];

/**
 * The default selectors, with a user's JSON file laid over them for their own app:
 * `{ "android": { "incomingAccept": "id=com.acme:id/answer" }, "ios": { … } }`. Unknown names
 * and non-string values are refused, naming the file and the key.
 */
export function loadSelectors(overridePath?: string): Selectors {
  if (!overridePath) return defaultSelectors;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(overridePath, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the selector overrides ${overridePath}: ${(error as Error).message}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${overridePath}: selector overrides must be an object {"android": {...}, "ios": {...}}`);
  const problems: string[] = [];
  const merged = { android: { ...defaultSelectors.android } as Record<string, string>, ios: { ...defaultSelectors.ios } as Record<string, string> };
  for (const [platform, set] of Object.entries(parsed)) {
    if (platform !== 'android' && platform !== 'ios') { problems.push(`unknown platform "${platform}" (android|ios)`); continue; }
    if (typeof set !== 'object' || set === null) { problems.push(`${platform} must be an object of selector name → selector`); continue; }
    for (const [name, value] of Object.entries(set as Record<string, unknown>)) {
      if (!(selectorNames as string[]).includes(name)) problems.push(`${platform}.${name} is not a selector name (known: ${selectorNames.join(', ')})`);
      else if (typeof value !== 'string' || value === '') problems.push(`${platform}.${name} must be a non-empty string`);
      else merged[platform][name] = value;
    }
  }
  if (problems.length) throw new Error(`${overridePath}: ${problems.join('; ')}`);
  return merged as unknown as Selectors;
}

/** Fills `{name}` placeholders, escaping the quote characters the selector languages use. */
export function fillSelector(selector: string, values: Readonly<Record<string, string>>): string {
  return selector.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? values[name]!.replace(/["'\\]/g, '\\$&') : whole));
}

import { providerCarries } from '../device/build.js';
import { ruleFor } from '../device/rules.js';
import { appStates, type AppState, type Outcome, type RuleMessage } from '../vendors/common/delivery-rules.js';
import type { VendorId } from '../vendors/common/ids.js';
import type { DeviceConfig } from './devices.js';

export type Provider = 'zego' | 'easemob';
export type CallType = 'voice' | 'video';

/** One row of the scenario matrix: a device put in a state, called through a provider. */
export interface Scenario {
  readonly id: string;
  readonly device: string;
  readonly vendor: VendorId;
  readonly platform: 'android' | 'ios';
  readonly state: AppState;
  readonly provider: Provider;
  readonly callType: CallType;
  /** How the invitation reaches the phone: over the provider's long connection, or as a vendor push. */
  readonly route: 'online' | 'push';
  /** The push's message type (what the vendor rule is looked up by). */
  readonly message: RuleMessage;
  readonly expected: Outcome;
  /** Where the expectation comes from (the rule's source, or the provider's routing). */
  readonly because: string;
  /** Why this combination is not run (e.g. the provider's plugin has no channel for this vendor). */
  readonly skip?: string;
}

/** Resource the default builds name in notificationConfig: VoIP on iOS (fixtures/cloud/zego.json). */
export const DEFAULT_RESOURCE_ID = 'pushlab_call';

/**
 * The provider decides whether a push is sent at all: an app whose long connection is up gets the
 * invitation online. Easemob: "若应用在后台运行，则用户仍为在线状态" — background but connected is online
 * (seeds/shengwang-im-uniapp-push-plugin.md FAQ 1). ZEGO: with enableNotifyWhenAppRunningInBackgroundOrQuit
 * the Call Kit routes a backgrounded invitee to the offline push (seeds/zego-callkit-uniapp-offline-push.md).
 */
export function routeFor(provider: Provider, state: AppState): 'online' | 'push' {
  if (state === 'foreground') return 'online';
  // notifications-off leaves the app in the background with its connection up
  if (state === 'background' || state === 'notifications-off') return provider === 'easemob' ? 'online' : 'push';
  return 'push';
}

/** The vendor message type a provider's call-invitation push uses on this platform. */
export function messageFor(provider: Provider, platform: 'android' | 'ios'): RuleMessage {
  void provider; // both demo consoles push call invitations to iOS as VoIP (fixtures/cloud: zego pushlab_call, easemob pushlab-apns)
  return platform === 'android' ? 'notification' : 'voip';
}

/** What a scenario should end in, from the provider's routing and the vendor's delivery rule table. */
export function expectationFor(vendor: VendorId, platform: 'android' | 'ios', state: AppState, provider: Provider): Pick<Scenario, 'route' | 'message' | 'expected' | 'because'> {
  const route = routeFor(provider, state);
  const message = messageFor(provider, platform);
  if (route === 'online' && state === 'notifications-off') return { route, message, expected: 'dropped', because: `${provider}: delivered online to the backgrounded app, which may not post a notification while notifications are off` };
  if (route === 'online') return { route, message, expected: 'app', because: `${provider}: the long connection is up, the invitation is delivered online` };
  const rule = ruleFor(vendor, state, message);
  if (!rule) throw new Error(`no delivery rule for ${vendor} × ${state} × ${message}; see pushlab rules`);
  return { route, message, expected: rule.outcome, because: rule.source };
}

/** The default matrix for one device: every app state × both providers, call types alternating. */
export function scenariosFor(device: Pick<DeviceConfig, 'id' | 'vendor' | 'platform'>, providers: readonly Provider[] = ['zego', 'easemob'], states: readonly AppState[] = appStates): Scenario[] {
  return providers.flatMap((provider, p) => states.map((state, i) => {
    const callType: CallType = (i + p) % 2 === 0 ? 'video' : 'voice';
    const expectation = expectationFor(device.vendor, device.platform, state, provider);
    const noChannel = expectation.route === 'push' && !providerCarries(provider, device.vendor);
    return {
      id: `${device.id} · ${state} · ${provider} · ${callType}`,
      device: device.id, vendor: device.vendor, platform: device.platform, state, provider, callType,
      ...expectation,
      ...(noChannel ? { skip: `the ${provider} uni-app push plugin has no ${device.vendor} channel, so no push can reach this phone` } : {}),
    };
  }));
}

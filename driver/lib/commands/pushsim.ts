import { errors } from 'appium/driver.js';
import { appLifecycles, type AppLifecycle } from '../../../src/device/app.js';
import type { PushSimDriver } from '../driver.js';

/** `pushsim: state`: a snapshot of the phone (apps, lifecycle, rule state, notifications, last push receipts) for debugging. */
export async function pushsimState(this: PushSimDriver): Promise<Record<string, unknown>> {
  return this.phone.snapshot();
}

/**
 * `pushsim: setAppState {appId|bundleId, state}`: a lifecycle state no real driver command reaches
 * on this platform (iPhone: frozen = suspended, force-stopped); Android specs should prefer the
 * real commands (`am set-inactive`, `am kill`, `am force-stop`, recents swipe).
 */
export async function pushsimSetAppState(this: PushSimDriver, state: AppLifecycle, appId?: string, bundleId?: string): Promise<string> {
  const id = appId ?? bundleId ?? this.appId;
  if (!id || !this.phone.isInstalled(id)) throw new errors.InvalidArgumentError(`pushsim: setAppState: ${id ?? 'appId'} is not installed`);
  if (!(appLifecycles as readonly string[]).includes(state)) throw new errors.InvalidArgumentError(`pushsim: setAppState: state must be one of ${appLifecycles.join(', ')} (got ${JSON.stringify(state)})`);
  this.phone.setAppState(id, state);
  await this.phone.idle();
  return this.phone.appLifecycle(id);
}

/**
 * `pushsim: setNetwork {online}`: network on or off where no real driver command does it (iPhone:
 * XCUITest has no connectivity switch). Android specs should use `mobile: setConnectivity`.
 */
export async function pushsimSetNetwork(this: PushSimDriver, online: boolean): Promise<{ online: boolean }> {
  if (typeof online !== 'boolean') throw new errors.InvalidArgumentError(`pushsim: setNetwork: online must be true or false (got ${JSON.stringify(online)})`);
  this.phone.setNetwork({ wifi: online, data: online });
  await this.phone.idle();
  return { online: this.phone.online };
}

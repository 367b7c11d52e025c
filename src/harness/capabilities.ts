import { resolve } from 'node:path';
import type { DeviceConfig } from './devices.js';
import { DEVICE_CAP, ENDPOINTS_CAP, type PushlabEndpoints } from './endpoints.js';

export type Capability = Record<string, unknown>;

/** The WebDriver capabilities for one device: PushSim for simulated phones, UiAutomator2/XCUITest for real ones. */
export function capabilityFor(device: DeviceConfig, endpoints: PushlabEndpoints | undefined, root: string): Capability {
  const common: Capability = {
    platformName: device.platform === 'ios' ? 'iOS' : 'Android',
    // The flow specs (accept/decline/cancel/missed/busy, Easemob policies, edge cases) run on the devices tagged "flows".
    ...(device.tags.includes('flows') ? {} : { 'wdio:exclude': [resolve(root, 'specs/flows/**/*.spec.ts')] }),
    'appium:deviceName': device.name ?? device.id,
    'appium:newCommandTimeout': 120,
    [DEVICE_CAP]: device,
  };
  if (endpoints) common[ENDPOINTS_CAP] = endpoints;
  if (device.simulated) {
    return {
      ...common,
      'appium:automationName': 'PushSim',
      ...(device.app ? { 'appium:app': resolve(root, device.app) } : {}),
      'pushsim:vendor': device.simulated.profile,
      ...(device.simulated.osVersion ? { 'pushsim:osVersion': device.simulated.osVersion } : {}),
      'pushsim:clockOffsetMs': device.simulated.clockOffsetMs ?? 0,
    };
  }
  const real = device.real!;
  return {
    ...common,
    'appium:automationName': real.automationName,
    ...(real.udid ? { 'appium:udid': real.udid } : {}),
    ...(device.app ? { 'appium:app': resolve(root, device.app) } : {}),
    ...(real.appPackage ? { 'appium:appPackage': real.appPackage } : {}),
    ...(real.bundleId ? { 'appium:bundleId': real.bundleId } : {}),
    'appium:noReset': true,
    ...real.capabilities,
  };
}

import type { Constraints } from '@appium/types';
import { profileIds } from '../../src/device/profiles.js';

/**
 * The capabilities a PushSim session takes (Appium validates them before createSession and names
 * the offending one). `appium:` caps arrive without their prefix; vendor-prefixed ones keep it.
 */
export const desiredCapConstraints = {
  platformName: { presence: true, isString: true, inclusionCaseInsensitive: ['Android', 'iOS'] },
  automationName: { isString: true, inclusionCaseInsensitive: ['PushSim'] },
  deviceName: { isString: true },
  /** Path of a build descriptor (fixtures/builds/*.json): installed and launched at session start. */
  app: { isString: true },
  'pushsim:vendor': { presence: true, isString: true, inclusion: profileIds as unknown as [string, ...string[]] },
  'pushsim:osVersion': { isString: true },
  'pushsim:clockOffsetMs': { isNumber: true },
  /** `{ gateways: { <vendor>: url }, caFile, clouds: { zego, easemob } }`, written by the pushlab launcher. */
  'pushlab:endpoints': { isObject: true },
} as const satisfies Constraints;

export type PushSimConstraints = typeof desiredCapConstraints;

import { existsSync } from 'node:fs';
import type { AppiumLogger } from '@appium/types';
import { createAppClient } from '../../src/cloud/index.js';
import { loadBuild } from '../../src/device/build.js';
import { SimPhone, type PhoneEndpoints } from '../../src/device/phone.js';
import { deviceProfiles, isProfileId, type ProfileId } from '../../src/device/profiles.js';
import { isVendorId } from '../../src/vendors/common/ids.js';

/** How long session start waits for the app's launch work (token registration, auto-login). */
const LAUNCH_SETTLE_MS = 2000;

/** The checks Appium's constraint table cannot express; each problem names the capability. */
export function validateSessionCaps(caps: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const profile = caps['pushsim:vendor'];
  if (isProfileId(profile)) {
    const wanted = deviceProfiles[profile].platform === 'ios' ? 'ios' : 'android';
    const platformName = String(caps.platformName ?? '').toLowerCase();
    if (platformName && platformName !== wanted) problems.push(`'pushsim:vendor' is '${profile}', a${wanted === 'ios' ? 'n iOS' : 'n Android'} profile, but platformName is '${String(caps.platformName)}'; use platformName '${wanted === 'ios' ? 'iOS' : 'Android'}'`);
  }
  const offset = caps['pushsim:clockOffsetMs'];
  if (offset !== undefined && (typeof offset !== 'number' || !Number.isFinite(offset))) problems.push(`'pushsim:clockOffsetMs' must be a finite number of milliseconds (got ${JSON.stringify(offset)})`);
  const endpoints = caps['pushlab:endpoints'];
  if (endpoints !== undefined) problems.push(...endpointProblems(endpoints));
  if (typeof caps.app === 'string' && caps.app && !existsSync(caps.app)) problems.push(`'appium:app' names ${caps.app}, which does not exist; give the absolute path of a build descriptor such as fixtures/builds/zego-demo.json`);
  return problems;
}

function endpointProblems(value: unknown): string[] {
  const problems: string[] = [];
  const url = (v: unknown) => typeof v === 'string' && /^(https?|wss?):\/\//.test(v);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`'pushlab:endpoints' must be an object { gateways, caFile, clouds }`];
  const e = value as Record<string, unknown>;
  if (e.gateways !== undefined) {
    if (typeof e.gateways !== 'object' || e.gateways === null) problems.push(`'pushlab:endpoints'.gateways must be an object of vendor → URL`);
    else for (const [vendor, u] of Object.entries(e.gateways)) {
      if (!isVendorId(vendor)) problems.push(`'pushlab:endpoints'.gateways.${vendor} is not a vendor (apns, fcm, huawei, honor, xiaomi, oppo, vivo, meizu)`);
      else if (!url(u)) problems.push(`'pushlab:endpoints'.gateways.${vendor} must be an http(s) URL (got ${JSON.stringify(u)})`);
    }
  }
  if (e.caFile !== undefined && (typeof e.caFile !== 'string' || !existsSync(e.caFile))) problems.push(`'pushlab:endpoints'.caFile must name an existing PEM file (got ${JSON.stringify(e.caFile)})`);
  if (e.clouds !== undefined) {
    if (typeof e.clouds !== 'object' || e.clouds === null) problems.push(`'pushlab:endpoints'.clouds must be an object { zego, easemob }`);
    else for (const [provider, u] of Object.entries(e.clouds)) {
      if (provider !== 'zego' && provider !== 'easemob') problems.push(`'pushlab:endpoints'.clouds.${provider} is not a provider (zego, easemob)`);
      else if (!url(u)) problems.push(`'pushlab:endpoints'.clouds.${provider} must be an http(s) URL (got ${JSON.stringify(u)})`);
    }
  }
  return problems;
}

/** Boots the session's phone; installs and launches `appium:app` unless `appium:autoLaunch` is false. */
export async function startPhone(caps: Record<string, unknown>, log: AppiumLogger): Promise<{ phone: SimPhone; appId?: string; reportedCaps: Record<string, unknown> }> {
  const profile = caps['pushsim:vendor'] as ProfileId;
  const endpoints = caps['pushlab:endpoints'] as PhoneEndpoints | undefined;
  const build = typeof caps.app === 'string' && caps.app ? loadBuild(caps.app) : undefined;
  const phone = new SimPhone({
    profile,
    osVersion: caps['pushsim:osVersion'] as string | undefined,
    clockOffsetMs: caps['pushsim:clockOffsetMs'] as number | undefined,
    endpoints,
    createAppClient,
  });
  let appId: string | undefined;
  if (build) {
    appId = phone.install(build).appId;
    if (caps.autoLaunch !== false) {
      phone.launch(appId);
      if (!(await phone.idle(LAUNCH_SETTLE_MS))) log.warn(`${appId} was still starting after ${LAUNCH_SETTLE_MS} ms`);
    }
  }
  log.info(`PushSim phone ${phone.deviceId}: ${phone.profile.manufacturer} ${phone.profile.model}, ${phone.osName} ${phone.osVersion}, push vendor ${phone.vendor}${appId ? `, app ${appId}` : ''}`);
  return {
    phone,
    appId,
    reportedCaps: {
      deviceName: (caps.deviceName as string | undefined) ?? phone.profile.marketingName,
      platformVersion: phone.profile.platformVersion,
      deviceUDID: phone.deviceId,
      deviceManufacturer: phone.profile.manufacturer,
      deviceModel: phone.profile.model,
      'pushsim:osName': phone.osName,
      'pushsim:osVersion': phone.osVersion,
      'pushsim:pushVendor': phone.vendor,
    },
  };
}

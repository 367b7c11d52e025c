import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import type { ProviderId } from '../cloud/app-client.js';
import type { VendorId } from '../vendors/common/ids.js';

/**
 * A custom base (自定义基座) as pushlab sees it: what the HBuilder cloud packaging put into the app.
 * The simulated app behaves by this content, so a mis-packaged build fails the way a real one does.
 */
export interface BuildDescriptor {
  readonly appName: string;
  /** Android package name. */
  readonly packageName: string;
  /** iOS bundle id. */
  readonly bundleId: string;
  readonly versionName?: string;
  readonly provider: ProviderId;
  /** The provider cloud this build talks to; absent = the emulated cloud from the phone's endpoints. */
  readonly cloudUrl?: string;
  /** HBuilder "App 模块配置 → Push" ticked (both seeds require it). */
  readonly pushModule: boolean;
  /** uniPush 1.0/2.0 ticked (both seeds say: do not). */
  readonly uniPush: boolean;
  readonly zego?: ZegoBuildConfig;
  readonly easemob?: EasemobBuildConfig;
  /** The vendor channel configuration the build was packaged with. */
  readonly channels: ChannelConfigs;
  /** Absolute path of the descriptor file, when loaded from one. */
  readonly file?: string;
}

export interface ZegoBuildConfig {
  readonly appID: string;
  readonly appSign: string;
  /** `ZegoUIKitPrebuiltCallService.init(…, { enableNotifyWhenAppRunningInBackgroundOrQuit })`. */
  readonly enableNotifyWhenAppRunningInBackgroundOrQuit: boolean;
  readonly offlinePushConfig?: Readonly<Record<string, unknown>>;
  /** The console resource the app's invite button uses by default (`notificationConfig.resourceID`). */
  readonly resourceID?: string;
}

export interface EasemobBuildConfig {
  readonly appKey: string;
  /** `usePlugin({ config: { MICertificateName, … } }, "push")`: one certificate name per vendor. */
  readonly certificates: Partial<Readonly<Record<EasemobCertificateField, string>>>;
}

export interface ChannelConfigs {
  /** Entitlement `aps-environment` and the `voip` background mode (PushKit). */
  readonly apns?: { readonly apsEnvironment?: 'development' | 'production'; readonly voipBackgroundMode?: boolean };
  /** `google-services.json` packaged. */
  readonly fcm?: { readonly googleServices?: boolean };
  /** `agconnect-services.json` under nativeplugins/<plugin>/android/assets. */
  readonly huawei?: { readonly agconnectServices?: boolean };
  readonly honor?: { readonly appId?: string };
  readonly xiaomi?: { readonly appId?: string; readonly appKey?: string };
  readonly oppo?: { readonly appKey?: string; readonly appSecret?: string };
  /** In the native plugin config (App原生插件配置) for cloud packaging, per the ZEGO seed. */
  readonly vivo?: { readonly appId?: string; readonly apiKey?: string };
  readonly meizu?: { readonly appId?: string; readonly appKey?: string };
}

/** The Easemob push plugin's certificate-name keys, per vendor (seeds/shengwang-im-uniapp-push-plugin.md). */
export const easemobCertificateFields = {
  huawei: 'HMSCertificateName',
  honor: 'HONORCertificateName',
  xiaomi: 'MICertificateName',
  oppo: 'OPPOCertificateName',
  vivo: 'VIVOCertificateName',
  meizu: 'MEIZUCertificateName',
  apns: 'APNsCertificateName',
} as const satisfies Partial<Record<VendorId, string>>;
export type EasemobCertificateField = (typeof easemobCertificateFields)[keyof typeof easemobCertificateFields];

/** The native plugin each provider ships, whose folder holds `android/assets/agconnect-services.json`. */
export const nativePlugins = { zego: 'zego-ZPNsUniPlugin', easemob: 'EMPushUniPlugin' } as const satisfies Record<ProviderId, string>;

const str = { type: 'string', minLength: 1 } as const;
const channelSchemas = {
  apns: { type: 'object', additionalProperties: false, properties: { apsEnvironment: { enum: ['development', 'production'] }, voipBackgroundMode: { type: 'boolean' } } },
  fcm: { type: 'object', additionalProperties: false, properties: { googleServices: { type: 'boolean' } } },
  huawei: { type: 'object', additionalProperties: false, properties: { agconnectServices: { type: 'boolean' } } },
  honor: { type: 'object', additionalProperties: false, properties: { appId: str } },
  xiaomi: { type: 'object', additionalProperties: false, properties: { appId: str, appKey: str } },
  oppo: { type: 'object', additionalProperties: false, properties: { appKey: str, appSecret: str } },
  vivo: { type: 'object', additionalProperties: false, properties: { appId: str, apiKey: str } },
  meizu: { type: 'object', additionalProperties: false, properties: { appId: str, appKey: str } },
} as const;

/** JSON Schema of a build descriptor (fixtures/builds/*.json). */
export const buildDescriptorSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['appName', 'packageName', 'bundleId', 'provider', 'pushModule', 'uniPush', 'channels'],
  properties: {
    $schema: { type: 'string' },
    description: { type: 'string' },
    appName: str,
    packageName: { type: 'string', pattern: '^[a-zA-Z][\\w]*(\\.[a-zA-Z][\\w]*)+$' },
    bundleId: { type: 'string', pattern: '^[a-zA-Z0-9-]+(\\.[a-zA-Z0-9-]+)+$' },
    versionName: str,
    provider: { enum: ['zego', 'easemob'] },
    cloudUrl: { type: 'string', pattern: '^https?://' },
    pushModule: { type: 'boolean' },
    uniPush: { type: 'boolean' },
    zego: {
      type: 'object',
      additionalProperties: false,
      required: ['appID', 'appSign', 'enableNotifyWhenAppRunningInBackgroundOrQuit'],
      properties: {
        appID: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'string', pattern: '^[0-9]+$' }] },
        appSign: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' },
        enableNotifyWhenAppRunningInBackgroundOrQuit: { type: 'boolean' },
        offlinePushConfig: { type: 'object' },
        resourceID: str,
      },
    },
    easemob: {
      type: 'object',
      additionalProperties: false,
      required: ['appKey', 'certificates'],
      properties: {
        appKey: { type: 'string', pattern: '^[^#\\s]+#[^#\\s]+$' },
        certificates: { type: 'object', additionalProperties: false, properties: Object.fromEntries(Object.values(easemobCertificateFields).map((f) => [f, str])) },
      },
    },
    channels: { type: 'object', additionalProperties: false, properties: channelSchemas },
  },
  allOf: [
    { if: { properties: { provider: { const: 'zego' } } }, then: { required: ['zego'] } },
    { if: { properties: { provider: { const: 'easemob' } } }, then: { required: ['easemob'] } },
  ],
} as const;

const validate = new Ajv({ allErrors: true, strict: false }).compile(buildDescriptorSchema);

/** What a pattern-checked field must look like, in words. */
const patternHints: Record<string, string> = {
  '/packageName': 'must be an Android package name such as com.acme.app',
  '/bundleId': 'must be a bundle id such as com.acme.app',
  '/cloudUrl': 'must be an http(s) URL',
  '/zego/appSign': 'must be the 64 hex digits of the ZEGO console AppSign',
  '/zego/appID': 'must be the numeric ZEGO AppID',
  '/easemob/appKey': 'must be an Easemob appKey "<org>#<app>"',
};

function describeError(e: ErrorObject): string {
  const field = e.instancePath || '/';
  if (e.keyword === 'required') return `${field === '/' ? '' : field}/${(e.params as { missingProperty: string }).missingProperty} is required`;
  if (e.keyword === 'additionalProperties') return `${field === '/' ? '' : `${field}: `}unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  if (e.keyword === 'pattern' && patternHints[field]) return `${field} ${patternHints[field]}`;
  if (e.keyword === 'enum') return `${field} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return `${field} ${e.message ?? 'is invalid'}`;
}

/**
 * Checks a parsed descriptor; throws one Error naming the file and every bad field.
 * @example parseBuild(JSON.parse(text), 'fixtures/builds/zego-demo.json')
 */
export function parseBuild(value: unknown, file = '<build descriptor>'): BuildDescriptor {
  if (!validate(value)) {
    const problems = (validate.errors ?? []).filter((e) => e.keyword !== 'if').map(describeError);
    throw new Error(`${file}: not a valid build descriptor: ${[...new Set(problems)].join('; ')}. See fixtures/builds/zego-demo.json for a complete one.`);
  }
  const raw = value as BuildDescriptor & { zego?: { appID: string | number } };
  const zego = raw.zego && { ...raw.zego, appID: String(raw.zego.appID) };
  return Object.freeze({ ...raw, ...(zego ? { zego } : {}), file: file === '<build descriptor>' ? undefined : resolve(file) });
}

/** Reads and checks a build descriptor file (`appium:app`, `mobile: installApp {appPath}`). */
export function loadBuild(path: string): BuildDescriptor {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the build descriptor ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}. Point appium:app (or installApp's appPath) at a JSON file such as fixtures/builds/zego-demo.json.`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseBuild(parsed, path);
}

/** One thing a build lacks for a vendor channel. */
export interface BuildProblem {
  /** The descriptor field (JSON pointer) that is missing or wrong. */
  readonly field: string;
  readonly message: string;
  /** true: the app gets no push token on this vendor's phone; false: token fine, but pushes will not come. */
  readonly blocksToken: boolean;
}

/** Channels each provider's uni-app plugin carries (seeds: ZEGO lists APNs, Xiaomi, Huawei, OPPO, vivo; Easemob adds Honor and Meizu, no FCM). */
const providerChannels = {
  // assumption: ZPNs' native SDK also carries Honor, Meizu and FCM; the uni-app seed documents only five vendors.
  zego: ['apns', 'xiaomi', 'huawei', 'oppo', 'vivo', 'honor', 'meizu', 'fcm'],
  easemob: ['huawei', 'honor', 'xiaomi', 'oppo', 'vivo', 'meizu', 'apns'],
} as const satisfies Record<ProviderId, readonly VendorId[]>;

/** Whether the provider's uni-app push plugin has a channel for this vendor at all (Easemob: no FCM). */
export function providerCarries(provider: ProviderId, vendor: VendorId): boolean {
  return (providerChannels[provider] as readonly VendorId[]).includes(vendor);
}

/** Human names of the vendor push SDKs, as their init failures call them. */
const sdkNames = { apns: 'APNs', fcm: 'FCM', huawei: 'HMS push', honor: 'Honor push', xiaomi: 'MiPush', oppo: 'OPPO push', vivo: 'vivo push', meizu: 'Meizu push' } as const satisfies Record<VendorId, string>;

/**
 * What keeps this build from getting (or using) a push token on a phone of this vendor; empty when
 * the build is packaged right. The app logs each problem and shows the first on its home page.
 * @example diagnose(build, 'huawei')[0]?.message
 * // 'HMS push not initialised: agconnect-services.json missing from nativeplugins/zego-ZPNsUniPlugin/android/assets'
 */
export function diagnose(build: BuildDescriptor, vendor: VendorId): BuildProblem[] {
  const problems: BuildProblem[] = [];
  const plugin = nativePlugins[build.provider];
  const sdk = sdkNames[vendor];
  const block = (field: string, message: string) => problems.push({ field, message, blocksToken: true });
  if (!build.pushModule) block('/pushModule', `${sdk} not initialised: the "Push" module is not ticked in HBuilder (App 模块配置 → Push); tick it and package the custom base again`);
  // assumption: with uniPush ticked its SDK claims the vendor channels and the provider plugin's registration fails; both seeds only say "do not tick".
  if (build.uniPush) block('/uniPush', `${sdk} not initialised: conflicting push modules — uniPush is ticked alongside the ${plugin} plugin and takes over the vendor channel; untick uniPush (App 模块配置 → Push) and package again`);
  if (!providerCarries(build.provider, vendor)) {
    block('/channels', `${sdk} not available: the ${plugin} plugin has no ${sdk} channel; ${build.provider === 'easemob' ? 'the IM SDK keeps its long connection instead (no offline push on this phone)' : 'use a phone of a supported vendor'}`);
    return problems;
  }
  const need = (present: unknown, field: string, what: string) => { if (!present) block(`/channels/${vendor}${field}`, `${sdk} not initialised: ${what}`); };
  const ch = build.channels;
  switch (vendor) {
    case 'apns': need(ch.apns?.apsEnvironment, '/apsEnvironment', 'the aps-environment entitlement is missing (enable Push Notifications in the iOS profile used for the custom base)'); break;
    case 'fcm': need(ch.fcm?.googleServices, '/googleServices', `google-services.json missing from nativeplugins/${plugin}/android/assets`); break;
    case 'huawei': need(ch.huawei?.agconnectServices, '/agconnectServices', `agconnect-services.json missing from nativeplugins/${plugin}/android/assets`); break;
    case 'honor': need(ch.honor?.appId, '/appId', `Honor appId missing from the ${plugin} native plugin config`); break;
    case 'xiaomi':
      need(ch.xiaomi?.appId, '/appId', `Xiaomi appId missing from the ${plugin} native plugin config`);
      need(ch.xiaomi?.appKey, '/appKey', `Xiaomi appKey missing from the ${plugin} native plugin config`);
      break;
    case 'oppo':
      need(ch.oppo?.appKey, '/appKey', `OPPO appKey missing from the ${plugin} native plugin config`);
      need(ch.oppo?.appSecret, '/appSecret', `OPPO appSecret missing from the ${plugin} native plugin config`);
      break;
    case 'vivo':
      need(ch.vivo?.apiKey, '/apiKey', `vivo api_key missing from the ${plugin} native plugin config (App原生插件配置)`);
      need(ch.vivo?.appId, '/appId', `vivo app_id missing from the ${plugin} native plugin config (App原生插件配置)`);
      break;
    case 'meizu':
      need(ch.meizu?.appId, '/appId', `Meizu appId missing from the ${plugin} native plugin config`);
      need(ch.meizu?.appKey, '/appKey', `Meizu appKey missing from the ${plugin} native plugin config`);
      break;
  }
  if (build.provider === 'easemob') {
    const field = easemobCertificateFields[vendor as keyof typeof easemobCertificateFields];
    if (!build.easemob?.certificates[field]) {
      problems.push({ field: `/easemob/certificates/${field}`, message: `${sdk}: the token is not bound — ${field} is missing from usePlugin(pushOption, "push") config; the Easemob console cannot match the device to a certificate`, blocksToken: false });
    }
  }
  if (build.provider === 'zego' && !build.zego?.enableNotifyWhenAppRunningInBackgroundOrQuit) {
    problems.push({ field: '/zego/enableNotifyWhenAppRunningInBackgroundOrQuit', message: 'offline push disabled: ZegoUIKitPrebuiltCallService.init was called without enableNotifyWhenAppRunningInBackgroundOrQuit: true, so ZEGO sends no offline call invitations', blocksToken: false });
  }
  return problems;
}

/** The app id the phone knows the build by on this platform. */
export const appIdOf = (build: BuildDescriptor, platform: 'android' | 'ios') => (platform === 'ios' ? build.bundleId : build.packageName);

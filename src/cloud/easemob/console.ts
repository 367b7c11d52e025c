import { fileURLToPath } from 'node:url';
import { vendorIds, type VendorId } from '../../vendors/common/ids.js';
import { vendorSettingsSchema, type VendorPushSettings } from '../call-push.js';
import { checkConsole, loadConsoleFile } from '../console-file.js';
import type { CertificateSource } from '../senders.js';

/**
 * Multi-device push policy, set on the console's certificate page and applied to every channel
 * (seeds/shengwang-im-uniapp-push-plugin.md, 常见问题 2): push only when all of a user's devices
 * are offline, or to each offline device whatever the others do.
 */
export const multiDevicePolicies = ['all-offline', 'any-offline'] as const;
export type MultiDevicePolicy = (typeof multiDevicePolicies)[number];

/** One uploaded push certificate: which vendor it is for, whose credentials, and the channel options set with it. */
export interface EasemobCertificate {
  readonly vendor: VendorId;
  readonly credentials: CertificateSource;
  readonly options?: VendorPushSettings;
}

/** What the Easemob (Shengwang IM) console holds for one app. */
export interface EasemobConsole {
  /** "org#app". */
  readonly appKey: string;
  /** The newer Shengwang SDK logs in with an appId instead of the appKey; either is accepted. */
  readonly appId?: string;
  readonly users: readonly { readonly username: string; readonly password: string }[];
  /**
   * "authorized" (default): only the listed users exist. "open": the console's open-registration
   * mode — an unknown username is registered at its first login with the password it gives (the
   * emulator folds the SDK's registerUser into that login).
   */
  readonly registration?: 'open' | 'authorized';
  /** Keyed by certificate name: the build's `<Vendor>CertificateName` must match one of these. */
  readonly certificates: Readonly<Record<string, EasemobCertificate>>;
  readonly multiDevicePolicy: MultiDevicePolicy;
}

export const defaultEasemobConsoleFile = fileURLToPath(new URL('../../../fixtures/cloud/easemob.json', import.meta.url));

export const easemobConsoleSchema = {
  type: 'object',
  required: ['appKey', 'users', 'certificates', 'multiDevicePolicy'],
  additionalProperties: false,
  properties: {
    $comment: { type: 'string' },
    appKey: { type: 'string', pattern: '^[A-Za-z0-9_-]+#[A-Za-z0-9_-]+$' },
    appId: { type: 'string', minLength: 1 },
    registration: { enum: ['open', 'authorized'] },
    users: {
      type: 'array',
      items: {
        type: 'object', required: ['username', 'password'], additionalProperties: false,
        properties: { username: { type: 'string', pattern: '^[a-z0-9_.-]{1,64}$' }, password: { type: 'string', minLength: 1 } },
      },
    },
    certificates: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['vendor', 'credentials'],
        additionalProperties: false,
        properties: { vendor: { enum: vendorIds }, credentials: { enum: ['mock', 'env'] }, options: { type: 'object' } },
        // Each certificate's options are checked against its own vendor's settings.
        allOf: vendorIds.map((v) => ({ if: { properties: { vendor: { const: v } } }, then: { properties: { options: vendorSettingsSchema(v) } } })),
      },
    },
    multiDevicePolicy: { enum: multiDevicePolicies },
  },
} as const;

export function loadEasemobConsole(path: string = defaultEasemobConsoleFile): EasemobConsole {
  return checkEasemobConsole(loadConsoleFile<EasemobConsole>(path, easemobConsoleSchema, 'Easemob'), path);
}

export function parseEasemobConsole(value: unknown, source = 'Easemob console'): EasemobConsole {
  return checkEasemobConsole(checkConsole<EasemobConsole>(value, easemobConsoleSchema, source), source);
}

/** What the schema cannot say: usernames are unique. */
function checkEasemobConsole(console: EasemobConsole, source: string): EasemobConsole {
  const seen = new Set<string>();
  const twice = console.users.filter((u) => (seen.has(u.username) ? true : (seen.add(u.username), false))).map((u) => u.username);
  if (twice.length) throw new Error(`${source}: users: username ${twice.map((u) => `"${u}"`).join(', ')} listed more than once`);
  return console;
}

import { fileURLToPath } from 'node:url';
import { vendorIds, type VendorId } from '../../vendors/common/ids.js';
import { vendorSettingsSchema, type VendorPushSettings } from '../call-push.js';
import { checkConsole, loadConsoleFile } from '../console-file.js';
import type { CertificateSource } from '../senders.js';

/**
 * What the ZEGO console holds for one app: its AppID and AppSign, the push certificate uploaded per
 * vendor, and the offline-push "resources" — named per-vendor settings a call invitation picks with
 * `notificationConfig.resourceID` (seeds/zego-callkit-uniapp-offline-push.md, "发送呼叫邀请时使用离线推送功能").
 */
export interface ZegoConsole {
  readonly appID: number;
  /** 64 hex characters; the app passes the same value to `ZegoUIKitPrebuiltCallService.init`. */
  readonly appSign: string;
  /** Per vendor: "mock" = the mock credentials (and the mock gateway), "env" = real credentials from the environment. A vendor missing here has no certificate. */
  readonly pushCertificates: Partial<Record<VendorId, CertificateSource>>;
  readonly resources: Readonly<Record<string, Partial<Record<VendorId, VendorPushSettings>>>>;
}

export const defaultZegoConsoleFile = fileURLToPath(new URL('../../../fixtures/cloud/zego.json', import.meta.url));

export const zegoConsoleSchema = {
  type: 'object',
  required: ['appID', 'appSign', 'pushCertificates', 'resources'],
  additionalProperties: false,
  properties: {
    $comment: { type: 'string' },
    // The ZEGO console issues AppIDs as unsigned 32-bit integers (ZIM server API: "AppId uint32").
    appID: { type: 'integer', minimum: 1, maximum: 4294967295 },
    appSign: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    pushCertificates: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(vendorIds.map((v) => [v, { enum: ['mock', 'env'] }])),
    },
    resources: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        minProperties: 1,
        additionalProperties: false,
        properties: Object.fromEntries(vendorIds.map((v) => [v, vendorSettingsSchema(v)])),
      },
    },
  },
} as const;

/** Reads fixtures/cloud/zego.json (or another console file); the error lists every problem with its field. */
export function loadZegoConsole(path: string = defaultZegoConsoleFile): ZegoConsole {
  return loadConsoleFile<ZegoConsole>(path, zegoConsoleSchema, 'ZEGO');
}

/** Checks an in-memory console (tests vary the fixture this way). */
export function parseZegoConsole(value: unknown, source = 'ZEGO console'): ZegoConsole {
  return checkConsole<ZegoConsole>(value, zegoConsoleSchema, source);
}

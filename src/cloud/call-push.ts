import type { VendorId } from '../vendors/common/ids.js';
import type { MessageKind, OutgoingPush, PushOptions } from '../vendors/common/push.js';

/**
 * The call-relevant push settings a console keeps per vendor (a ZEGO "resource", an Easemob
 * certificate's options). Named as in PushOptions; each vendor takes only the ones its API has.
 */
export type VendorPushSettings = Pick<PushOptions, 'channelId' | 'category' | 'classification' | 'importance' | 'privateChannel' | 'sound'> & {
  /** iOS only: `voip` = PushKit (CallKit rings), `alert` = a visible notification (China storefront: no CallKit). */
  readonly pushType?: 'voip' | 'alert';
};

/** Which settings each vendor's API has (anything else in a console file is a misconfiguration and is refused). */
export const vendorSettingFields = {
  apns: ['pushType', 'sound'], // reference/vendor-gateways.md §1.3 (apns-push-type), §1.4 (aps.sound)
  fcm: ['channelId', 'sound'], // §2.3 android.notification.channel_id / sound
  huawei: ['channelId', 'category', 'importance', 'sound'], // §3.3 android.category, notification.importance/channel_id/sound
  honor: ['importance'], // §4.2 android.notification.importance
  xiaomi: ['channelId', 'sound'], // §5.3 extra.channel_id (the channel decides private vs public), extra.sound_uri
  oppo: ['channelId', 'category', 'privateChannel'], // §6.3 notification.channel_id / category; private channel §6.5
  vivo: ['classification', 'category'], // §7.3 classification 0/1, category
  meizu: ['privateChannel'], // §8.3 noticeBarInfo.noticeMsgType 1 = private
} as const satisfies Record<VendorId, readonly (keyof VendorPushSettings)[]>;

/** JSON schema for one vendor's settings (used by both consoles' ajv schemas). */
export function vendorSettingsSchema(vendor: VendorId): object {
  const all: Record<keyof VendorPushSettings, object> = {
    pushType: { enum: ['voip', 'alert'] },
    channelId: { type: 'string', minLength: 1, maxLength: 200 },
    category: { type: 'string', pattern: '^[A-Z_]+$' },
    classification: { enum: [0, 1] },
    importance: { enum: ['LOW', 'NORMAL', 'HIGH'] },
    privateChannel: { type: 'boolean' },
    sound: { type: 'string', minLength: 1 },
  };
  const fields = vendorSettingFields[vendor] as readonly (keyof VendorPushSettings)[];
  return {
    type: 'object',
    properties: Object.fromEntries(fields.map((f) => [f, all[f]])),
    additionalProperties: false,
    ...(vendor === 'apns' ? { required: ['pushType'] } : {}),
  };
}

/** What an invitation push says, provider-neutral. */
export interface CallPushContent {
  readonly token: string;
  readonly title?: string;
  readonly body?: string;
  readonly data: Readonly<Record<string, string>>;
  /** The invitation's timeout: a call push is worthless after it. */
  readonly ttlSeconds: number;
  /** Same id replaces an earlier notification for the same invitation. */
  readonly collapseId?: string;
}

/** The vendor-neutral push for one device: kind and options from the console settings. */
export function callPush(vendor: VendorId, settings: VendorPushSettings | undefined, content: CallPushContent): OutgoingPush {
  const kind: MessageKind = vendor === 'apns' && settings?.pushType === 'voip' ? 'voip' : 'notification';
  const options: PushOptions = vendor === 'apns'
    ? {
        sound: settings?.sound,
        // reference/vendor-gateways.md §1.4: a call invitation goes with priority 10 and, for VoIP, expiration 0 so a stale call never rings.
        apns: { pushType: settings?.pushType ?? 'alert', priority: 10, ...(kind === 'voip' ? { expiration: 0 } : {}) },
      }
    : {
        channelId: settings?.channelId,
        category: settings?.category,
        classification: settings?.classification,
        importance: settings?.importance,
        privateChannel: settings?.privateChannel,
        sound: settings?.sound,
      };
  return {
    token: content.token,
    kind,
    title: content.title,
    body: content.body,
    data: content.data,
    ttlSeconds: content.ttlSeconds,
    collapseId: content.collapseId,
    priority: 'high',
    options: stripUndefined(options),
  };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A short description of the settings for record reasons, e.g. "channelId=pushlab_call, category=VOIP". */
export function describeSettings(settings: VendorPushSettings | undefined): string {
  if (!settings || Object.keys(settings).length === 0) return 'vendor defaults';
  return Object.entries(settings).map(([k, v]) => `${k}=${String(v)}`).join(', ');
}

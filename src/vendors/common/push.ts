import type { VendorId } from './ids.js';

/** What a call invitation push carries, vendor-neutral; each sender maps it onto its own wire format. */
export interface OutgoingPush {
  /** The device token (APNs hex token, FCM/Huawei/Honor token, Xiaomi regid, OPPO/vivo regId, Meizu pushId). */
  readonly token: string;
  /** notification: shown by the OS; data: handed to the app (pass-through / background); voip: APNs PushKit. */
  readonly kind: MessageKind;
  readonly title?: string;
  readonly body?: string;
  /** Custom key/values delivered to the app (invitation id, call id, caller…). */
  readonly data?: Readonly<Record<string, string>>;
  /** Offline retention in seconds; 0 = deliver now or never. Vendor default when absent. */
  readonly ttlSeconds?: number;
  /** Replaces an earlier push with the same id (APNs collapse id, FCM/Huawei collapse key, notify id…). */
  readonly collapseId?: string;
  readonly priority?: 'high' | 'normal';
  /** The call-relevant, vendor-specific knobs a console "resource" sets. */
  readonly options?: PushOptions;
}

export const messageKinds = ['notification', 'data', 'voip'] as const;
export type MessageKind = (typeof messageKinds)[number];

/** Vendor-specific options, named after what they do; senders translate them to the vendor's field names. */
export interface PushOptions {
  /** Android notification channel (FCM/Huawei/Honor `channel_id`, Xiaomi `extra.channel_id`, OPPO `channel_id`). */
  readonly channelId?: string;
  /** Message category (Huawei/Honor `category` such as VOIP/IM, vivo `category`, OPPO `category`). */
  readonly category?: string;
  /** vivo `classification`: 0 operational, 1 system. */
  readonly classification?: 0 | 1;
  /** Huawei/Honor notification `importance`. */
  readonly importance?: 'LOW' | 'NORMAL' | 'HIGH';
  /** OPPO private channel / Meizu `noticeMsgType` 1 / Xiaomi private channel: the unlimited class. */
  readonly privateChannel?: boolean;
  readonly sound?: string;
  /** Same id replaces the shown notification (Xiaomi/vivo/Huawei notify_id). */
  readonly notifyId?: number;
  /** APNs only. */
  readonly apns?: {
    readonly pushType?: 'alert' | 'background' | 'voip';
    readonly topic?: string;
    readonly priority?: 10 | 5 | 1;
    /** UNIX seconds; 0 = one attempt, never stored. */
    readonly expiration?: number;
  };
}

/** What a gateway answered when it accepted a push. */
export interface SendResult {
  readonly vendor: VendorId;
  /** The vendor's message id (apns-id, FCM name, Huawei requestId, Xiaomi data.id, OPPO messageId, vivo taskId, Meizu msgId). */
  readonly messageId: string;
  /** Epoch ms when the gateway's success reply arrived. */
  readonly acceptedAt: number;
}

/** A real client of one vendor's push gateway. */
export interface VendorSender {
  readonly vendor: VendorId;
  /** Sends one push; throws VendorError when the gateway refuses it or the transport fails. */
  send(push: OutgoingPush): Promise<SendResult>;
  /** Closes pooled connections (APNs HTTP/2 session). Idempotent. */
  close(): Promise<void>;
}

/** Where a sender talks to and how long it waits; real hosts by default, the mock's URL in tests. */
export interface SenderEndpoint {
  /** Base URL of the push API, e.g. `https://api.push.apple.com` or `http://127.0.0.1:4010`. */
  readonly baseUrl?: string;
  /** Base URL of the auth/token API when the vendor has a separate host; defaults to the vendor's real one, or to baseUrl when baseUrl is set. */
  readonly authBaseUrl?: string;
  /** PEM of a CA to trust (the APNs mock's). */
  readonly ca?: string | Buffer;
  /** Per-request timeout in ms (default 10 000). */
  readonly timeoutMs?: number;
}

/** A push as the gateway hands it to a device over the device channel, vendor-neutral plus the raw payload. */
export interface DeliveredPush {
  readonly vendor: VendorId;
  readonly messageId: string;
  readonly token: string;
  readonly kind: MessageKind;
  readonly title?: string;
  readonly body?: string;
  readonly data: Readonly<Record<string, string>>;
  /** The vendor's message class as the gateway classified it, e.g. 'private' / 'public', 'system' / 'operational', 'VOIP', 'alert'. */
  readonly messageClass?: string;
  readonly channelId?: string;
  /** Same key replaces an earlier notification on the device. */
  readonly collapseKey?: string;
  readonly priority?: 'high' | 'normal';
  /** Gateway clock, epoch ms. */
  readonly acceptedAt: number;
  /** Gateway clock, epoch ms; absent = no expiry. */
  readonly expiresAt?: number;
  /** The vendor's request payload as the gateway received it (parsed). */
  readonly raw: unknown;
}

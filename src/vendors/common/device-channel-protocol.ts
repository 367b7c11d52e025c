import type { DeliveredPush } from './push.js';

/**
 * The device channel: the persistent WebSocket a phone's system push service keeps open to its
 * vendor's push cloud (`ws(s)://<gateway>/__pushlab/device`). JSON text frames, one message each.
 */
export const DEVICE_CHANNEL_PATH = '/__pushlab/device';

export type PhoneToGateway =
  /** Ask for a token for an app (or resume one the phone already holds, after being offline). */
  | { op: 'register'; app: string; deviceId: string; token?: string; requestId?: string }
  /** The app was uninstalled or unregistered its token. */
  | { op: 'unregister'; token: string; requestId?: string }
  /** The user switched the app's notifications on or off (the push service reports it, as Flyme's does: Meizu code 110010). */
  | { op: 'switch'; token: string; notificationsEnabled: boolean }
  /** The phone got the push (recorded by the gateway for delivery receipts). */
  | { op: 'ack'; token: string; messageId: string };

export type GatewayToPhone =
  | { op: 'registered'; app: string; token: string; resumed: boolean; requestId?: string }
  | { op: 'unregistered'; token: string; requestId?: string }
  /** `sentAt`: the gateway's clock when it wrote the push to the channel. */
  | { op: 'push'; push: DeliveredPush; sentAt: number }
  | { op: 'error'; message: string; requestId?: string };

import { apns } from './apns/index.js';
import type { VendorDefinition } from './common/definition.js';
import type { VendorId } from './common/ids.js';
import { fcm } from './fcm/index.js';
import { honor } from './honor/index.js';
import { huawei } from './huawei/index.js';
import { meizu } from './meizu/index.js';
import { oppo } from './oppo/index.js';
import { vivo } from './vivo/index.js';
import { xiaomi } from './xiaomi/index.js';

/** The vendor registry: one definition per vendor, keyed by id. */
export const vendors: { readonly [K in VendorId]: VendorDefinition<any> } = { apns, fcm, huawei, honor, xiaomi, oppo, vivo, meizu };

export { vendorIds, isVendorId, type VendorId } from './common/ids.js';
export { VendorError } from './common/errors.js';
export type { OutgoingPush, SendResult, VendorSender, DeliveredPush, MessageKind, PushOptions } from './common/push.js';

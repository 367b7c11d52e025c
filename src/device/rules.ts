import { apnsDelivery } from '../vendors/apns/delivery.js';
import { appStates, ruleMessages, type AppState, type DeliveryRule, type DeliveryTable, type RuleMessage } from '../vendors/common/delivery-rules.js';
import { vendorIds, type VendorId } from '../vendors/common/ids.js';
import { fcmDelivery } from '../vendors/fcm/delivery.js';
import { honorDelivery } from '../vendors/honor/delivery.js';
import { huaweiDelivery } from '../vendors/huawei/delivery.js';
import { meizuDelivery } from '../vendors/meizu/delivery.js';
import { oppoDelivery } from '../vendors/oppo/delivery.js';
import { vivoDelivery } from '../vendors/vivo/delivery.js';
import { xiaomiDelivery } from '../vendors/xiaomi/delivery.js';

/** Every vendor's delivery table (`src/vendors/<id>/delivery.ts`), in `vendorIds` order. */
export const deliveryTables = {
  apns: apnsDelivery,
  fcm: fcmDelivery,
  huawei: huaweiDelivery,
  honor: honorDelivery,
  xiaomi: xiaomiDelivery,
  oppo: oppoDelivery,
  vivo: vivoDelivery,
  meizu: meizuDelivery,
} as const satisfies { readonly [V in VendorId]: DeliveryTable };

/**
 * The flat rule list: each vendor × state × message type the vendor has, exactly once, ordered by
 * `vendorIds`, then `appStates`, then `ruleMessages`. This `{ vendor, state, message, outcome, source }`
 * shape is what `pushlab rules --json` prints and other tools read.
 */
export function deliveryRules(): DeliveryRule[] {
  const rules: DeliveryRule[] = [];
  for (const vendor of vendorIds) {
    const table: DeliveryTable = deliveryTables[vendor];
    for (const state of appStates) {
      for (const message of ruleMessages) {
        const cell = table[state][message];
        if (cell) rules.push({ vendor, state, message, outcome: cell.outcome, source: cell.source });
      }
    }
  }
  return rules;
}

/** The rule for one combination; undefined when the vendor has no such message type (e.g. `voip` outside APNs). */
export function ruleFor(vendor: VendorId, state: AppState, message: RuleMessage): DeliveryRule | undefined {
  const cell = (deliveryTables[vendor] as DeliveryTable | undefined)?.[state]?.[message];
  return cell && { vendor, state, message, outcome: cell.outcome, source: cell.source };
}

/** Every push vendor pushlab speaks, in the order `pushlab gateways --json` lists (and --port-base numbers) them. */
export const vendorIds = ['apns', 'fcm', 'huawei', 'honor', 'xiaomi', 'oppo', 'vivo', 'meizu'] as const;
export type VendorId = (typeof vendorIds)[number];

export function isVendorId(value: unknown): value is VendorId {
  return typeof value === 'string' && (vendorIds as readonly string[]).includes(value);
}

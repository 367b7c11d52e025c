import type { VendorId } from '../../vendors/common/ids.js';

/**
 * The EMPushUniPlugin config keys per vendor, in the order the plugin probes the device
 * (seeds/shengwang-im-uniapp-push-plugin.md, 前提条件 4: "插件内部会按照以上顺序检测设备的推送支持情况" —
 * the list above it runs Xiaomi, Huawei, Meizu, OPPO, vivo, Honor, APNs). FCM is not a channel of
 * this plugin.
 */
export const pluginProbeOrder = [
  { vendor: 'xiaomi', configKey: 'MICertificateName' },
  { vendor: 'huawei', configKey: 'HMSCertificateName' },
  { vendor: 'meizu', configKey: 'MEIZUCertificateName' },
  { vendor: 'oppo', configKey: 'OPPOCertificateName' },
  { vendor: 'vivo', configKey: 'VIVOCertificateName' },
  { vendor: 'honor', configKey: 'HONORCertificateName' },
  { vendor: 'apns', configKey: 'APNsCertificateName' },
] as const satisfies readonly { vendor: VendorId; configKey: string }[];

export type CertificateConfigKey = (typeof pluginProbeOrder)[number]['configKey'];
/** The `config` object of the plugin's pushOption, as the build carries it. */
export type BuildCertificates = Partial<Record<CertificateConfigKey, string>>;

export type ProbeResult =
  | { readonly vendor: VendorId; readonly certificateName: string }
  | { readonly vendor: undefined; readonly reason: string };

/**
 * Which channel the plugin binds on this phone: the first vendor, in probe order, that the phone's
 * push services offer and the build names a certificate for. `deviceVendors` lists what the phone
 * offers (an older Honor phone with HMS offers both huawei and honor).
 * @example probeVendor('xiaomi', { MICertificateName: 'mi_cert' }) // { vendor: 'xiaomi', certificateName: 'mi_cert' }
 */
export function probeVendor(deviceVendors: VendorId | readonly VendorId[], build: BuildCertificates): ProbeResult {
  const offered = typeof deviceVendors === 'string' ? [deviceVendors] : deviceVendors;
  const skipped: string[] = [];
  for (const { vendor, configKey } of pluginProbeOrder) {
    if (!offered.includes(vendor)) continue;
    const name = build[configKey];
    if (name) return { vendor, certificateName: name };
    skipped.push(`${vendor} (the build sets no ${configKey})`);
  }
  if (skipped.length) return { vendor: undefined, reason: `no push channel: ${skipped.join(', ')}; the SDK only keeps its long connection alive` };
  return { vendor: undefined, reason: `the phone offers ${offered.join(', ') || 'no push service'}, none of which the plugin supports (${pluginProbeOrder.map((p) => p.vendor).join(', ')})` };
}

import { describe, expect, it } from '@jest/globals';
import { pluginProbeOrder, probeVendor } from '../../../src/cloud/easemob/probe.js';

const build = { MICertificateName: 'pushlab-mi', HMSCertificateName: 'pushlab-hms', HONORCertificateName: 'pushlab-honor', APNsCertificateName: 'pushlab-apns' };

describe('probeVendor (EMPushUniPlugin channel choice)', () => {
  it('follows the documented order Xiaomi, Huawei, Meizu, OPPO, vivo, Honor, APNs', () => {
    expect(pluginProbeOrder.map((p) => p.vendor)).toEqual(['xiaomi', 'huawei', 'meizu', 'oppo', 'vivo', 'honor', 'apns']);
  });

  it('binds the phone\'s vendor under the certificate name the build carries', () => {
    expect(probeVendor('xiaomi', build)).toEqual({ vendor: 'xiaomi', certificateName: 'pushlab-mi' });
    expect(probeVendor('apns', build)).toEqual({ vendor: 'apns', certificateName: 'pushlab-apns' });
  });

  it('prefers Huawei over Honor on an older Honor phone that offers both, and falls through when a name is missing', () => {
    expect(probeVendor(['honor', 'huawei'], build)).toEqual({ vendor: 'huawei', certificateName: 'pushlab-hms' });
    expect(probeVendor(['honor', 'huawei'], { HONORCertificateName: 'pushlab-honor' })).toEqual({ vendor: 'honor', certificateName: 'pushlab-honor' });
  });

  it('says why nothing binds', () => {
    expect(probeVendor('vivo', build)).toEqual({ vendor: undefined, reason: expect.stringMatching(/vivo \(the build sets no VIVOCertificateName\)/) });
    expect(probeVendor('fcm', build)).toEqual({ vendor: undefined, reason: expect.stringMatching(/offers fcm, none of which the plugin supports/) });
  });
});

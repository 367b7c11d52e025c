import { requireFields, type VendorDefinition } from '../common/definition.js';
import { huaweiMock } from './handlers.js';
import { createHuaweiSender, type HuaweiCredentials } from './sender.js';

export const huawei: VendorDefinition<HuaweiCredentials> = {
  id: 'huawei',
  title: 'Huawei Push Kit',
  transport: 'http1',
  mock: huaweiMock,
  credentialEnv: { appId: 'PUSHLAB_HUAWEI_APP_ID', appSecret: 'PUSHLAB_HUAWEI_APP_SECRET' },
  parseCredentials: (value) => {
    const c = requireFields<HuaweiCredentials>('huawei', value, ['appId', 'appSecret']);
    if (!/^\d+$/.test(c.appId)) throw new Error(`huawei credentials: appId must be the numeric AppGallery Connect App ID (got "${c.appId}")`);
    return { appId: c.appId, appSecret: c.appSecret };
  },
  createSender: createHuaweiSender,
};

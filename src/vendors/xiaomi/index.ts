import { requireFields, type VendorDefinition } from '../common/definition.js';
import { xiaomiMock } from './handlers.js';
import { createXiaomiSender, type XiaomiCredentials } from './sender.js';

export const xiaomi: VendorDefinition<XiaomiCredentials> = {
  id: 'xiaomi',
  title: 'Xiaomi MiPush',
  transport: 'http1',
  mock: xiaomiMock,
  credentialEnv: { appSecret: 'PUSHLAB_XIAOMI_APP_SECRET', packageName: 'PUSHLAB_XIAOMI_PACKAGE_NAME' },
  parseCredentials: (value) => requireFields<XiaomiCredentials>('xiaomi', value, ['appSecret', 'packageName']),
  createSender: createXiaomiSender,
};

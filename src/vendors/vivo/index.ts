import { requireFields, type VendorDefinition } from '../common/definition.js';
import { vivoMock } from './handlers.js';
import { createVivoSender, type VivoCredentials } from './sender.js';

export const vivo: VendorDefinition<VivoCredentials> = {
  id: 'vivo',
  title: 'vivo Push',
  transport: 'http1',
  mock: vivoMock,
  credentialEnv: { appId: 'PUSHLAB_VIVO_APP_ID', appKey: 'PUSHLAB_VIVO_APP_KEY', appSecret: 'PUSHLAB_VIVO_APP_SECRET' },
  parseCredentials: (value) => requireFields<VivoCredentials>('vivo', value, ['appId', 'appKey', 'appSecret']),
  createSender: createVivoSender,
};

import { requireFields, type VendorDefinition } from '../common/definition.js';
import { meizuMock } from './handlers.js';
import { createMeizuSender, type MeizuCredentials } from './sender.js';

export const meizu: VendorDefinition<MeizuCredentials> = {
  id: 'meizu',
  title: 'Meizu Flyme Push',
  transport: 'http1',
  mock: meizuMock,
  credentialEnv: { appId: 'PUSHLAB_MEIZU_APP_ID', appSecret: 'PUSHLAB_MEIZU_APP_SECRET' },
  parseCredentials: (value) => requireFields<MeizuCredentials>('meizu', value, ['appId', 'appSecret']),
  createSender: createMeizuSender,
};

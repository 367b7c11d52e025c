import { requireFields, type VendorDefinition } from '../common/definition.js';
import { honorMock } from './handlers.js';
import { createHonorSender, type HonorCredentials } from './sender.js';

export const honor: VendorDefinition<HonorCredentials> = {
  id: 'honor',
  title: 'Honor Push',
  transport: 'http1',
  mock: honorMock,
  credentialEnv: { appId: 'PUSHLAB_HONOR_APP_ID', clientId: 'PUSHLAB_HONOR_CLIENT_ID', clientSecret: 'PUSHLAB_HONOR_CLIENT_SECRET' },
  parseCredentials: (value) => requireFields<HonorCredentials>('honor', value, ['appId', 'clientId', 'clientSecret']),
  createSender: createHonorSender,
};

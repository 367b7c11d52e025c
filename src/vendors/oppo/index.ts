import { requireFields, type VendorDefinition } from '../common/definition.js';
import { oppoMock } from './handlers.js';
import { createOppoSender, type OppoCredentials } from './sender.js';

export const oppo: VendorDefinition<OppoCredentials> = {
  id: 'oppo',
  title: 'OPPO Push',
  transport: 'http1',
  mock: oppoMock,
  credentialEnv: { appKey: 'PUSHLAB_OPPO_APP_KEY', masterSecret: 'PUSHLAB_OPPO_MASTER_SECRET' },
  parseCredentials: (value) => requireFields<OppoCredentials>('oppo', value, ['appKey', 'masterSecret']),
  createSender: createOppoSender,
};

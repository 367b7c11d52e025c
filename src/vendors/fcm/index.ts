import { requireFields, type VendorDefinition } from '../common/definition.js';
import { fcmMock } from './handlers.js';
import { createFcmSender, type FcmCredentials } from './sender.js';

/** Reads the service-account JSON (extra fields such as `type`, `client_id`, `token_uri` are ignored). */
function parseFcmCredentials(value: unknown): FcmCredentials {
  const c = requireFields<FcmCredentials>('fcm', value, ['project_id', 'private_key_id', 'private_key', 'client_email']);
  const problems: string[] = [];
  if (!/-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----/.test(c.private_key)) problems.push('private_key must be the PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----…") from the service-account JSON');
  if (!c.client_email.includes('@')) problems.push(`client_email must be the service account's e-mail (got "${c.client_email}")`);
  if (problems.length) throw new Error(`fcm credentials: ${problems.join('; ')}`);
  return { project_id: c.project_id, private_key_id: c.private_key_id, private_key: c.private_key, client_email: c.client_email };
}

export const fcm: VendorDefinition<FcmCredentials> = {
  id: 'fcm',
  title: 'Firebase Cloud Messaging (HTTP v1)',
  transport: 'http1',
  mock: fcmMock,
  credentialEnv: {
    project_id: 'PUSHLAB_FCM_PROJECT_ID',
    private_key_id: 'PUSHLAB_FCM_PRIVATE_KEY_ID',
    private_key: 'PUSHLAB_FCM_PRIVATE_KEY',
    client_email: 'PUSHLAB_FCM_CLIENT_EMAIL',
  },
  parseCredentials: parseFcmCredentials,
  createSender: createFcmSender,
};

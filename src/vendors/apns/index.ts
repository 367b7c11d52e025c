import { createPrivateKey } from 'node:crypto';
import { requireFields, type VendorDefinition } from '../common/definition.js';
import { apnsMock } from './handlers.js';
import { createApnsSender, type ApnsCredentials } from './sender.js';

/** Checks token-auth credentials (§1.2): 10-character Team and Key IDs, a P-256 PKCS#8 key, a bundle id. */
function parseApnsCredentials(value: unknown): ApnsCredentials {
  const creds = requireFields<ApnsCredentials>('apns', value, ['teamId', 'keyId', 'key', 'bundleId']);
  const problems: string[] = [];
  if (!/^[A-Z0-9]{10}$/.test(creds.teamId)) problems.push(`teamId must be the 10-character Team ID (got "${creds.teamId}")`);
  if (!/^[A-Z0-9]{10}$/.test(creds.keyId)) problems.push(`keyId must be the 10-character Key ID (got "${creds.keyId}")`);
  try {
    const key = createPrivateKey(creds.key);
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') problems.push('key must be a P-256 (ES256) key, the .p8 file APNs issues');
  } catch {
    problems.push('key must be the PKCS#8 PEM of the .p8 signing key (-----BEGIN PRIVATE KEY-----…)');
  }
  if (!/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(creds.bundleId)) problems.push(`bundleId must be a bundle id like com.example.app (got "${creds.bundleId}")`);
  if (problems.length) throw new Error(`apns credentials: ${problems.join('; ')}`);
  return creds;
}

export const apns: VendorDefinition<ApnsCredentials> = {
  id: 'apns',
  title: 'Apple Push Notification service',
  transport: 'h2-tls',
  mock: apnsMock,
  credentialEnv: { teamId: 'PUSHLAB_APNS_TEAM_ID', keyId: 'PUSHLAB_APNS_KEY_ID', key: 'PUSHLAB_APNS_KEY', bundleId: 'PUSHLAB_APNS_BUNDLE_ID' },
  parseCredentials: parseApnsCredentials,
  createSender: createApnsSender,
};

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The mock CA and the loopback server certificate it signed (fixtures/tls; CN 127.0.0.1, SAN 127.0.0.1, ::1, localhost, api.push.apple.com). */
export const caFile = fileURLToPath(new URL('../fixtures/tls/ca.pem', import.meta.url));
export const serverCertFile = fileURLToPath(new URL('../fixtures/tls/server.pem', import.meta.url));
export const serverKeyFile = fileURLToPath(new URL('../fixtures/tls/server-key.pem', import.meta.url));

export function loadServerTls(): { cert: Buffer; key: Buffer; ca: Buffer } {
  return { cert: readFileSync(serverCertFile), key: readFileSync(serverKeyFile), ca: readFileSync(caFile) };
}

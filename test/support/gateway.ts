import { readFileSync } from 'node:fs';
import type { VendorDefinition } from '../../src/vendors/common/definition.js';
import type { GatewayState } from '../../src/vendors/common/gateway-state.js';
import type { VendorId } from '../../src/vendors/common/ids.js';
import { controlRequest } from '../../mocks/control-client.js';
import { startGateway } from '../../mocks/gateway.js';
import type { RunningServer } from '../../mocks/http-server.js';

export const mockCredentials: Record<VendorId, Record<string, unknown>> = JSON.parse(readFileSync(new URL('../../fixtures/mock-credentials.json', import.meta.url), 'utf8'));
export const mockCa = readFileSync(new URL('../../fixtures/tls/ca.pem', import.meta.url));

/** One vendor's mock gateway on 127.0.0.1 port 0, with the fixture credentials, for a test file. */
export async function gatewayFor(def: VendorDefinition): Promise<{ url: string; gw: GatewayState; server: RunningServer }> {
  const { server, gw } = await startGateway(def, mockCredentials[def.id]);
  return { url: server.url, gw, server };
}

/** Calls the mock's control API (trusting the mock CA for the APNs mock). */
export function control(url: string, method: string, path: string, body?: unknown): Promise<any> {
  return controlRequest(url, method, path, body, { ca: mockCa });
}

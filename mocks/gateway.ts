import type { VendorDefinition } from '../src/vendors/common/definition.js';
import { GatewayState } from '../src/vendors/common/gateway-state.js';
import { startHttpGateway, type RunningServer } from './http-server.js';
import { startHttp2Gateway } from './http2-server.js';

/** Starts one vendor's mock gateway on loopback with the given credentials as its console configuration. */
export async function startGateway(def: VendorDefinition, credentials: Record<string, unknown>, options: { host?: string; port?: number } = {}): Promise<{ server: RunningServer; gw: GatewayState }> {
  const gw = new GatewayState(def.id, credentials, () => def.mock.newToken(), { settings: structuredClone(def.mock.defaultSettings) });
  const start = def.transport === 'h2-tls' ? startHttp2Gateway : startHttpGateway;
  return { server: await start(def.mock, gw, options), gw };
}


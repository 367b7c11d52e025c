import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GatewayState } from '../src/vendors/common/gateway-state.js';
import { vendorIds, type VendorId } from '../src/vendors/common/ids.js';
import { vendors } from '../src/vendors/index.js';
import { startGateway } from './gateway.js';
import type { RunningServer } from './http-server.js';
import { caFile } from './tls.js';

export const mockCredentialsFile = fileURLToPath(new URL('../fixtures/mock-credentials.json', import.meta.url));

/** The mock credentials (fixtures/mock-credentials.json), one entry per vendor under the vendor's own field names. */
export function loadMockCredentials(): Record<VendorId, Record<string, unknown>> {
  return JSON.parse(readFileSync(mockCredentialsFile, 'utf8'));
}

export interface RunningGateways {
  /** Base URL per started vendor. */
  readonly urls: Partial<Record<VendorId, string>>;
  readonly states: Partial<Record<VendorId, GatewayState>>;
  readonly caFile: string;
  readonly credentialsFile: string;
  /** The JSON line `pushlab gateways --json` prints. */
  describe(): Record<string, string>;
  close(): Promise<void>;
}

export interface GatewayOptions {
  readonly vendors?: readonly VendorId[];
  readonly host?: string;
  /** Pins ports: the vendors get portBase, portBase+1, … in registry order (apns first). */
  readonly portBase?: number;
}

/** Starts mock gateways on loopback: APNs over TLS + HTTP/2, the others over HTTP/1.1. */
export async function startGateways(options: GatewayOptions = {}): Promise<RunningGateways> {
  const credentials = loadMockCredentials();
  const chosen = options.vendors ?? vendorIds;
  const urls: Partial<Record<VendorId, string>> = {};
  const states: Partial<Record<VendorId, GatewayState>> = {};
  const servers: RunningServer[] = [];
  try {
    for (const id of chosen) {
      const port = options.portBase === undefined ? 0 : options.portBase + vendorIds.indexOf(id);
      const { server, gw } = await startGateway(vendors[id], credentials[id] ?? {}, { host: options.host, port });
      servers.push(server);
      urls[id] = server.url;
      states[id] = gw;
    }
  } catch (error) {
    await Promise.all(servers.map((s) => s.close()));
    throw new Error(`could not start the mock gateways: ${(error as Error).message}`, { cause: error });
  }
  return {
    urls,
    states,
    caFile,
    credentialsFile: mockCredentialsFile,
    describe: () => ({ ...(urls as Record<string, string>), caFile, credentialsFile: mockCredentialsFile }),
    close: async () => { await Promise.all(servers.map((s) => s.close())); },
  };
}

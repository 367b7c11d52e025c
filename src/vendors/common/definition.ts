import type { Clock } from './clock.js';
import type { VendorId } from './ids.js';
import type { SenderEndpoint, VendorSender } from './push.js';
import type { VendorMock } from './route.js';

/** Everything about one vendor that the rest of pushlab reaches through the registry (`src/vendors/index.ts`). */
export interface VendorDefinition<C extends object = object> {
  readonly id: VendorId;
  /** Human name, e.g. "Xiaomi MiPush". */
  readonly title: string;
  /** How the mock is served: APNs needs TLS + HTTP/2, the others plain HTTP/1.1 on loopback. */
  readonly transport: 'http1' | 'h2-tls';
  readonly mock: VendorMock;
  /** Environment variable for each credential field, for real-gateway runs (e.g. `{ appSecret: 'PUSHLAB_XIAOMI_APP_SECRET' }`). */
  readonly credentialEnv: { readonly [K in keyof C]-?: string };
  /** Checks a credentials object; throws an Error listing every missing or malformed field. */
  parseCredentials(value: unknown): C;
  /** A real sender: production hosts unless the endpoint names others. */
  createSender(credentials: C, endpoint?: SenderEndpoint, options?: { clock?: Clock }): VendorSender;
}

/** Reads a vendor's credentials from the environment; the error names every missing variable. */
export function credentialsFromEnv<C extends object>(def: VendorDefinition<C>, env: Readonly<Record<string, string | undefined>>): C {
  const value: Record<string, string> = {};
  const missing: string[] = [];
  for (const [field, name] of Object.entries(def.credentialEnv) as [string, string][]) {
    const v = env[name];
    if (v === undefined || v === '') missing.push(name);
    else value[field] = v.replace(/\\n/g, '\n');
  }
  if (missing.length) throw new Error(`${def.title}: real-gateway credentials missing: set ${missing.join(', ')}`);
  return def.parseCredentials(value);
}

/** Field checker for parseCredentials: collects every problem, then throws once. */
export function requireFields<C extends object>(vendor: VendorId, value: unknown, fields: readonly (keyof C & string)[]): C {
  if (typeof value !== 'object' || value === null) throw new Error(`${vendor} credentials must be an object with ${fields.join(', ')}`);
  const record = value as Record<string, unknown>;
  const problems = fields.filter((f) => typeof record[f] !== 'string' || record[f] === '').map((f) => `${f} (a non-empty string)`);
  if (problems.length) throw new Error(`${vendor} credentials: missing or malformed ${problems.join('; ')}`);
  return record as C;
}

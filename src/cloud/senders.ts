import { credentialsFromEnv, type VendorDefinition } from '../vendors/common/definition.js';
import { vendorIds, type VendorId } from '../vendors/common/ids.js';
import { logger } from '../vendors/common/log.js';
import type { VendorSender } from '../vendors/common/push.js';

const log = logger('pushlab:cloud:senders');

/** The mock gateways a pool may send to: base URL per vendor, the APNs mock's CA, and the mock credentials. */
export interface MockGatewayEndpoints {
  readonly urls: Partial<Record<VendorId, string>>;
  readonly ca?: string | Buffer;
  /** One entry per vendor under the vendor's own field names (fixtures/mock-credentials.json). */
  readonly credentials: Partial<Record<VendorId, Record<string, unknown>>>;
}

export interface SenderPoolOptions {
  /** The vendor registry (`vendors` from src/vendors/index.ts); injected so tests and the CLI share one. */
  readonly registry: Readonly<Record<VendorId, VendorDefinition<any>>>;
  readonly gateways?: MockGatewayEndpoints;
  /** Environment to read real credentials from (`vendors[id].credentialEnv` names the variables). */
  readonly realEnv?: Readonly<Record<string, string | undefined>>;
  /** Vendors that go to the real gateway even where the console says "mock". */
  readonly realVendors?: readonly VendorId[];
  /** Per-request timeout for every sender (default 5000 ms). */
  readonly timeoutMs?: number;
}

/** What a console certificate points at: the mock credentials (and the mock gateway) or real credentials from the environment. */
export type CertificateSource = 'mock' | 'env';

export type SenderLookup =
  | { readonly ok: true; readonly sender: VendorSender; readonly gateway: 'mock' | 'real' }
  | { readonly ok: false; readonly reason: string };

/**
 * One VendorSender per vendor and gateway kind, created on first use and shared by both clouds.
 * Mock: the mock gateway's URL, the mock CA and fixtures/mock-credentials.json. Real: production
 * hosts and credentials from the injected environment (never `process.env` directly).
 */
export class SenderPool {
  readonly #senders = new Map<string, VendorSender>();
  readonly #failures = new Map<string, string>();

  constructor(private readonly options: SenderPoolOptions) {}

  /** Which gateway this vendor's pushes go to for a console certificate of this source. */
  gatewayFor(vendor: VendorId, source: CertificateSource): 'mock' | 'real' {
    return source === 'env' || this.options.realVendors?.includes(vendor) ? 'real' : 'mock';
  }

  /** The sender for a vendor, or why there is none (no mock gateway started, credentials missing…). */
  lookup(vendor: VendorId, source: CertificateSource): SenderLookup {
    const gateway = this.gatewayFor(vendor, source);
    const key = `${vendor}:${gateway}`;
    const existing = this.#senders.get(key);
    if (existing) return { ok: true, sender: existing, gateway };
    const failed = this.#failures.get(key);
    if (failed) return { ok: false, reason: failed };
    const def = this.options.registry[vendor];
    if (!def) return this.#fail(key, `no vendor "${vendor}" in the registry`);
    try {
      let sender: VendorSender;
      if (gateway === 'real') {
        if (!this.options.realEnv) return this.#fail(key, `${def.title}: the console wants real credentials but no environment was given (run through the CLI with ${Object.values(def.credentialEnv).join(', ')} set)`);
        sender = def.createSender(credentialsFromEnv(def, this.options.realEnv), { timeoutMs: this.options.timeoutMs ?? 5000 });
      } else {
        const url = this.options.gateways?.urls[vendor];
        if (!url) return this.#fail(key, `no ${def.title} mock gateway is running (start the clouds with the mock gateways, e.g. \`pushlab cloud --gateways\`)`);
        const credentials = this.options.gateways?.credentials[vendor];
        if (!credentials) return this.#fail(key, `no mock credentials for ${vendor} in the mock credentials file`);
        sender = def.createSender(def.parseCredentials(credentials), { baseUrl: url, ca: this.options.gateways?.ca, timeoutMs: this.options.timeoutMs ?? 5000 });
      }
      this.#senders.set(key, sender);
      log('created the %s sender for %s', gateway, vendor);
      return { ok: true, sender, gateway };
    } catch (error) {
      return this.#fail(key, `${def.title} sender could not be created: ${(error as Error).message}`);
    }
  }

  /** Per vendor: which gateway a "mock" console certificate would reach, or why none (creates no sender). */
  describe(): Record<VendorId, string> {
    const out = {} as Record<VendorId, string>;
    for (const vendor of vendorIds) {
      const gateway = this.gatewayFor(vendor, 'mock');
      const def = this.options.registry[vendor];
      const ready = gateway === 'real'
        ? def !== undefined && this.options.realEnv !== undefined && vendorsWithEnvCredentials(this.options.registry, this.options.realEnv).includes(vendor)
        : this.options.gateways?.urls[vendor] !== undefined && this.options.gateways.credentials[vendor] !== undefined;
      out[vendor] = ready ? gateway : `none (${gateway === 'real' ? `set ${def ? Object.values(def.credentialEnv).join(', ') : 'its credentials'}` : 'no mock gateway'})`;
    }
    return out;
  }

  async close(): Promise<void> {
    const senders = [...this.#senders.values()];
    this.#senders.clear();
    await Promise.allSettled(senders.map((s) => s.close()));
  }

  #fail(key: string, reason: string): SenderLookup {
    this.#failures.set(key, reason);
    return { ok: false, reason };
  }
}

/** Vendors whose real-gateway credentials are all present in `env`. */
export function vendorsWithEnvCredentials(registry: Readonly<Record<VendorId, VendorDefinition<any>>>, env: Readonly<Record<string, string | undefined>>): VendorId[] {
  return vendorIds.filter((id) => {
    const def = registry[id];
    return def !== undefined && Object.values(def.credentialEnv as Record<string, string>).every((name) => (env[name] ?? '') !== '');
  });
}

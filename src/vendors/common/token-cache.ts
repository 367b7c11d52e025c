import type { Clock } from './clock.js';

export interface CachedToken { readonly token: string; readonly expiresAt: number }

/**
 * Caches an auth/access token and fetches a new one shortly before it expires; concurrent callers
 * share one fetch. `invalidate()` forces the next call to fetch (after the gateway said "expired").
 */
export class TokenCache {
  #current?: CachedToken;
  #pending?: Promise<CachedToken>;

  constructor(
    private readonly fetchToken: () => Promise<CachedToken>,
    private readonly clock: Clock,
    /** Refresh this long before the token's expiry. */
    private readonly marginMs = 60_000,
  ) {}

  async get(): Promise<string> {
    if (this.#current && this.#current.expiresAt - this.marginMs > this.clock.now()) return this.#current.token;
    this.#pending ??= this.fetchToken().finally(() => { this.#pending = undefined; });
    this.#current = await this.#pending;
    return this.#current.token;
  }

  invalidate(): void { this.#current = undefined; }
}

import type { Clock } from './clock.js';

/** The documented OEM quotas count per calendar day in China Standard Time (UTC+8). */
const CHINA_OFFSET_MS = 8 * 3600_000; // assumption: the OEM gateways reset daily counters at local midnight, Beijing time

export type QuotaWindow = 'day-cn' | 'day-utc' | { readonly ms: number };

export interface QuotaResult { readonly ok: boolean; readonly used: number; readonly limit: number }

/** Counters for per-device / per-app quotas and rate limits, on the gateway's adjustable clock. */
export class QuotaBook {
  #counters = new Map<string, { window: number; hits: number[] }>();
  #offsetMs = 0;
  constructor(private readonly clock: Clock) {}

  /** Moves only the quota windows on (a simulated pause between sends), leaving TTLs and token lifetimes alone. */
  advance(ms: number): void { this.#offsetMs += ms; }

  /** Counts one send against `key` if it fits within `limit` per window; says whether it fitted. */
  take(key: string, limit: number, window: QuotaWindow): QuotaResult {
    const now = this.clock.now() + this.#offsetMs;
    if (typeof window === 'object') {
      const entry = this.#counters.get(key) ?? { window: 0, hits: [] };
      entry.hits = entry.hits.filter((t) => t > now - window.ms);
      this.#counters.set(key, entry);
      if (entry.hits.length >= limit) return { ok: false, used: entry.hits.length, limit };
      entry.hits.push(now);
      return { ok: true, used: entry.hits.length, limit };
    }
    const day = Math.floor((now + (window === 'day-cn' ? CHINA_OFFSET_MS : 0)) / 86_400_000);
    const entry = this.#counters.get(key);
    const current = entry && entry.window === day ? entry : { window: day, hits: [] as number[] };
    this.#counters.set(key, current);
    if (current.hits.length >= limit) return { ok: false, used: current.hits.length, limit };
    current.hits.push(now);
    return { ok: true, used: current.hits.length, limit };
  }

  clear(): void { this.#counters.clear(); this.#offsetMs = 0; }
}

/** Wall clock in epoch ms; injected everywhere so tests can move time. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that follows the system clock plus an offset that tests (and `/__pushlab/clock`) can advance. */
export class AdjustableClock implements Clock {
  #offsetMs = 0;
  constructor(private readonly base: Clock = systemClock) {}
  now(): number { return this.base.now() + this.#offsetMs; }
  advance(ms: number): void { this.#offsetMs += ms; }
  get offsetMs(): number { return this.#offsetMs; }
  reset(): void { this.#offsetMs = 0; }
}

/** Fixed for the life of the process; read once, as the getter recomputes it on every call. */
const timeOrigin = performance.timeOrigin;

/** Milliseconds with sub-ms precision on the epoch scale, for recording when a request arrived. */
export function preciseNow(): number {
  return timeOrigin + performance.now();
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

import { systemClock, type Clock } from '../vendors/common/clock.js';

/** A clock that can also schedule: the clouds' invitation timeouts run on it, so tests move time instead of waiting. */
export interface CloudClock extends Clock {
  /** Calls `fn` once `ms` have passed on this clock; returns a canceller. */
  setTimer(ms: number, fn: () => void): () => void;
}

/** Wall clock and real timers (unref'd, so a pending invitation never holds the process open). */
export const systemCloudClock: CloudClock = {
  now: () => systemClock.now(),
  setTimer(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/**
 * A clock that only moves when told: `advance(ms)` fires every timer that falls due, in order.
 * @example
 * const clock = new ManualClock();
 * const clouds = await startClouds({ clock, … });
 * clock.advance(60_000); // the invitation times out as a missed call
 */
export class ManualClock implements CloudClock {
  #now: number;
  #timers: { at: number; seq: number; fn: () => void }[] = [];
  #seq = 0;

  constructor(start: number = systemClock.now()) { this.#now = start; }

  now(): number { return this.#now; }

  setTimer(ms: number, fn: () => void): () => void {
    const timer = { at: this.#now + Math.max(0, ms), seq: ++this.#seq, fn };
    this.#timers.push(timer);
    return () => { this.#timers = this.#timers.filter((t) => t !== timer); };
  }

  /** Moves time forward, firing due timers in time order (a timer set by a firing timer fires too if due). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`ManualClock.advance needs a non-negative number of ms (got ${ms})`);
    const target = this.#now + ms;
    for (;;) {
      const due = this.#timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#now = Math.max(this.#now, due.at);
      due.fn();
    }
    this.#now = target;
  }

  /** Timers still waiting. */
  get pending(): number { return this.#timers.length; }
}

/** True when the clock can be moved by hand (the `/__pushlab/clock` control route needs one). */
export function isManualClock(clock: CloudClock): clock is ManualClock {
  return clock instanceof ManualClock;
}

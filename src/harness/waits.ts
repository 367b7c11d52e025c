/** Thrown when a bounded wait ends without its condition: says what it waited for, how long, and what it last saw. */
export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
  constructor(readonly what: string, readonly timeoutMs: number, readonly lastSeen: string) {
    super(`waited ${timeoutMs} ms for ${what}; last saw: ${lastSeen}`);
  }
}

/**
 * Polls `probe` until it returns a value (not undefined) or `timeoutMs` passes. `describe` renders
 * the last observation for the timeout message, so a failure says what the phone showed instead.
 */
export async function waitFor<T, O>(
  what: string,
  probe: () => Promise<{ value?: T; observed: O }>,
  options: { timeoutMs: number; intervalMs?: number; describe?: (observed: O) => string },
): Promise<T> {
  const deadline = performance.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 5;
  let observed: O | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      const result = await probe();
      observed = result.observed;
      if (result.value !== undefined) return result.value;
    } catch (error) {
      lastError = error;
    }
    if (performance.now() >= deadline) {
      const seen = observed !== undefined ? (options.describe ?? ((o: O) => JSON.stringify(o)))(observed) : lastError ? `error: ${(lastError as Error).message}` : 'nothing';
      throw new WaitTimeoutError(what, options.timeoutMs, seen.length > 600 ? `${seen.slice(0, 600)}…` : seen);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

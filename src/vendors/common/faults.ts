/** Fault injection for a mock gateway: for all requests, or only for requests naming one device token. */
export type FaultSpec =
  | (FaultBase & { kind: 'delay'; ms?: number; distribution?: DelayDistribution })
  | (FaultBase & { kind: 'drop' })
  | (FaultBase & { kind: 'status'; status: number })
  | (FaultBase & { kind: 'reset' });

interface FaultBase {
  /** Only requests that name this device token. */
  token?: string;
  /** How many requests it applies to; forever when absent. */
  times?: number;
}

export type DelayDistribution =
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'normal'; mean: number; sd: number }
  | { kind: 'exponential'; mean: number };

export const faultKinds = ['delay', 'drop', 'status', 'reset'] as const;

export interface ActiveFault { readonly id: number; readonly spec: FaultSpec; remaining: number }

/** Validates a fault from the control API; returns the problems, empty when fine. */
export function faultProblems(spec: unknown): string[] {
  if (typeof spec !== 'object' || spec === null) return ['fault must be a JSON object'];
  const f = spec as Record<string, unknown>;
  const problems: string[] = [];
  if (!faultKinds.includes(f.kind as never)) problems.push(`kind must be one of ${faultKinds.join('|')} (got ${JSON.stringify(f.kind)})`);
  if (f.token !== undefined && typeof f.token !== 'string') problems.push('token must be a string');
  if (f.times !== undefined && !(Number.isInteger(f.times) && (f.times as number) > 0)) problems.push('times must be a positive integer');
  if (f.kind === 'status' && !(Number.isInteger(f.status) && (f.status as number) >= 400 && (f.status as number) <= 599)) problems.push('status must be an HTTP status 400..599');
  if (f.kind === 'delay') {
    const d = f.distribution as Record<string, unknown> | undefined;
    if (f.ms === undefined && d === undefined) problems.push('delay needs ms or distribution');
    if (f.ms !== undefined && !(typeof f.ms === 'number' && f.ms >= 0 && f.ms <= 600_000)) problems.push('ms must be a number 0..600000');
    if (d !== undefined && !['uniform', 'normal', 'exponential'].includes(d.kind as string)) problems.push('distribution.kind must be uniform|normal|exponential');
  }
  return problems;
}

/** Draws one delay in ms from a delay fault. */
export function drawDelay(spec: Extract<FaultSpec, { kind: 'delay' }>, random: () => number = Math.random): number {
  const d = spec.distribution;
  if (!d) return spec.ms ?? 0;
  switch (d.kind) {
    case 'uniform': return d.min + random() * (d.max - d.min);
    case 'exponential': return -d.mean * Math.log(1 - random());
    case 'normal': {
      const u = 1 - random(), v = random();
      return Math.max(0, d.mean + d.sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
    }
  }
}

const noFaults: readonly FaultSpec[] = Object.freeze([]);

/** The active faults of one gateway. */
export class FaultBook {
  #faults: ActiveFault[] = [];
  #nextId = 1;

  add(spec: FaultSpec): number {
    const id = this.#nextId++;
    this.#faults.push({ id, spec, remaining: spec.times ?? Number.POSITIVE_INFINITY });
    return id;
  }

  list(): readonly ActiveFault[] { return this.#faults; }
  clear(): void { this.#faults = []; }
  get size(): number { return this.#faults.length; }

  /**
   * Takes the faults that apply to a request: `tokens` undefined → the ones for all requests;
   * otherwise the ones for any of those tokens. Each taken fault is used up once.
   */
  take(tokens?: readonly string[]): readonly FaultSpec[] {
    if (this.#faults.length === 0) return noFaults; // every request asks; most gateways have none
    const taken: FaultSpec[] = [];
    for (const fault of this.#faults) {
      const applies = tokens === undefined ? fault.spec.token === undefined : fault.spec.token !== undefined && tokens.includes(fault.spec.token);
      if (!applies || fault.remaining <= 0) continue;
      fault.remaining -= 1;
      taken.push(fault.spec);
    }
    this.#faults = this.#faults.filter((f) => f.remaining > 0);
    return taken;
  }
}

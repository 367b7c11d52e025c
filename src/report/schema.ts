import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { vendorIds } from '../vendors/common/ids.js';
import { appStates, outcomes } from '../vendors/common/delivery-rules.js';
import { redact } from '../vendors/common/redact.js';
import { summarizeReport } from './stats.js';
import { hopNames, sampleResults, stampOrder, type LatencyReport, type LatencySample } from './types.js';

const number = { type: 'number' } as const;
const count = { type: 'integer', minimum: 0 } as const;
const text = { type: 'string' } as const;

const hopSummarySchema = {
  type: 'object',
  required: ['n', 'p50', 'p95', 'p99', 'max', 'mean'],
  properties: { n: { type: 'integer', minimum: 1 }, p50: number, p95: number, p99: number, max: number, mean: number },
} as const;

const sampleSchema = {
  type: 'object',
  required: ['id', 'scenario', 'device', 'vendor', 'platform', 'state', 'provider', 'callType', 'message', 'source', 'expected', 'result', 'passed', 'stamps', 'clock'],
  properties: {
    id: text, scenario: text, device: text,
    vendor: { enum: vendorIds },
    platform: { enum: ['android', 'ios'] },
    state: { enum: appStates },
    provider: { enum: ['zego', 'easemob', 'direct'] },
    callType: { enum: ['voice', 'video'] },
    message: { enum: ['notification', 'data', 'voip'] },
    source: { enum: ['cloud', 'direct', 'caller'] },
    expected: { enum: outcomes },
    result: { enum: sampleResults },
    passed: { type: 'boolean' },
    diagnosis: text,
    // A misspelt stamp would silently drop a hop, so stamps admit no other keys.
    stamps: { type: 'object', required: ['sentAt'], properties: Object.fromEntries(stampOrder.map((s) => [s, number])), additionalProperties: false },
    clock: { type: 'object', required: ['offsetMs', 'uncertaintyMs'], properties: { offsetMs: number, uncertaintyMs: { type: 'number', minimum: 0 } } },
    injected: { type: 'object', properties: { gatewayDelayMs: number, clockOffsetMs: number } },
  },
} as const;

const groupSchema = {
  type: 'object',
  required: ['device', 'vendor', 'state', 'samples', 'delivered', 'expectedDelivery', 'deliveryRate', 'hops'],
  properties: {
    device: text,
    vendor: { enum: vendorIds },
    state: { enum: appStates },
    samples: count, delivered: count, expectedDelivery: count,
    deliveryRate: { type: 'number', minimum: 0, maximum: 1 },
    hops: { type: 'object', propertyNames: { enum: hopNames }, additionalProperties: hopSummarySchema },
  },
} as const;

/** JSON Schema (draft 2020-12) of `latency.json`; docs/latency-report.md describes each field. */
export const latencyReportSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:pushlab:latency-report:1',
  title: 'pushlab latency report',
  type: 'object',
  required: ['schemaVersion', 'generatedAt', 'run', 'samples', 'summary'],
  properties: {
    schemaVersion: { const: 1 },
    generatedAt: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T' },
    run: {
      type: 'object',
      required: ['devices'],
      properties: { command: text, host: text, devices: { type: 'array', items: text }, durationMs: { type: 'number', minimum: 0 } },
    },
    samples: { type: 'array', items: sampleSchema },
    summary: { type: 'array', items: groupSchema },
  },
} as const;

// verbose: each error carries the offending value, so the message can show what came in.
const validate = new Ajv2020({ allErrors: true, verbose: true }).compile(latencyReportSchema);
const maxListed = 50;

/**
 * Validates a parsed `latency.json` and returns it typed; throws an Error listing every violation with its JSON path.
 * @example parseLatencyReport(JSON.parse(text), 'reports/latency.json')
 */
export function parseLatencyReport(json: unknown, source = 'latency.json'): LatencyReport {
  if (validate(json)) return json as unknown as LatencyReport;
  // A bad key in `hops` yields an enum error naming it plus a generic propertyNames one: keep the first.
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'propertyNames');
  const lines = errors.slice(0, maxListed).map((e) => `  ${source}: ${describe(e)}`);
  if (errors.length > maxListed) lines.push(`  … and ${errors.length - maxListed} more`);
  throw new Error(
    `${source} is not a pushlab latency report (schemaVersion 1): ${errors.length} problem${errors.length === 1 ? '' : 's'}:\n${lines.join('\n')}\n` +
      'Fix the file, or write it again with `npm run suite` (docs/latency-report.md describes the format).',
  );
}

function describe(error: ErrorObject): string {
  const path = error.instancePath || '/';
  const params = error.params as Record<string, unknown>;
  if (error.propertyName !== undefined && error.keyword === 'enum') {
    return `${path} has an unknown key "${error.propertyName}" (allowed: ${(params.allowedValues as unknown[]).join('|')})`;
  }
  switch (error.keyword) {
    case 'enum': return `${path} must be one of ${(params.allowedValues as unknown[]).join('|')} (got ${shown(error.data)})`;
    case 'const': return `${path} must be ${JSON.stringify(params.allowedValue)} (got ${shown(error.data)})`;
    case 'additionalProperties': return `${path} has an unknown property "${String(params.additionalProperty)}"`;
    case 'required': return `${path} must have required property '${String(params.missingProperty)}'`;
    default: return `${path} ${error.message ?? error.keyword} (got ${shown(error.data)})`;
  }
}

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 40 ? `${json.slice(0, 40)}…` : json;
}

/** The report with secrets masked in every free-text field (diagnosis, scenario, ids, run command and host). */
export function redactReport(report: LatencyReport): LatencyReport {
  const sample = (s: LatencySample): LatencySample => ({
    ...s,
    id: redact(s.id),
    scenario: redact(s.scenario),
    device: redact(s.device),
    ...(s.diagnosis === undefined ? {} : { diagnosis: redact(s.diagnosis) }),
  });
  const run = { ...report.run, devices: report.run.devices.map(redact) };
  if (run.command !== undefined) run.command = redact(run.command);
  if (run.host !== undefined) run.host = redact(run.host);
  return { ...report, run, samples: report.samples.map(sample), summary: report.summary.map((g) => ({ ...g, device: redact(g.device) })) };
}

/**
 * A `latency.json` report from samples: summary computed, free text redacted, devices defaulting to those sampled.
 * @example buildReport(samples, { command: 'pushlab suite', durationMs: 81_000 }, new Date())
 */
export function buildReport(samples: readonly LatencySample[], run: Omit<LatencyReport['run'], 'devices'> & { devices?: string[] }, now: Date): LatencyReport {
  const devices = run.devices ?? [...new Set(samples.map((s) => s.device))];
  return redactReport({
    schemaVersion: 1,
    generatedAt: now.toISOString(),
    run: { ...run, devices },
    samples: [...samples],
    summary: summarizeReport(samples),
  });
}

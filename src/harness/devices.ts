import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import type { VendorId } from '../vendors/common/ids.js';

export interface DeviceConfig {
  readonly id: string;
  readonly name?: string;
  readonly tags: readonly string[];
  readonly vendor: VendorId;
  readonly platform: 'android' | 'ios';
  readonly enabled: boolean;
  readonly app?: string;
  readonly users?: { readonly callee?: string; readonly caller?: string };
  readonly simulated?: { readonly profile: string; readonly osVersion?: string; readonly clockOffsetMs?: number };
  readonly real?: {
    readonly udid?: string;
    readonly appiumUrl?: string;
    readonly automationName: 'UiAutomator2' | 'XCUITest';
    readonly appPackage?: string;
    readonly bundleId?: string;
    readonly capabilities?: Readonly<Record<string, unknown>>;
  };
}

const schemaFile = new URL('../../devices.schema.json', import.meta.url);
let validator: ReturnType<Ajv['compile']> | undefined;

function validate(value: unknown): readonly ErrorObject[] {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
    ajv.addFormat('uri', (s: string) => URL.canParse(s));
    validator = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
  }
  return validator(value) ? [] : validator.errors ?? [];
}

/** Reads and validates a device matrix; the error lists every problem by device id and field. */
export function loadDevices(file: string): DeviceConfig[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not valid JSON: ${(error as Error).message}`}`, { cause: error });
  }
  return parseDevices(raw, file);
}

/** Validates a parsed device matrix (see devices.schema.json). */
export function parseDevices(raw: unknown, label = 'devices.json'): DeviceConfig[] {
  const errors = validate(raw);
  const problems = describeErrors(errors, raw);
  const devices = problems.length ? [] : ((raw as { devices: DeviceConfig[] }).devices);
  const seen = new Set<string>();
  for (const device of devices) {
    if (seen.has(device.id)) problems.push(`device "${device.id}": id is used twice; ids must be unique`);
    seen.add(device.id);
    const ios = device.vendor === 'apns';
    if (ios !== (device.platform === 'ios')) problems.push(`device "${device.id}": vendor ${device.vendor} does not go with platform ${device.platform} (apns is the iOS channel; the rest are Android)`);
    if (device.real?.automationName === 'XCUITest' && device.platform !== 'ios') problems.push(`device "${device.id}": real.automationName XCUITest needs platform ios`);
    if (device.real?.automationName === 'UiAutomator2' && device.platform !== 'android') problems.push(`device "${device.id}": real.automationName UiAutomator2 needs platform android`);
  }
  if (problems.length) throw new Error(`${label}: ${problems.join('; ')}`);
  return devices.map((d) => ({ ...d, tags: d.tags ?? [], enabled: d.enabled ?? true }));
}

function describeErrors(errors: readonly ErrorObject[], raw: unknown): string[] {
  const out = new Set<string>();
  for (const error of errors) {
    // oneOf/not failures repeat their branches' errors; the branch messages are clearer.
    if (error.keyword === 'oneOf' || error.keyword === 'not') {
      const where = deviceLabel(error.instancePath, raw);
      if (error.keyword === 'oneOf') out.add(`${where}: give exactly one of "simulated" or "real"`);
      continue;
    }
    const where = deviceLabel(error.instancePath, raw);
    const field = fieldPath(error);
    out.add(`${where}: ${field ? `${field} ` : ''}${message(error)}`);
  }
  return [...out];
}

function deviceLabel(instancePath: string, raw: unknown): string {
  const match = /^\/devices\/(\d+)/.exec(instancePath);
  if (!match) return 'top level';
  const device = (raw as { devices?: { id?: unknown }[] }).devices?.[Number(match[1])];
  return typeof device?.id === 'string' ? `device "${device.id}"` : `device #${Number(match[1]) + 1}`;
}

function fieldPath(error: ErrorObject): string {
  const inner = error.instancePath.replace(/^\/devices\/\d+\/?/, '').replace(/\//g, '.');
  if (error.keyword === 'required') return [inner, (error.params as { missingProperty: string }).missingProperty].filter(Boolean).join('.');
  if (error.keyword === 'additionalProperties') return [inner, (error.params as { additionalProperty: string }).additionalProperty].filter(Boolean).join('.');
  return inner;
}

function message(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required': return 'is required';
    case 'additionalProperties': return 'is not a known field (misspelt?)';
    case 'enum': return `must be ${(error.params as { allowedValues: unknown[] }).allowedValues.join('|')} (got ${JSON.stringify(error.data)})`;
    case 'type': return `must be ${(error.params as { type: string }).type} (got ${JSON.stringify(error.data)})`;
    default: return `${error.message ?? 'is invalid'}${error.data !== undefined && typeof error.data !== 'object' ? ` (got ${JSON.stringify(error.data)})` : ''}`;
  }
}

/**
 * Picks the devices a run uses: named ids (even disabled ones), else tagged ones, else every enabled one.
 * Unknown ids or tags that match nothing are errors that list what exists.
 */
export function selectDevices(devices: readonly DeviceConfig[], ids: readonly string[] = [], tags: readonly string[] = []): DeviceConfig[] {
  if (ids.length) {
    const unknown = ids.filter((id) => !devices.some((d) => d.id === id));
    if (unknown.length) throw new Error(`no device ${unknown.map((u) => `"${u}"`).join(', ')} in devices.json; devices: ${devices.map((d) => d.id).join(', ')}`);
    return devices.filter((d) => ids.includes(d.id));
  }
  const enabled = devices.filter((d) => d.enabled);
  if (!tags.length) return enabled;
  const chosen = enabled.filter((d) => tags.every((t) => d.tags.includes(t)));
  if (!chosen.length) throw new Error(`no enabled device has tag(s) ${tags.join(', ')}; tags in use: ${[...new Set(devices.flatMap((d) => d.tags))].join(', ')}`);
  return chosen;
}

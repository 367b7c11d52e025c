import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { describe } from './frames.js';

/**
 * Reads and checks a provider console file (fixtures/cloud/*.json) against its schema. Throws one
 * Error that lists every problem as `<file>: <field>: <what is wrong> (got …)`.
 */
export function loadConsoleFile<T>(path: string, schema: object, what: string): T {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`${what} console file ${path} could not be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not JSON (${(error as Error).message})`, { cause: error });
  }
  return checkConsole<T>(value, schema, path);
}

/** Checks an already-parsed console object; `source` names it in the error. */
export function checkConsole<T>(value: unknown, schema: object, source: string): T {
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
  const validate = ajv.compile(schema);
  if (!validate(value)) {
    const problems = [...new Set((validate.errors ?? []).filter((e) => !['if', 'anyOf', 'oneOf'].includes(e.keyword)).map((e) => consoleProblem(e)))];
    throw new Error(`${source}: ${problems.join('; ')}`);
  }
  return value as T;
}

function consoleProblem(error: ErrorObject): string {
  const path = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const at = path.length ? path.join('.') : '(top level)';
  const secret = /sign|password|secret/i.test(path.at(-1) ?? '');
  const got = secret ? 'a value not shown' : describe(error.data);
  switch (error.keyword) {
    case 'required': return `${at}: missing required field "${(error.params as { missingProperty: string }).missingProperty}"`;
    case 'additionalProperties': {
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return `${at}: unknown field "${(error.params as { additionalProperty: string }).additionalProperty}"${allowed.length ? ` (allowed here: ${allowed.join(', ')})` : ''}`;
    }
    case 'enum': return `${at}: must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join('|')} (got ${got})`;
    case 'propertyNames': return `${at}: key ${describe((error.params as { propertyName: string }).propertyName)} is not allowed here`;
    default: return `${at}: ${error.message ?? 'is invalid'} (got ${got})`;
  }
}

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { vendorIds } from '../vendors/common/ids.js';
import { isRecord } from '../vendors/common/wire.js';

/**
 * The long connection between an app (its ZEGO Call Kit / Easemob SDK) and the emulated cloud:
 * JSON text frames over a WebSocket. The app asks (`{id, op, …params}`), the cloud answers
 * (`{id, ok: true, result}` or `{id, ok: false, error}`) and pushes events (`{event, …}`).
 */
export interface RequestFrame { readonly id: number | string; readonly op: string; readonly [param: string]: unknown }
export type ReplyFrame =
  | { readonly id: number | string | null; readonly ok: true; readonly result: unknown }
  | { readonly id: number | string | null; readonly ok: false; readonly error: CloudErrorBody };
export interface EventFrame { readonly event: string; readonly [field: string]: unknown }

/** A refusal in the provider's own terms: its code, its text, and the request field at fault. */
export interface CloudErrorBody {
  readonly code: number | string;
  readonly message: string;
  /** Dotted path of the offending request field (e.g. `invitees[0].userID`). */
  readonly field?: string;
}

/** The cloud's refusal on the app side, carrying the provider's own code (branch on `code`, not the text). */
export class CloudError extends Error {
  override readonly name = 'CloudError';
  constructor(readonly provider: string, readonly code: number | string, readonly detail: string, readonly field?: string, options?: ErrorOptions) {
    super(`${provider} cloud refused: ${code} ${detail}`, options);
  }
}

const str = { type: 'string', minLength: 1 } as const;
const userRef = { type: 'object', required: ['userID'], properties: { userID: { ...str, maxLength: 64 }, userName: { type: 'string', maxLength: 256 } } } as const;

/** Parameters of the operations both clouds share. */
export const commonOpSchemas = {
  /** Emulator-only: the app's connection is being cut now (phone offline, app frozen/killed); see AppClient.disconnect. */
  drop: { type: 'object' },
  logout: { type: 'object' },
  /** The SDK reports the app going to the background or coming back (how the cloud learns "background"). */
  appState: { type: 'object', required: ['state'], properties: { state: { enum: ['foreground', 'background'] } } },
  registerPush: {
    type: 'object',
    required: ['vendor', 'token', 'deviceId'],
    properties: {
      vendor: { enum: vendorIds },
      token: { ...str, maxLength: 4096 },
      deviceId: { ...str, maxLength: 128 },
      certificateName: { type: 'string' },
      offlinePushConfig: { type: 'object' },
      enableOfflinePush: { type: 'boolean' },
    },
  },
  unbindPush: { type: 'object' },
  getInvitation: { type: 'object', required: ['invitationID'], properties: { invitationID: str } },
  joinRoom: { type: 'object', required: ['callID'], properties: { callID: str } },
  leaveRoom: { type: 'object', required: ['callID'], properties: { callID: str } },
} as const;

/** ZEGO Call Kit operations (the seed doc's init / sendInvitation and the invitee's answers). */
export const zegoOpSchemas = {
  ...commonOpSchemas,
  login: {
    type: 'object',
    required: ['appID', 'appSign', 'userID'],
    properties: { appID: { type: ['integer', 'string'] }, appSign: { type: 'string' }, userID: { ...str, maxLength: 64 }, userName: { type: 'string', maxLength: 256 }, deviceId: str },
  },
  // Limits as ZIM's CallInvite states them (zegocloud.com/docs/zim-server/call-invitation/send-a-call-invitation):
  // at most 9 callees, timeout in (0, 600] s, ExtendedData at most 2 KB.
  sendInvitation: {
    type: 'object',
    required: ['invitees', 'type'],
    properties: {
      invitees: { type: 'array', minItems: 1, maxItems: 9, items: userRef },
      type: { enum: ['voice', 'video'] },
      timeout: { type: 'integer', minimum: 1, maximum: 600 },
      data: { type: 'string', maxLength: 2048 },
      notificationConfig: { type: 'object', properties: { title: { type: 'string' }, message: { type: 'string' }, resourceID: { type: 'string' } } },
    },
  },
  cancelInvitation: { type: 'object', required: ['invitationID'], properties: { invitationID: str } },
  accept: { type: 'object', required: ['invitationID'], properties: { invitationID: str } },
  refuse: { type: 'object', required: ['invitationID'], properties: { invitationID: str, reason: { enum: ['declined', 'busy'] } } },
} as const;

/** Easemob IM operations: login, the push plugin's binding, and messages (calls ride on custom messages). */
export const easemobOpSchemas = {
  ...commonOpSchemas,
  login: {
    type: 'object',
    required: ['appKey', 'username', 'password'],
    properties: { appKey: str, username: { ...str, maxLength: 64 }, password: { type: 'string' }, deviceId: str },
  },
  sendMessage: {
    type: 'object',
    required: ['to', 'type'],
    properties: {
      to: { ...str, maxLength: 64 },
      type: { enum: ['txt', 'custom'] },
      msg: { type: 'string', maxLength: 5000 },
      customEvent: { type: 'string', maxLength: 64 },
      customExts: { type: 'object' },
      ext: { type: 'object' },
    },
    if: { properties: { type: { const: 'custom' } } },
    then: { required: ['customEvent'] },
    else: { required: ['msg'] },
  },
} as const;

export type OpSchemas = Readonly<Record<string, object>>;

/** Checks request frames against an op table; every problem names its field. */
export class FrameValidator {
  readonly #validators = new Map<string, ValidateFunction>();
  constructor(schemas: OpSchemas) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    for (const [op, schema] of Object.entries(schemas)) this.#validators.set(op, ajv.compile(schema));
  }

  get ops(): string[] { return [...this.#validators.keys()]; }

  /** Parses and checks one frame; `problem` says what is wrong with it and names the field. */
  check(text: string): { ok: true; frame: RequestFrame } | { ok: false; id: number | string | null; message: string; field?: string } {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return { ok: false, id: null, message: `frame is not JSON (${(error as Error).message}); send {"id": <number>, "op": "<${this.ops.join('|')}>", …}` };
    }
    if (!isRecord(parsed)) return { ok: false, id: null, message: `frame must be a JSON object {"id", "op", …} (got ${describe(parsed)})` };
    const id = typeof parsed.id === 'number' || typeof parsed.id === 'string' ? parsed.id : null;
    if (id === null) return { ok: false, id: null, field: 'id', message: `field id is required: a number or string the reply echoes (got ${describe(parsed.id)})` };
    if (typeof parsed.op !== 'string') return { ok: false, id, field: 'op', message: `field op must be a string, one of ${this.ops.join('|')} (got ${describe(parsed.op)})` };
    const op = parsed.op;
    const validate = this.#validators.get(op);
    if (!validate) return { ok: false, id, field: 'op', message: `unknown op "${op}"; expected one of ${this.ops.join('|')}` };
    if (!validate(parsed)) {
      const problems = (validate.errors ?? []).filter((e) => e.keyword !== 'if').map((e) => explain(e, parsed));
      return { ok: false, id, field: problems[0]?.field, message: `${op}: ${problems.map((p) => p.text).join('; ')}` };
    }
    return { ok: true, frame: parsed as RequestFrame };
  }
}

/** One ajv error as "field x.y must … (got …)". */
function explain(error: ErrorObject, root: unknown): { field: string; text: string } {
  const segments = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required') segments.push(String((error.params as { missingProperty: string }).missingProperty));
  const field = segments.reduce((path, s) => (/^\d+$/.test(s) ? `${path}[${s}]` : path ? `${path}.${s}` : s), '');
  let value = error.instancePath.split('/').slice(1).reduce<unknown>((v, s) => (isRecord(v) || Array.isArray(v) ? (v as Record<string, unknown>)[s] : undefined), root);
  const name = field || '(frame)';
  // Never echo a secret back, even a mistyped one.
  if (/sign|password|token|secret/i.test(segments.at(-1) ?? '')) value = '(hidden)';
  switch (error.keyword) {
    case 'required': return { field, text: `field ${name} is required` };
    case 'enum': return { field, text: `field ${name} must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join('|')} (got ${describe(value)})` };
    case 'type': return { field, text: `field ${name} must be ${(error.params as { type: string | string[] }).type.toString().replace(',', ' or ')} (got ${describe(value)})` };
    default: return { field, text: `field ${name} ${error.message ?? 'is invalid'} (got ${describe(value)})` };
  }
}

export function describe(value: unknown): string {
  if (value === '(hidden)') return 'a value not shown';
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}…"` : text;
}

/** A request as the mock gateways see it, transport-neutral (HTTP/1.1, HTTP/2 or msw's Fetch Request). */
export interface WireRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Header names lower-cased; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
  /** Epoch ms (sub-ms precision) when the request arrived. */
  readonly receivedAt: number;
}

/** A response in the vendor's own shape; `body` objects are sent as JSON. */
export interface WireResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | object;
  /** Transport instruction: tear the connection down instead of answering (fault injection). */
  reset?: boolean;
}

export const json = (status: number, body: object, headers?: Record<string, string>): WireResponse => ({ status, body, headers });

/** A text/plain reply, as vivo and Meizu answer some errors. */
export const plainText = (status: number, text: string): WireResponse => ({ status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text });

export function bodyText(res: WireResponse): string {
  if (res.body === undefined) return '';
  return typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
}

export function contentTypeOf(res: WireResponse): string | undefined {
  if (res.headers?.['content-type']) return res.headers['content-type'];
  if (res.body === undefined) return undefined;
  return typeof res.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
}

/** Parses a JSON body; undefined when it is not JSON (callers answer with the vendor's own error). */
export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Parses an application/x-www-form-urlencoded body. */
export function parseForm(body: Buffer): URLSearchParams {
  return new URLSearchParams(body.toString('utf8'));
}

export const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

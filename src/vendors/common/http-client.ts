import { preciseNow } from './clock.js';
import { transportError } from './errors.js';
import type { VendorId } from './ids.js';

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface HttpReply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  readonly json: unknown;
  /** Epoch ms (sub-ms) when the reply arrived. */
  readonly receivedAt: number;
}

/**
 * One HTTP request for a sender, bounded by a timeout; transport failures (refused, reset, timeout)
 * become a VendorError of kind 'transport' that says what was called and what happened.
 */
export async function httpRequest(
  vendor: VendorId,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number },
): Promise<HttpReply> {
  const timeoutMs = init.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const what = `${init.method ?? 'POST'} ${new URL(url).origin}${new URL(url).pathname}`;
  let response: Response;
  try {
    response = await fetch(url, { method: init.method ?? 'POST', headers: init.headers, body: init.body, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    throw transportError(vendor, timedOut ? `${what} got no answer within ${timeoutMs} ms` : `${what} failed: ${causeText(error)}`, error);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw transportError(vendor, `${what}: reply body broke off: ${causeText(error)}`, error, response.status);
  }
  let json: unknown;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: response.status, headers: response.headers, text, json, receivedAt: preciseNow() };
}

function causeText(error: unknown): string {
  const e = error as { message?: string; cause?: { code?: string; message?: string } };
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
}

/** Joins a base URL and a path without doubling or losing slashes. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

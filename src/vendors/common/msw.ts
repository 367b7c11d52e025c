import { http, HttpResponse, type HttpHandler } from 'msw';
import { preciseNow } from './clock.js';
import { dispatch } from './dispatch.js';
import type { GatewayState } from './gateway-state.js';
import type { VendorMock } from './route.js';
import { bodyText, contentTypeOf, type WireRequest } from './wire.js';

/**
 * The same mock gateway, in-process, as msw handlers on the vendor's real URLs (or the ones given),
 * for unit tests of code that calls the vendors with fetch. APNs is HTTP/2-only and msw cannot see
 * `node:http2` (mswjs/interceptors#485): its handlers serve fetch-based callers and getResponse().
 * @example
 * const server = setupServer(...mswHandlers(xiaomiMock, gw));
 */
export function mswHandlers(mock: VendorMock, gw: GatewayState, origins: readonly string[] = mock.productionUrls): HttpHandler[] {
  return origins.map((origin) =>
    http.all(`${origin.replace(/\/$/, '')}/*`, async ({ request }) => {
      const res = await dispatch(mock, gw, await toWireRequest(request));
      if (res.reset) return HttpResponse.error();
      const headers = new Headers(res.headers);
      const type = contentTypeOf(res);
      if (type && !headers.has('content-type')) headers.set('content-type', type);
      return new HttpResponse(res.body === undefined ? null : bodyText(res), { status: res.status, headers });
    }),
  );
}

/** A Fetch Request as the mock's transport-neutral request. */
export async function toWireRequest(request: Request): Promise<WireRequest> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => { headers[name.toLowerCase()] = value; });
  return {
    method: request.method.toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    headers,
    body: Buffer.from(await request.arrayBuffer()),
    receivedAt: preciseNow(),
  };
}

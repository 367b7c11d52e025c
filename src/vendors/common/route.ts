import type { GatewayState, StoragePolicy } from './gateway-state.js';
import type { VendorId } from './ids.js';
import type { DeliveredPush } from './push.js';
import type { WireRequest, WireResponse } from './wire.js';

/** What a route handler gets: the request, the gateway's state, and the fault and delivery hooks. */
export interface RouteContext {
  readonly gw: GatewayState;
  readonly req: WireRequest;
  /** Named groups of the route's pattern. */
  readonly params: Readonly<Record<string, string>>;
  /**
   * Applies the faults injected for these device tokens; call it once the request's tokens are known.
   * Returns the reply to send instead (injected status or connection reset), or undefined to go on.
   */
  tokenFaults(tokens: readonly string[]): Promise<WireResponse | undefined>;
  /** Hands an accepted push on for delivery, unless a drop fault swallows it. */
  deliver(push: DeliveredPush, policy: StoragePolicy): void;
  /** Notes the vendor's result code for the recording (e.g. '80000000', 'BadDeviceToken'). */
  note(code: string | number, tokens?: readonly string[]): void;
}

/** One mock route: method, a path pattern with named groups, and a handler. */
export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly pattern: RegExp;
  handle(ctx: RouteContext): WireResponse | Promise<WireResponse>;
}

/** Everything the transports need to serve one vendor's mock gateway. */
export interface VendorMock {
  readonly vendor: VendorId;
  /** The real service's base URLs; msw handlers match these in-process. */
  readonly productionUrls: readonly string[];
  readonly routes: readonly Route[];
  /** Device-token factory in the vendor's format. */
  newToken(): string;
  /** The vendor's own answer for an injected HTTP status (429, 5xx). */
  statusReply(status: number): WireResponse;
  /** The vendor's own answer for an unknown path, or a known path with the wrong method. */
  notFound(req: WireRequest, methodMismatch: boolean): WireResponse;
  /** The vendor's own answer for a body too large to read or a handler that failed. */
  serverError(): WireResponse;
  /** Default settings (e.g. which HTTP status a business error uses). */
  readonly defaultSettings?: Record<string, unknown>;
}

/** `/v1/:appId/messages:send`-style patterns are awkward with colons; routes use RegExp with named groups. */
export function route(method: Route['method'], pattern: RegExp, handle: Route['handle']): Route {
  return { method, pattern, handle };
}

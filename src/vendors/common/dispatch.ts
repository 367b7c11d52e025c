import { preciseNow, sleep } from './clock.js';
import { drawDelay, faultProblems, type FaultSpec } from './faults.js';
import type { GatewayState, StoragePolicy } from './gateway-state.js';
import { logger } from './log.js';
import type { DeliveredPush } from './push.js';
import type { Route, RouteContext, VendorMock } from './route.js';
import { isRecord, json, parseJson, type WireRequest, type WireResponse } from './wire.js';

export const CONTROL_PREFIX = '/__pushlab/';
const RECORDED_BODY_BYTES = 4096;

/** A request as a transport hands it to `dispatch`. */
export interface TransportRequest extends WireRequest {
  /** The headers as received, `[name, value, …]`, repeats included: the recording keeps these rather than `headers`. */
  readonly headerList?: readonly string[];
  /** The body as UTF-8 text, decoded once for both the handler (JSON) and the recording, when the transport keeps it. */
  readonly text?: string;
  /** The connection (HTTP/2 session) it came on: APNs judges provider-token updates per connection. */
  readonly connection?: object;
}

/** The body as UTF-8 text: the transport's decoded copy when it keeps one. */
export function bodyTextOf(req: WireRequest): string {
  return (req as TransportRequest).text ?? req.body.toString('utf8');
}

/**
 * Serves one request on a vendor's mock: control API, global faults, route, recording.
 * Never throws: a failing handler becomes the vendor's own server error, a failing control request a 500.
 * Answers synchronously when it can (no delay fault, a handler that returns a reply rather than a
 * promise), so the transports skip a promise hop per request; `await` it either way.
 */
export function dispatch(mock: VendorMock, gw: GatewayState, req: TransportRequest): WireResponse | Promise<WireResponse> {
  if (req.path.startsWith(CONTROL_PREFIX)) {
    try {
      return control(gw, req);
    } catch (error) { // e.g. a malformed %-escape in a token; answered, as dispatch may be called outside a promise
      return json(500, { error: `control API ${req.method} ${req.path} failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  const exchange = new Exchange(mock, gw, req);
  let res: WireResponse | Promise<WireResponse>;
  try {
    res = exchange.run();
  } catch (error) {
    res = exchange.failed(error);
  }
  if (!(res instanceof Promise)) return exchange.finish(res);
  return res.then((reply) => exchange.finish(reply), (error: unknown) => exchange.finish(exchange.failed(error)));
}

/** One request in flight: the route context handlers get, plus what `note()` and a drop fault leave for the recording. */
class Exchange implements RouteContext {
  params: Readonly<Record<string, string>> = noParams;
  code: string | undefined = undefined;
  tokens: readonly string[] = noTokens;
  dropDeliveries = false;

  constructor(readonly mock: VendorMock, readonly gw: GatewayState, readonly req: TransportRequest) {}

  run(): WireResponse | Promise<WireResponse> {
    const faults = this.gw.faults.take();
    if (faults.length === 0) return this.serve();
    const applied = applyFaults(this.mock, faults);
    return applied instanceof Promise ? applied.then((a) => this.afterGlobalFaults(a)) : this.afterGlobalFaults(applied);
  }

  afterGlobalFaults(applied: AppliedFaults): WireResponse | Promise<WireResponse> {
    if (applied.drop) this.dropDeliveries = true;
    return applied.reply ?? this.serve();
  }

  serve(): WireResponse | Promise<WireResponse> {
    const { mock, req } = this;
    let pathMatched = false;
    for (const r of mock.routes) {
      const match = r.pattern.exec(req.path);
      if (!match) continue;
      pathMatched = true;
      if (r.method !== req.method) continue;
      if (match.groups) this.params = match.groups;
      return (r as Route).handle(this);
    }
    return mock.notFound(req, pathMatched);
  }

  tokenFaults(tokens: readonly string[]): Promise<WireResponse | undefined> {
    const faults = this.gw.faults.take(tokens);
    const applied = faults.length === 0 ? noFaults : applyFaults(this.mock, faults);
    return Promise.resolve(applied).then((a) => {
      if (a.drop) this.dropDeliveries = true;
      return a.reply;
    });
  }

  deliver(push: DeliveredPush, policy: StoragePolicy): void {
    if (this.dropDeliveries) this.gw.dropByFault(push);
    else this.gw.deliver(push, policy);
  }

  note(code: string | number, tokens?: readonly string[]): void {
    this.code = String(code);
    if (tokens) this.tokens = tokens;
  }

  failed(error: unknown): WireResponse {
    const { mock, req } = this;
    const log = loggers.get(mock.vendor) ?? loggers.set(mock.vendor, logger(`pushlab:mock:${mock.vendor}`)).get(mock.vendor)!;
    log('handler failed on %s %s: %s', req.method, req.path, error instanceof Error ? error.stack ?? error.message : String(error));
    return mock.serverError();
  }

  finish(res: WireResponse): WireResponse {
    const { req } = this;
    this.gw.record({
      at: req.receivedAt,
      method: req.method,
      path: req.path,
      status: res.status,
      code: this.code,
      outcome: res.reset ? 'fault' : res.status < 300 && !isBusinessError(this.code) ? 'accepted' : 'rejected',
      tokens: this.tokens,
      rawHeaders: req.headerList ?? req.headers,
      // decoded now rather than kept as bytes: a transport's body is often a slice of a larger read buffer, which it would keep alive
      rawBody: req.body.length <= RECORDED_BODY_BYTES ? bodyTextOf(req) : req.body.toString('utf8', 0, RECORDED_BODY_BYTES),
      durationMs: preciseNow() - req.receivedAt,
    });
    return res;
  }
}

const noParams: Readonly<Record<string, string>> = Object.freeze({});
const noTokens: readonly string[] = Object.freeze([]);
const loggers = new Map<string, ReturnType<typeof logger>>();

/** Success codes across vendors; anything else noted with a 200 is a business error. */
const successCodes = new Set(['0', '200', '80000000', 'ok', 'success']);
function isBusinessError(code: string | undefined): boolean {
  return code !== undefined && !successCodes.has(code);
}

interface AppliedFaults { readonly reply?: WireResponse; readonly drop: boolean }
const noFaults: AppliedFaults = { drop: false };

/** Applies faults in order; a promise only when one of them is a delay. */
function applyFaults(mock: VendorMock, faults: readonly FaultSpec[], from = 0, dropped = false): AppliedFaults | Promise<AppliedFaults> {
  let drop = dropped;
  for (let i = from; i < faults.length; i++) {
    const fault = faults[i]!;
    switch (fault.kind) {
      case 'delay': return sleep(drawDelay(fault)).then(() => applyFaults(mock, faults, i + 1, drop));
      case 'drop': drop = true; break;
      case 'status': return { reply: mock.statusReply(fault.status), drop };
      case 'reset': return { reply: { status: 0, reset: true }, drop };
    }
  }
  return { drop };
}

// ---- the control API under /__pushlab/ ----------------------------------------------------------

function control(gw: GatewayState, req: WireRequest): WireResponse {
  const path = req.path.slice(CONTROL_PREFIX.length).replace(/\/+$/, '');
  const body = req.body.length ? parseJson(req.body) : {};
  if (body === undefined) return json(400, { error: 'control API bodies are JSON; this one did not parse' });
  const bad = (message: string) => json(400, { error: message });
  const key = `${req.method} ${path.split('/')[0]}`;
  switch (key) {
    case 'GET health': return json(200, { vendor: gw.vendor, ok: true });
    case 'GET requests': {
      const since = Number(req.query.get('since') ?? 0);
      return json(200, { requests: gw.requestsSince(Number.isFinite(since) ? since : 0) });
    }
    case 'GET deliveries': return json(200, { deliveries: gw.deliveries });
    case 'GET stored': return json(200, { stored: gw.stored(req.query.get('token') ?? undefined) });
    case 'GET tokens': return json(200, { tokens: gw.tokens().map((t) => ({ ...t, online: gw.isOnline(t.token) })) });
    case 'POST tokens': {
      if (!isRecord(body) || typeof body.app !== 'string' || !body.app) return bad('POST /__pushlab/tokens needs {"app": "<package or bundle id>", "deviceId"?: string, "token"?: string}');
      const deviceId = typeof body.deviceId === 'string' ? body.deviceId : 'control-api';
      const record = typeof body.token === 'string' && body.token ? gw.adoptToken(body.token, body.app, deviceId) : gw.registerToken(body.app, deviceId);
      return json(201, record);
    }
    case 'DELETE tokens': {
      const token = decodeURIComponent(path.split('/')[1] ?? '');
      return gw.unregisterToken(token) ? json(200, { token, state: 'unregistered' }) : json(404, { error: `no token ${token} on the ${gw.vendor} mock` });
    }
    case 'GET faults': return json(200, { faults: gw.faults.list() });
    case 'POST faults': {
      const problems = faultProblems(body);
      if (problems.length) return bad(`bad fault: ${problems.join('; ')}`);
      return json(201, { id: gw.faults.add(body as FaultSpec) });
    }
    case 'DELETE faults': gw.faults.clear(); return json(200, { faults: [] });
    case 'GET clock': return json(200, { now: gw.clock.now(), offsetMs: gw.clock.offsetMs });
    case 'POST clock': {
      if (!isRecord(body) || typeof body.advanceMs !== 'number' || !Number.isFinite(body.advanceMs) || body.advanceMs < 0 || (body.scope !== undefined && body.scope !== 'all' && body.scope !== 'quotas')) {
        return bad('POST /__pushlab/clock needs {"advanceMs": <non-negative number>, "scope"?: "all" | "quotas"}');
      }
      if (body.scope === 'quotas') {
        gw.quota.advance(body.advanceMs);
        return json(200, { now: gw.clock.now(), offsetMs: gw.clock.offsetMs, quotasAdvancedMs: body.advanceMs });
      }
      gw.clock.advance(body.advanceMs);
      gw.expireStored();
      return json(200, { now: gw.clock.now(), offsetMs: gw.clock.offsetMs });
    }
    case 'POST reset': gw.reset(); return json(200, { reset: true });
    case 'GET settings': return json(200, { settings: gw.settings });
    case 'POST settings':
      if (!isRecord(body)) return bad('POST /__pushlab/settings needs a JSON object of settings');
      Object.assign(gw.settings, body);
      return json(200, { settings: gw.settings });
    default:
      return json(404, { error: `no control route ${req.method} ${req.path}; see README "Mock gateway control API"` });
  }
}

import { preciseNow, sleep } from './clock.js';
import { drawDelay, faultProblems, type FaultSpec } from './faults.js';
import type { GatewayState } from './gateway-state.js';
import { logger } from './log.js';
import { redact, redactHeaders } from './redact.js';
import type { Route, RouteContext, VendorMock } from './route.js';
import { isRecord, json, parseJson, type WireRequest, type WireResponse } from './wire.js';

export const CONTROL_PREFIX = '/__pushlab/';
const RECORDED_BODY_CHARS = 4096;

/**
 * Serves one request on a vendor's mock: control API, global faults, route, recording.
 * Never throws: a failing handler becomes the vendor's own server error.
 */
export async function dispatch(mock: VendorMock, gw: GatewayState, req: WireRequest): Promise<WireResponse> {
  const log = loggers.get(mock.vendor) ?? loggers.set(mock.vendor, logger(`pushlab:mock:${mock.vendor}`)).get(mock.vendor)!;
  if (req.path.startsWith(CONTROL_PREFIX)) {
    const res = control(gw, req);
    return res;
  }
  const noted: { code?: string; tokens: readonly string[] } = { tokens: [] };
  let dropDeliveries = false;
  let res: WireResponse;
  try {
    const globalFault = await applyFaults(mock, gw.faults.take());
    dropDeliveries = globalFault.drop;
    if (globalFault.reply) {
      res = globalFault.reply;
    } else {
      const ctx: RouteContext = {
        gw,
        req,
        params: {},
        async tokenFaults(tokens) {
          const applied = await applyFaults(mock, gw.faults.take(tokens));
          if (applied.drop) dropDeliveries = true;
          return applied.reply;
        },
        deliver(push, policy) {
          if (dropDeliveries) gw.dropByFault(push);
          else gw.deliver(push, policy);
        },
        note(code, tokens) {
          noted.code = String(code);
          if (tokens) noted.tokens = tokens;
        },
      };
      res = await serve(mock, ctx, req);
    }
  } catch (error) {
    log('handler failed on %s %s: %s', req.method, req.path, error instanceof Error ? error.stack ?? error.message : String(error));
    res = mock.serverError();
  }
  gw.record({
    at: req.receivedAt,
    method: req.method,
    path: req.path,
    status: res.status,
    code: noted.code,
    outcome: res.reset ? 'fault' : res.status < 300 && !isBusinessError(noted.code) ? 'accepted' : 'rejected',
    tokens: noted.tokens,
    headers: redactHeaders(req.headers),
    body: redact(req.body.subarray(0, RECORDED_BODY_CHARS).toString('utf8')),
    durationMs: preciseNow() - req.receivedAt,
  });
  return res;
}

const loggers = new Map<string, ReturnType<typeof logger>>();

/** Success codes across vendors; anything else noted with a 200 is a business error. */
const successCodes = new Set(['0', '200', '80000000', 'ok', 'success']);
function isBusinessError(code: string | undefined): boolean {
  return code !== undefined && !successCodes.has(code);
}

async function serve(mock: VendorMock, ctx: RouteContext, req: WireRequest): Promise<WireResponse> {
  let pathMatched = false;
  for (const r of mock.routes) {
    const match = r.pattern.exec(req.path);
    if (!match) continue;
    pathMatched = true;
    if (r.method !== req.method) continue;
    return (r as Route).handle({ ...ctx, params: { ...match.groups } });
  }
  return mock.notFound(req, pathMatched);
}

async function applyFaults(mock: VendorMock, faults: readonly FaultSpec[]): Promise<{ reply?: WireResponse; drop: boolean }> {
  let drop = false;
  for (const fault of faults) {
    switch (fault.kind) {
      case 'delay': await sleep(drawDelay(fault)); break;
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
      return json(200, { requests: gw.requests.filter((r) => r.seq > since) });
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
      if (!isRecord(body) || typeof body.advanceMs !== 'number' || !Number.isFinite(body.advanceMs) || body.advanceMs < 0) return bad('POST /__pushlab/clock needs {"advanceMs": <non-negative number>}');
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

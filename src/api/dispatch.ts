import { RoamingError, badArg } from '../core/errors.ts';
import type { TenantApi } from '../core/tenant-api.ts';
import type { RoamingMock } from '../mock.ts';
import { requireActingFor, requireAppToken, type Principal, type TokenStore } from './auth.ts';
import type { FaultRules } from './faults.ts';
import type { Journal } from './journal.ts';
import type { RateLimiter } from './rate-limits.ts';
import { MAX_BODY_BYTES, type ApiRequest, type ApiResponse } from './request.ts';
import { Router, type Match, type Route, type RouteContext } from './router.ts';
import { envelope, errorBody, json, renderError, toRoamingError } from './wire/envelope.ts';

export interface DispatchServices {
  readonly tokens: TokenStore;
  /** Counts requests outside the control plane (provider states use it to tell interactions apart). */
  readonly traffic: { requests: number };
  readonly faults: FaultRules;
  readonly rateLimiter: RateLimiter;
  readonly journal: Journal;
}

export interface Dispatcher {
  readonly router: Router;
  handle(req: ApiRequest): ApiResponse | Promise<ApiResponse>;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'Authorization, Content-Type, Accept, X-Requested-With',
  'access-control-max-age': '86400',
} as const;

export const tooLarge = (bytes: number): RoamingError =>
  new RoamingError('too_large', `body: ${bytes} bytes is over the limit of ${MAX_BODY_BYTES} bytes (1 MiB)`, 'body');

function decodeParams(raw: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    try {
      out[k] = decodeURIComponent(v);
    } catch {
      throw badArg(k, `path segment ${JSON.stringify(v)} is not valid percent-encoding`);
    }
  }
  return out;
}

function parseBody(req: ApiRequest): unknown {
  if (req.parsedBody !== undefined) return req.parsedBody;
  const raw = req.rawBody;
  if (raw === undefined || raw.trim() === '') return undefined;
  if (raw.length > MAX_BODY_BYTES) throw tooLarge(raw.length);
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw new RoamingError('invalid_request_body', `body: malformed JSON (${err instanceof Error ? err.message : 'parse error'})`, 'body');
  }
}

/** How many messages a send asks for (rate limits count recipients, SPEC §7.1). */
function messageCount(ctx: RouteContext): number {
  try {
    const body = ctx.body() as { to?: unknown } | undefined;
    return Array.isArray(body?.to) ? body.to.length : 1;
  } catch {
    return 1;
  }
}

const isControl = (route: Route): boolean => route.path.startsWith('/_mock/');

/**
 * One entry for every door: plain request in, plain response out. Order: route → fault rules (never on the
 * control plane) → auth (R17) → rate limits (§7.1) → handler; errors go through the one renderer; every
 * request but journal reads is journaled.
 */
export function createDispatcher(routes: readonly Route[], mock: RoamingMock, services: DispatchServices): Dispatcher {
  const router = new Router(routes);
  const { journal } = services;

  const handle = (req: ApiRequest): ApiResponse | Promise<ApiResponse> => {
    const started = performance.now();
    const method = req.method.toUpperCase();
    const record = { route: null as string | null, tenant: null as string | null, user: null as string | null, fault: null as string | null, skip: false };
    const finish = (res: ApiResponse): ApiResponse => {
      Object.assign(res.headers, CORS);
      if (!record.skip) {
        journal.record({
          at: mock.clock.now(), method, path: req.path, route: record.route, status: res.status,
          ms: Math.round((performance.now() - started) * 100) / 100, tenant: record.tenant, user: record.user, fault: record.fault,
        });
      }
      return res;
    };
    const fail = (err: unknown): ApiResponse => finish(renderError(toRoamingError(err), mock.clock.now()));
    try {
      if (method === 'OPTIONS') return finish({ status: 204, headers: {}, body: '' });
      const { match, allowed } = router.match(method === 'HEAD' ? 'GET' : method, req.path);
      if (!match) {
        if (allowed.length > 0) {
          throw new RoamingError('method_not_allowed', `method: ${method} is not allowed on ${req.path}; allowed: ${allowed.join(', ')}`, 'method');
        }
        throw new RoamingError('not_found', `path: no endpoint ${method} ${req.path} (see GET /_mock/openapi.json for the list)`, 'path');
      }
      record.route = match.route.path;
      record.skip = match.route.name.startsWith('control.journal');
      const params = decodeParams(match.params);
      const tenant = params['org'] !== undefined && params['app'] !== undefined ? mock.tenant(params['org'], params['app']) : undefined;
      record.tenant = tenant?.appKey ?? null;
      record.user = params['user'] ?? null;
      const run = (): ApiResponse | Promise<ApiResponse> => {
        const ctx = context(req, method, match, params, tenant, mock, services);
        if (tenant && ctx.principal && !isControl(match.route)) {
          services.rateLimiter.check(tenant, match.route.name, ctx.principal.user ?? params['user'], messageCount(ctx), mock.clock.now());
        }
        const out = match.route.handler(ctx);
        return out instanceof Promise ? out.then(finish, fail) : finish(out);
      };
      if (!isControl(match.route)) services.traffic.requests++;
      const hit = isControl(match.route) ? undefined : services.faults.hit(method, match.route.path, req.path, tenant?.appKey);
      if (!hit) return run();
      record.fault = hit.rule.id;
      const act = (): ApiResponse | Promise<ApiResponse> => {
        if (hit.rule.drop) return finish({ status: 0, headers: {}, body: '', drop: true });
        if (hit.rule.status !== undefined) {
          const description = hit.rule.errorDescription ?? `injected by fault rule ${hit.rule.id}`;
          return finish(errorBody(hit.rule.status, hit.rule.error ?? 'server_busy', 'roaming-mock.FaultInjected', description, mock.clock.now()));
        }
        return run();
      };
      if (hit.delayMs === 0) return act();
      return new Promise<ApiResponse>((resolve) => setTimeout(resolve, hit.delayMs)).then(() => {
        try {
          return act();
        } catch (err) {
          return fail(err);
        }
      });
    } catch (err) {
      return fail(err);
    }
  };
  return { router, handle };
}

function context(
  req: ApiRequest, method: string, match: Match, params: Record<string, string>, tenant: TenantApi | undefined, mock: RoamingMock, services: DispatchServices,
): RouteContext {
  const now = mock.clock.now();
  const origin = req.origin ?? 'http://localhost';
  let principal: Principal | undefined;
  if (tenant && match.route.auth !== 'none') {
    principal = services.tokens.authenticate(req.headers['authorization'], tenant);
    if (match.route.auth === 'app') requireAppToken(principal);
    else if (params['user'] !== undefined) requireActingFor(principal, params['user']);
  }
  let query: URLSearchParams | undefined;
  let parsed: { value: unknown } | undefined;
  const prefix = tenant ? `/${encodeURIComponent(tenant.org)}/${encodeURIComponent(tenant.app)}` : '';
  return {
    req,
    params,
    get query() {
      return (query ??= new URLSearchParams(req.search));
    },
    mock,
    tokens: services.tokens,
    now,
    origin,
    get tenant(): TenantApi {
      if (!tenant) throw new Error(`route ${match.route.name} has no tenant`);
      return tenant;
    },
    principal,
    user: params['user'] ?? '',
    body() {
      return (parsed ??= { value: parseBody(req) }).value;
    },
    ok(data, extra) {
      const t = this.tenant;
      return json(200, envelope({ method, org: t.org, app: t.app, subPath: req.path.slice(prefix.length), origin, now }, data, extra));
    },
  };
}

import { RoamingError, badArg } from '../core/errors.ts';
import type { TenantApi } from '../core/tenant-api.ts';
import type { RoamingMock } from '../mock.ts';
import { requireActingFor, requireAppToken, type Principal, type TokenStore } from './auth.ts';
import { MAX_BODY_BYTES, type ApiRequest, type ApiResponse } from './request.ts';
import { envelope, json, renderError, toRoamingError } from './wire/envelope.ts';

/** Who may call a route (R17): nobody needs a token, any token of the tenant acting for `:user`, or an app token. */
export type Auth = 'none' | 'user' | 'app';

export interface RouteContext {
  readonly req: ApiRequest;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly mock: RoamingMock;
  readonly tokens: TokenStore;
  readonly now: number;
  readonly origin: string;
  /** The route's tenant (`:org/:app`); routes without one must not ask. */
  readonly tenant: TenantApi;
  /** The authenticated caller (routes with auth 'user' or 'app'). */
  readonly principal: Principal | undefined;
  /** `:user` of the path. */
  readonly user: string;
  /** The JSON body (parsed once; 400 on malformed JSON, 413 over 1 MiB). */
  body(): unknown;
  /** 200 with the service's REST envelope around `data`. */
  ok(data: unknown, extra?: Record<string, unknown>): ApiResponse;
}

export type Handler = (ctx: RouteContext) => ApiResponse | Promise<ApiResponse>;

export interface Route {
  readonly method: string;
  /** Pattern with `:name` segments, e.g. `/:org/:app/users/:user/user_channels`. */
  readonly path: string;
  /** Stable name for journals and docs, e.g. `sdk.listConversations`. */
  readonly name: string;
  readonly auth: Auth;
  readonly handler: Handler;
}

interface Compiled {
  readonly route: Route;
  readonly segments: readonly string[];
  readonly statics: number;
}

export interface Match {
  readonly route: Route;
  readonly params: Record<string, string>;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'Authorization, Content-Type, Accept, X-Requested-With',
  'access-control-max-age': '86400',
} as const;

/** The route table, compiled once: bucketed by segment count, static segments tried before params. */
export class Router {
  private readonly buckets = new Map<number, Compiled[]>();

  constructor(readonly routes: readonly Route[]) {
    for (const route of routes) {
      const segments = route.path.split('/').slice(1);
      const compiled: Compiled = { route, segments, statics: segments.filter((s) => !s.startsWith(':')).length };
      const bucket = this.buckets.get(segments.length) ?? [];
      bucket.push(compiled);
      bucket.sort((a, b) => b.statics - a.statics);
      this.buckets.set(segments.length, bucket);
    }
  }

  /** Find the route for a method and path; `allowed` lists the methods the path has when none matched. */
  match(method: string, path: string): { match?: Match; allowed: string[] } {
    const segments = path.split('/').slice(1);
    const allowed: string[] = [];
    for (const c of this.buckets.get(segments.length) ?? []) {
      let params: Record<string, string> | undefined = {};
      for (let i = 0; i < c.segments.length; i++) {
        const pattern = c.segments[i]!;
        const actual = segments[i]!;
        if (pattern.startsWith(':')) {
          if (actual === '') {
            params = undefined;
            break;
          }
          params[pattern.slice(1)] = actual;
        } else if (pattern !== actual) {
          params = undefined;
          break;
        }
      }
      if (!params) continue;
      if (c.route.method === method) return { match: { route: c.route, params }, allowed };
      allowed.push(c.route.method);
    }
    return { allowed };
  }
}

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

export const tooLarge = (bytes: number): RoamingError =>
  new RoamingError('too_large', `body: ${bytes} bytes is over the limit of ${MAX_BODY_BYTES} bytes (1 MiB)`, 'body');

export interface Dispatcher {
  readonly router: Router;
  handle(req: ApiRequest): ApiResponse | Promise<ApiResponse>;
}

/** One entry for every door: plain request in, plain response out; errors rendered by the one renderer. */
export function createDispatcher(routes: readonly Route[], mock: RoamingMock, tokens: TokenStore): Dispatcher {
  const router = new Router(routes);
  const withCors = (res: ApiResponse): ApiResponse => {
    Object.assign(res.headers, CORS);
    return res;
  };
  const fail = (err: unknown): ApiResponse => withCors(renderError(toRoamingError(err), mock.clock.now()));

  const handle = (req: ApiRequest): ApiResponse | Promise<ApiResponse> => {
    try {
      const method = req.method.toUpperCase();
      if (method === 'OPTIONS') return withCors({ status: 204, headers: {}, body: '' });
      const { match, allowed } = router.match(method === 'HEAD' ? 'GET' : method, req.path);
      if (!match) {
        if (allowed.length > 0) {
          throw new RoamingError('method_not_allowed', `method: ${method} is not allowed on ${req.path}; allowed: ${allowed.join(', ')}`, 'method');
        }
        throw new RoamingError('not_found', `path: no endpoint ${method} ${req.path} (see GET /_mock/openapi.json for the list)`, 'path');
      }
      const ctx = context(req, method, match, mock, tokens);
      const out = match.route.handler(ctx);
      return out instanceof Promise ? out.then(withCors, fail) : withCors(out);
    } catch (err) {
      return fail(err);
    }
  };
  return { router, handle };
}

function context(req: ApiRequest, method: string, match: Match, mock: RoamingMock, tokens: TokenStore): RouteContext {
  const params = decodeParams(match.params);
  const now = mock.clock.now();
  const origin = req.origin ?? 'http://localhost';
  let tenant: TenantApi | undefined;
  let principal: Principal | undefined;
  if (params['org'] !== undefined && params['app'] !== undefined) {
    tenant = mock.tenant(params['org'], params['app']);
    if (match.route.auth !== 'none') {
      principal = tokens.authenticate(req.headers['authorization'], tenant);
      if (match.route.auth === 'app') requireAppToken(principal);
      else if (params['user'] !== undefined) requireActingFor(principal, params['user']);
    }
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
    tokens,
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

import type { RateLimitRule } from '../core/config.ts';
import { RoamingError, badArg } from '../core/errors.ts';
import type { TenantApi } from '../core/tenant-api.ts';
import { requireActingFor, requireAppToken, type Principal, type TokenStore } from './auth.ts';
import type { FaultHit, FaultRules } from './faults.ts';
import type { FileUrlSigner } from './file-urls.ts';
import type { MockHost } from './host.ts';
import type { Journal } from './journal.ts';
import type { RateLimiter } from './rate-limits.ts';
import { MAX_BODY_BYTES, authorizationOf, tooLarge, type ApiRequest, type ApiResponse } from './request.ts';
import { Router, detached, type Match, type Plane, type Route, type RouteContext } from './router.ts';
import { parseQuery, type Query } from './query.ts';
import { cachedPage, pageAnswer } from './wire/page-cache.ts';
import { ENVELOPE_BYTES, envelope, envelopeJsonCached, errorBody, json, jsonHeaders, renderError, toRoamingError } from './wire/envelope.ts';

export interface DispatchServices {
  readonly tokens: TokenStore;
  readonly files: FileUrlSigner;
  readonly faults: FaultRules;
  readonly rateLimiter: RateLimiter;
  readonly journal: Journal;
  /** Counts requests outside the control plane (provider states use it to tell interactions apart). */
  readonly traffic: { requests: number };
}

export interface Dispatcher {
  readonly router: Router;
  handle(req: ApiRequest): ApiResponse | Promise<ApiResponse>;
}

/** What a route outside the control plane counts against unless it says otherwise. */
const DEFAULT_RATE: readonly RateLimitRule[] = ['default'];

/** The CORS part of jsonHeaders(), for answers that are not JSON (204s, history files). */
const CORS: Readonly<Record<string, string>> = (({ 'content-type': _json, ...cors }) => cors)(jsonHeaders());

/** Path params arrive percent-encoded; most have nothing to decode (then the router's own object, never written). */
function decodeParams(params: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  let decoded: Record<string, string> | undefined;
  for (const k in params) {
    const v = params[k]!;
    if (!v.includes('%')) continue;
    try {
      (decoded ??= { ...params })[k] = decodeURIComponent(v);
    } catch {
      throw badArg(k, `path segment ${JSON.stringify(v)} is not valid percent-encoding`);
    }
  }
  return decoded ?? params;
}

/** Segments up to `:app`: 2 for `/:org/:app/…`, 5 for the v6 server API's `/api/server/v6/:org/:app/…`; once a route. */
const prefixSegments = new WeakMap<Route, number>();
function prefixSegmentsOf(route: Route): number {
  let n = prefixSegments.get(route);
  if (n === undefined) prefixSegments.set(route, (n = route.path.split('/').indexOf(':app')));
  return n;
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

/** One request on its way through: the route context handlers see, plus what the journal records. */
class Exchange implements RouteContext {
  readonly now: number;
  readonly origin: string;
  readonly method: string;
  route: string | null = null;
  plane: Plane | undefined = undefined;
  tenantKey: string | null = null;
  userParam: string | null = null;
  fault: string | null = null;
  skipJournal = false;
  params: Readonly<Record<string, string>> = {};
  principal: Principal | undefined = undefined;
  private t: TenantApi | undefined = undefined;
  private q: Query | undefined = undefined;
  private parsed: { value: unknown } | undefined = undefined;
  private prefixSegments = 0;

  constructor(
    readonly req: ApiRequest,
    readonly mock: MockHost,
    readonly routes: readonly Route[],
    private readonly services: DispatchServices,
    readonly started: number,
  ) {
    this.now = mock.clock.now();
    this.origin = req.origin ?? 'http://localhost';
    this.method = req.method.toUpperCase();
  }

  get tokens(): TokenStore {
    return this.services.tokens;
  }
  get files(): FileUrlSigner {
    return this.services.files;
  }
  get query(): Query {
    return (this.q ??= parseQuery(this.req.search));
  }
  get tenant(): TenantApi {
    if (!this.t) throw new Error(`route ${this.route ?? '?'} has no tenant`);
    return this.t;
  }
  get user(): string {
    return this.params['user'] ?? '';
  }

  /** Route found: resolve its tenant (404 if unknown). Auth waits for `authenticate` (faults come first). */
  enter(match: Match): void {
    this.route = match.route.path;
    this.plane = match.route.plane;
    this.skipJournal = match.route.journal === false;
    this.params = decodeParams(match.params);
    const org = this.params['org'];
    const app = this.params['app'];
    if (org !== undefined && app !== undefined) {
      this.t = this.mock.tenant(org, app);
      this.tenantKey = this.t.appKey;
      this.prefixSegments = prefixSegmentsOf(match.route);
    }
    this.userParam = this.params['user'] ?? null;
  }

  /** R17, then the published rate limits (§7.1) — a route without a token (POST /token) counts only its own limit. */
  authenticate(route: Route): void {
    if (!this.t) return;
    if (route.auth !== 'none') {
      const principal = this.services.tokens.authenticate(authorizationOf(this.req), this.t);
      if (route.auth === 'app') requireAppToken(principal);
      else if (this.params['user'] !== undefined) requireActingFor(principal, this.params['user']);
      this.principal = principal;
    }
    // The control plane has no limits; a route without a token counts only a limit of its own.
    if (route.plane === 'control' || (route.auth === 'none' && route.rate === undefined)) return;
    this.services.rateLimiter.check(this.t, route.rate ?? DEFAULT_RATE, this.principal?.user ?? this.params['user'], () => this.messageCount(), this.now);
  }

  /** How many messages a send asks for (rate limits count recipients). */
  private messageCount(): number {
    try {
      const body = this.body() as { to?: unknown } | undefined;
      return Array.isArray(body?.to) ? body.to.length : 1;
    } catch {
      return 1;
    }
  }

  body(): unknown {
    return (this.parsed ??= { value: parseBody(this.req) }).value;
  }

  /** Where the path splits around `/{org}/{app}`: the mount before it (v6: `/api/server/v6`) and the sub-path after. */
  private where(): { mount: string; subPath: string } {
    const path = this.req.path;
    // The path as sent (maybe percent-encoded); control routes have no prefix.
    if (this.prefixSegments === 0) return { mount: '', subPath: path };
    let at = 0;
    for (let i = 0; i < this.prefixSegments && at >= 0; i++) at = path.indexOf('/', at + 1);
    let org = 0;
    for (let i = 0; i < this.prefixSegments - 2; i++) org = path.indexOf('/', org + 1);
    return { mount: path.slice(0, org), subPath: at < 0 ? '' : path.slice(at) };
  }

  private envelopeContext() {
    const t = this.tenant;
    // HEAD describes GET's answer: the same envelope ("action": "get"), so the same content-length.
    return { method: this.method === 'HEAD' ? 'GET' : this.method, org: t.org, app: t.app, ...this.where(), origin: this.origin, now: this.now };
  }

  ok(data: unknown, extra?: Record<string, unknown>): ApiResponse {
    return json(200, envelope(this.envelopeContext(), data, extra));
  }

  okJson(dataJson: string, dataBytes = -1): ApiResponse {
    // The head depends on the method, origin and path alone (org and app are in the path).
    const key = `${this.method} ${this.origin}${this.req.path}`;
    const body = envelopeJsonCached(key, () => this.envelopeContext(), dataJson, this.now, dataBytes);
    const res: ApiResponse = { status: 200, headers: jsonHeaders(), body };
    if (ENVELOPE_BYTES.size >= 0) res.byteLength = ENVELOPE_BYTES.size;
    return res;
  }

  okCached(render: () => string): ApiResponse {
    // A body a host framework parsed has no text to key on: render it every time.
    if (this.req.parsedBody !== undefined) return this.okJson(render());
    const key = `${this.route}\n${this.params['user'] ?? ''}\n${this.req.search}\n${this.req.rawBody ?? ''}`;
    const page = cachedPage(this.tenant.state, key, render);
    const answer = pageAnswer(page, this.method, this.origin, this.req.path, this.now, () => {
      const res = this.okJson(page.text, page.bytes);
      return { method: this.method, origin: this.origin, path: detached(this.req.path), now: this.now, body: res.body, bytes: res.byteLength! };
    });
    return { status: 200, headers: jsonHeaders(), body: answer.body, byteLength: answer.bytes };
  }

  /** CORS on every answer (JSON ones carry it already), and one journal entry. */
  finish(res: ApiResponse): ApiResponse {
    if (res.headers['access-control-allow-origin'] === undefined) Object.assign(res.headers, CORS);
    if (!this.skipJournal) {
      this.services.journal.record({
        at: this.now, method: this.method, path: this.req.path, route: this.route, status: res.status,
        ms: Math.round((performance.now() - this.started) * 100) / 100, tenant: this.tenantKey, user: this.userParam, fault: this.fault,
      }, this.req, res);
    }
    return res;
  }

  fail(err: unknown): ApiResponse {
    return this.finish(renderError(toRoamingError(err), this.mock.clock.now(), {}, this.plane));
  }
}

/**
 * One entry for every door: plain request in, plain response out. Order: route → fault rules (never on the
 * control plane) → auth (R17) → rate limits (§7.1) → handler; errors go through the one renderer; every
 * request but journal reads is journaled. Synchronous unless a fault delays it or a handler is async.
 */
export function createDispatcher(routes: readonly Route[], mock: MockHost, services: DispatchServices): Dispatcher {
  const router = new Router(routes);
  return { router, handle: (req) => dispatch(router, mock, services, req) };
}

function dispatch(router: Router, mock: MockHost, services: DispatchServices, req: ApiRequest): ApiResponse | Promise<ApiResponse> {
  const x = new Exchange(req, mock, router.routes, services, performance.now());
  try {
    if (x.method === 'OPTIONS') return x.finish({ status: 204, headers: {}, body: '' });
    const { match, allowed } = router.match(x.method === 'HEAD' ? 'GET' : x.method, req.path);
    if (!match) {
      if (allowed.length > 0) throw new RoamingError('method_not_allowed', `method: ${x.method} is not allowed on ${req.path}; allowed: ${allowed.join(', ')}`, 'method');
      throw new RoamingError('not_found', `path: no endpoint ${x.method} ${req.path} (see GET /_mock/openapi.json for the list)`, 'path');
    }
    x.enter(match);
    const route = match.route;
    if (route.plane === 'control') return run(x, route);
    services.traffic.requests++;
    const hit = services.faults.list().length === 0 ? undefined : services.faults.hit(x.method, route.path, req.path, x.tenantKey ?? undefined);
    if (!hit) return run(x, route);
    x.fault = hit.rule.id;
    if (hit.delayMs === 0) return applyFault(x, route, hit);
    return new Promise<ApiResponse>((resolve) => setTimeout(resolve, hit.delayMs)).then(() => {
      try {
        return applyFault(x, route, hit);
      } catch (err) {
        return x.fail(err);
      }
    });
  } catch (err) {
    return x.fail(err);
  }
}

function run(x: Exchange, route: Route): ApiResponse | Promise<ApiResponse> {
  x.authenticate(route);
  const out = route.handler(x);
  return out instanceof Promise ? out.then((r) => x.finish(r), (err: unknown) => x.fail(err)) : x.finish(out);
}

function applyFault(x: Exchange, route: Route, hit: FaultHit): ApiResponse | Promise<ApiResponse> {
  if (hit.rule.drop) return x.finish({ status: 0, headers: {}, body: '', drop: true });
  if (hit.rule.status !== undefined) {
    const description = hit.rule.errorDescription ?? `injected by fault rule ${hit.rule.id}`;
    return x.finish(errorBody(hit.rule.status, hit.rule.error ?? 'server_busy', 'roaming-mock.FaultInjected', description, x.mock.clock.now()));
  }
  return run(x, route);
}

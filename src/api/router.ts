import type { TenantApi } from '../core/tenant-api.ts';
import type { Query } from './query.ts';
import type { Principal, TokenStore } from './auth.ts';
import type { FileUrlSigner } from './file-urls.ts';
import type { MockHost } from './host.ts';
import type { ApiRequest, ApiResponse } from './request.ts';
import type { RateLimitRule } from '../core/config.ts';

/** Who may call a route (R17): nobody needs a token, any token of the tenant acting for `:user`, or an app token. */
export type Auth = 'none' | 'user' | 'app';

/**
 * Which face of the service a route is: `sdk` (what client SDKs call), `rest` (app servers), `auth` (tokens),
 * `control` (the mock's own `/_mock` plane: no faults, no rate limits, no traffic count). Errors with two
 * faces (R1) answer as the plane says; the OpenAPI description tags routes with it.
 */
export type Plane = 'auth' | 'sdk' | 'rest' | 'control';

/** Human text of a route for the OpenAPI description. */
export interface RouteDoc {
  readonly summary: string;
  /** Query parameters: name → description (all strings on the wire). */
  readonly query?: Readonly<Record<string, string>>;
  /** What the JSON body holds, if the route takes one. */
  readonly body?: string;
}

export interface RouteContext {
  readonly req: ApiRequest;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Query;
  /** What routes may use of the mock (a narrow interface: the API layer does not know mock.ts). */
  readonly mock: MockHost;
  /** The route table being served (the OpenAPI description is generated from it). */
  readonly routes: readonly Route[];
  readonly tokens: TokenStore;
  /** Signs and checks history-file URLs. */
  readonly files: FileUrlSigner;
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
  /** The same, with `data` already JSON text (hot paths build it from cached fragments). */
  okJson(dataJson: string): ApiResponse;
  /**
   * The same for a read whose `data` depends only on the tenant's state, `:user`, the query and the body:
   * rendered once per tenant state and request, then a lookup (lists and history pages, #18).
   */
  okCached(render: () => string): ApiResponse;
}

export type Handler = (ctx: RouteContext) => ApiResponse | Promise<ApiResponse>;

export interface Route {
  readonly method: string;
  /** Pattern with `:name` segments, e.g. `/:org/:app/users/:user/user_channels`. */
  readonly path: string;
  /** Stable name: the OpenAPI operationId, e.g. `sdk.listConversations`. Nothing is looked up by it. */
  readonly name: string;
  readonly plane: Plane;
  readonly doc: RouteDoc;
  readonly auth: Auth;
  /** The published rate limits it counts against (SPEC §7.1); outside the control plane, `default` if not said. */
  readonly rate?: readonly RateLimitRule[];
  /** `false`: not journaled (the journal's own routes: reading it must not change it). */
  readonly journal?: false;
  readonly handler: Handler;
}

interface Compiled {
  readonly route: Route;
  readonly segments: readonly string[];
  /** The param name of each segment (undefined for a static one). */
  readonly names: ReadonlyArray<string | undefined>;
  readonly statics: number;
}

export interface Match {
  readonly route: Route;
  /** As found in the path (still percent-encoded); shared by every request to that path: never written. */
  readonly params: Readonly<Record<string, string>>;
}

/** What `match` answers: a route, or the methods the path has (none: no such path). */
export interface Found {
  readonly match?: Match;
  readonly allowed: readonly string[];
}

/** Paths remembered per method; past this many the memo starts over (paths carry user names: bounded memory). */
const MEMO_LIMIT = 4096;
const NOTHING_ELSE: readonly string[] = Object.freeze([]);

/** The route table, compiled once: bucketed by segment count, static segments tried before params. */
export class Router {
  private readonly buckets = new Map<number, Compiled[]>();
  // Clients ask the same few paths again and again (a list, a history, their own user): one lookup, not a walk.
  private readonly memo = new Map<string, Map<string, Found>>();

  constructor(readonly routes: readonly Route[]) {
    for (const route of routes) {
      const segments = route.path.split('/').slice(1);
      const names = segments.map((s) => (s.startsWith(':') ? s.slice(1) : undefined));
      const compiled: Compiled = { route, segments, names, statics: segments.filter((s) => !s.startsWith(':')).length };
      const bucket = this.buckets.get(segments.length) ?? [];
      bucket.push(compiled);
      bucket.sort((a, b) => b.statics - a.statics);
      this.buckets.set(segments.length, bucket);
    }
  }

  /** Find the route for a method and path; `allowed` lists the methods the path has when none matched. */
  match(method: string, path: string): Found {
    let paths = this.memo.get(method);
    const known = paths?.get(path);
    if (known !== undefined) return known;
    // Walked and remembered on a copy: the door's path is a slice of the whole URL (query included), which a kept
    // slice would keep alive; the params are slices of the copy.
    const own = detached(path);
    const found = this.walk(method, own);
    if (found.match === undefined) return found;
    Object.freeze(found.match.params);
    Object.freeze(found.match);
    Object.freeze(found);
    if (paths === undefined) this.memo.set(method, (paths = new Map()));
    else if (paths.size >= MEMO_LIMIT) paths.clear();
    paths.set(own, found);
    return found;
  }

  private walk(method: string, path: string): Found {
    // Segments are compared in place (no split, no substring per segment).
    let count = 0;
    for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) count++;
    const allowed: string[] = [];
    for (const c of this.buckets.get(count) ?? []) {
      if (!sameShape(c.segments, path)) continue;
      if (c.route.method !== method) {
        allowed.push(c.route.method);
        continue;
      }
      return { match: { route: c.route, params: paramsOf(c.names, path) }, allowed: NOTHING_ELSE };
    }
    return { allowed };
  }
}

/**
 * A copy of `text` that keeps no longer string alive. V8 keeps a substring as a view of its parent; a concatenation
 * is flattened into a new string when sliced, so the slice's parent is the copy (one character longer).
 */
export function detached(text: string): string {
  return (' ' + text).slice(1);
}

/** Does the path (one "/" before each segment) fit the pattern: statics equal, params non-empty? */
function sameShape(pattern: readonly string[], path: string): boolean {
  let at = path.indexOf('/') + 1;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    let end = path.indexOf('/', at);
    if (end === -1) end = path.length;
    if (p.charCodeAt(0) === 58 ? end === at : end - at !== p.length || !path.startsWith(p, at)) return false;
    at = end + 1;
  }
  return true;
}

/** The `:name` segments of a path that fits the pattern; captured only for the route that matched. */
function paramsOf(names: ReadonlyArray<string | undefined>, path: string): Record<string, string> {
  const params: Record<string, string> = {};
  let at = path.indexOf('/') + 1;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    let end = path.indexOf('/', at);
    if (end === -1) end = path.length;
    if (name !== undefined) params[name] = path.slice(at, end);
    at = end + 1;
  }
  return params;
}

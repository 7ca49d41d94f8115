import { createEngine, type Engine } from './core/engine.ts';
import type { TenantConfig } from './core/config.ts';
import { fixtureNow, loadFixture } from './fixtures/load.ts';
import type { FixtureInput } from './fixtures/types.ts';
import type { TenantApi } from './core/tenant-api.ts';
import { createTokenStore, type TokenStore } from './api/auth.ts';
import { fromFetchRequest, toFetchResponse, tooLargeResponse } from './api/fetch.ts';
import type { ApiRequest, ApiResponse } from './api/request.ts';
import { createDispatcher } from './api/dispatch.ts';
import { createFileUrlSigner } from './api/file-urls.ts';
import type { Route, Router } from './api/router.ts';
import { FaultRules } from './api/faults.ts';
import { Journal } from './api/journal.ts';
import { RateLimiter } from './api/rate-limits.ts';
import { createRandom } from './core/random.ts';
import { tenantRoutes } from './api/routes/index.ts';
import type { MockHost } from './api/host.ts';
import { controlPlane } from './control/index.ts';
import { providerStateRoute } from './contracts/route.ts';

export interface RoamingMockOptions {
  /**
   * Fixture(s) loaded at start; `reset()` returns to them. Pass a function for big fixtures: it is called again on
   * reset instead of the mock holding the parsed fixture in memory.
   */
  fixture?: FixtureInput | FixtureInput[] | (() => FixtureInput | FixtureInput[]);
  /** Start time (epoch ms or ISO). Default: the first fixture's `now`, else real time. */
  now?: number | string;
  /** Start with the clock frozen (tests). Default: the first fixture's `frozen`, else false. */
  frozen?: boolean;
  /** Seed of ids and generators (R19). Default: the first fixture's `seed`, else 1. */
  seed?: number;
  /** Config every tenant starts from (SPEC §7), under each fixture app's own `config`. */
  config?: Partial<TenantConfig>;
  /** How many requests the journal keeps (default 1,000). */
  journalSize?: number;
}

export interface RoamingMock extends Engine, MockHost {
  /**
   * Load a fixture: `replace` (default) makes it the whole world — and sets the clock to its `now` (frozen when it
   * says `frozen`), as at start — while `merge` adds its apps and never moves the clock. Atomic.
   */
  load(fixture: FixtureInput, options?: { mode?: 'replace' | 'merge' }): TenantApi[];
  /**
   * Back to the state loaded at start (the same ids, the same relative times), or to nothing with `empty`.
   * A whole reset also clears fault rules, the journal and rate-limit counters; `tenant` limits it to one
   * `org#app` (and its counters). The clock is left as it is unless `clock: true`, which puts it back to the
   * time and frozen state it started with.
   */
  reset(options?: { empty?: boolean; tenant?: string; clock?: boolean }): void;
  /** The HTTP API on plain objects: what the standalone server and express door call. */
  handle(req: ApiRequest): ApiResponse | Promise<ApiResponse>;
  /** The HTTP API on Fetch objects: MSW, browsers, in-process tests. `mock.fetch(new Request(url))`. */
  fetch(request: Request, options?: { basePath?: string }): Promise<Response>;
  /** Issued tokens (R17): mint and verify them in tests. */
  readonly tokens: TokenStore;
  /** Fault rules: `faults.add({ match, delayMs, status, drop, probability, count })`, `list()`, `remove(id)`, `clear()`. */
  readonly faults: FaultRules;
  /** The bounded request journal: `journal.entries({ path, method, status })`, `clear()`, `resize(n)`. */
  readonly journal: Journal;
  /** Counters of the documented rate limits (tenants with `rateLimits: "documented"`). */
  readonly rateLimiter: RateLimiter;
  /** Requests served outside the control plane so far. */
  readonly traffic: { requests: number };
  /** The route table every door serves, compiled. */
  readonly routes: readonly Route[];
  readonly router: Router;
  /**
   * Is this request the mock's to answer? Yes for every routed path, everything under `/_mock`, and every path
   * of a known tenant (`/{org}/{app}/…` and `/api/server/v6/{org}/{app}/…`, so typos get the service's 404). Embedding doors pass the rest on.
   */
  claims(method: string, path: string): boolean;
  /** Set by `serve --snapshot FILE`: `POST /_mock/snapshot/save` calls it. */
  snapshotSaver: (() => { file: string; bytes: number }) | undefined;
}

function toMs(value: number | string): number {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new TypeError(`[roaming-mock] now: ${String(value)} is not epoch ms or an ISO-8601 time`);
  return ms;
}

/**
 * The roaming engine: tenants, clock, every rule of SPEC §2 — no HTTP. Hand it to a door
 * (`roaming-mock/server`, `/express`, `/msw`) or call its tenants directly.
 *
 * @example
 * const mock = createRoamingMock({ fixture, frozen: true });
 * const demo = mock.tenant('demo#roaming');
 * demo.send({ from: 'bob', to: 'alice', chatType: 'chat', type: 'txt', body: { msg: 'hi' } });
 * demo.conversations('alice').conversations[0]?.latest?.body; // { msg: 'hi' }
 */
export function createRoamingMock(options: RoamingMockOptions = {}): RoamingMock {
  const source = options.fixture;
  const read = (): FixtureInput[] => {
    const f = typeof source === 'function' ? source() : source;
    return f === undefined ? [] : Array.isArray(f) ? f : [f];
  };
  let pending: FixtureInput[] | undefined = read();
  const first = pending[0];
  const start = options.now !== undefined ? toMs(options.now) : first?.now !== undefined ? fixtureNow(first, Date.now()) : undefined;
  const engine = createEngine({
    ...(start !== undefined ? { now: start } : {}),
    frozen: options.frozen ?? first?.frozen ?? false,
    seed: options.seed ?? first?.seed ?? 1,
    ...(options.config !== undefined ? { config: options.config } : {}),
  });
  // Where `reset({ clock: true })` puts the clock back to.
  const startClock = { now: engine.clock.now(), frozen: engine.clock.frozen };
  // Relative times of the start fixtures are pinned at first load so that reset() replays them identically.
  const anchors = pending.map((fixture) => fixtureNow(fixture, engine.clock.now()));
  const loadInitial = (only?: string): void => {
    const fixtures = pending ?? read();
    pending = undefined;
    fixtures.forEach((fixture, i) => {
      const apps = only === undefined ? fixture.apps : fixture.apps.filter((a) => `${a.org}#${a.app}` === only);
      if (apps.length > 0) loadFixture(engine, { ...fixture, apps }, { mode: 'merge', now: anchors[i]! });
    });
  };
  loadInitial();
  const tokens = createTokenStore(engine.clock, engine.seed, engine.findTenant);
  const faults = new FaultRules(createRandom(engine.seed ^ 0xfa017));
  const journal = new Journal(options.journalSize ?? 1000);
  const rateLimiter = new RateLimiter();
  const traffic = { requests: 0 };
  // The engine's own removal, before the mock's (which also revokes tokens) takes its name.
  const dropTenant = engine.removeTenant;
  // What the routes see of the mock (src/api/host.ts), complete before any route can run.
  const host = Object.assign(engine, {
    tokens,
    faults,
    journal,
    traffic,
    snapshotSaver: undefined,
    load: (fixture: FixtureInput, opts: { mode?: 'replace' | 'merge' } = {}) => loadFixture(engine, fixture, opts),
    removeTenant(appKey: string): void {
      // A removed tenant's tokens die with it (a re-created one must not accept them).
      dropTenant(appKey);
      tokens.revokeTenant(appKey);
    },
    reset({ empty = false, tenant, clock = false }: { empty?: boolean; tenant?: string; clock?: boolean } = {}) {
      if (clock) {
        if (startClock.frozen) engine.clock.freeze();
        else engine.clock.unfreeze();
        engine.clock.set(startClock.now);
      }
      if (tenant !== undefined) {
        rateLimiter.clearTenant(tenant);
        dropTenant(tenant);
        tokens.revokeTenant(tenant);
        if (!empty) loadInitial(tenant);
        return;
      }
      // A whole reset is a clean world for the next test: no fault rules, an empty journal, no rate counters.
      rateLimiter.clear();
      faults.clear();
      journal.clear();
      tokens.clear();
      engine.clear();
      if (!empty) loadInitial();
    },
  });
  const routes = [
    ...tenantRoutes,
    ...controlPlane({
      providerState: providerStateRoute,
      // Separate chunks, loaded on first use: a browser bundle of the engine does not carry them.
      bundledFixtures: () => import('./fixtures/bundled.ts').then((m) => m.BUNDLED_FIXTURES),
      inspector: () => import('./ui/assets.ts').then((m) => ({ html: m.INSPECTOR_HTML, js: m.INSPECTOR_JS })),
    }),
  ];
  const dispatcher = createDispatcher(routes, host, { tokens, files: createFileUrlSigner(), faults, journal, rateLimiter, traffic });
  return Object.assign(host, {
    rateLimiter,
    routes,
    router: dispatcher.router,
    claims(method: string, path: string): boolean {
      // Cheapest first: the control plane, a known tenant; a route match only for the rest.
      const parts = path.split('/');
      if (parts[1] === '_mock') return true;
      // The v6 server API puts its prefix before the tenant: `/api/server/v6/{org}/{app}/…` (SPEC-2 R22).
      const at = parts[1] === 'api' && parts[2] === 'server' && parts[3] === 'v6' ? 4 : 1;
      const first = parts[at];
      const second = parts[at + 1];
      if (first !== undefined && second !== undefined) {
        try {
          if (engine.findTenant(`${decodeURIComponent(first)}#${decodeURIComponent(second)}`)) return true;
        } catch {
          // not percent-encoding: no tenant of ours
        }
      }
      const m = method.toUpperCase();
      const { match, allowed } = dispatcher.router.match(m === 'HEAD' ? 'GET' : m, path);
      return match !== undefined || allowed.length > 0;
    },
    handle: dispatcher.handle,
    async fetch(request: Request, options: { basePath?: string } = {}): Promise<Response> {
      const req = await fromFetchRequest(request, options.basePath);
      if ('tooLarge' in req) return toFetchResponse(tooLargeResponse(req.tooLarge, engine.clock.now()));
      return toFetchResponse(await dispatcher.handle(req), req.method);
    },
  });
}

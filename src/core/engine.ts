import { createClock, type Clock } from './clock.ts';
import { DEFAULT_CONFIG, mergeConfig, type TenantConfig } from './config.ts';
import { RoamingError } from './errors.ts';
import { createTenant, type TenantInit } from './store.ts';
import { createTenantApi, type MessageListener, type NoticeListener, type TenantApi } from './tenant-api.ts';

export interface EngineOptions {
  /** Start time, epoch ms. Default: real time. */
  now?: number;
  /** Start with the clock frozen. */
  frozen?: boolean;
  /** Seed of message ids (R19) and every generator. Default 1. */
  seed?: number;
  /** Config every new tenant starts from (over the service defaults, under the tenant's own). */
  config?: Partial<TenantConfig>;
}

/** The whole world: tenants side by side, one clock, one seed. No module state: make as many as you like. */
export interface Engine {
  readonly clock: Clock;
  readonly seed: number;
  /** Create an empty tenant; an existing `org#app` is refused. */
  createTenant(init: TenantInit): TenantApi;
  /** The tenant `org#app` (or `tenant('org', 'app')`); app_not_found if absent. */
  tenant(appKeyOrOrg: string, app?: string): TenantApi;
  findTenant(appKey: string): TenantApi | undefined;
  tenants(): TenantApi[];
  /** Put back a tenant taken out earlier (atomic fixture loads restore the old world with it). */
  restoreTenant(tenant: TenantApi): void;
  /** Drop one tenant, or every tenant. */
  removeTenant(appKey: string): void;
  clear(): void;
  /** Called after every stored message (live push, journals). Returns an unsubscribe function. */
  onMessage(listener: MessageListener): () => void;
  /** Called after every recall and edit (live push, R29/R33). Returns an unsubscribe function. */
  onNotice(listener: NoticeListener): () => void;
  stats(): { tenants: number; users: number; messages: number };
}

/** At most this many tenants at once: each costs memory, and creating them is one request each (bounded growth). */
export const MAX_TENANTS = 10_000;

/** A different id stream per tenant, fixed by the seed and the tenant's name. */
function tenantSeed(seed: number, appKey: string): number {
  let h = seed >>> 0;
  for (let i = 0; i < appKey.length; i++) h = Math.imul(h ^ appKey.charCodeAt(i), 16777619) >>> 0;
  return h;
}

export function createEngine(options: EngineOptions = {}): Engine {
  const clock = createClock({ ...(options.now !== undefined ? { now: options.now } : {}), frozen: options.frozen ?? false });
  const seed = options.seed ?? 1;
  const baseConfig = options.config === undefined ? DEFAULT_CONFIG : mergeConfig(DEFAULT_CONFIG, options.config);
  const tenants = new Map<string, TenantApi>();
  // The same tenants by org, then app: the router's (org, app) finds its tenant without building `org#app`.
  const byOrg = new Map<string, Map<string, TenantApi>>();
  const put = (api: TenantApi): void => {
    tenants.set(api.appKey, api);
    let apps = byOrg.get(api.org);
    if (apps === undefined) byOrg.set(api.org, (apps = new Map()));
    apps.set(api.app, api);
  };
  const take = (appKey: string): void => {
    const api = tenants.get(appKey);
    if (api === undefined) return;
    tenants.delete(appKey);
    const apps = byOrg.get(api.org);
    apps?.delete(api.app);
    if (apps?.size === 0) byOrg.delete(api.org);
  };
  const listeners = new Set<MessageListener>();
  const emit: MessageListener = (tenant, message) => {
    for (const listener of listeners) listener(tenant, message);
  };
  const noticeListeners = new Set<NoticeListener>();
  const hooks = {
    notify: ((tenant, notice) => {
      for (const listener of noticeListeners) listener(tenant, notice);
    }) as NoticeListener,
    foreign: (msgId: string): boolean => [...tenants.values()].some((api) => api.state.messagesById.has(msgId)),
  };
  const engine: Engine = {
    clock,
    seed,
    createTenant(init) {
      const appKey = `${init.org}#${init.app}`;
      if (tenants.has(appKey)) throw new RoamingError('duplicate', `org/app: tenant "${appKey}" already exists`, 'app');
      if (tenants.size >= MAX_TENANTS) {
        throw new RoamingError('forbidden', `tenants: at most ${MAX_TENANTS} tenants at once, and there are ${tenants.size}; remove some (DELETE /_mock/tenants/{org}/{app}) or reset`, 'tenants');
      }
      const config = mergeConfig(baseConfig, init.config ?? {}, 'config');
      const api = createTenantApi(createTenant({ ...init, config }, clock, tenantSeed(seed, appKey)), emit, hooks);
      put(api);
      return api;
    },
    tenant(appKeyOrOrg, app) {
      const api = app === undefined ? tenants.get(appKeyOrOrg) : byOrg.get(appKeyOrOrg)?.get(app);
      if (!api) {
        const appKey = app === undefined ? appKeyOrOrg : `${appKeyOrOrg}#${app}`;
        throw new RoamingError('app_not_found', `org/app: application "${appKey}" does not exist; load a fixture that defines it or create the tenant first`, 'app');
      }
      return api;
    },
    findTenant: (appKey) => tenants.get(appKey),
    tenants: () => [...tenants.values()],
    restoreTenant: (api) => put(api),
    removeTenant: (appKey) => take(appKey),
    clear: () => {
      tenants.clear();
      byOrg.clear();
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    onNotice(listener) {
      noticeListeners.add(listener);
      return () => void noticeListeners.delete(listener);
    },
    stats() {
      let users = 0;
      let messages = 0;
      for (const { state } of tenants.values()) {
        users += state.users.size;
        messages += state.messageCount;
      }
      return { tenants: tenants.size, users, messages };
    },
  };
  return engine;
}

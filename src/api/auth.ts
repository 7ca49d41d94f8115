import { RoamingError } from '../core/errors.ts';
import { createRandom } from '../core/random.ts';
import type { TenantApi } from '../core/tenant-api.ts';
import type { Clock } from '../core/clock.ts';

/** An issued token: opaque text bound to one tenant, and to one user unless it is an app token (R17). */
export interface TokenGrant {
  readonly token: string;
  readonly appKey: string;
  /** Undefined for an app (client_credentials) token. */
  readonly user: string | undefined;
  readonly expiresAt: number;
}

/** What the store keeps besides the grant: which life of the tenant, and which password, it was issued for. */
interface Held extends TokenGrant {
  readonly epoch: number;
  readonly password: string | undefined;
  /** What verify answers: one object per grant rather than one per request. */
  readonly principal: Principal;
}

export interface Principal {
  readonly kind: 'app' | 'user';
  readonly user: string | undefined;
  readonly token: string;
}

export interface TokenStore {
  issue(tenant: TenantApi, user: string | undefined, ttlSeconds?: number): TokenGrant;
  /** R17: resolve `Authorization: Bearer …` for `tenant`, or throw the service's 401. */
  authenticate(authorization: string | undefined, tenant: TenantApi): Principal;
  /** The same checks for a bare token (the WebSocket login). */
  verify(token: string, tenant: TenantApi): Principal;
  /** Accept a token text chosen by the caller (Pact provider states replay the contract's example tokens). */
  adopt(token: string, tenant: TenantApi, user: string | undefined, ttlSeconds?: number): TokenGrant;
  /** Revoke every token of one tenant (it was reset or removed). */
  revokeTenant(appKey: string): void;
  /** How many tokens are held (expired ones go at the next sweep). */
  readonly size: number;
  clear(): void;
}

/** Live tokens per tenant; issuing one more revokes that tenant's oldest (bounded memory, SPEC §7). */
export const MAX_TOKENS_PER_TENANT = 10_000;
/** Live tokens in all; issuing one more revokes the oldest of any tenant. */
export const MAX_TOKENS = 100_000;
/** Expired and stale tokens are swept after this many issues (amortized O(1) per issue). */
const SWEEP_EVERY = 1024;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const corrupt = (why: string): RoamingError =>
  new RoamingError('bad_access_token', `Authorization: Unable to authenticate due to corrupt access token (${why})`, 'Authorization');

/**
 * Tokens are drawn from the seeded generator: the same seed and calls give the same tokens (tests). `lookup` finds
 * a tenant's current life, so sweeps can drop tokens of tenants that are gone.
 */
export function createTokenStore(clock: Clock, seed: number, lookup: (appKey: string) => TenantApi | undefined = () => undefined): TokenStore {
  const random = createRandom(seed ^ 0x5eed70c);
  // Both in issue order: the first entry is the oldest.
  const grants = new Map<string, Held>();
  const byTenant = new Map<string, Set<string>>();
  let issuedSinceSweep = 0;
  // Each life of a tenant gets a number: a reset, removed or re-created tenant invalidates older tokens.
  const epochs = new WeakMap<object, number>();
  let nextEpoch = 1;
  const epochOf = (state: object): number => {
    let e = epochs.get(state);
    if (e === undefined) epochs.set(state, (e = nextEpoch++));
    return e;
  };
  const mint = (): string => {
    let s = 'YWMt';
    for (let i = 0; i < 60; i++) s += ALPHABET[random.int(0, 63)];
    return s;
  };
  const drop = (token: string): void => {
    const grant = grants.get(token);
    if (!grant) return;
    grants.delete(token);
    const set = byTenant.get(grant.appKey);
    set?.delete(token);
    if (set?.size === 0) byTenant.delete(grant.appKey);
  };
  const sweep = (): void => {
    const now = clock.now();
    for (const grant of grants.values()) {
      const tenant = lookup(grant.appKey);
      if (now >= grant.expiresAt || !tenant || epochOf(tenant.state) !== grant.epoch) drop(grant.token);
    }
  };
  const hold = (token: string, tenant: TenantApi, user: string | undefined, ttlSeconds: number | undefined): TokenGrant => {
    if (++issuedSinceSweep >= SWEEP_EVERY) {
      issuedSinceSweep = 0;
      sweep();
    }
    drop(token);
    const ttl = ttlSeconds ?? tenant.config().tokenTtlSeconds;
    const password = user === undefined ? undefined : tenant.state.users.get(user)?.password;
    const principal: Principal = Object.freeze({ kind: user === undefined ? 'app' : 'user', user, token });
    const grant: Held = { token, appKey: tenant.appKey, user, expiresAt: clock.now() + ttl * 1000, epoch: epochOf(tenant.state), password, principal };
    grants.set(token, grant);
    const set = byTenant.get(tenant.appKey) ?? new Set<string>();
    byTenant.set(tenant.appKey, set);
    set.add(token);
    if (set.size > MAX_TOKENS_PER_TENANT) drop(set.values().next().value!);
    if (grants.size > MAX_TOKENS) drop(grants.keys().next().value!);
    return { token, appKey: grant.appKey, user, expiresAt: grant.expiresAt };
  };
  const verify = (token: string, tenant: TenantApi): Principal => {
    const grant = grants.get(token);
    if (!grant) throw corrupt('unknown token; get one from POST /{org}/{app}/token');
    if (grant.appKey !== tenant.appKey) throw corrupt(`it was issued for ${grant.appKey}, not ${tenant.appKey}`);
    if (grant.epoch !== epochOf(tenant.state)) throw corrupt(`${tenant.appKey} was reset or re-created since it was issued`);
    if (clock.now() >= grant.expiresAt) {
      throw new RoamingError('unauthorized', `Authorization: Unable to authenticate due to expired access token (expired at ${new Date(grant.expiresAt).toISOString()})`, 'Authorization');
    }
    if (grant.user !== undefined) {
      const user = tenant.state.users.get(grant.user);
      if (!user) throw corrupt(`user "${grant.user}" no longer exists`);
      if (grant.password !== undefined && user.password !== grant.password) throw corrupt(`the password of "${grant.user}" changed since it was issued`);
    }
    return grant.principal;
  };
  // The last Authorization header and its token (bearerToken is a pure function of it).
  let lastAuthorization = '';
  let lastToken: string | undefined;
  return {
    issue: (tenant, user, ttlSeconds) => hold(mint(), tenant, user, ttlSeconds),
    authenticate(authorization, tenant) {
      if (authorization === undefined || authorization === '') {
        throw new RoamingError('unauthorized', 'Authorization: Unable to authenticate (OAuth) — header missing; send "Authorization: Bearer <token>"', 'Authorization');
      }
      // A client sends the same header on every request: parse it once, and look its token up by the string
      // that was parsed then (V8 keeps a string's hash: a repeat is no hashing of a fresh copy).
      if (authorization !== lastAuthorization) {
        lastToken = bearerToken(authorization);
        lastAuthorization = authorization;
      }
      if (lastToken === undefined) throw new RoamingError('bad_access_token', 'Authorization: must be "Bearer <token>"', 'Authorization');
      return verify(lastToken, tenant);
    },
    verify,
    adopt: (token, tenant, user, ttlSeconds) => hold(token, tenant, user, ttlSeconds),
    revokeTenant(appKey) {
      for (const token of [...(byTenant.get(appKey) ?? [])]) drop(token);
    },
    get size() {
      return grants.size;
    },
    clear() {
      grants.clear();
      byTenant.clear();
    },
  };
}

/** What `\s` matches in a RegExp (JS white space and line terminators). */
const isSpace = (c: number): boolean =>
  c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
// Printable ASCII is never white space: the one test most characters of a token need.
const notSpace = (c: number): boolean => (c > 32 && c < 127) || !isSpace(c);

/**
 * The token of `Bearer <token>` (scheme in any case, white space around the token), else undefined: what
 * `/^Bearer\s+(\S+)\s*$/i` captures, by hand — it runs on every request.
 */
export function bearerToken(authorization: string): string | undefined {
  const a = authorization;
  const n = a.length;
  // "bearer" in any case: 98 101 97 114 101 114, each | 32 folds an upper-case ASCII letter.
  if (n < 8 || (a.charCodeAt(0) | 32) !== 98 || (a.charCodeAt(1) | 32) !== 101 || (a.charCodeAt(2) | 32) !== 97) return undefined;
  if ((a.charCodeAt(3) | 32) !== 114 || (a.charCodeAt(4) | 32) !== 101 || (a.charCodeAt(5) | 32) !== 114 || !isSpace(a.charCodeAt(6))) return undefined;
  let start = 7;
  while (start < n && isSpace(a.charCodeAt(start))) start++;
  let end = start;
  while (end < n && notSpace(a.charCodeAt(end))) end++;
  if (end === start) return undefined;
  for (let i = end; i < n; i++) if (notSpace(a.charCodeAt(i))) return undefined;
  return a.slice(start, end);
}

/** R17 scoping: an app token acts for any user; a user token only for itself. */
export function requireActingFor(principal: Principal, user: string): void {
  if (principal.kind === 'user' && principal.user !== user) {
    throw new RoamingError('forbidden', `user: a token of user "${principal.user}" cannot act for "${user}"; use that user's token or an app token`, 'user');
  }
}

export function requireAppToken(principal: Principal): void {
  if (principal.kind !== 'app') {
    throw new RoamingError('forbidden', 'Authorization: this endpoint needs an app token (grant_type client_credentials), not a user token', 'Authorization');
  }
}

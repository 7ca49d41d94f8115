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
  clear(): void;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Tokens are drawn from the seeded generator: the same seed and calls give the same tokens (tests). */
export function createTokenStore(clock: Clock, seed: number): TokenStore {
  const random = createRandom(seed ^ 0x5eed70c);
  const grants = new Map<string, TokenGrant>();
  const mint = (): string => {
    let s = 'YWMt';
    for (let i = 0; i < 60; i++) s += ALPHABET[random.int(0, 63)];
    return s;
  };
  const verify = (token: string, tenant: TenantApi): Principal => {
    const grant = grants.get(token);
    if (!grant) throw new RoamingError('bad_access_token', 'Authorization: Unable to authenticate due to corrupt access token (unknown token; get one from POST /{org}/{app}/token)', 'Authorization');
    if (grant.appKey !== tenant.appKey) {
      throw new RoamingError('bad_access_token', `Authorization: Unable to authenticate due to corrupt access token (it was issued for ${grant.appKey}, not ${tenant.appKey})`, 'Authorization');
    }
    if (clock.now() >= grant.expiresAt) {
      throw new RoamingError('unauthorized', `Authorization: Unable to authenticate due to expired access token (expired at ${new Date(grant.expiresAt).toISOString()})`, 'Authorization');
    }
    if (grant.user !== undefined && !tenant.state.users.has(grant.user)) {
      throw new RoamingError('bad_access_token', `Authorization: Unable to authenticate due to corrupt access token (user "${grant.user}" no longer exists)`, 'Authorization');
    }
    return { kind: grant.user === undefined ? 'app' : 'user', user: grant.user, token };
  };
  return {
    issue(tenant, user, ttlSeconds) {
      const ttl = ttlSeconds ?? tenant.config().tokenTtlSeconds;
      const grant: TokenGrant = { token: mint(), appKey: tenant.appKey, user, expiresAt: clock.now() + ttl * 1000 };
      grants.set(grant.token, grant);
      return grant;
    },
    authenticate(authorization, tenant) {
      if (authorization === undefined || authorization === '') {
        throw new RoamingError('unauthorized', 'Authorization: Unable to authenticate (OAuth) — header missing; send "Authorization: Bearer <token>"', 'Authorization');
      }
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!match) throw new RoamingError('bad_access_token', 'Authorization: must be "Bearer <token>"', 'Authorization');
      return verify(match[1]!, tenant);
    },
    verify,
    adopt(token, tenant, user, ttlSeconds) {
      const ttl = ttlSeconds ?? tenant.config().tokenTtlSeconds;
      const grant: TokenGrant = { token, appKey: tenant.appKey, user, expiresAt: clock.now() + ttl * 1000 };
      grants.set(token, grant);
      return grant;
    },
    clear: () => grants.clear(),
  };
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

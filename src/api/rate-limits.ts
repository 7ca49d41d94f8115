import { RoamingError } from '../core/errors.ts';
import type { RateLimitRule } from '../core/config.ts';
import type { TenantApi } from '../core/tenant-api.ts';

/** The vendor's published limits (SPEC §7.1), applied when a tenant's `rateLimits` is "documented". */
export const RATE_RULES = {
  default: { limit: 100, windowMs: 1000, per: 'app', what: 'most REST and SDK calls: 100 calls per second per app' },
  token: { limit: 300, windowMs: 1000, per: 'app', what: 'POST /token: 300 calls per second per app' },
  sendUsers: { limit: 100, windowMs: 1000, per: 'app', what: 'POST /messages/users: 100 calls per second per app' },
  sendUsersMessages: { limit: 6000, windowMs: 60_000, per: 'app', what: 'POST /messages/users: 6,000 messages per minute per app' },
  sendGroups: { limit: 20, windowMs: 1000, per: 'app', what: 'POST /messages/chatgroups: 20 calls per second per app' },
  sendGroupsMessages: { limit: 20, windowMs: 1000, per: 'app', what: 'POST /messages/chatgroups: 20 messages per second per app' },
  // SPEC-2 §N: the newest limits page says 100 calls/s for rooms (the 2024 room page said 20).
  sendRooms: { limit: 100, windowMs: 1000, per: 'app', what: 'POST /messages/chatrooms: 100 calls per second per app' },
  sendRoomsMessages: { limit: 100, windowMs: 1000, per: 'app', what: 'POST /messages/chatrooms: 100 messages per second per app' },
  deleteConversationUser: { limit: 5, windowMs: 60_000, per: 'user', what: 'delete conversation: 5 calls per minute per user' },
  deleteConversationApp: { limit: 100, windowMs: 1000, per: 'app', what: 'delete conversation: 100 calls per second per app' },
  historyFiles: { limit: 10, windowMs: 60_000, per: 'app', what: 'GET /chatmessages/{time}: 10 calls per minute per app' },
  // SPEC-2 §N additions: each its own 100 calls per second.
  recall: { limit: 100, windowMs: 1000, per: 'app', what: 'POST /messages/msg_recall (and its alias /messages/recall): 100 calls per second per app' },
  batchRecall: { limit: 100, windowMs: 1000, per: 'app', what: 'POST /messages/batch_recall: 100 calls per second per app' },
  rewrite: { limit: 100, windowMs: 1000, per: 'app', what: 'PUT /messages/rewrite/{msg_id}: 100 calls per second per app' },
  importMessages: { limit: 100, windowMs: 1000, per: 'app', what: 'POST /messages/{users|chatgroups}/import: 100 calls per second per app' },
  sendDirected: { limit: 100, windowMs: 1000, per: 'app', what: 'POST /messages/chatgroups/users: 100 messages per second per app' },
  serverRoaming: { limit: 100, windowMs: 1000, per: 'app', what: 'POST /api/server/v6/{org}/{app}/roaming/*: 100 calls per second per app' },
} as const satisfies Record<RateLimitRule, { limit: number; windowMs: number; per: 'app' | 'user'; what: string }>;

export type RateRuleName = RateLimitRule;

/**
 * Message-count limits: over them a send is refused with 403 `message send reach limit`, not 429 (SPEC-2 §N) —
 * users 6,000/min, groups 20/s, rooms 100/s, directed 100/s (R34: one message per call, to one group).
 */
const MESSAGE_RULES = new Set<RateRuleName>(['sendUsersMessages', 'sendGroupsMessages', 'sendRoomsMessages', 'sendDirected']);

/**
 * Fixed windows on the engine clock: deterministic under a frozen clock (a full window stays full until the
 * clock moves). A refused call is not counted.
 */
export class RateLimiter {
  private readonly counters = new Map<string, { window: number; used: number }>();

  /** Throw 429 `resource_limited` (with `retryAfter` seconds) if the call is over a limit; else count it. */
  check(tenant: TenantApi, rules: readonly RateRuleName[], user: string | undefined, messages: () => number, now: number): void {
    const config = tenant.config();
    if (config.rateLimits !== 'documented') return;
    const overrides = config.rateLimitOverrides;
    const pending: Array<{ key: string; window: number; cost: number }> = [];
    for (const name of rules) {
      const rule = RATE_RULES[name];
      const limit: number = overrides[name] ?? rule.limit;
      const window = Math.floor(now / rule.windowMs);
      const key = `${tenant.appKey}|${name}|${rule.per === 'user' ? (user ?? '') : ''}`;
      const counter = this.counters.get(key);
      const used = counter && counter.window === window ? counter.used : 0;
      // Counting recipients reads the body: only for the rules that need it, only when limits apply.
      const cost = MESSAGE_RULES.has(name) ? messages() : 1;
      if (used + cost > limit) {
        const retryAfter = Math.max(1, Math.ceil(((window + 1) * rule.windowMs - now) / 1000));
        const why = `${limit === rule.limit ? rule.what : `${name}: ${limit} per ${rule.windowMs / 1000} s (tenant override)`}; retry after ${retryAfter} s`;
        if (MESSAGE_RULES.has(name)) throw new RoamingError('send_limited', `rateLimits: message send reach limit (${why})`, 'rateLimits');
        const err = new RoamingError('rate_limited', `rateLimits: This request has reached api limit (${why})`, 'rateLimits');
        err.retryAfter = retryAfter;
        throw err;
      }
      pending.push({ key, window, cost });
    }
    for (const { key, window, cost } of pending) {
      const counter = this.counters.get(key);
      if (counter && counter.window === window) counter.used += cost;
      else this.counters.set(key, { window, used: cost });
    }
  }

  clear(): void {
    this.counters.clear();
  }

  /** Forget one tenant's counters (a one-tenant reset); the others keep counting. */
  clearTenant(appKey: string): void {
    const prefix = `${appKey}|`;
    for (const key of this.counters.keys()) if (key.startsWith(prefix)) this.counters.delete(key);
  }
}

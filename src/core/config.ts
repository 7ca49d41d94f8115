import { RoamingError, describe } from './errors.ts';

/** Names of the published rate limits (SPEC §7.1) a tenant may override with `rateLimitOverrides`. */
export const RATE_LIMIT_RULES = [
  'default', 'token', 'sendUsers', 'sendUsersMessages', 'sendGroups', 'sendGroupsMessages', 'sendRooms', 'sendRoomsMessages',
  'deleteConversationUser', 'deleteConversationApp', 'historyFiles', 'serverRoaming',
  'recall', 'batchRecall', 'rewrite', 'importMessages', 'sendDirected',
] as const;
export type RateLimitRule = (typeof RATE_LIMIT_RULES)[number];

/** Tenant config, defaults = the real service (SPEC §7). */
export interface TenantConfig {
  roamingEnabled: boolean;
  chatroomRoaming: boolean;
  conversationLimit: number;
  legacyWindowDays: number;
  legacyLimit: number;
  restMessagesWriteConversation: boolean;
  deleteIdsLimit: number;
  historyPageMax: number;
  pinLimit: number;
  tokenTtlSeconds: number;
  rateLimits: 'off' | 'documented';
  /** Per-tenant limits replacing the published ones (calls or messages per the rule's window). */
  rateLimitOverrides: Partial<Record<RateLimitRule, number>>;
  /** SPEC-2 §A, R25–R29: recall (console: free activation). */
  recallEnabled: boolean;
  /** R28: seconds after sending a member may recall, [1, 604800]. */
  recallWindowSeconds: number;
  /** R30–R33: edit (needs sales). */
  editEnabled: boolean;
  /** R31: edits per message. */
  editLimit: number;
  /** R36: directed group messages roam (for their sender and receivers). */
  directedRoaming: boolean;
  /** R38: members read group messages from before they joined [unconfirmed default]. */
  groupHistoryBeforeJoin: boolean;
  /** R54: imports write conversations (the 2024 behaviour). */
  importWritesConversation: boolean;
  /** SPEC-2 R50: the zone `GET /chatmessages/{yyyyMMddHH}` names hours in — "+08:00" China cluster, "+00:00" overseas. */
  historyFileTimeZone: string;
  /** SPEC-2 R51: how many days of history files can be fetched. */
  historyFileDays: number;
  /** SPEC-2 R51: an hour's file exists only this long after the hour ends (0: the open hour is served so far). */
  historyFileDelaySeconds: number;
  /**
   * SPEC-2 R20(b)/R21: days a message stays visible after `max(timestamp, last edit)`; null = never expires.
   * Expired messages leave every reader (history files aside, R52); their conversations stay, empty.
   */
  messageRetentionDays: number | null;
}

export const DEFAULT_CONFIG: Readonly<TenantConfig> = Object.freeze({
  roamingEnabled: true,
  chatroomRoaming: false,
  conversationLimit: 100,
  legacyWindowDays: 7,
  legacyLimit: 10,
  restMessagesWriteConversation: false,
  deleteIdsLimit: 50,
  historyPageMax: 50,
  pinLimit: 50,
  tokenTtlSeconds: 5_184_000,
  rateLimits: 'off',
  rateLimitOverrides: Object.freeze({}),
  recallEnabled: true,
  recallWindowSeconds: 120,
  editEnabled: false,
  editLimit: 10,
  directedRoaming: false,
  groupHistoryBeforeJoin: true,
  importWritesConversation: false,
  historyFileTimeZone: '+08:00',
  historyFileDays: 3,
  historyFileDelaySeconds: 0,
  messageRetentionDays: null,
});

type Rule =
  | { kind: 'boolean' }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'intOrNull'; min: number; max: number; nullMeans: string }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'limits'; names: readonly string[]; max: number }
  | { kind: 'zone' };

const RULES: Record<keyof TenantConfig, Rule> = {
  roamingEnabled: { kind: 'boolean' },
  chatroomRoaming: { kind: 'boolean' },
  conversationLimit: { kind: 'int', min: 1, max: 10_000 },
  legacyWindowDays: { kind: 'int', min: 1, max: 3650 },
  legacyLimit: { kind: 'int', min: 1, max: 1000 },
  restMessagesWriteConversation: { kind: 'boolean' },
  deleteIdsLimit: { kind: 'int', min: 1, max: 1000 },
  historyPageMax: { kind: 'int', min: 1, max: 1000 },
  pinLimit: { kind: 'int', min: 1, max: 1000 },
  tokenTtlSeconds: { kind: 'int', min: 1, max: 10 * 365 * 86_400 },
  rateLimits: { kind: 'enum', values: ['off', 'documented'] },
  rateLimitOverrides: { kind: 'limits', names: RATE_LIMIT_RULES, max: 1_000_000 },
  recallEnabled: { kind: 'boolean' },
  recallWindowSeconds: { kind: 'int', min: 1, max: 604_800 },
  editEnabled: { kind: 'boolean' },
  editLimit: { kind: 'int', min: 1, max: 1000 },
  directedRoaming: { kind: 'boolean' },
  groupHistoryBeforeJoin: { kind: 'boolean' },
  importWritesConversation: { kind: 'boolean' },
  historyFileTimeZone: { kind: 'zone' },
  historyFileDays: { kind: 'int', min: 1, max: 365 },
  historyFileDelaySeconds: { kind: 'int', min: 0, max: 7 * 86_400 },
  messageRetentionDays: { kind: 'intOrNull', min: 1, max: 3650, nullMeans: 'never expire' },
};

/** A UTC offset `±HH:MM` within ±14:00, minutes 00/15/30/45 (every real zone's). */
const ZONE_RE = /^[+-](0\d|1[0-4]):(00|15|30|45)$/;

/** Validate a partial config; every error names the key and its allowed values. Returns the merged config. */
export function mergeConfig(base: Readonly<TenantConfig>, patch: unknown, path = 'config'): TenantConfig {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new RoamingError('invalid_request_body', `${path}: must be an object, got ${describe(patch)}`, path);
  }
  const next: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    // Own keys only: `__proto__`, `constructor` or `toString` are unknown keys, not Object.prototype's members.
    const rule = Object.hasOwn(RULES, key) ? RULES[key as keyof TenantConfig] : undefined;
    const field = `${path}.${key}`;
    if (!rule) {
      throw new RoamingError('illegal_argument', `${field}: unknown key; allowed: ${Object.keys(RULES).join(', ')}`, field);
    }
    if (rule.kind === 'limits') {
      next[key] = limitsOf(field, value, rule.names, rule.max);
      continue;
    }
    const ok =
      rule.kind === 'boolean'
        ? typeof value === 'boolean'
        : rule.kind === 'int' || rule.kind === 'intOrNull'
          ? (rule.kind === 'intOrNull' && value === null) || (typeof value === 'number' && Number.isInteger(value) && value >= rule.min && value <= rule.max)
          : rule.kind === 'zone'
            ? typeof value === 'string' && ZONE_RE.test(value) && !/^[+-]14:(15|30|45)$/.test(value)
            : typeof value === 'string' && rule.values.includes(value);
    if (!ok) {
      const allowed =
        rule.kind === 'boolean' ? 'true or false'
          : rule.kind === 'int' ? `an integer in [${rule.min}, ${rule.max}]`
            : rule.kind === 'intOrNull' ? `null (${rule.nullMeans}) or an integer in [${rule.min}, ${rule.max}]`
            : rule.kind === 'zone' ? 'a UTC offset "±HH:MM" from "-14:00" to "+14:00" ("+08:00" China cluster, "+00:00" overseas)'
              : rule.values.map((v) => `"${v}"`).join(' or ');
      throw new RoamingError('illegal_argument', `${field}: must be ${allowed}, got ${describe(value)}`, field);
    }
    next[key] = value;
  }
  return next as unknown as TenantConfig;
}

function limitsOf(field: string, value: unknown, names: readonly string[], max: number): Record<string, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RoamingError('illegal_argument', `${field}: must be an object {rule: limit}, got ${describe(value)}`, field);
  }
  const out: Record<string, number> = {};
  for (const [name, limit] of Object.entries(value)) {
    // names is a list of own strings, so `__proto__` is refused before it could be assigned.
    if (!names.includes(name)) throw new RoamingError('illegal_argument', `${field}.${name}: unknown rule; allowed: ${names.join(', ')}`, `${field}.${name}`);
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > max) {
      throw new RoamingError('illegal_argument', `${field}.${name}: must be an integer in [1, ${max}], got ${describe(limit)}`, `${field}.${name}`);
    }
    out[name] = limit;
  }
  return out;
}

import { RoamingError, describe } from './errors.ts';

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
});

type Rule = { kind: 'boolean' } | { kind: 'int'; min: number; max: number } | { kind: 'enum'; values: readonly string[] };

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
};

/** Validate a partial config; every error names the key and its allowed values. Returns the merged config. */
export function mergeConfig(base: Readonly<TenantConfig>, patch: unknown, path = 'config'): TenantConfig {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new RoamingError('invalid_request_body', `${path}: must be an object, got ${describe(patch)}`, path);
  }
  const next: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const rule = RULES[key as keyof TenantConfig];
    const field = `${path}.${key}`;
    if (!rule) {
      throw new RoamingError('illegal_argument', `${field}: unknown key; allowed: ${Object.keys(RULES).join(', ')}`, field);
    }
    const ok =
      rule.kind === 'boolean'
        ? typeof value === 'boolean'
        : rule.kind === 'int'
          ? typeof value === 'number' && Number.isInteger(value) && value >= rule.min && value <= rule.max
          : typeof value === 'string' && rule.values.includes(value);
    if (!ok) {
      const allowed =
        rule.kind === 'boolean' ? 'true or false' : rule.kind === 'int' ? `an integer in [${rule.min}, ${rule.max}]` : rule.values.map((v) => `"${v}"`).join(' or ');
      throw new RoamingError('illegal_argument', `${field}: must be ${allowed}, got ${describe(value)}`, field);
    }
    next[key] = value;
  }
  return next as unknown as TenantConfig;
}

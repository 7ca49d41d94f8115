/** What a masked secret reads as in a session file; the diff matches it against any string. */
export const MASK = '<masked>';

/** JSON keys whose values are credentials: tokens, passwords, client secrets. */
const SECRET_KEYS = new Set(['password', 'newpassword', 'client_secret', 'clientSecret', 'access_token', 'accessToken', 'token', 'authorization']);

/** A copy of a JSON value with every credential replaced by MASK (nothing else changes). */
export function maskJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskJson);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    Object.defineProperty(out, key, { value: SECRET_KEYS.has(key) && typeof v === 'string' ? MASK : maskJson(v), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** `Bearer <token>` → `Bearer <masked>`: the scheme stays readable. */
export const maskAuthorization = (header: string): string => header.replace(/^(\S+\s+)?.*$/, (_, scheme: string | undefined) => `${scheme ?? ''}${MASK}`);

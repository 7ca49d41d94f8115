/**
 * Errors are data: a kind, and a description that names the field and the allowed range. What a kind looks
 * like on the wire is the API's business: src/api/wire/errors.ts.
 */
export const ERROR_KINDS = [
  'illegal_argument',
  'invalid_request_body',
  'invalid_grant',
  'param_exception',
  'roaming_disabled',
  'unauthorized',
  'bad_access_token',
  'forbidden',
  'not_found',
  'resource_not_found',
  'storage_object_not_found',
  'app_not_found',
  'method_not_allowed',
  'duplicate',
  'unsupported_media_type',
  'too_large',
  // SPEC-2 R25–R39: recall, rewrite, directed sends and group membership have errors of their own.
  'recall_bad_request',
  'recall_refused',
  'recall_disabled',
  'rewrite_unsupported',
  'rewrite_bad_id',
  'rewrite_foreign',
  'rewrite_refused',
  'rewrite_not_found',
  'send_error',
  'group_not_found',
  'user_not_found',
  'rate_limited',
  'send_limited',
  'internal',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

export class RoamingError extends Error {
  override readonly name = 'RoamingError';
  /** For rate_limited: seconds until the window reopens (the API renders it as a Retry-After header). */
  retryAfter?: number;
  /** SPEC-2 R41: the service's numeric `error_code` (91001…), for the errors the Web SDK maps by it. */
  code?: number;
  constructor(
    readonly kind: ErrorKind,
    /** Human text naming the offending field and the allowed range: becomes `error_description`. */
    readonly description: string,
    /** The offending field, when there is one (`pull_number`, `msgIdList`, `body.to`…). */
    readonly field?: string,
  ) {
    super(`[roaming-mock] ${description}`);
  }
}

export const badArg = (field: string, description: string): RoamingError =>
  new RoamingError('illegal_argument', `${field}: ${description}`, field);

export const notFound = (field: string, description: string): RoamingError =>
  new RoamingError('not_found', `${field}: ${description}`, field);

export const forbidden = (field: string, description: string): RoamingError =>
  new RoamingError('forbidden', `${field}: ${description}`, field);

/** An error that carries the service's numeric `error_code` (R41). */
export function withCode(err: RoamingError, code: number): RoamingError {
  err.code = code;
  return err;
}

/** Integer in [min, max] or an illegal_argument naming the field and the range (R5, R7: never clamp silently). */
export function requireIntInRange(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw badArg(field, `must be an integer in [${min}, ${max}], got ${describe(value)}`);
  }
  return value;
}

/** A short, safe rendering of a bad value for error text. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

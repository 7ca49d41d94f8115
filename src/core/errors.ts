/**
 * Errors are data: a kind, and a description that names the field and the allowed range.
 * ERROR_TABLE maps each kind to the service's own status, `error` name and `exception` (SPEC §3.3);
 * one renderer in api/wire builds the envelope from it.
 */
export const ERROR_TABLE = {
  illegal_argument: { status: 400, error: 'illegal_argument', exception: 'java.lang.IllegalArgumentException' },
  invalid_request_body: { status: 400, error: 'invalid_request_body', exception: 'com.easemob.management.exception.InvalidRequestBodyException' },
  invalid_grant: { status: 400, error: 'invalid_grant', exception: 'java.lang.IllegalArgumentException' },
  param_exception: { status: 400, error: 'param exception', exception: 'com.easemob.im.common.exception.ParamException' },
  // R1 wears two faces: the SDK-facing door answers 403, the REST door 400.
  roaming_disabled_sdk: { status: 403, error: 'forbidden_op', exception: 'com.easemob.im.common.exception.ServiceOpenException' },
  roaming_disabled_rest: { status: 400, error: 'service open exception', exception: 'com.easemob.im.common.exception.ServiceOpenException' },
  unauthorized: { status: 401, error: 'unauthorized', exception: 'EasemobSecurityException' },
  bad_access_token: { status: 401, error: 'auth_bad_access_token', exception: 'EasemobSecurityException' },
  forbidden: { status: 403, error: 'forbidden_op', exception: 'com.easemob.management.exception.ForbiddenOpException' },
  not_found: { status: 404, error: 'service_resource_not_found', exception: 'com.easemob.management.exception.ServiceResourceNotFoundException' },
  app_not_found: { status: 404, error: 'organization_application_not_found', exception: 'com.easemob.management.exception.ApplicationNotFoundException' },
  method_not_allowed: { status: 405, error: 'method_not_allowed', exception: 'org.springframework.web.HttpRequestMethodNotSupportedException' },
  duplicate: { status: 400, error: 'duplicate_unique_property_exists', exception: 'com.easemob.management.exception.DuplicateUniquePropertyExistsException' },
  unsupported_media_type: { status: 415, error: 'unsupported_media_type', exception: 'org.springframework.web.HttpMediaTypeNotSupportedException' },
  too_large: { status: 413, error: 'request_entity_too_large', exception: 'com.easemob.management.exception.RequestEntityTooLargeException' },
  // SPEC-2 R25–R39: the errors of recall, rewrite, directed sends and group membership, as the docs name them.
  recall_bad_request: { status: 400, error: 'message_recall_error', exception: 'com.easemob.message.exception.MessageRecallException' },
  recall_refused: { status: 403, error: 'message_recall_error', exception: 'com.easemob.message.exception.MessageRecallException' },
  recall_disabled: { status: 403, error: 'forbidden_op', exception: 'EasemobForbiddenOpException' },
  rewrite_unsupported: { status: 400, error: 'message_rewrite_error', exception: 'com.easemob.message.exception.MessageRewriteException' },
  rewrite_bad_id: { status: 400, error: 'InvalidMessageIdException', exception: 'com.easemob.message.exception.InvalidMessageIdException' },
  rewrite_foreign: { status: 401, error: 'message_rewrite_error', exception: 'com.easemob.message.exception.MessageRewriteException' },
  rewrite_refused: { status: 403, error: 'message_rewrite_error', exception: 'com.easemob.message.exception.MessageRewriteException' },
  rewrite_not_found: { status: 404, error: 'message_rewrite_error', exception: 'com.easemob.message.exception.MessageRewriteException' },
  send_error: { status: 400, error: 'message_send_error', exception: 'com.easemob.message.exception.MessageSendException' },
  group_not_found: { status: 404, error: 'resource_not_found', exception: 'com.easemob.group.exception.GroupNotFoundException' },
  user_not_found: { status: 404, error: 'resource_not_found', exception: 'com.easemob.management.exception.ResourceNotFoundException' },
  rate_limited: { status: 429, error: 'resource_limited', exception: 'com.easemob.management.exception.ResourceLimitedException' },
  internal: { status: 500, error: 'internal_server_error', exception: 'java.lang.RuntimeException' },
} as const;

export type ErrorKind = keyof typeof ERROR_TABLE;

export class RoamingError extends Error {
  override readonly name = 'RoamingError';
  /** For 429: seconds until the window reopens (rendered as a Retry-After header). */
  retryAfter?: number;
  constructor(
    readonly kind: ErrorKind,
    /** Human text naming the offending field and the allowed range: becomes `error_description`. */
    readonly description: string,
    /** The offending field, when there is one (`pull_number`, `msgIdList`, `body.to`…). */
    readonly field?: string,
  ) {
    super(`[roaming-mock] ${description}`);
  }
  get status(): number {
    return ERROR_TABLE[this.kind].status;
  }
}

export const badArg = (field: string, description: string): RoamingError =>
  new RoamingError('illegal_argument', `${field}: ${description}`, field);

export const notFound = (field: string, description: string): RoamingError =>
  new RoamingError('not_found', `${field}: ${description}`, field);

export const forbidden = (field: string, description: string): RoamingError =>
  new RoamingError('forbidden', `${field}: ${description}`, field);

/** Integer in [min, max] or a 400 naming the field and the range (R5, R7: never clamp silently). */
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

import { RoamingError, type ErrorKind } from '../../core/errors.ts';
import { RoamingDisabled } from '../../core/roaming.ts';
import type { Plane } from '../router.ts';

/** How an error kind looks on the wire (SPEC §3.3): the HTTP status, the `error` name and the Java `exception`. */
export interface ErrorWire {
  readonly status: number;
  readonly error: string;
  readonly exception: string;
}

/** The one error table: each core error kind → the service's own status, `error` and `exception`. */
export const ERROR_WIRE: Readonly<Record<ErrorKind, ErrorWire>> = {
  illegal_argument: { status: 400, error: 'illegal_argument', exception: 'java.lang.IllegalArgumentException' },
  invalid_request_body: { status: 400, error: 'invalid_request_body', exception: 'com.easemob.management.exception.InvalidRequestBodyException' },
  invalid_grant: { status: 400, error: 'invalid_grant', exception: 'java.lang.IllegalArgumentException' },
  param_exception: { status: 400, error: 'param exception', exception: 'com.easemob.im.common.exception.ParamException' },
  // R1 on the SDK-facing plane; the REST plane answers with REST_ROAMING_DISABLED below.
  roaming_disabled: { status: 403, error: 'forbidden_op', exception: 'com.easemob.im.common.exception.ServiceOpenException' },
  unauthorized: { status: 401, error: 'unauthorized', exception: 'EasemobSecurityException' },
  bad_access_token: { status: 401, error: 'auth_bad_access_token', exception: 'EasemobSecurityException' },
  forbidden: { status: 403, error: 'forbidden_op', exception: 'com.easemob.management.exception.ForbiddenOpException' },
  not_found: { status: 404, error: 'service_resource_not_found', exception: 'com.easemob.management.exception.ServiceResourceNotFoundException' },
  // R22, R41: the group service's and the conversation service's 404 (`grpID g does not exist!`, 91001).
  resource_not_found: { status: 404, error: 'resource_not_found', exception: 'com.easemob.management.exception.ResourceNotFoundException' },
  // SPEC-2 R51: an hour in range with no message has no history file.
  storage_object_not_found: { status: 404, error: 'storage_object_not_found', exception: 'com.easemob.management.exception.StorageObjectNotFoundException' },
  app_not_found: { status: 404, error: 'organization_application_not_found', exception: 'com.easemob.management.exception.ApplicationNotFoundException' },
  method_not_allowed: { status: 405, error: 'method_not_allowed', exception: 'org.springframework.web.HttpRequestMethodNotSupportedException' },
  duplicate: { status: 400, error: 'duplicate_unique_property_exists', exception: 'com.easemob.management.exception.DuplicateUniquePropertyExistsException' },
  unsupported_media_type: { status: 415, error: 'unsupported_media_type', exception: 'org.springframework.web.HttpMediaTypeNotSupportedException' },
  too_large: { status: 413, error: 'request_entity_too_large', exception: 'com.easemob.management.exception.RequestEntityTooLargeException' },
  // SPEC-2 R25–R39, as the docs name them.
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
  // SPEC-2 §N: a message-count limit is a 403 send error, not a call-rate 429.
  send_limited: { status: 403, error: 'message_send_error', exception: 'com.easemob.im.common.exception.MessageSendException' },
  internal: { status: 500, error: 'internal_server_error', exception: 'java.lang.RuntimeException' },
};

/** R1 wears two faces: the REST plane answers 400 "service open exception" with its own words. */
const REST_ROAMING_DISABLED: ErrorWire = { status: 400, error: 'service open exception', exception: 'com.easemob.im.common.exception.ServiceOpenException' };

/** The wire face and description of an error as answered on `plane`. */
export function wireOf(err: RoamingError, plane: Plane | undefined): { wire: ErrorWire; description: string } {
  if (plane === 'rest' && err instanceof RoamingDisabled) {
    return { wire: REST_ROAMING_DISABLED, description: `this appKey not open message roaming: ${err.appKey} (config.${err.setting} is false)` };
  }
  return { wire: ERROR_WIRE[err.kind], description: err.description };
}

import { RoamingError, badArg, describe } from './errors.ts';
import { isUint64Decimal } from './ids.ts';
import { requireStorableJson } from './json-limits.ts';
import { isGroupManager } from './membership.ts';
import { threadKey, type JsonObject, type Message, type MessageType, type Tenant } from './model.ts';
import type { EditNotice } from './notices.ts';
import { pushRare } from './store.ts';
import { audienceOf, expired, retentionHorizon } from './visibility.ts';

/** R30: a rewrite as the REST API asks for it. */
export interface RewriteRequest {
  /** `user`: recorded as the operator (default `admin`); not permission-checked (R31). */
  user?: string;
  newMsg: unknown;
  newExt?: unknown;
  /** Merge `newExt` into the old ext (default true) or replace it. */
  isCombineExt?: boolean;
}

/** R33: what an SDK edit carries — the new content in the REST shape, its ext, and its scope. */
export interface SdkEdit {
  type: MessageType;
  body: JsonObject;
  ext: JsonObject;
  /** 1 BODY keeps the stored ext; 2 BODY_AND_EXT replaces it [ours]. */
  scope: 1 | 2;
}

const CUSTOM_EVENT = /^[a-zA-Z0-9-_/.]{1,32}$/;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const INVALID_BODY = 'Request body is invalid. Please check body is correct.';
const UNSUPPORTED = 'The message is of a type that is currently not supported for modification.';
const NOT_AVAILABLE = 'The message is unavailable or has expired.';
const LIMIT_REACHED = 'The message has reached its edit limit and cannot be modified further.';

/** R30: `image` is the doc example's name for `img`. */
const typeName = (v: unknown): unknown => (v === 'image' ? 'img' : v);

/** R30 table, in the order a request is looked at. `foreign`: the id belongs to another tenant (401). */
export function rewriteByApp(t: Tenant, msgId: string, req: RewriteRequest, foreign: (id: string) => boolean): Message {
  if (!t.config.editEnabled) throw new RoamingError('rewrite_refused', 'The rewrite message feature is not open.', 'editEnabled');
  if (!isUint64Decimal(msgId)) throw new RoamingError('rewrite_bad_id', 'The provided message ID is not a valid number.', 'msg_id');
  if (req.newMsg === undefined || req.newMsg === null) throw new RoamingError('illegal_argument', 'new_msg is required', 'new_msg');
  if (!isObject(req.newMsg) || (req.newExt !== undefined && !isObject(req.newExt)) || (req.user !== undefined && typeof req.user !== 'string')) {
    throw new RoamingError('invalid_request_body', INVALID_BODY, 'new_msg');
  }
  const m = t.messagesById.get(msgId);
  if (!m || expired(m, retentionHorizon(t))) {
    if (!m && foreign(msgId)) throw new RoamingError('rewrite_foreign', 'You are not authorized to edit this message.', 'msg_id');
    throw new RoamingError('rewrite_not_found', NOT_AVAILABLE, 'msg_id');
  }
  if (m.type === 'cmd' || m.type === 'combine' || typeName(req.newMsg['type']) !== m.type) throw new RoamingError('rewrite_unsupported', UNSUPPORTED, 'new_msg.type');
  if ((m.edit?.count ?? 0) >= t.config.editLimit) throw new RoamingError('rewrite_refused', LIMIT_REACHED, 'msg_id');
  const body = newBody(m, req.newMsg);
  const ext = req.newExt === undefined ? m.ext : req.isCombineExt === false ? req.newExt : { ...m.ext, ...req.newExt };
  requireStorableJson('new_ext', ext);
  return apply(t, m, body, ext, req.user ?? 'admin');
}

/**
 * R33 from an SDK: single chat — the sender only; group — own messages, the owner and admins anyone's; room —
 * own. Refusals carry the reason the SDK maps (`Sorry, …`).
 */
export function editByUser(t: Tenant, user: string, msgId: string, edit: SdkEdit): EditNotice {
  const sorry = (reason: string): RoamingError => new RoamingError('rewrite_refused', `Sorry, ${reason}`, 'editMessageId');
  if (!t.config.editEnabled) throw sorry('edit is not available');
  const m = t.messagesById.get(msgId);
  if (!m || expired(m, retentionHorizon(t))) throw sorry('message does not exist');
  const group = m.chatType === 'groupchat' ? t.groups.get(m.to) : undefined;
  const manager = group !== undefined && group.members.has(user) && isGroupManager(group, user);
  if (m.from !== user && !manager) throw sorry('You do not have permission');
  if (m.type === 'cmd' || m.type === 'combine' || edit.type !== m.type) throw sorry('format is incorrect');
  if ((m.edit?.count ?? 0) >= t.config.editLimit) throw sorry('edit limit reached');
  let body: JsonObject;
  try {
    body = newBody(m, { ...edit.body, type: edit.type });
  } catch {
    throw sorry('format is incorrect');
  }
  apply(t, m, body, edit.scope === 2 ? edit.ext : m.ext, user);
  return { kind: 'edit', id: t.ids.next(t.clock.now()), message: m, scope: edit.scope, audience: audienceOf(t, m).filter((u) => u !== user).concat(user) };
}

/** R31: txt → `msg`; custom → `customEvent`, `customExts`; other types keep their body. */
function newBody(m: Message, newMsg: JsonObject): JsonObject {
  if (m.type === 'txt') {
    if (typeof newMsg['msg'] !== 'string') throw badArg('new_msg.msg', `must be a string, got ${describe(newMsg['msg'])}`);
    return { ...m.body, msg: newMsg['msg'] };
  }
  if (m.type !== 'custom') return m.body;
  const event = newMsg['customEvent'];
  if (event !== undefined && (typeof event !== 'string' || !CUSTOM_EVENT.test(event))) {
    throw badArg('new_msg.customEvent', `must match [a-zA-Z0-9-_/.]{1,32}, got ${describe(event)}`);
  }
  const exts = newMsg['customExts'];
  if (exts !== undefined && (!isObject(exts) || Object.keys(exts).length > 16 || Object.values(exts).some((v) => typeof v !== 'string'))) {
    throw badArg('new_msg.customExts', `must be a map of at most 16 string values, got ${describe(exts)}`);
  }
  return { ...m.body, ...(event !== undefined ? { customEvent: event } : {}), ...(exts !== undefined ? { customExts: exts } : {}) };
}

/** R31: content changes; id, parties, time, order, unread and activity do not. Retention restarts here (R20(b)). */
function apply(t: Tenant, m: Message, body: JsonObject, ext: JsonObject, operator: string): Message {
  const thread = m.edit === undefined ? t.threads.get(threadKey(m.chatType, m.from, m.to)) : undefined;
  if (thread) pushRare(thread, 'edited', m);
  m.body = body;
  m.ext = ext;
  m.edit = { count: (m.edit?.count ?? 0) + 1, operator, at: t.clock.now() };
  return m;
}

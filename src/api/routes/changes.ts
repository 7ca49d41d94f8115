import { RoamingError, badArg, describe } from '../../core/errors.ts';
import type { ChatType, Message } from '../../core/model.ts';
import type { RecallRequest } from '../../core/recall.ts';
import { checkName } from '../../core/store.ts';
import type { Route, RouteContext } from '../router.ts';
import { requireMessageType } from '../../core/bodies.ts';

/**
 * SPEC-2 routes that change roaming besides sends and deletes: recall (R25/R26), rewrite (R30), directed group
 * sends (R34), group membership (R37) and import (R53). Each only parses, calls the core and renders.
 */

const CHAT_TYPES: readonly ChatType[] = ['chat', 'groupchat', 'chatroom'];
const recallParam = (description: string, field: string): RoamingError => new RoamingError('recall_bad_request', description, field);
const blank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const INVALID_BODY = 'Request body is invalid. Please check body is correct.';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function requireBodyObject(ctx: RouteContext): Record<string, unknown> {
  let b: unknown;
  try {
    b = ctx.body();
  } catch {
    throw new RoamingError('invalid_request_body', INVALID_BODY, 'body');
  }
  if (!isObject(b)) throw new RoamingError('invalid_request_body', INVALID_BODY, 'body');
  return b;
}

/** R25: one recall item; every required field is named when missing (the doc's texts). */
function recallItem(o: Record<string, unknown>, ext: unknown): RecallRequest {
  for (const field of ['msg_id', 'to', 'chat_type', 'force'] as const) {
    if (blank(o[field])) throw recallParam(`param ${field} can't be empty`, field);
  }
  const msgId = typeof o['msg_id'] === 'number' ? String(o['msg_id']) : o['msg_id'];
  if (typeof msgId !== 'string') throw recallParam(`param msg_id must be a message id, got ${describe(o['msg_id'])}`, 'msg_id');
  if (typeof o['to'] !== 'string') throw recallParam(`param to must be a user, group or room id, got ${describe(o['to'])}`, 'to');
  const chatType = CHAT_TYPES.find((c) => c === o['chat_type']);
  if (!chatType) throw recallParam(`param chat_type must be one of chat, groupchat, chatroom, got ${describe(o['chat_type'])}`, 'chat_type');
  if (typeof o['force'] !== 'boolean') throw recallParam(`param force must be true or false, got ${describe(o['force'])}`, 'force');
  if (o['from'] !== undefined && typeof o['from'] !== 'string') throw recallParam(`param from must be a user id, got ${describe(o['from'])}`, 'from');
  if (o['sync_device'] !== undefined && typeof o['sync_device'] !== 'boolean') throw recallParam(`param sync_device must be true or false, got ${describe(o['sync_device'])}`, 'sync_device');
  if (ext !== undefined && typeof ext !== 'string') throw recallParam(`param recallMessageExtensionInfo must be a string, got ${describe(ext)}`, 'recallMessageExtensionInfo');
  return {
    msgId, to: o['to'], chatType, force: o['force'],
    ...(typeof o['from'] === 'string' ? { from: o['from'] } : {}),
    ...(typeof o['sync_device'] === 'boolean' ? { syncDevice: o['sync_device'] } : {}),
    ...(typeof ext === 'string' ? { ext } : {}),
  };
}

/** R25 `data`: `chattype` without underscore; `from` echoes the stored sender (§Q.1). */
const recallData = (req: RecallRequest, m: Message | undefined, recalled = 'yes') => ({
  recalled, chattype: req.chatType, from: m?.from ?? req.from ?? 'admin', to: req.to, msg_id: req.msgId,
});

function recallOne(ctx: RouteContext) {
  const b = requireBodyObject(ctx);
  const req = recallItem(b, b['recallMessageExtensionInfo']);
  const { message } = ctx.tenant.recall(req);
  return ctx.ok(recallData(req, message));
}

/** R26: at most 30 items; a refused item reports its reason in `recalled` [unconfirmed]. */
export const BATCH_RECALL_LIMIT = 30;
function recallBatch(ctx: RouteContext) {
  const b = requireBodyObject(ctx);
  const msgs = b['msgs'];
  if (!Array.isArray(msgs) || msgs.length === 0) throw recallParam("param msgs can't be empty", 'msgs');
  if (msgs.length > BATCH_RECALL_LIMIT) throw recallParam(`param msgs size can't exceed limit ${BATCH_RECALL_LIMIT}`, 'msgs');
  const items = msgs.map((o, i) => {
    if (!isObject(o)) throw recallParam(`param msgs[${i}] must be an object, got ${describe(o)}`, 'msgs');
    return recallItem(o, b['recallMessageExtensionInfo']);
  });
  if (!ctx.tenant.config().recallEnabled) throw new RoamingError('recall_disabled', 'message recall service is unopened', 'recallEnabled');
  const data = items.map((req) => {
    try {
      return recallData(req, ctx.tenant.recall(req).message);
    } catch (err) {
      if (err instanceof RoamingError && (err.kind === 'recall_refused' || err.kind === 'recall_bad_request')) return recallData(req, undefined, err.description);
      throw err;
    }
  });
  return ctx.ok(data);
}

/** R30: `PUT /messages/rewrite/{msg_id}` → `data: "success"`. */
function rewrite(ctx: RouteContext) {
  const b = requireBodyObject(ctx);
  if (b['is_combine_ext'] !== undefined && typeof b['is_combine_ext'] !== 'boolean') throw new RoamingError('invalid_request_body', INVALID_BODY, 'is_combine_ext');
  ctx.tenant.rewrite(ctx.params['msgId']!, {
    newMsg: b['new_msg'],
    ...(b['new_ext'] !== undefined ? { newExt: b['new_ext'] } : {}),
    ...(b['user'] !== undefined ? { user: b['user'] as string } : {}),
    ...(b['is_combine_ext'] !== undefined ? { isCombineExt: b['is_combine_ext'] as boolean } : {}),
  });
  return ctx.ok('success');
}

/** R34: a group send with `users` (1–20) and exactly one group; answers like a group send. */
function sendDirected(ctx: RouteContext) {
  const b = requireBodyObject(ctx);
  const sendError = (description: string, field: string) => new RoamingError('send_error', description, field);
  const users = b['users'];
  if (!Array.isArray(users) || users.length === 0) throw sendError("param users can't be empty", 'users');
  if (users.some((u) => typeof u !== 'string')) throw sendError(`param users must be user ids, got ${describe(users)}`, 'users');
  const to = typeof b['to'] === 'string' ? [b['to']] : b['to'];
  if (!Array.isArray(to) || to.length !== 1 || typeof to[0] !== 'string') throw sendError("params to's size can't exceed limit 1", 'to');
  const from = b['from'] === undefined ? 'admin' : checkName('from', b['from']);
  const m = ctx.tenant.send({
    from, to: to[0], chatType: 'groupchat', type: requireMessageType(b['type']), body: b['body'], via: 'rest', directedUsers: users as string[],
    ...(b['ext'] !== undefined ? { ext: b['ext'] } : {}),
  });
  const data: Record<string, string> = Object.create(null) as Record<string, string>;
  data[to[0]] = m.id;
  return ctx.ok(data, { path: '/messages/chatgroups' });
}

/**
 * R37: add or remove one member; the documented `data` shapes. `DELETE …/users/{u1},{u2}` is the bulk removal
 * (usernames never hold a comma): `data` is then one `{result, action, reason?, user, groupid}` per user.
 */
function membership(add: boolean) {
  return (ctx: RouteContext) => {
    const group = ctx.params['group']!;
    const user = ctx.params['username']!;
    if (!add && user.includes(',')) {
      const results = ctx.tenant.removeGroupMembers(group, user.split(','));
      return ctx.ok(results.map((r) => ({ result: r.result, action: 'remove_member', ...(r.reason !== undefined ? { reason: r.reason } : {}), user: r.user, groupid: group })));
    }
    if (add) ctx.tenant.addGroupMember(group, user);
    else ctx.tenant.removeGroupMember(group, user);
    return ctx.ok(add ? { result: true, groupid: group, action: 'add_member', user } : { result: true, action: 'remove_member', user, groupid: group });
  };
}

/** R37 bulk add: `{usernames: [1–60]}` → `data: {newmembers, groupid, action: "add_member"}`. */
function addMembers(ctx: RouteContext) {
  const b = requireBodyObject(ctx);
  const group = ctx.params['group']!;
  const added = ctx.tenant.addGroupMembers(group, b['usernames'] as string[]);
  return ctx.ok({ newmembers: added, groupid: group, action: 'add_member' });
}

/** R53: one message per call; `need_download` is accepted and ignored; `is_ack_read` (R54) must be a boolean. */
function importRoute(chatType: 'chat' | 'groupchat') {
  return (ctx: RouteContext) => {
    const b = requireBodyObject(ctx);
    if (b['body'] === undefined || (isObject(b['body']) && Object.keys(b['body']).length === 0)) {
      throw new RoamingError('illegal_argument', 'message body not allow empty', 'body');
    }
    if (blank(b['type'])) throw new RoamingError('illegal_argument', 'type not allow empty', 'type');
    const from = checkName('from', b['from']);
    const target = checkName('target', b['target']);
    const ts = b['msg_timestamp'];
    if (ts !== undefined && (typeof ts !== 'number' || !Number.isSafeInteger(ts))) throw new RoamingError('illegal_argument', 'msg_timestamp is invalid', 'msg_timestamp');
    if (b['ext'] !== undefined && !isObject(b['ext'])) throw badArg('ext', `must be an object, got ${describe(b['ext'])}`);
    const ack = b['is_ack_read'];
    if (ack !== undefined && typeof ack !== 'boolean') throw badArg('is_ack_read', `must be true or false, got ${describe(ack)}`);
    const m = ctx.tenant.importMessage({
      chatType, from, target, type: String(b['type']), body: b['body'],
      ...(b['ext'] !== undefined ? { ext: b['ext'] } : {}),
      ...(typeof ts === 'number' ? { msgTimestamp: ts } : {}),
      ...(typeof ack === 'boolean' ? { isAckRead: ack } : {}),
    });
    // The doc shows this path for both imports.
    return ctx.ok({ msg_id: m.id }, { path: '/messages/users/import' });
  };
}

export const changeRoutes: Route[] = [
  { method: 'POST', path: '/:org/:app/messages/msg_recall', name: 'rest.recall', plane: 'rest', rate: ['recall'], auth: 'app', handler: recallOne,
    doc: { summary: 'Recall one message as the app admin (R25, R28, R29): removed for everyone; force skips the time window', body: '{msg_id, to, chat_type: "chat" | "groupchat" | "chatroom", force, from?, sync_device?, recallMessageExtensionInfo?}' } },
  { method: 'POST', path: '/:org/:app/messages/recall', name: 'rest.recallAlias', plane: 'rest', rate: ['recall'], auth: 'app', handler: recallOne,
    doc: { summary: 'Alias of POST /messages/msg_recall (R26) [unconfirmed]', body: '{msg_id, to, chat_type, force, from?, sync_device?}' } },
  { method: 'POST', path: '/:org/:app/messages/batch_recall', name: 'rest.batchRecall', plane: 'rest', rate: ['batchRecall'], auth: 'app', handler: recallBatch,
    doc: { summary: 'Recall ≤ 30 messages (R26); a refused item carries its reason in recalled', body: '{msgs: [{msg_id, to, chat_type, force, from?, sync_device?}], recallMessageExtensionInfo?}' } },
  { method: 'PUT', path: '/:org/:app/messages/rewrite/:msgId', name: 'rest.rewrite', plane: 'rest', rate: ['rewrite'], auth: 'app', handler: rewrite,
    doc: { summary: 'Edit a message (R30–R32): txt msg, custom event/exts, ext; needs editEnabled; ≤ editLimit edits', body: '{user?, new_msg: {type, msg? | customEvent?, customExts?}, new_ext?, is_combine_ext?}' } },
  { method: 'POST', path: '/:org/:app/messages/chatgroups/users', name: 'rest.sendDirected', plane: 'rest', rate: ['sendDirected'], auth: 'app', handler: sendDirected,
    doc: { summary: 'Directed group message to 1–20 members (R34–R36): never listed; roams only with directedRoaming', body: '{from?, to: [group], users: [1–20 user ids], type, body, ext?}' } },
  { method: 'POST', path: '/:org/:app/chatgroups/:group/users/:username', name: 'rest.addGroupMember', plane: 'rest', auth: 'app', handler: membership(true),
    doc: { summary: 'Add a member to a group: a new membership stay begins now (R37)' } },
  { method: 'POST', path: '/:org/:app/chatgroups/:group/users', name: 'rest.addGroupMembers', plane: 'rest', auth: 'app', handler: addMembers,
    doc: { summary: 'Add 1–60 members at once (R37): current members are skipped (403 if all are); an unknown user refuses the call', body: '{usernames: [1–60 user ids]}' } },
  { method: 'DELETE', path: '/:org/:app/chatgroups/:group/users/:username', name: 'rest.removeGroupMember', plane: 'rest', auth: 'app', handler: membership(false),
    doc: { summary: 'Remove a member: his stay ends now; he keeps what came before (R37, R39). `{u1},{u2},…` (≤ 60) removes several: one result per user, 403 if none could be removed' } },
  { method: 'POST', path: '/:org/:app/messages/users/import', name: 'rest.importUsers', plane: 'rest', rate: ['importMessages'], auth: 'app', handler: importRoute('chat'),
    doc: { summary: 'Import one single-chat message at msg_timestamp (R53, R54): roams, never pushed, no conversation unless importWritesConversation', body: '{from, target, type, body, ext?, msg_timestamp?, need_download?, is_ack_read?}' } },
  { method: 'POST', path: '/:org/:app/messages/chatgroups/import', name: 'rest.importGroups', plane: 'rest', rate: ['importMessages'], auth: 'app', handler: importRoute('groupchat'),
    doc: { summary: 'Import one group message at msg_timestamp (R53, R54)', body: '{from, target: group, type, body, ext?, msg_timestamp?, need_download?, is_ack_read?}' } },
];

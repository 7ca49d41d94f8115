import { RoamingError, badArg, describe, requireIntInRange } from './errors.ts';
import { isUint64Decimal } from './ids.ts';
import { ID_MAX, compareKeys, maxKey, type Key } from './key.ts';
import { resetUnread, touchListed, unlistConversation } from './listing.ts';
import type { ChatType, Message, Tenant, View } from './model.ts';
import { requireRoaming } from './roaming.ts';
import { deletedOf, ensureView, findThread, requireUser, threadOfView, userState } from './store.ts';
import { findById, latestEverVisible, requireConversation } from './visibility.ts';

/** Every delete here is one-way: it edits only `user`'s view; the thread and other users are untouched (R9). */

function conversationField(type: ChatType): string {
  return type === 'chat' ? 'userId' : type === 'groupchat' ? 'groupId' : 'roomId';
}

/** The view a delete edits, or undefined for SPEC-2 R40's no-op: a `/group/` id that is neither group nor room. */
function prepare(t: Tenant, user: string, type: ChatType, id: string): View | undefined {
  requireRoaming(t);
  requireUser(t, user);
  if (type !== 'chat' && !t.groups.has(id) && !t.rooms.has(id)) return undefined;
  requireConversation(t, user, type, id, conversationField(type), 'cleanup');
  return ensureView(t, user, type, id);
}

function raiseWatermark(view: View, to: Key): void {
  view.watermark = maxKey(view.watermark, to);
  const wm = view.watermark;
  if (wm) for (const m of view.deleted) if (compareKeys(m, wm) <= 0) view.deleted.delete(m);
}

/**
 * R12: a conversation the deletes left with nothing leaves the list; one that still shows something may be older
 * now. Expired messages (R20(b)) still count as something: expiry leaves an empty conversation (R21) [ours].
 */
function dropIfEmpty(t: Tenant, user: string, view: View, changed = true): void {
  if (!view.listed) return;
  const latest = latestEverVisible(t, user, threadOfView(t, user, view), view);
  if (!latest) unlistConversation(t, user, view);
  // Nothing hidden, nothing older: the eviction order holds (a repeated delete would only pile up heap entries).
  else if (changed) touchListed(t, user, view, latest.timestamp);
}

/** "Up to now": every message that exists now, and none sent later, even within the same millisecond. */
const nowKey = (t: Tenant): Key => ({ timestamp: t.clock.now(), id: t.ids.ceiling });

/** R10: delete by ids — at most `deleteIdsLimit` (50) per call; unknown ids are ignored. Returns how many were hidden. */
export function deleteMessages(t: Tenant, user: string, type: ChatType, id: string, ids: readonly string[]): number {
  const limit = t.config.deleteIdsLimit;
  if (ids.length > limit) {
    throw new RoamingError('param_exception', `msgIdList: delete msg list limit can not greater than ${limit} (got ${ids.length} ids; allowed 1–${limit})`, 'msgIdList');
  }
  if (ids.length === 0) throw badArg('msgIdList', `must name 1–${limit} message ids, comma-separated`);
  // Each id is looked up right after it is checked: the check leaves it split (id-code.ts memo), so the search
  // does not read its digits again. Nothing changes before every id and the conversation passed.
  const thread = findThread(t, user, type, id);
  const named: Message[] = [];
  for (const msgId of ids) {
    if (!isUint64Decimal(msgId)) throw badArg('msgIdList', `${describe(msgId)} is not a message id (unsigned 64-bit decimal)`);
    const m = thread && findById(thread, msgId);
    if (m) named.push(m);
  }
  const view = prepare(t, user, type, id);
  if (!view) return 0;
  let hidden = 0;
  for (const m of named) {
    if (view.deleted.has(m) || (view.watermark && compareKeys(m, view.watermark) <= 0)) continue;
    deletedOf(view).add(m);
    hidden++;
  }
  dropIfEmpty(t, user, view, hidden > 0);
  return hidden;
}

/** R11: delete every message at or before `delTime` (ms) from the user's view. */
export function deleteMessagesBefore(t: Tenant, user: string, type: ChatType, id: string, delTime: number): void {
  requireIntInRange('delTime', delTime, 0, Number.MAX_SAFE_INTEGER);
  const view = prepare(t, user, type, id);
  if (!view) return;
  raiseWatermark(view, { timestamp: delTime, id: ID_MAX });
  dropIfEmpty(t, user, view);
}

/**
 * R13: the conversation leaves the list (losing pin, marks and unread); with `deleteRoam` its messages up to now
 * leave the user's view too. A later message lists it again, showing only what came after.
 */
export function deleteConversation(t: Tenant, user: string, type: ChatType, id: string, deleteRoam: boolean): void {
  const view = prepare(t, user, type, id);
  if (!view) return;
  unlistConversation(t, user, view);
  resetUnread(t, findThread(t, user, type, id), view);
  if (deleteRoam) raiseWatermark(view, nowKey(t));
}

/** R14: one-way clear of every conversation and message of the user. */
export function deleteAll(t: Tenant, user: string): void {
  requireRoaming(t);
  requireUser(t, user);
  const state = userState(t, user);
  const now = nowKey(t);
  const conversations: Array<[ChatType, string]> = [
    ...[...state.chats.keys()].map((peer): [ChatType, string] => ['chat', peer]),
    ...[...state.groups].map((g): [ChatType, string] => ['groupchat', g]),
    ...[...state.rooms].map((r): [ChatType, string] => ['chatroom', r]),
    ...[...state.listed].map((v): [ChatType, string] => [v.type, v.id]),
  ];
  for (const [type, id] of conversations) {
    const view = ensureView(t, user, type, id);
    unlistConversation(t, user, view);
    resetUnread(t, findThread(t, user, type, id), view);
    raiseWatermark(view, now);
  }
}

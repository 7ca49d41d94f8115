import { forbidden } from './errors.ts';
import { compareKeys, lowerBound, maxKey, upperBound, type Key } from './key.ts';
import { convKey, threadKey, type ChatType, type Message, type Tenant, type Thread, type View } from './model.ts';
import { requireGroup, requireRoom, requireUser } from './store.ts';

/**
 * R20(c), the one audience rule every reader and every per-user write goes through (REST, SDK endpoints, msync sync
 * and offline pull, live push, the inspector): who may see conversation (type, id) at all.
 * chat: its two parties; group and room: their members.
 */
export function inAudience(t: Tenant, user: string, type: ChatType, id: string): boolean {
  if (type === 'chat') return t.users.has(id) || t.threads.has(threadKey('chat', user, id));
  return (type === 'groupchat' ? t.groups.get(id) : t.rooms.get(id))?.members.has(user) === true;
}

/** Who a stored message is for (live push): the two parties of a chat, the members of a group or room. */
export function audienceOf(t: Tenant, m: Message): string[] {
  if (m.chatType === 'chat') return m.from === m.to ? [m.from] : [m.from, m.to];
  return [...((m.chatType === 'groupchat' ? t.groups.get(m.to) : t.rooms.get(m.to))?.members ?? [])];
}

/**
 * R20(c) as a precondition: the peer, group or room must exist (not_found) and `username` must be in its audience (forbidden).
 * `read`: reads, sends, pins and marks. `cleanup`: deletes, unpin, unmark, read acks — a user who already holds a
 * view of the conversation may still tidy it; anyone else gets nothing and no view is written for them.
 */
export function requireConversation(t: Tenant, username: string, type: ChatType, id: string, field: string, purpose: 'read' | 'cleanup' = 'read'): void {
  if (type === 'chat') {
    // A REST sender need not be a user (`admin`): a thread with it is conversation enough.
    if (!t.threads.has(threadKey('chat', username, id))) requireUser(t, id, field);
    return;
  }
  const place = type === 'groupchat' ? requireGroup(t, id, field) : requireRoom(t, id, field);
  if (place.members.has(username)) return;
  if (purpose === 'cleanup' && t.userStates.get(username)?.views.has(convKey(type, id))) return;
  throw forbidden(field, `user "${username}" is not a member of ${type === 'groupchat' ? 'group' : 'chat room'} "${id}"`);
}

/** R9–R15: is `m` gone from `user`'s view? Only this user's record is read; the thread is shared. */
export function hiddenFor(user: string, m: Message, view: View | undefined): boolean {
  if (view) {
    if (view.watermark !== null && compareKeys(m, view.watermark) <= 0) return true;
    if (view.deleted.size > 0 && view.deleted.has(m.id)) return true;
  }
  return m.roamIgnore !== undefined && m.roamIgnore.includes(user);
}

/** R4, R15: the newest conversation-writing message `user` still sees — O(1 + messages deleted at the end). */
export function latestVisible(user: string, thread: Thread | undefined, view: View | undefined): Message | undefined {
  if (!thread) return undefined;
  const conv = thread.conv;
  for (let i = conv.length - 1; i >= 0; i--) {
    const m = conv[i]!;
    if (view?.watermark && compareKeys(m, view.watermark) <= 0) return undefined;
    if (!hiddenFor(user, m, view)) return m;
  }
  return undefined;
}

/**
 * R18: incoming conversation-writing messages after the unread anchor, minus the ones this user deleted or
 * was roam-ignored from. O(log n + deleted ids), whatever the thread's length.
 */
export function unreadCount(user: string, thread: Thread | undefined, view: View | undefined): number {
  const offset = view?.unreadOffset ?? 0;
  if (!thread) return offset;
  const anchor: Key | null = maxKey(view?.unreadAfter ?? null, view?.watermark ?? null);
  let n = thread.conv.length - upperBound(thread.conv, anchor);
  const own = thread.bySender.get(user);
  if (own) n -= own.length - upperBound(own, anchor);
  if (view && view.deleted.size > 0) for (const m of view.deleted.values()) if (countsAsUnread(m, user, anchor)) n--;
  for (const m of thread.ignoredConv) {
    if (m.roamIgnore?.includes(user) && countsAsUnread(m, user, anchor) && !view?.deleted.has(m.id)) n--;
  }
  return offset + Math.max(0, n);
}

function countsAsUnread(m: Message, user: string, anchor: Key | null): boolean {
  return m.writesConversation && m.from !== user && (anchor === null || compareKeys(m, anchor) > 0);
}

/**
 * Where message `id` sits in the thread, or -1. Ids of ours carry their millisecond in the high bits; a double
 * holds that to within a millisecond, so a binary search lands next to it without BigInt arithmetic.
 */
export function positionOfId(thread: Thread, id: string): number {
  for (const hint of thread.cursorHints) if (thread.messages[hint.index]?.id === id) return hint.index;
  const i = searchId(thread, id);
  if (i >= 0) rememberCursor(thread, id, i);
  return i;
}

/** Keep the last few cursor positions of a thread (a hint is verified before use, so a stale one costs nothing). */
export function rememberCursor(thread: Thread, id: string, index: number): void {
  const hints = thread.cursorHints;
  if (hints.length >= 4) hints.shift();
  hints.push({ id, index });
}

function searchId(thread: Thread, id: string): number {
  const irregular = thread.irregular.get(id);
  const all = thread.messages;
  if (irregular) return lowerBound(all, irregular);
  const approx = Math.floor(Number(id) / 4194304);
  for (let i = lowerBound(all, { timestamp: approx - 1, id: '' }); i < all.length; i++) {
    const m = all[i]!;
    if (m.timestamp > approx + 1) break;
    if (m.id === id) return i;
  }
  return -1;
}

/** Find a message of this thread by id. */
export function findById(thread: Thread, id: string): Message | undefined {
  const i = positionOfId(thread, id);
  return i < 0 ? undefined : thread.messages[i];
}


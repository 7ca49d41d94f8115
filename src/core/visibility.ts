import { compareKeys, lowerBound, maxKey, upperBound, type Key } from './key.ts';
import type { Message, Thread, View } from './model.ts';

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


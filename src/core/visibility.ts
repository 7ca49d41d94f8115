import { forbidden } from './errors.ts';
import { SPLIT, splitId } from './id-code.ts';
import { ID_MIN, compareIdTo, compareKeys, firstAtOrAfter, firstAtOrAfterNearEnd, hasId, lowerBound, maxKey, upperBound, type Key } from './key.ts';
import { ALL_TIME, groupWindow, unreadWindow, type Window } from './membership.ts';
import { convKey, type ChatType, type Message, type Tenant, type Thread, type View } from './model.ts';
import { NO_ITEMS, requireGroup, requireRoom, requireUser } from './store.ts';

/**
 * R20(c), the one audience rule every reader and every per-user write goes through (REST, SDK endpoints, msync sync
 * and offline pull, live push, the inspector): who may see conversation (type, id) at all.
 * chat: its two parties; group: its current members (R39: former members read only through `visible`); room: members.
 */
export function inAudience(t: Tenant, user: string, type: ChatType, id: string): boolean {
  if (type === 'chat') return t.users.has(id) || t.userStates.get(user)?.chats.has(id) === true;
  return (type === 'groupchat' ? t.groups.get(id) : t.rooms.get(id))?.members.has(user) === true;
}

/**
 * Who a new stored message is pushed to (live push, R36): the two parties of a chat, the current members of a
 * group or room — of a directed message only its sender and the listed users.
 */
export function audienceOf(t: Tenant, m: Message): string[] {
  if (m.chatType === 'chat') return m.from === m.to ? [m.from] : [m.from, m.to];
  const members = (m.chatType === 'groupchat' ? t.groups.get(m.to) : t.rooms.get(m.to))?.members;
  if (m.directedUsers) return [...new Set([m.from, ...m.directedUsers])].filter((u) => u === m.from || members?.has(u) === true);
  return [...(members ?? [])];
}

/**
 * R20(c) as a precondition: the peer, group or room must exist (404) and `username` must be in its audience (403).
 * `read`: reads, sends, pins and marks — a former group member still reads what his window shows (R39).
 * `cleanup`: deletes, unpin, unmark, read acks — a user who already holds a view of the conversation may still
 * tidy it; anyone else gets nothing and no view is written for them. `send`: current members only (R39).
 */
export function requireConversation(t: Tenant, username: string, type: ChatType, id: string, field: string, purpose: 'read' | 'cleanup' | 'send' = 'read'): void {
  if (type === 'chat') {
    // A REST sender need not be a user (`admin`): a thread with it is conversation enough.
    if (t.userStates.get(username)?.chats.has(id) !== true) requireUser(t, id, field);
    return;
  }
  const place = type === 'groupchat' ? requireGroup(t, id, field) : requireRoom(t, id, field);
  if (place.members.has(username)) return;
  if (purpose === 'read' && type === 'groupchat' && t.groups.get(id)!.memberships.has(username)) return;
  if (purpose === 'cleanup' && t.userStates.get(username)?.views.has(convKey(type, id))) return;
  throw forbidden(field, `user "${username}" is not a member of ${type === 'groupchat' ? 'group' : 'chat room'} "${id}"`);
}

/** R20(c): the span of a thread's messages `user` may read — a group's membership window (R38/R39), else all. */
export function threadWindow(t: Tenant, user: string, thread: Thread): Window | null {
  return thread.chatType === 'groupchat' ? groupWindow(t, thread.group ?? t.groups.get(thread.target), user) : ALL_TIME;
}

/**
 * R20(d)/R36: a directed message is for its sender and listed users only; as roaming, only with `directedRoaming`
 * (`deliver`: live and offline delivery, which the switch does not govern).
 */
export function directedVisible(t: Tenant, user: string, m: Message, purpose: 'roam' | 'deliver' = 'roam'): boolean {
  if (m.directedUsers === undefined) return true;
  return (purpose === 'deliver' || t.config.directedRoaming) && (m.from === user || m.directedUsers.includes(user));
}

/** R20(b): a message whose `max(timestamp, last edit)` is before this has expired; −∞ without messageRetentionDays. */
export function retentionHorizon(t: Tenant): number {
  const days = t.config.messageRetentionDays;
  return days === null ? -Infinity : t.clock.now() - days * 86_400_000;
}

/** R20(b): expired at `horizon` — an edit restarts retention (R31). */
export function expired(m: Message, horizon: number): boolean {
  return m.timestamp < horizon && (m.edit === undefined || m.edit.at < horizon);
}

/** The last horizon at which `m` is still kept: it expires once the horizon passes this. */
export const keptThrough = (m: Message): number => Math.max(m.timestamp, m.edit?.at ?? -Infinity);

/**
 * R20(b) as a bound for binary searches: no message of `thread` stamped before this is kept at `horizon` — the
 * horizon itself, or earlier where an edit kept an older message. O(edited messages of the thread).
 */
export function retentionFloor(thread: Thread, horizon: number): number {
  let floor = horizon;
  if (horizon === -Infinity) return floor;
  for (const m of thread.edited) if (m.timestamp < floor && !expired(m, horizon)) floor = m.timestamp;
  return floor;
}

/**
 * R20 — the one visibility predicate. (a) recalled messages are removed from the store (R29), so never reach
 * here; (b) retention; (c) the window of `threadWindow`; (d) directed; (e) this user's deletes and `roam_ignore_users`.
 */
export function visible(t: Tenant, user: string, m: Message, view: View | undefined, window: Window | null, purpose: 'roam' | 'deliver' = 'roam'): boolean {
  if (!window || m.timestamp < window.from || m.timestamp >= window.until) return false;
  if (t.config.messageRetentionDays !== null && expired(m, retentionHorizon(t))) return false;
  if (!directedVisible(t, user, m, purpose)) return false;
  return !hiddenFor(user, m, view);
}

/** R9–R15: is `m` gone from `user`'s view? Only this user's record is read; the thread is shared. */
export function hiddenFor(user: string, m: Message, view: View | undefined): boolean {
  if (view) {
    if (view.watermark !== null && compareKeys(m, view.watermark) <= 0) return true;
    if (view.deleted.size > 0 && view.deleted.has(m)) return true;
  }
  return m.roamIgnore !== undefined && m.roamIgnore.includes(user);
}

/** First index of `sorted` at or after time `from` (-Infinity: 0). */
const fromIndex = (sorted: readonly Key[], from: number): number => (from === -Infinity ? 0 : firstAtOrAfter(sorted, from));
/** First index of `sorted` at or after time `until` (Infinity: the end). */
const untilIndex = (sorted: readonly Key[], until: number): number => (until === Infinity ? sorted.length : firstAtOrAfter(sorted, until));

/**
 * R21 latest message: the newest listEligible message `user` sees (R20) — O(log n + messages deleted or expired
 * at the end). Directed messages and imports without `importWritesConversation` are never in `conv`.
 */
export function latestVisible(t: Tenant, user: string, thread: Thread | undefined, view: View | undefined): Message | undefined {
  return latestAt(t, user, thread, view, retentionHorizon(t));
}

/**
 * R21 `activeAt`, R12: the newest listEligible message `user` sees or saw before it expired — what orders his list
 * and what a delete must leave for the conversation to stay. Retention never lowers it, so it needs no clock.
 */
export function latestEverVisible(t: Tenant, user: string, thread: Thread | undefined, view: View | undefined): Message | undefined {
  return latestAt(t, user, thread, view, -Infinity);
}

function latestAt(t: Tenant, user: string, thread: Thread | undefined, view: View | undefined, horizon: number): Message | undefined {
  if (!thread) return undefined;
  const window = threadWindow(t, user, thread);
  if (!window) return undefined;
  const conv = thread.conv;
  const lo = fromIndex(conv, Math.max(window.from, retentionFloor(thread, horizon)));
  for (let i = untilIndex(conv, window.until) - 1; i >= lo; i--) {
    const m = conv[i]!;
    if (view?.watermark && compareKeys(m, view.watermark) <= 0) return undefined;
    if (!hiddenFor(user, m, view) && !expired(m, horizon)) return m;
  }
  return undefined;
}

/**
 * R18/R21: incoming listEligible messages after the unread anchor and inside the user's membership stay, minus
 * the ones this user deleted or was roam-ignored from. O(log n + deleted ids), whatever the thread's length.
 */
export function unreadCount(t: Tenant, user: string, thread: Thread | undefined, view: View | undefined): number {
  const offset = view?.unreadOffset ?? 0;
  if (!thread) return offset;
  const window = thread.chatType === 'groupchat' ? unreadWindow(t, thread.target, user) : ALL_TIME;
  if (!window) return 0;
  const anchor: Key | null = maxKey(view?.unreadAfter ?? null, view?.watermark ?? null);
  // R20(b): what is stamped after the retention horizon is kept; older messages an edit kept are added one by one.
  const horizon = retentionHorizon(t);
  const from = Math.max(window.from, horizon);
  const span = (sorted: readonly Key[]): number =>
    Math.max(0, untilIndex(sorted, window.until) - Math.max(upperBound(sorted, anchor), fromIndex(sorted, from)));
  let n = span(thread.conv);
  const own = thread.bySender.get(user);
  if (own) n -= span(own);
  const counts = (m: Message): boolean => countsAsUnread(m, user, anchor) && m.timestamp >= from && m.timestamp < window.until;
  if (view && view.deleted.size > 0) for (const m of view.deleted) if (counts(m)) n--;
  for (const m of thread.ignoredConv) {
    if (m.roamIgnore?.includes(user) && counts(m) && !view?.deleted.has(m)) n--;
  }
  // R54 `is_ack_read`: imported as read — counted by the span, taken out once (unless a delete or ignore did).
  for (const m of thread.ackedConv) {
    if (counts(m) && !view?.deleted.has(m) && !m.roamIgnore?.includes(user)) n--;
  }
  if (horizon !== -Infinity) {
    for (const m of thread.edited) {
      if (m.timestamp >= from || m.timestamp < window.from || m.timestamp >= window.until || expired(m, horizon)) continue;
      if (countsAsUnread(m, user, anchor) && m.ackRead === undefined && !hiddenFor(user, m, view)) n++;
    }
  }
  return offset + Math.max(0, n);
}

function countsAsUnread(m: Message, user: string, anchor: Key | null): boolean {
  return m.writesConversation && m.from !== user && (anchor === null || compareKeys(m, anchor) > 0);
}

/**
 * Where message `id` sits in the thread, or -1. Ids of ours carry their millisecond in the high bits (R19), so a
 * binary search by time lands next to it.
 */
export function positionOfId(thread: Thread, id: string): number {
  for (const hint of thread.cursorHints) {
    const m = thread.messages[hint.index];
    if (m !== undefined && hasId(m, id)) return hint.index;
  }
  const i = searchId(thread, id, firstAtOrAfter);
  if (i >= 0) rememberCursor(thread, id, i);
  return i;
}

/** Keep the last few cursor positions of a thread (a hint is verified before use, so a stale one costs nothing). */
export function rememberCursor(thread: Thread, id: string, index: number): void {
  const hints = thread.cursorHints;
  if (hints === NO_ITEMS) thread.cursorHints = [{ id, index }];
  else {
    if (hints.length >= 4) hints.shift();
    hints.push({ id, index });
  }
}

/** `firstAt`: how to find the id's millisecond — a binary search (cursors: anywhere), or from the end (deletes). */
function searchId(thread: Thread, id: string, firstAt: (sorted: readonly Key[], timestamp: number) => number): number {
  // Most threads have no irregular id: then no hashing of the id text.
  const irregular = thread.irregular.size === 0 ? undefined : thread.irregular.get(id);
  const all = thread.messages;
  if (irregular) return lowerBound(all, irregular);
  // Not a canonical decimal: no stored id (messages.ts store files every id off its millisecond by > 1 as irregular).
  if (!splitId(id)) return -1;
  const ms = SPLIT.ms;
  const low = SPLIT.low;
  for (let i = firstAt(all, ms - 1); i < all.length; i++) {
    const m = all[i]!;
    if (m.timestamp > ms + 1) break;
    if (compareIdTo(m, ms, low) === 0) return i;
  }
  return -1;
}

/** Find a message of this thread by id. */
export function findById(thread: Thread, id: string): Message | undefined {
  // No cursor hint: deletes name arbitrary ids, and remembering them would push out the paging clients' hints.
  // Searched from the end: the ids clients delete (and recall, and edit) are mostly recent ones.
  const i = searchId(thread, id, firstAtOrAfterNearEnd);
  return i < 0 ? undefined : thread.messages[i];
}


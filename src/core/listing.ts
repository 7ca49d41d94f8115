import type { Message, Tenant, Thread, UserState, View } from './model.ts';
import { threadOfView, userState } from './store.ts';
import { expired, latestEverVisible, latestVisible, retentionHorizon, unreadCount } from './visibility.ts';

/** One row of a user's server conversation list, as that user sees it (R4). */
export interface ConversationEntry {
  readonly type: 'chat' | 'groupchat';
  readonly id: string;
  /** Newest visible conversation-writing message (R15), if any. */
  readonly latest: Message | undefined;
  /** Time of `latest`, or when the conversation entered the list (R3). */
  readonly activity: number;
  readonly pinnedAt: number;
  /** Mark indexes 0–19, ascending. */
  readonly marks: number[];
  readonly unread: number;
  /** When the conversation entered the user's list, ms (SPEC-2 R49 `created_at`). */
  readonly createdAt: number;
  readonly view: View;
}

/** What ordering needs of a listed conversation: its newest visible message and activity — cheap to compute. */
export interface ListedRow {
  readonly view: View;
  readonly latest: Message | undefined;
  readonly activity: number;
}

export function rowOf(t: Tenant, user: string, view: View): ListedRow {
  const thread = threadOfView(t, user, view);
  // R21: activeAt is never lowered by expiry; the latest message is the newest not expired (R20(b)).
  const ever = latestEverVisible(t, user, thread, view);
  const latest = ever === undefined || !expired(ever, retentionHorizon(t)) ? ever : latestVisible(t, user, thread, view);
  return { view, latest, activity: ever ? ever.timestamp : view.listedAt };
}

/** The full entry (unread, marks) — computed only for the rows a page shows. */
export function entryOf(t: Tenant, user: string, row: ListedRow): ConversationEntry {
  const view = row.view;
  return {
    type: view.type as 'chat' | 'groupchat',
    id: view.id,
    latest: row.latest,
    activity: row.activity,
    pinnedAt: view.pinnedAt,
    marks: view.marks.size === 0 ? [] : [...view.marks.keys()].sort((a, b) => a - b),
    // SPEC-2 §Q.9: an empty conversation reports 0.
    unread: row.latest === undefined ? 0 : unreadCount(t, user, threadOfView(t, user, view), view),
    createdAt: view.listedAt,
    view,
  };
}

/** Every conversation in the user's list, unsorted. O(conversations of that user). */
export function listedRows(t: Tenant, user: string): ListedRow[] {
  const state = t.userStates.get(user);
  if (!state) return [];
  const out: ListedRow[] = [];
  for (const view of state.listed) out.push(rowOf(t, user, view));
  return out;
}

/**
 * R3/R21: when the conversation was last active for this user — its newest message he sees or saw until it expired,
 * else when it was listed. Independent of the clock, so the eviction order (R2) never goes stale.
 */
export function activityOf(t: Tenant, user: string, view: View): number {
  return latestEverVisible(t, user, threadOfView(t, user, view), view)?.timestamp ?? view.listedAt;
}

/**
 * Put a conversation (back) in the user's list; a full list evicts its least recently active entry (R2).
 * `activity`: what activityOf would answer, when the caller knows it: a new message that is the newest of the
 * conversation and visible to the user lists it at its own time, and that time is its activity (R3).
 */
export function listConversation(t: Tenant, user: string, view: View, at: number, activity?: number): void {
  if (view.listed || view.type === 'chatroom') return;
  const state = userState(t, user);
  view.listed = true;
  view.listedAt = at;
  state.listed.add(view);
  threadOfView(t, user, view)?.unlisted.delete(user);
  state.eviction.push(view, activity ?? activityOf(t, user, view));
  if (t.pendingEvictions !== undefined) {
    // A bulk load: this user replays his evictions once it is filed (eviction-replay.ts).
    if (state.listed.size > t.config.conversationLimit) t.pendingEvictions.over.add(user);
    return;
  }
  if (state.listed.size <= t.config.conversationLimit && !state.eviction.stale(state.listed.size)) return;
  const current = (v: View): number => activityOf(t, user, v);
  while (state.listed.size > t.config.conversationLimit) {
    const victim = state.eviction.victim(current, view);
    if (!victim) break;
    unlist(t, state, user, victim);
  }
  if (state.eviction.stale(state.listed.size)) state.eviction.rebuild(state.listed, current);
}

/** A delete made a listed conversation look older: give the eviction order its new activity (R2). */
export function touchListed(t: Tenant, user: string, view: View, activity = activityOf(t, user, view)): void {
  if (!view.listed) return;
  const state = userState(t, user);
  state.eviction.push(view, activity);
  if (state.eviction.stale(state.listed.size)) state.eviction.rebuild(state.listed, (v) => activityOf(t, user, v));
}

/** Take a conversation out of the user's list: it loses its pin and marks (R2, R13). */
export function unlistConversation(t: Tenant, user: string, view: View): void {
  if (view.listed) unlist(t, userState(t, user), user, view);
}

/** Out of the list, and back into the thread's unlisted participants (R2, R13): what eviction and deletes do. */
export function unlist(t: Tenant, state: UserState, user: string, view: View): void {
  view.listed = false;
  view.pinnedAt = 0;
  // clear() gives even an empty map a new table: an eviction (~70k in a 200k-message fixture) should allocate nothing.
  if (view.marks.size > 0) view.marks.clear();
  state.listed.delete(view);
  threadOfView(t, user, view)?.unlisted.set(user, view);
}

/** R18: unread becomes `offset` and counts on from now (a deleted conversation, a read ack, a fixture's count). */
export function resetUnread(t: Tenant, thread: Thread | undefined, view: View, offset = 0): void {
  view.unreadOffset = offset;
  const last = thread?.conv[thread.conv.length - 1];
  view.unreadAfter = { timestamp: Math.max(t.clock.now(), last?.timestamp ?? 0), id: t.ids.ceiling };
}

import type { Message, Tenant, Thread, View } from './model.ts';
import { findThread, userState } from './store.ts';
import { latestVisible, unreadCount } from './visibility.ts';

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
  readonly view: View;
}

export function entryOf(t: Tenant, user: string, view: View): ConversationEntry {
  const thread = findThread(t, user, view.type, view.id);
  const latest = latestVisible(user, thread, view);
  return {
    type: view.type as 'chat' | 'groupchat',
    id: view.id,
    latest,
    activity: latest ? latest.timestamp : view.listedAt,
    pinnedAt: view.pinnedAt,
    marks: [...view.marks.keys()].sort((a, b) => a - b),
    unread: unreadCount(user, thread, view),
    view,
  };
}

/** Every conversation in the user's list, unsorted. O(conversations of that user). */
export function listedEntries(t: Tenant, user: string): ConversationEntry[] {
  const state = t.userStates.get(user);
  if (!state) return [];
  const out: ConversationEntry[] = [];
  for (const view of state.listed) out.push(entryOf(t, user, view));
  return out;
}

/** Put a conversation (back) in the user's list; a full list evicts its least recently active entry (R2). */
export function listConversation(t: Tenant, user: string, view: View, at: number): void {
  if (view.listed || view.type === 'chatroom') return;
  const state = userState(t, user);
  view.listed = true;
  view.listedAt = at;
  state.listed.add(view);
  findThread(t, user, view.type, view.id)?.unlisted.delete(user);
  while (state.listed.size > t.config.conversationLimit) {
    let victim: ConversationEntry | undefined;
    for (const other of state.listed) {
      if (other === view) continue;
      const entry = entryOf(t, user, other);
      if (!victim || entry.activity < victim.activity || (entry.activity === victim.activity && entry.id > victim.id)) victim = entry;
    }
    if (!victim) break;
    unlistConversation(t, user, victim.view);
  }
}

/** Take a conversation out of the user's list: it loses its pin and marks (R2, R13). */
export function unlistConversation(t: Tenant, user: string, view: View): void {
  if (!view.listed) return;
  view.listed = false;
  view.pinnedAt = 0;
  view.marks.clear();
  userState(t, user).listed.delete(view);
  findThread(t, user, view.type, view.id)?.unlisted.add(user);
}

/** R18: unread becomes `offset` and counts on from now (a deleted conversation, a read ack, a fixture's count). */
export function resetUnread(t: Tenant, thread: Thread | undefined, view: View, offset = 0): void {
  view.unreadOffset = offset;
  const last = thread?.conv[thread.conv.length - 1];
  view.unreadAfter = { timestamp: Math.max(t.clock.now(), last?.timestamp ?? 0), id: t.ids.ceiling };
}

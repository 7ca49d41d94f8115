import { requireIntInRange } from './errors.ts';
import { resetUnread } from './listing.ts';
import type { ChatType, Tenant } from './model.ts';
import { requireRoaming } from './roaming.ts';
import { ensureView, findThread, findView, requireUser } from './store.ts';
import { requireConversation, unreadCount } from './visibility.ts';

/** R18: the unread count of one conversation as `user` sees it. */
export function unreadOf(t: Tenant, user: string, type: ChatType, id: string): number {
  requireUser(t, user);
  requireConversation(t, user, type, id, 'conversation', 'cleanup');
  return unreadCount(user, findThread(t, user, type, id), findView(t, user, type, id));
}

/** Every conversation of `user` with unread messages (what the msync UNREAD answer lists). */
export function unreadAll(t: Tenant, user: string): Array<{ type: ChatType; id: string; unread: number }> {
  requireUser(t, user);
  const state = t.userStates.get(user);
  if (!state) return [];
  const out: Array<{ type: ChatType; id: string; unread: number }> = [];
  for (const view of state.listed) {
    const unread = unreadCount(user, findThread(t, user, view.type, view.id), view);
    if (unread > 0) out.push({ type: view.type, id: view.id, unread });
  }
  return out;
}

/** The user read the conversation up to now (a read ack): unread drops to 0 until the next incoming message. */
export function markRead(t: Tenant, user: string, type: ChatType, id: string): void {
  requireRoaming(t);
  requireUser(t, user);
  requireConversation(t, user, type, id, 'conversation', 'cleanup');
  setUnread(t, user, type, id, 0);
}

/** Set the unread count outright, counting on from now (fixtures' `unread`, read acks). */
export function setUnread(t: Tenant, user: string, type: ChatType, id: string, unread: number): void {
  requireIntInRange('unread', unread, 0, Number.MAX_SAFE_INTEGER);
  resetUnread(t, findThread(t, user, type, id), ensureView(t, user, type, id), unread);
}

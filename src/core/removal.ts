import { lowerBound } from './key.ts';
import { touchListed } from './listing.ts';
import type { Message, Tenant, Thread } from './model.ts';
import { findView } from './store.ts';
import { positionOfId, threadWindow, visible } from './visibility.ts';

/** Everyone who may hold a view of the thread: chat parties, every past or present group member, room members. */
export function participantsOf(t: Tenant, thread: Thread, m: Message): string[] {
  if (thread.chatType === 'chat') return m.from === m.to ? [m.from] : [m.from, m.to];
  if (thread.chatType === 'groupchat') return [...(t.groups.get(thread.target)?.memberships.keys() ?? [])];
  return [...(t.rooms.get(thread.target)?.members ?? [])];
}

/**
 * R29: take a message out of the store for everyone. Readers recompute latest message and unread from the
 * thread, so those follow; `activeAt` never goes back (R21), so a listed view keeps the recalled time as its order.
 */
export function removeMessage(t: Tenant, thread: Thread, m: Message): void {
  for (const user of participantsOf(t, thread, m)) {
    const view = findView(t, user, thread.chatType, thread.chatType === 'chat' ? (user === m.from ? m.to : m.from) : thread.target);
    if (!view) continue;
    const seen = m.writesConversation && visible(t, user, m, view, threadWindow(t, user, thread));
    view.deleted.delete(m);
    if (seen && view.listed && view.listedAt < m.timestamp) view.listedAt = m.timestamp;
  }
  const at = positionOfId(thread, m.id);
  if (at >= 0) thread.messages.splice(at, 1);
  if (m.writesConversation) {
    cut(thread.conv, m);
    const own = thread.bySender.get(m.from);
    if (own) cut(own, m);
    const ignored = thread.ignoredConv.indexOf(m);
    if (ignored >= 0) thread.ignoredConv.splice(ignored, 1);
    const acked = thread.ackedConv.indexOf(m);
    if (acked >= 0) thread.ackedConv.splice(acked, 1);
  }
  thread.irregular.delete(m.id);
  const edited = thread.edited.indexOf(m);
  if (edited >= 0) thread.edited.splice(edited, 1);
  t.messagesById.delete(m.id);
  t.messageCount--;
  for (const user of participantsOf(t, thread, m)) {
    const view = findView(t, user, thread.chatType, thread.chatType === 'chat' ? (user === m.from ? m.to : m.from) : thread.target);
    if (view) touchListed(t, user, view);
  }
}

function cut(sorted: Message[], m: Message): void {
  const i = lowerBound(sorted, m);
  if (sorted[i] === m) sorted.splice(i, 1);
}

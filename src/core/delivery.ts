import { compareKeys, maxKey, type Key } from './key.ts';
import type { ChatType, Message, Tenant } from './model.ts';
import { conferenceType, ensureView, findThread, findView } from './store.ts';
import { inAudience, threadWindow, visible } from './visibility.ts';

/** At most this many offline messages are handed over per conversation at login (the newest). */
export const OFFLINE_LIMIT = 200;

/**
 * Offline messages of one conversation: incoming, visible, neither read (R18) nor already pushed to a device of
 * the user. At the first login this is the conversation's unread messages — what msync UNREAD reports.
 * O(messages returned): the scan stops at the newest of read, deleted and delivered.
 */
export function undelivered(t: Tenant, user: string, type: ChatType, id: string): Message[] {
  // R20(c): a queue of a conversation the user is not in the audience of holds nothing for him.
  if (type === 'chatroom' || !inAudience(t, user, type, id)) return [];
  const thread = findThread(t, user, type, id);
  if (!thread) return [];
  const view = findView(t, user, type, id);
  const window = threadWindow(t, user, thread);
  const floor = maxKey(maxKey(view?.unreadAfter ?? null, view?.watermark ?? null), view?.deliveredThrough ?? null);
  const out: Message[] = [];
  const all = thread.messages;
  for (let i = all.length - 1; i >= 0 && out.length < OFFLINE_LIMIT; i--) {
    const m = all[i]!;
    if (floor && compareKeys(m, floor) <= 0) break;
    // R54: imports are never pushed, live or offline — clients fetch them as roaming.
    if (m.from !== user && m.via !== 'import' && visible(t, user, m, view, window, 'deliver')) out.push(m);
  }
  return out.reverse();
}

/** Every conversation of the user with offline messages, and how many (single chats and groups). */
export function undeliveredQueues(t: Tenant, user: string): Array<{ type: ChatType; id: string; n: number }> {
  const state = t.userStates.get(user);
  if (!state) return [];
  const out: Array<{ type: ChatType; id: string; n: number }> = [];
  const add = (type: ChatType, id: string): void => {
    const n = undelivered(t, user, type, id).length;
    if (n > 0) out.push({ type, id, n });
  };
  for (const peer of state.chats.keys()) add('chat', peer);
  for (const group of state.groups) add('groupchat', group);
  return out;
}

/**
 * An offline pull (msync SYNC of one queue): the undelivered messages, once — then they count as delivered.
 * A user outside the conversation's audience gets nothing and no watermark is written for him.
 */
export function takeOffline(t: Tenant, user: string, type: ChatType, id: string): Message[] {
  const messages = undelivered(t, user, type, id);
  const last = messages[messages.length - 1];
  if (last) markDelivered(t, user, type, id, last);
  return messages;
}

/** The conversation an msync queue names: `name@easemob.com` a chat; `name@conference…` a group, else a room. */
export function queueConversation(t: Tenant, name: string, domain: string | undefined): { type: ChatType; id: string } {
  if (!domain?.startsWith('conference')) return { type: 'chat', id: name };
  return { type: conferenceType(t, name), id: name };
}

/** A device of `user` received everything up to `key` in this conversation (ignored outside the audience, R20). */
export function markDelivered(t: Tenant, user: string, type: ChatType, id: string, key: Key): void {
  if (type === 'chatroom' || !inAudience(t, user, type, id)) return;
  const view = ensureView(t, user, type, id);
  view.deliveredThrough = maxKey(view.deliveredThrough, { timestamp: key.timestamp, id: key.id });
}

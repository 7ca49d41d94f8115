import type { ChatType, Message, Tenant, Thread, View } from './model.ts';
import { findThread, findView } from './store.ts';
import { inAudience, threadWindow, visible } from './visibility.ts';

/** One conversation as one user sees it: the shared thread, that user's small view record, and the test per message. */
export interface SeenConversation {
  readonly thread: Thread;
  readonly view: View | undefined;
  /** Does the user see `m`? R20, the one visibility predicate. */
  sees(m: Message): boolean;
}

/**
 * The messages of conversation (type, id) as `user` sees them, or undefined when there is nothing to see: never in
 * its audience (R20c; a former group member still reads his membership window, R39), or no message yet.
 */
export function conversationSeenBy(t: Tenant, user: string, type: ChatType, id: string): SeenConversation | undefined {
  const formerMember = type === 'groupchat' && t.groups.get(id)?.memberships.has(user) === true;
  if (!inAudience(t, user, type, id) && !formerMember) return undefined;
  const thread = findThread(t, user, type, id);
  if (!thread) return undefined;
  const view = findView(t, user, type, id);
  const window = threadWindow(t, user, thread);
  return { thread, view, sees: (m) => visible(t, user, m, view, window) };
}

import type { ChatType, Message, Tenant, Thread, View } from './model.ts';
import { findThread, findView } from './store.ts';
import { hiddenFor, inAudience } from './visibility.ts';

/** One conversation as one user sees it: the shared thread, that user's small view record, and the test per message. */
export interface SeenConversation {
  readonly thread: Thread;
  readonly view: View | undefined;
  /** Does the user see `m`? The one place a roaming reader asks (R20 plugs in here). */
  sees(m: Message): boolean;
}

/**
 * The messages of conversation (type, id) as `user` sees them, or undefined when there is nothing to see:
 * not in its audience (R20c), or no message yet. Today `sees` applies one-way deletes and roam_ignore_users (R9–R15).
 */
export function conversationSeenBy(t: Tenant, user: string, type: ChatType, id: string): SeenConversation | undefined {
  if (!inAudience(t, user, type, id)) return undefined;
  const thread = findThread(t, user, type, id);
  if (!thread) return undefined;
  const view = findView(t, user, type, id);
  return { thread, view, sees: (m) => !hiddenFor(user, m, view) };
}

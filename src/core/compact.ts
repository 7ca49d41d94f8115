import { activityOf } from './listing.ts';
import type { Message, Tenant } from './model.ts';

/**
 * After a bulk load (fixtures, snapshots): give every per-message array its exact length and every eviction heap
 * one entry per listed conversation. Arrays grown by push keep up to half their length spare, and the lazy heaps
 * collect stale entries (R2) — fine while a world changes, a waste for a million loaded messages that stay.
 */
export function compactAfterLoad(t: Tenant): void {
  for (const thread of t.threads.values()) {
    const shared = thread.conv === thread.messages;
    thread.messages = exact(thread.messages);
    thread.conv = shared ? thread.messages : exact(thread.conv);
    for (const [sender, own] of thread.bySender) thread.bySender.set(sender, exact(own));
  }
  t.messagesById.compact();
  for (const [user, state] of t.userStates) {
    // One entry per listed view already (each has at least one): nothing stale to drop, only old activities it re-pushes lazily.
    if (state.eviction.size === state.listed.size) continue;
    state.eviction.rebuild(state.listed, (view) => activityOf(t, user, view));
  }
}

const exact = (a: Message[]): Message[] => a.slice();

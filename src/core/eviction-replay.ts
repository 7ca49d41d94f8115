import { EvictionHeap } from './eviction.ts';
import { unlist } from './listing.ts';
import type { Window } from './membership.ts';
import type { Message, PendingEvictions, Tenant, Thread, View } from './model.ts';
import { threadOfView } from './store.ts';
import { hiddenFor, threadWindow, visible } from './visibility.ts';

/*
 * R2 for a bulk load (issue #18). A power-law fixture evicts on most messages of its busiest users, and each eviction
 * and the re-listing it causes read cold structures (~12 µs at 1M messages). So a load files its messages with
 * evictions held back, then walks them once more in the order it filed them: each user whose list outgrew
 * `conversationLimit` lists and evicts through the same eviction order (EvictionHeap) on his own small records. His
 * final list, its order and every `listedAt` come out as the message-by-message load leaves them
 * (test: fixtures/eviction-replay) — under a clock that does not move during the load; with messageRetentionDays and
 * a running clock, a message that expires while the load runs counts as expired for the replay.
 */

/**
 * Hold back evictions until settleEvictions. For a tenant whose users list nothing yet and whose views hold no pin,
 * mark or delete (a load's new tenant): the replay starts every list empty.
 */
export function deferEvictions(t: Tenant): void {
  t.pendingEvictions = { over: new Set(), messages: [], ordinals: [] };
}

/** A conversation-writing message was filed while evictions are held back (messages.ts ingestMessage). */
export function noteFiled(pending: PendingEvictions, m: Message, thread: Thread): void {
  pending.messages.push(m);
  pending.ordinals.push(thread.ordinal);
}

/** Evict what the held-back load would have evicted; evictions happen at once again afterwards. */
export function settleEvictions(t: Tenant): void {
  const pending = t.pendingEvictions;
  if (pending === undefined) return;
  t.pendingEvictions = undefined;
  if (pending.over.size > 0) replay(t, pending);
}

/** One over-full user's replay: his eviction order and how many conversations he lists. */
interface Lister {
  readonly user: string;
  readonly heap: EvictionHeap<Slot>;
  count: number;
  readonly slots: Slot[];
}

/** One listed conversation of a replaying user: what the eviction order needs, and what goes back on the view. */
interface Slot {
  readonly id: string;
  readonly type: string;
  readonly view: View;
  readonly lister: Lister;
  /** His membership window in this conversation (R20, R38): messages outside it neither list nor order it. */
  readonly window: Window;
  listed: boolean;
  listedAt: number;
  /** Filing position of the message that listed it last: the list's own order (a Set re-listing appends). */
  listedBy: number;
  /** Time of his newest message seen so far in it (R3: what activityOf would answer then). */
  activity: number;
}

const activityOfSlot = (s: Slot): number => s.activity;

/**
 * Walk the filed messages again for the over-full users only: each message he sees raises its conversation's
 * activity (R3, R21 — expired or not); one he sees that has not expired lists it when it is out
 * (messages.ts listForParticipants), evicting the least recently active other one (R2, listing.ts listConversation).
 */
function replay(t: Tenant, pending: PendingEvictions): void {
  // By thread ordinal: a dense array a few hundred KB long, where a map would hash a cold thread per message.
  const byThread: Array<Slot[] | undefined> = new Array<Slot[] | undefined>(t.threads.size).fill(undefined);
  const listers: Lister[] = [];
  for (const user of pending.over) {
    const lister: Lister = { user, heap: new EvictionHeap<Slot>(), count: 0, slots: [] };
    listers.push(lister);
    // Every view he ever lists is here: nothing left his list while evictions were held back.
    for (const view of t.userStates.get(user)!.listed) {
      const thread = threadOfView(t, user, view)!;
      const window = threadWindow(t, user, thread)!;
      const slot: Slot = { id: view.id, type: view.type, view, lister, window, listed: false, listedAt: view.listedAt, listedBy: -1, activity: -Infinity };
      lister.slots.push(slot);
      const slots = byThread[thread.ordinal];
      if (slots === undefined) byThread[thread.ordinal] = [slot];
      else slots.push(slot);
    }
  }
  const limit = t.config.conversationLimit;
  const { messages, ordinals } = pending;
  for (let i = 0; i < messages.length; i++) {
    const slots = byThread[ordinals[i]!];
    if (slots === undefined) continue;
    const m = messages[i]!;
    const at = m.timestamp;
    for (const slot of slots) {
      const lister = slot.lister;
      const window = slot.window;
      // What latestEverVisible counts (window, roam_ignore_users; expired or not) orders the conversation…
      if (at < window.from || at >= window.until || hiddenFor(lister.user, m, slot.view)) continue;
      if (at > slot.activity) slot.activity = at;
      // …and what listForParticipants asks (the one predicate, R20) lists it.
      if (slot.listed || !visible(t, lister.user, m, undefined, window)) continue;
      slot.listed = true;
      slot.listedAt = at;
      slot.listedBy = i;
      lister.count++;
      lister.heap.push(slot, slot.activity);
      while (lister.count > limit) {
        const victim = lister.heap.victim(activityOfSlot, slot);
        if (!victim) break;
        victim.listed = false;
        lister.count--;
      }
      if (lister.heap.stale(lister.count)) lister.heap.rebuild(lister.slots.filter((s) => s.listed), activityOfSlot);
    }
  }
  for (const lister of listers) settle(t, lister);
}

/** Write a replay back: the views' list state and listedAt, the list's order, the threads' unlisted participants, the eviction order. */
function settle(t: Tenant, lister: Lister): void {
  const state = t.userStates.get(lister.user)!;
  const kept: Slot[] = [];
  for (const slot of lister.slots) {
    slot.view.listedAt = slot.listedAt;
    if (slot.listed) kept.push(slot);
    else unlist(t, state, lister.user, slot.view);
  }
  kept.sort((a, b) => a.listedBy - b.listedBy);
  state.listed.clear();
  state.eviction.clear();
  for (const slot of kept) {
    state.listed.add(slot.view);
    state.eviction.push(slot.view, slot.activity);
  }
}

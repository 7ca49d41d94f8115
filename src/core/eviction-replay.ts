import { EvictionHeap } from './eviction.ts';
import type { Message, PendingEvictions, Tenant, Thread, View } from './model.ts';
import { threadOfView } from './store.ts';
import { expired, retentionHorizon, threadWindow } from './visibility.ts';

/**
 * R2 for a bulk load (issue #18). A power-law fixture evicts on most messages of its busiest users, and each eviction
 * and the re-listing it causes read cold structures (~12 µs at 1M messages). So a load files its messages with
 * evictions held back, then walks them once more in the order it filed them: each user whose list outgrew
 * `conversationLimit` lists and evicts through the same eviction order (EvictionHeap) on his own small records —
 * his final list and every `listedAt` exactly as the message-by-message load leaves them (test: fixtures/eviction-replay).
 */

/** Hold back evictions until settleEvictions. */
export function deferEvictions(t: Tenant): void {
  t.pendingEvictions = { over: new Set(), messages: [], threads: [] };
}

/** A message was filed while evictions are held back (messages.ts ingestMessage). */
export function noteFiled(pending: PendingEvictions, m: Message, thread: Thread): void {
  pending.messages.push(m);
  pending.threads.push(thread.ordinal);
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
  /** His membership window in this conversation (R38): messages outside it neither list nor order it. */
  readonly from: number;
  readonly until: number;
  listed: boolean;
  listedAt: number;
  /** Time of his newest message seen so far in it (R3: what activityOf would answer then). */
  activity: number;
}

const activityOfSlot = (s: Slot): number => s.activity;

/**
 * Walk the filed messages again for the over-full users only: each conversation-writing message he sees raises its
 * conversation's activity (R3, R21 — expired or not); one he sees that has not expired lists it when it is out
 * (messages.ts listForParticipants), evicting the least recently active other one (R2, listing.ts listConversation).
 */
function replay(t: Tenant, pending: PendingEvictions): void {
  // By thread ordinal: a dense array a few hundred KB long, where a map would hash a cold thread per message.
  const byThread: Array<Slot[] | undefined> = new Array<Slot[] | undefined>(t.threads.size).fill(undefined);
  const listers: Lister[] = [];
  for (const user of pending.over) {
    const lister: Lister = { user, heap: new EvictionHeap<Slot>(), count: 0, slots: [] };
    listers.push(lister);
    for (const view of t.userStates.get(user)!.listed) {
      const thread = threadOfView(t, user, view)!;
      const window = threadWindow(t, user, thread)!;
      const slot: Slot = { id: view.id, type: view.type, view, lister, from: window.from, until: window.until, listed: false, listedAt: view.listedAt, activity: -Infinity };
      lister.slots.push(slot);
      const slots = byThread[thread.ordinal];
      if (slots === undefined) byThread[thread.ordinal] = [slot];
      else slots.push(slot);
    }
  }
  const limit = t.config.conversationLimit;
  const retains = t.config.messageRetentionDays !== null;
  const horizon = retentionHorizon(t);
  const { messages, threads } = pending;
  for (let i = 0; i < messages.length; i++) {
    const slots = byThread[threads[i]!];
    if (slots === undefined) continue;
    const m = messages[i]!;
    // R21: only conversation-writing messages list and order.
    if (!m.writesConversation) continue;
    const at = m.timestamp;
    for (const slot of slots) {
      const lister = slot.lister;
      // R20: the membership window and roam_ignore_users hide it (directed messages never write conversations).
      if (at < slot.from || at >= slot.until || (m.roamIgnore !== undefined && m.roamIgnore.includes(lister.user))) continue;
      if (at > slot.activity) slot.activity = at;
      if (slot.listed || (retains && expired(m, horizon))) continue;
      slot.listed = true;
      slot.listedAt = at;
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

/** Write a replay back: the views' list state and listedAt, the threads' unlisted participants, the eviction order. */
function settle(t: Tenant, lister: Lister): void {
  const user = lister.user;
  const state = t.userStates.get(user)!;
  const kept: View[] = [];
  const activity = new Map<View, number>();
  for (const slot of lister.slots) {
    const view = slot.view;
    view.listedAt = slot.listedAt;
    activity.set(view, slot.activity);
    if (slot.listed) {
      kept.push(view);
      continue;
    }
    // What listing.ts unlist does; a load has set no pin or mark yet.
    view.listed = false;
    state.listed.delete(view);
    threadOfView(t, user, view)!.unlisted.set(user, view);
  }
  state.eviction.rebuild(kept, (view) => activity.get(view)!);
}

/** What the heap needs of a per-user view (model.ts View): generic, so this file imports nothing of the model. */
export interface Evictable {
  readonly id: string;
  readonly listed: boolean;
}

interface Entry<V> {
  activity: number;
  view: V;
}

/** Heap order = eviction order (R2): least recently active first; on a tie the greater conversation id goes first. */
const before = <V extends Evictable>(a: Entry<V>, b: Entry<V>): boolean => a.activity < b.activity || (a.activity === b.activity && a.view.id > b.view.id);

/**
 * Which listed conversation to evict next, in O(log n) instead of a scan. Lazy: a new message makes an entry
 * stale (its activity is now higher) without touching the heap; a stale entry is re-pushed when it surfaces.
 * Invariant: every listed view has an entry whose activity is ≤ its current activity — so deletes that make a
 * conversation *older* must push a fresh entry (`touch`).
 */
export class EvictionHeap<V extends Evictable> {
  private heap: Entry<V>[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(view: V, activity: number): void {
    const h = this.heap;
    h.push({ activity, view });
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): Entry<V> | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }

  /** The least recently active listed view other than `keep`, by current activity. */
  victim(activityOf: (view: V) => number, keep: V): V | undefined {
    const kept: Entry<V>[] = [];
    let found: V | undefined;
    for (let e = this.pop(); e; e = this.pop()) {
      if (!e.view.listed) continue;
      if (e.view === keep) {
        kept.push(e);
        continue;
      }
      const now = activityOf(e.view);
      if (now !== e.activity) {
        this.push(e.view, now);
        continue;
      }
      found = e.view;
      break;
    }
    for (const e of kept) this.push(e.view, e.activity);
    return found;
  }

  /** Start over from the listed views (compaction when stale entries pile up). */
  rebuild(views: Iterable<V>, activityOf: (view: V) => number): void {
    this.heap = [];
    for (const v of views) this.push(v, activityOf(v));
  }
}

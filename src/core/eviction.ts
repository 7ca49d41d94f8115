/** What the heap needs of a per-user view (model.ts View): generic, so this file imports nothing of the model. */
export interface Evictable {
  readonly id: string;
  readonly type: string;
  readonly listed: boolean;
}

/**
 * Which listed conversation to evict next, in O(log n) instead of a scan. Lazy: a new message makes an entry
 * stale (its activity is now higher) without touching the heap; a stale entry is re-pushed when it surfaces.
 * Invariant: every listed view has an entry whose activity is ≤ its current activity — so deletes that make a
 * conversation *older* must push a fresh entry (`touch`). Entries are two parallel arrays (a double array holds
 * its numbers unboxed): no object per entry, thousands of users hold one heap each.
 */
export class EvictionHeap<V extends Evictable> {
  private activities: number[] = [];
  private views: V[] = [];

  get size(): number {
    return this.views.length;
  }

  /**
   * Heap order = eviction order (R2): least recently active first; on a tie, the row the list shows last (R3 order:
   * id, then type, ascending) — a total order, so any history of pushes evicts the same conversation.
   */
  private before(i: number, j: number): boolean {
    const a = this.activities[i]!;
    const b = this.activities[j]!;
    if (a !== b) return a < b;
    const v = this.views[i]!;
    const w = this.views[j]!;
    return v.id > w.id || (v.id === w.id && v.type > w.type);
  }

  private swap(i: number, j: number): void {
    const a = this.activities;
    const v = this.views;
    const x = a[i]!;
    a[i] = a[j]!;
    a[j] = x;
    const w = v[i]!;
    v[i] = v[j]!;
    v[j] = w;
  }

  push(view: V, activity: number): void {
    this.activities.push(activity);
    this.views.push(view);
    let i = this.views.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Remove the top entry; false when empty. Its view and activity are left in `popped`. */
  private pop(): boolean {
    const a = this.activities;
    const v = this.views;
    if (v.length === 0) return false;
    this.poppedView = v[0];
    this.poppedActivity = a[0]!;
    const lastView = v.pop()!;
    const lastActivity = a.pop()!;
    if (v.length > 0) {
      v[0] = lastView;
      a[0] = lastActivity;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < v.length && this.before(l, m)) m = l;
        if (r < v.length && this.before(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return true;
  }

  private poppedView: V | undefined;
  private poppedActivity = 0;

  /** The least recently active listed view other than `keep`, by current activity. */
  victim(activityOf: (view: V) => number, keep: V): V | undefined {
    let kept: number[] | undefined;
    let found: V | undefined;
    while (this.pop()) {
      const view = this.poppedView!;
      const activity = this.poppedActivity;
      this.poppedView = undefined;
      if (!view.listed) continue;
      if (view === keep) {
        (kept ??= []).push(activity);
        continue;
      }
      const now = activityOf(view);
      if (now !== activity) {
        this.push(view, now);
        continue;
      }
      found = view;
      break;
    }
    if (kept !== undefined) for (const activity of kept) this.push(keep, activity);
    return found;
  }

  /**
   * Lazy entries pile up (every new message or delete pushes one): past twice the `live` views plus a margin, the
   * owner should rebuild. Amortized O(log n) per push, and a long-running server's heap stays bounded.
   */
  stale(live: number): boolean {
    return this.size > 2 * live + 32;
  }

  /** Start over from the listed views (compaction when stale entries pile up, and after a fixture load). */
  rebuild(views: Iterable<V>, activityOf: (view: V) => number): void {
    this.clear();
    for (const v of views) this.push(v, activityOf(v));
  }

  /** Empty (a load's eviction replay refills it with the activities it knows). */
  clear(): void {
    this.activities = [];
    this.views = [];
  }
}

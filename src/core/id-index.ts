import { SPLIT, splitId } from './id-code.ts';
import { compareIdTo, splitKeyId, type Key } from './key.ts';

/**
 * Every stored message of a tenant by id (recall and edit name a message by id alone, R25, R30), in ~8 bytes a
 * message instead of a hash map's ~30 (issue #18): ids the tenant mints only grow, so messages are appended to
 * one array in id order and found by binary search; the few that arrive out of order (fixture and import ids)
 * go to a small map beside it.
 */
export class IdIndex<M extends Key> {
  private sorted: M[] = [];
  private other = new Map<string, M>();

  get(id: string): M | undefined {
    const i = this.find(id);
    return i >= 0 ? this.sorted[i] : this.other.get(id);
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  /** Add a message whose id is not in the index yet. */
  /** set(m.id, m) without building the id's text (stored messages keep it as numbers). */
  add(m: M): this {
    const last = this.sorted[this.sorted.length - 1];
    if (last === undefined || (splitKeyId(m) && compareIdTo(last, SPLIT.ms, SPLIT.low) < 0)) this.sorted.push(m);
    else this.other.set(m.id, m);
    return this;
  }

  set(id: string, m: M): this {
    const last = this.sorted[this.sorted.length - 1];
    if (last === undefined || (splitId(id) && compareIdTo(last, SPLIT.ms, SPLIT.low) < 0)) this.sorted.push(m);
    else this.other.set(id, m);
    return this;
  }

  delete(id: string): boolean {
    const i = this.find(id);
    if (i >= 0) {
      this.sorted.splice(i, 1);
      return true;
    }
    return this.other.delete(id);
  }

  /** Exact length after a bulk load. */
  compact(): void {
    this.sorted = this.sorted.slice();
  }

  private find(id: string): number {
    // Split once, then compare numbers (key.ts compareIdTo): no id text per step. Every stored id splits.
    if (!splitId(id)) return -1;
    const ms = SPLIT.ms;
    const low = SPLIT.low;
    const a = this.sorted;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareIdTo(a[mid]!, ms, low);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return -1;
  }
}

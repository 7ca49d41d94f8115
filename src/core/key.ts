/**
 * Every message sorts by (timestamp, id): ties in time are broken by id so paging never skips or repeats (R7).
 * Ids are canonical unsigned 64-bit decimals, so comparing length first, then text, orders them numerically.
 */
export interface Key {
  readonly timestamp: number;
  readonly id: string;
}

/** Greater than every uint64 decimal (21 digits): a key with it covers every message of that millisecond. */
export const ID_MAX = '999999999999999999999';
/** Less than every uint64 decimal. */
export const ID_MIN = '';

export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export function compareKeys(a: Key, b: Key): number {
  return a.timestamp - b.timestamp || compareIds(a.id, b.id);
}

export function maxKey(a: Key | null, b: Key | null): Key | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareKeys(a, b) >= 0 ? a : b;
}

/** First index whose element is > key (0 when key is null = "before everything"). */
export function upperBound(sorted: readonly Key[], key: Key | null): number {
  if (key === null) return 0;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(sorted[mid]!, key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose element is >= key. */
export function lowerBound(sorted: readonly Key[], key: Key): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(sorted[mid]!, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose timestamp is ≥ `timestamp`: the same as lowerBound with the smallest id, without comparing ids. */
export function firstAtOrAfter(sorted: readonly Key[], timestamp: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.timestamp < timestamp) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Insert keeping order; appends (the usual case: server time only grows) cost O(1). */
export function insertSorted<T extends Key>(sorted: T[], item: T): void {
  const last = sorted[sorted.length - 1];
  if (last === undefined || compareKeys(last, item) <= 0) sorted.push(item);
  else sorted.splice(upperBound(sorted, item), 0, item);
}

import { SPLIT, compareSplit, idText, splitId } from './id-code.ts';

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

/**
 * A key that compares its id as numbers (id-code.ts) instead of text: StoredMessage, whose regular ids have no
 * stored text. compareKeys and the helpers below use these methods whenever a key is one.
 */
export abstract class NumericIdKey implements Key {
  abstract readonly timestamp: number;
  abstract readonly id: string;
  /** This id against the id (ms, low): negative, 0 or positive. */
  abstract compareIdTo(ms: number, low: number): number;
  /** Is `text` this id? */
  abstract hasId(text: string): boolean;
  /** SPLIT := this id's (ms, low). */
  abstract splitInto(): void;
}

export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export function compareKeys(a: Key, b: Key): number {
  return a.timestamp - b.timestamp || compareKeyIds(a, b);
}

/** compareIds(a.id, b.id) without building a NumericIdKey's id text. */
function compareKeyIds(a: Key, b: Key): number {
  if (a instanceof NumericIdKey) {
    if (b instanceof NumericIdKey) b.splitInto();
    else if (!splitId(b.id)) return compareIds(a.id, b.id);
    return a.compareIdTo(SPLIT.ms, SPLIT.low);
  }
  if (b instanceof NumericIdKey) return 0 - compareKeyIds(b, a); // 0 -: never -0
  return compareIds(a.id, b.id);
}

/** A key's id against the id (ms, low) of id-code.ts splitId; no text built for stored messages. */
export function compareIdTo(k: Key, ms: number, low: number): number {
  if (k instanceof NumericIdKey) return k.compareIdTo(ms, low);
  return splitId(k.id) ? compareSplit(SPLIT.ms, SPLIT.low, ms, low) : compareIds(k.id, idText(ms, low));
}

/** SPLIT := the key's id as (ms, low) (id-code.ts); false if its text is not a canonical decimal. */
export function splitKeyId(k: Key): boolean {
  if (!(k instanceof NumericIdKey)) return splitId(k.id);
  k.splitInto();
  return true;
}

/** Is `id` the key's id? No text built for stored messages. */
export function hasId(k: Key, id: string): boolean {
  return k instanceof NumericIdKey ? k.hasId(id) : k.id === id;
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

/**
 * firstAtOrAfter for a time near the end — recent messages, what deletes and recalls usually name: probes 1, 2, 4, …
 * back from the end, then a binary search between the last two probes. O(log distance from the end).
 */
export function firstAtOrAfterNearEnd(sorted: readonly Key[], timestamp: number): number {
  const n = sorted.length;
  // Invariant: every element from `hi` on is at or after `timestamp`.
  let hi = n;
  let step = 1;
  let probe = n - 1;
  while (probe >= 0 && sorted[probe]!.timestamp >= timestamp) {
    hi = probe;
    step *= 2;
    probe = n - step;
  }
  let lo = probe < 0 ? 0 : probe + 1;
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

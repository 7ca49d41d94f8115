/**
 * R19 ids as numbers: id = ms × 2^22 + low (low < 2^22). Decimal text ⇄ (ms, low), exact for every id of up to
 * 21 digits with plain doubles (no BigInt, no allocation when reading text), so stored messages keep no id text
 * (stored-message.ts) and comparisons need not build it.
 */
export const LOW = 4_194_304; // 2^22: the millisecond's share of an id

/** What splitId found: scratch, read right after the call (one object, so a split allocates nothing). */
export const SPLIT = { ms: 0, low: 0 };

// The last id built or split: the id just minted is stored, indexed and read back right away (one entry suffices).
let memoMs = -1;
let memoLow = -1;
let memoText = '';

/**
 * The decimal text of ms × 2^22 + low, exact for any ms < 2^42 (every uint64 id). Not flattened: it is built on
 * each read and mostly dropped at once (a stored id's text is flattened by StoredMessage's setter).
 */
export function idText(ms: number, low: number): string {
  if (ms === memoMs && low === memoLow) return memoText;
  // id = p × 10^9 + q, with ms = a × 10^9 + b: b × 2^22 + low < 2^53, so every step is exact.
  const a = Math.floor(ms / 1e9);
  let p = a * LOW;
  let q = (ms - a * 1e9) * LOW + low;
  p += Math.floor(q / 1e9);
  q %= 1e9;
  const text = p === 0 ? String(q) : String(p) + String(q + 1e9).slice(1);
  memoMs = ms;
  memoLow = low;
  memoText = text;
  return text;
}

/**
 * SPLIT := (ms, low) of a canonical decimal (digits, no leading zero) of 1–21 digits; '' splits to (-1, 0), below
 * every id (key.ts ID_MIN). False for any other text (SPLIT then unchanged). The same order as key.ts compareIds.
 */
export function splitId(text: string): boolean {
  const n = text.length;
  if (n === 0) {
    SPLIT.ms = -1;
    SPLIT.low = 0;
    return true;
  }
  // The last digit first: ids of one millisecond differ there, and a cheap miss spares a string comparison.
  if (n === memoText.length && text.charCodeAt(n - 1) === memoText.charCodeAt(n - 1) && text === memoText) {
    SPLIT.ms = memoMs;
    SPLIT.low = memoLow;
    return true;
  }
  if (n > 21 || (n > 1 && text.charCodeAt(0) === 48)) return false;
  // text = p × 10^6 + q; p has at most 15 digits (< 2^53), so every step below is exact.
  const cut = n > 6 ? n - 6 : 0;
  let p = 0;
  for (let i = 0; i < cut; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    p = p * 10 + d;
  }
  let q = 0;
  for (let i = cut; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    q = q * 10 + d;
  }
  const p1 = Math.floor(p / LOW);
  const r = (p - p1 * LOW) * 1e6 + q; // < 2^22 × 10^6 + 10^6 < 2^43
  const rHigh = Math.floor(r / LOW);
  memoMs = SPLIT.ms = p1 * 1e6 + rHigh;
  memoLow = SPLIT.low = r - rHigh * LOW;
  memoText = text;
  return true;
}

/** (aMs, aLow) against (bMs, bLow): negative, 0 or positive. */
export function compareSplit(aMs: number, aLow: number, bMs: number, bLow: number): number {
  return aMs - bMs || aLow - bLow;
}

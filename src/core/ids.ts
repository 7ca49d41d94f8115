import { compareIds } from './key.ts';
import { LOW, SPLIT, idText, splitId } from './id-code.ts';

/**
 * R19: snowflake-like message ids — epoch ms in the high bits (× 2^22), then 10 node bits drawn from the seed,
 * then a 12-bit sequence. Unique per tenant even when the clock is frozen or set back: a new id is always
 * greater than every id the tenant has seen. Plain double arithmetic (no BigInt on the hot path).
 */
export interface IdGenerator {
  next(timestamp: number): string;
  /** next() without its text: SPLIT := the new id's (ms, low) (a fixture mints a million ids nobody reads yet). */
  nextSplit(timestamp: number): void;
  /** Tell the generator about an id that entered from outside (fixtures), so later ids stay above it. */
  observe(id: string): void;
  /** The greatest id issued or observed so far ('' if none). */
  readonly ceiling: string;
}

export function createIdGenerator(seed: number): IdGenerator {
  const node = ((seed >>> 0) % 1024) * 4096;
  // The last id as (millisecond, low 22 bits); -1 = none yet.
  let lastMs = -1;
  let lastLow = 0;
  // The ceiling's text, built when asked for ('' with lastMs -1: none yet).
  let ceiling: string | undefined = '';
  const nextSplit = (timestamp: number): void => {
    let ms = Math.max(0, Math.floor(timestamp));
    let low = node;
    if (ms < lastMs || (ms === lastMs && low <= lastLow)) {
      ms = lastMs;
      low = lastLow + 1;
      if (low >= LOW) {
        ms++;
        low = 0;
      }
    }
    lastMs = SPLIT.ms = ms;
    lastLow = SPLIT.low = low;
    ceiling = undefined;
  };
  const ceilingText = (): string => (ceiling ??= idText(lastMs, lastLow));
  return {
    next(timestamp) {
      nextSplit(timestamp);
      return ceilingText();
    },
    nextSplit,
    observe(id) {
      if (compareIds(id, ceilingText()) <= 0) return;
      ceiling = id;
      splitId(id);
      lastMs = SPLIT.ms;
      lastLow = SPLIT.low;
    },
    get ceiling() {
      return ceilingText();
    },
  };
}

/** The greatest millisecond part of a uint64 id: 2^64 − 1 = (2^42 − 1) × 2^22 + (2^22 − 1). */
const UINT64_MAX_MS = 4_398_046_511_103;

/** Canonical unsigned 64-bit decimal: digits only, no leading zero, at most 2^64-1. */
export function isUint64Decimal(value: string): boolean {
  // By hand rather than a regex: every id of a delete (≤ 50) and of a fixture (a million) comes through here.
  if (typeof value !== 'string') return false;
  const n = value.length;
  // splitId checks the digits; the id it leaves split is what a search for it asks next (its memo answers).
  return n > 0 && n <= 20 && splitId(value) && SPLIT.ms <= UINT64_MAX_MS;
}

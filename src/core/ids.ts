import { compareIds } from './key.ts';
import { flatString } from './flat-string.ts';

/**
 * R19: snowflake-like message ids — epoch ms in the high bits (× 2^22), then 10 node bits drawn from the seed,
 * then a 12-bit sequence. Unique per tenant even when the clock is frozen or set back: a new id is always
 * greater than every id the tenant has seen. Plain double arithmetic (no BigInt on the hot path).
 */
export interface IdGenerator {
  next(timestamp: number): string;
  /** Tell the generator about an id that entered from outside (fixtures), so later ids stay above it. */
  observe(id: string): void;
  /** The greatest id issued or observed so far ('' if none). */
  readonly ceiling: string;
}

const LOW = 4194304; // 2^22: the millisecond's share of an id

/** The decimal text of ms × 2^22 + low, exact for any ms < 2^41, without BigInt. */
function idText(ms: number, low: number): string {
  const a = Math.floor(ms / 1e6);
  const b = ms - a * 1e6;
  let p = a * LOW; // < 2^44: exact
  let q = b * LOW + low; // < 2^43: exact
  p += Math.floor(q / 1e6);
  q %= 1e6;
  // Flat: a rope of two numbers' texts costs twice the id (a million of them are stored).
  return flatString(p === 0 ? String(q) : `${p}${String(q).padStart(6, '0')}`);
}

export function createIdGenerator(seed: number): IdGenerator {
  const node = ((seed >>> 0) % 1024) * 4096;
  // The last id as (millisecond, low 22 bits); -1 = none yet.
  let lastMs = -1;
  let lastLow = 0;
  let ceiling = '';
  return {
    next(timestamp) {
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
      lastMs = ms;
      lastLow = low;
      ceiling = idText(ms, low);
      return ceiling;
    },
    observe(id) {
      if (compareIds(id, ceiling) <= 0) return;
      ceiling = id;
      const big = BigInt(id);
      lastMs = Number(big >> 22n);
      lastLow = Number(big & 4194303n);
    },
    get ceiling() {
      return ceiling;
    },
  };
}

const UINT64_MAX = '18446744073709551615';

/** Canonical unsigned 64-bit decimal: digits only, no leading zero, at most 2^64-1 (compared as text). */
export function isUint64Decimal(value: string): boolean {
  if (!/^(0|[1-9][0-9]{0,19})$/.test(value)) return false;
  return value.length < 20 || value <= UINT64_MAX;
}

import { compareIds } from './key.ts';

/**
 * R19: snowflake-like message ids — epoch ms in the high bits (<< 22), then 10 node bits drawn from the seed,
 * then a 12-bit sequence. Unique per tenant even when the clock is frozen or set back: a new id is always
 * greater than every id the tenant has seen.
 */
export interface IdGenerator {
  next(timestamp: number): string;
  /** Tell the generator about an id that entered from outside (fixtures), so later ids stay above it. */
  observe(id: string): void;
  /** The greatest id issued or observed so far ('' if none). */
  readonly ceiling: string;
}

const TIME_SHIFT = 22n;
const NODE_SHIFT = 12n;

export function createIdGenerator(seed: number): IdGenerator {
  const node = BigInt((seed >>> 0) % 1024);
  let last = -1n;
  let ceiling = '';
  return {
    next(timestamp) {
      let id = (BigInt(Math.max(0, Math.floor(timestamp))) << TIME_SHIFT) | (node << NODE_SHIFT);
      if (id <= last) id = last + 1n;
      last = id;
      ceiling = id.toString();
      return ceiling;
    },
    observe(id) {
      if (compareIds(id, ceiling) > 0) {
        ceiling = id;
        last = BigInt(id);
      }
    },
    get ceiling() {
      return ceiling;
    },
  };
}

/** The millisecond an id of ours was minted in (used to find a message by id with a binary search). */
export function timestampOfId(id: string): number {
  return Number(BigInt(id) >> TIME_SHIFT);
}

const UINT64_MAX = (1n << 64n) - 1n;

/** Canonical unsigned 64-bit decimal: digits only, no leading zero, at most 2^64-1. */
export function isUint64Decimal(value: string): boolean {
  if (!/^(0|[1-9][0-9]{0,19})$/.test(value)) return false;
  return BigInt(value) <= UINT64_MAX;
}

import { badArg, describe } from './errors.ts';

/** What a JavaScript Date can hold: ±8.64e15 ms around 1970 (±100,000,000 days). Every clock value stays inside. */
export const CLOCK_LIMIT_MS = 8_640_000_000_000_000;

/** A clock value (epoch ms) or an illegal_argument naming `field` and the range; nothing is applied on failure. */
export function requireClockTime(field: string, ms: unknown): number {
  if (typeof ms !== 'number' || !Number.isInteger(ms) || Math.abs(ms) > CLOCK_LIMIT_MS) {
    throw badArg(field, `must give a time in [-${CLOCK_LIMIT_MS}, ${CLOCK_LIMIT_MS}] epoch ms (what a Date can hold), got ${describe(ms)}`);
  }
  return ms;
}

/** One controllable clock per engine: every timestamp, the R6 window, token expiry and rate windows read it. */
export interface Clock {
  /** Current time in epoch ms. */
  now(): number;
  /** Jump to `ms`; keeps the frozen/running state. Out of the Date range: an illegal_argument naming `now`, nothing changes. */
  set(ms: number): void;
  /** Move forward (or back, with a negative value) by `ms`; a result out of the Date range is an illegal_argument naming `by`. */
  advance(ms: number): void;
  /** Stop time at its current value. */
  freeze(): void;
  /** Let time run again from its current value. */
  unfreeze(): void;
  readonly frozen: boolean;
}

export interface ClockOptions {
  /** Start time (epoch ms). Default: real time. */
  now?: number;
  /** Start frozen. Default: false. */
  frozen?: boolean;
  /** Source of real time; injectable so tests of the clock itself stay deterministic. */
  realNow?: () => number;
}

export function createClock(options: ClockOptions = {}): Clock {
  const realNow = options.realNow ?? (() => Date.now());
  if (options.now !== undefined) requireClockTime('now', options.now);
  // Running: now = realNow() + offset. Frozen: now = fixed.
  let frozen = options.frozen ?? false;
  let offset = options.now === undefined ? 0 : options.now - realNow();
  let fixed = options.now ?? realNow();
  const now = (): number => (frozen ? fixed : realNow() + offset);
  return {
    now,
    set(ms) {
      requireClockTime('now', ms);
      if (frozen) fixed = ms;
      else offset = ms - realNow();
    },
    advance(ms) {
      if (typeof ms !== 'number' || !Number.isInteger(ms) || Math.abs(now() + ms) > CLOCK_LIMIT_MS) {
        throw badArg('by', `must keep the clock in [-${CLOCK_LIMIT_MS}, ${CLOCK_LIMIT_MS}] epoch ms (what a Date can hold); ${describe(ms)} from ${now()} does not`);
      }
      if (frozen) fixed += ms;
      else offset += ms;
    },
    freeze() {
      fixed = now();
      frozen = true;
    },
    unfreeze() {
      offset = fixed - realNow();
      frozen = false;
    },
    get frozen() {
      return frozen;
    },
  };
}

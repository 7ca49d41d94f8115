/** One controllable clock per engine: every timestamp, the R6 window, token expiry and rate windows read it. */
export interface Clock {
  /** Current time in epoch ms. */
  now(): number;
  /** Jump to `ms`; keeps the frozen/running state. */
  set(ms: number): void;
  /** Move forward (or back, with a negative value) by `ms`. */
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
  // Running: now = realNow() + offset. Frozen: now = fixed.
  let frozen = options.frozen ?? false;
  let offset = options.now === undefined ? 0 : options.now - realNow();
  let fixed = options.now ?? realNow();
  const now = (): number => (frozen ? fixed : realNow() + offset);
  return {
    now,
    set(ms) {
      if (frozen) fixed = ms;
      else offset = ms - realNow();
    },
    advance(ms) {
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

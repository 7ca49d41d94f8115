import { describe, expect, it, vi } from 'vitest';
import type { Message, Tenant } from '../../src/core/model.ts';
import { runModel } from './model-run.ts';

/**
 * #18: every cache must be caught by the model-based test when it misses an invalidation. Each mutant below is
 * planted into the real modules (vi.mock) and the same property must then fail.
 */
const planted = vi.hoisted(() => ({ stamp: false, clock: false, pages: false, encodings: false }));

vi.mock('../../src/core/stamp.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/core/stamp.ts')>();
  // Mutant: the stamp never moves, so no derived cache (ranked lists, rendered pages) is ever rebuilt.
  return {
    cacheStamp: (t: Tenant) => (planted.stamp ? 0 : real.cacheStamp(t)),
    // Mutant: rendered pages forget that retention (R20(b)) makes them depend on the clock.
    clockDependent: (t: Tenant) => (planted.clock ? false : real.clockDependent(t)),
  };
});

vi.mock('../../src/api/wire/page-cache.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/api/wire/page-cache.ts')>();
  const stale = new WeakMap<Tenant, Map<string, string>>();
  // Mutant: rendered pages ignore the stamp (the ranked lists below them stay correct).
  const cachedPage = (t: Tenant, key: string, render: () => string): string => {
    if (!planted.pages) return real.cachedPage(t, key, render);
    let pages = stale.get(t);
    if (!pages) stale.set(t, (pages = new Map()));
    let page = pages.get(key);
    if (page === undefined) pages.set(key, (page = render()));
    return page;
  };
  return { cachedPage };
});

vi.mock('../../src/api/wire/meta.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/api/wire/meta.ts')>();
  // Mutant: a message's encodings are made once and never again, even after an edit.
  const frozen = (encode: (appKey: string, m: Message) => string) => {
    const made = new WeakMap<Message, string>();
    return (appKey: string, m: Message): string => {
      if (!planted.encodings) return encode(appKey, m);
      let text = made.get(m);
      if (text === undefined) made.set(m, (text = encode(appKey, m)));
      return text;
    };
  };
  return { ...real, historyMeta: frozen(real.historyMeta), restMetaJson: frozen(real.restMetaJson) };
});

const quietly = (run: () => void): void => {
  // fast-check's verbose report of the expected failure would flood the log.
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    run();
  } finally {
    error.mockRestore();
  }
};

describe('planted cache mutants fail the model-based test (#18)', () => {
  it('R3: a ranked-list cache that is never rebuilt after a change is caught by the engine-level comparison', () => {
    planted.stamp = true;
    try {
      quietly(() => expect(() => runModel({ numRuns: 40, http: false, shrink: false })).toThrow(/Property failed/));
    } finally {
      planted.stamp = false;
    }
  });

  it('R2–R7: a rendered-page cache that ignores tenant changes is caught by the comparison through mock.handle', () => {
    planted.pages = true;
    try {
      quietly(() => expect(() => runModel({ numRuns: 40, http: true, shrink: false })).toThrow(/Property failed/));
    } finally {
      planted.pages = false;
    }
  });

  it('R20b: rendered pages that ignore the clock under messageRetentionDays are caught through mock.handle', () => {
    planted.clock = true;
    try {
      quietly(() => expect(() => runModel({ numRuns: 60, http: true, shrink: false })).toThrow(/Property failed/));
    } finally {
      planted.clock = false;
    }
  });

  it('R31: per-message encodings (history Meta, RestMeta) that survive an edit are caught through mock.handle', () => {
    planted.encodings = true;
    try {
      quietly(() => expect(() => runModel({ numRuns: 40, http: true, shrink: false })).toThrow(/Property failed/));
    } finally {
      planted.encodings = false;
    }
  });

  it('without a mutant the same runs pass (the mocks above delegate to the real caches)', () => {
    runModel({ numRuns: 10, http: true });
  });
});

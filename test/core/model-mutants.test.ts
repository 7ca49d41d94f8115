import { describe, expect, it, vi } from 'vitest';
import type { Message, Tenant } from '../../src/core/model.ts';
import type { CachedPage } from '../../src/api/wire/page-cache.ts';
import { runModel } from './model-run.ts';

/**
 * #18: every cache must be caught by the model-based test when it misses an invalidation. Each mutant below is
 * planted into the real modules (vi.mock) and the same property must then fail.
 */
const planted = vi.hoisted(() => ({ stamp: false, clock: false, pages: false, answers: false, encodings: false }));

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
  const stale = new WeakMap<Tenant, Map<string, CachedPage>>();
  // Mutant: rendered pages ignore the stamp (the ranked lists below them stay correct).
  const cachedPage = (t: Tenant, key: string, render: () => string): CachedPage => {
    if (!planted.pages) return real.cachedPage(t, key, render);
    let pages = stale.get(t);
    if (!pages) stale.set(t, (pages = new Map()));
    let page = pages.get(key);
    if (page === undefined) {
      const text = render();
      pages.set(key, (page = { text, bytes: new TextEncoder().encode(text).length }));
    }
    return page;
  };
  // Mutant: a page's enveloped answer is reused whatever the clock says (its `timestamp` goes stale).
  const pageAnswer: typeof real.pageAnswer = (page, method, origin, path, now, envelop) => {
    if (!planted.answers) return real.pageAnswer(page, method, origin, path, now, envelop);
    return (page.answer ??= envelop());
  };
  return { cachedPage, pageAnswer };
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

/** Plant one mutant, run the model-based property, and expect it to fail (quietly: its report would flood the log). */
function caught(mutant: keyof typeof planted, numRuns: number, http: boolean): void {
  planted[mutant] = true;
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    expect(() => runModel({ numRuns, http, shrink: false })).toThrow(/Property failed/);
  } finally {
    error.mockRestore();
    planted[mutant] = false;
  }
}

describe('planted cache mutants fail the model-based test (#18)', () => {
  it('R3: a ranked-list cache that is never rebuilt after a change is caught by the engine-level comparison', () => caught('stamp', 40, false));

  it('R2–R7: a rendered-page cache that ignores tenant changes is caught by the comparison through mock.handle', () => caught('pages', 40, true));

  it('§3.2: an enveloped page reused after the clock moved (a stale envelope timestamp) is caught through mock.handle', () => caught('answers', 40, true));

  it('R20b: rendered pages that ignore the clock under messageRetentionDays are caught through mock.handle', () => caught('clock', 60, true));

  it('R31: per-message encodings (history Meta, RestMeta) that survive an edit are caught through mock.handle', () => caught('encodings', 40, true));

  it('without a mutant the same runs pass (the mocks above delegate to the real caches)', () => {
    runModel({ numRuns: 10, http: true });
  });
});

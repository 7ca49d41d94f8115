import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envelope, envelopeJson, envelopeJsonCached, type EnvelopeContext } from '../../src/api/wire/envelope.ts';

/** Hot paths splice cached JSON into `envelopeJson`; everything else builds `envelope()`: the two must agree byte for byte. */
describe('the REST envelope, built two ways', () => {
  it('envelopeJson(ctx, JSON.stringify(data)) === JSON.stringify(envelope(ctx, data)) for any names, paths and data', () => {
    const text = fc.string({ unit: 'binary', maxLength: 12 });
    const ctx = fc.record({
      method: fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'Post'),
      org: text,
      app: text,
      subPath: fc.string({ maxLength: 30 }).map((p) => `/${p}`),
      origin: fc.constantFrom('http://127.0.0.1:5280', 'http://localhost', 'https://a1.easemob.com/im'),
      now: fc.integer({ min: 0, max: 8_640_000_000_000_000 }),
    }) satisfies fc.Arbitrary<EnvelopeContext>;
    const seed = 20261125;
    fc.assert(
      fc.property(ctx, fc.jsonValue(), (c, data) => {
        expect(envelopeJson(c, JSON.stringify(data))).toBe(JSON.stringify(envelope(c, data)));
        // The cached head (#18), keyed as the dispatcher keys it, gives the same bytes on a miss and on a hit.
        const key = JSON.stringify([c.method, c.origin, c.org, c.app, c.subPath]);
        for (let i = 0; i < 2; i++) expect(envelopeJsonCached(key, () => c, JSON.stringify(data), c.now)).toBe(envelopeJson(c, JSON.stringify(data)));
      }),
      { seed, numRuns: 500 },
    );
  });
});

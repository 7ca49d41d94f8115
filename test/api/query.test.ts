import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/api/query.ts';

describe('parseQuery (#18: queries read in place)', () => {
  it('answers get() exactly as URLSearchParams for any query string and name', () => {
    const char = fc.constantFrom('a', 'b', 'ab', '=', '&', '%', '%41', '%zz', '+', '?', '1', '');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 16 }).map((cs) => cs.join('')), fc.constantFrom('a', 'b', 'ab', '', '1', 'a b', 'A'), (search, name) => {
        expect(parseQuery(search).get(name)).toBe(new URLSearchParams(search).get(name));
      }),
      { numRuns: 2000, seed: Number(process.env['FC_SEED'] ?? 20261126) },
    );
  });

  it('reads the usual SDK queries without decoding', () => {
    const q = parseQuery('limit=20&cursor=&need_mark=true&limit=5&flag');
    expect([q.get('limit'), q.get('cursor'), q.get('need_mark'), q.get('flag'), q.get('missing')]).toEqual(['20', '', 'true', '', null]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ID_MIN, compareKeys, firstAtOrAfter, firstAtOrAfterNearEnd, lowerBound } from '../../src/core/key.ts';

describe('key search (#18: id lookups without comparing ids)', () => {
  it('firstAtOrAfter(sorted, ts) === lowerBound(sorted, {timestamp: ts, id: ID_MIN}) on any sorted keys', () => {
    const key = fc.record({ timestamp: fc.integer({ min: 0, max: 20 }), id: fc.constantFrom('', '1', '10', '2', '99') });
    fc.assert(
      fc.property(fc.array(key, { maxLength: 40 }), fc.integer({ min: -2, max: 22 }), (keys, ts) => {
        const sorted = [...keys].sort(compareKeys);
        expect(firstAtOrAfter(sorted, ts)).toBe(lowerBound(sorted, { timestamp: ts, id: ID_MIN }));
      }),
      { numRuns: 2000, seed: Number(process.env['FC_SEED'] ?? 20261126) },
    );
  });

  it('firstAtOrAfterNearEnd (galloping from the end, for deletes by id) === firstAtOrAfter on any sorted keys', () => {
    const key = fc.record({ timestamp: fc.integer({ min: 0, max: 50 }), id: fc.constant('1') });
    fc.assert(
      fc.property(fc.array(key, { maxLength: 200 }), fc.integer({ min: -2, max: 52 }), (keys, ts) => {
        const sorted = [...keys].sort(compareKeys);
        expect(firstAtOrAfterNearEnd(sorted, ts)).toBe(firstAtOrAfter(sorted, ts));
      }),
      { numRuns: 2000, seed: Number(process.env['FC_SEED'] ?? 20261126) },
    );
  });
});

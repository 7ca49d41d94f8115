import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commaList } from '../../src/api/routes/shared.ts';

describe('R10 msgIdList: commaList', () => {
  it('equals split(",") → trim → drop empty, on any text', () => {
    const piece = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(',', ' ', '\u00a0', '\ufeff', '\u2028', '\t', '12', ',,'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((p) => p.join('')), (list) => {
        expect(commaList(list)).toEqual(list.split(',').map((s) => s.trim()).filter((s) => s !== ''));
      }),
      { numRuns: 3000, seed: Number(process.env['FC_SEED'] ?? 20261126) },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Length } from '../../src/core/utf8-length.ts';

describe('content-length of cached pages: utf8Length', () => {
  it('equals Buffer.byteLength on any string (CJK, emoji, lone surrogates)', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom('\ud800', 'a\udc00b', '\ud83d\ude00', '你好'));
    fc.assert(
      fc.property(text, (s) => {
        expect(utf8Length(s)).toBe(Buffer.byteLength(s));
      }),
      { numRuns: 3000, seed: Number(process.env['FC_SEED'] ?? 20261126) },
    );
  });
});

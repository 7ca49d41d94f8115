import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bearerToken } from '../../src/api/auth.ts';

/** What R17's header parse captured before it was written by hand (#18: it runs on every request). */
const byRegex = (header: string): string | undefined => /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];

describe('R17 Authorization: bearerToken', () => {
  it('captures what /^Bearer\\s+(\\S+)\\s*$/i captures, on any header', () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('Bearer', 'bearer', 'BEARER', 'BeArEr', 'Bearer ', 'Bearer\t', 'Bear', 'ſ', 'K', ' ', '  ', '\t', '\n', '\u00a0', '\ufeff', '\u2028', '\u3000', '\u200b', 'YWMtAbC-_9', 'x y'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }).map((p) => p.join('')), (header) => {
        expect(bearerToken(header)).toBe(byRegex(header));
      }),
      { numRuns: 5000, seed: Number(process.env['FC_SEED'] ?? 20261126) },
    );
  });

  it('the usual headers', () => {
    expect(bearerToken('Bearer YWMtabc')).toBe('YWMtabc');
    expect(bearerToken('bearer   YWMtabc \t')).toBe('YWMtabc');
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken('Bearer ')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken('Basic YWMtabc')).toBeUndefined();
    expect(bearerToken('BearerYWMtabc')).toBeUndefined();
  });
});

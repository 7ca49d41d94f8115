import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUint64Decimal } from '../../src/core/ids.ts';

/** The definition: a canonical decimal (no sign, no leading zero) of a value in [0, 2^64 − 1]. */
const reference = (s: string): boolean => /^(0|[1-9][0-9]*)$/.test(s) && BigInt(s) <= 18446744073709551615n;

describe('R19 message ids: isUint64Decimal', () => {
  it('accepts exactly the canonical decimals of 0 … 2^64 − 1', () => {
    const digits = fc.stringMatching(/^[0-9]{0,22}$/);
    const near = fc.bigInt({ min: 18446744073709551000n, max: 18446744073709552000n }).map(String);
    const any = fc.oneof(digits, near, fc.string({ maxLength: 22 }), fc.constantFrom('', '0', '00', '01', '-1', '+1', ' 1', '1 ', '1e3', '１２'));
    fc.assert(
      fc.property(any, (s) => {
        expect(isUint64Decimal(s)).toBe(reference(s));
      }),
      { numRuns: 3000, seed: Number(process.env['FC_SEED'] ?? 20261126) },
    );
  });

  it('refuses what is not a string (JS callers of the engine API)', () => {
    expect(isUint64Decimal(123 as unknown as string)).toBe(false);
    expect(isUint64Decimal(undefined as unknown as string)).toBe(false);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SPLIT, idText, splitId } from '../../src/core/id-code.ts';
import { createIdGenerator } from '../../src/core/ids.ts';
import { ID_MAX, ID_MIN, compareIds, compareKeys, hasId } from '../../src/core/key.ts';
import { StoredMessage } from '../../src/core/stored-message.ts';
import { CLOCK_LIMIT_MS } from '../../src/core/clock.ts';

const U64_MAX = (1n << 64n) - 1n;
const msg = (id: string, ts: number): StoredMessage =>
  new StoredMessage(id, 'a', 'b', 'chat', 'txt', '{}', '', ts, 'sdk', true, undefined, undefined, undefined);
const split = (text: string): [number, number] | null => (splitId(text) ? [SPLIT.ms, SPLIT.low] : null);

/** Issue #18: a stored message keeps a regular id as a small integer and builds its text on read (R19). */
describe('R19: ids as numbers (id-code.ts, StoredMessage)', () => {
  it('splitId and idText are exact inverses for every uint64 id, without BigInt', () => {
    const ids = [0n, 1n, 4194303n, 4194304n, (1n << 53n) + 1n, U64_MAX, U64_MAX - 1n, 10n ** 19n, 1000000000000000154n];
    for (const big of ids) {
      const text = String(big);
      expect(split(text)).toEqual([Number(big >> 22n), Number(big & 4194303n)]);
      expect(idText(Number(big >> 22n), Number(big & 4194303n))).toBe(text);
    }
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: U64_MAX }), (big) => {
        const text = String(big);
        expect(split(text)).toEqual([Number(big >> 22n), Number(big & 4194303n)]);
        expect(idText(SPLIT.ms, SPLIT.low)).toBe(text);
      }),
    );
  });

  it('splitId keeps compareIds order: "" below every id, 21 digits above; non-canonical text does not split', () => {
    expect(split(ID_MIN)).toEqual([-1, 0]);
    expect(split(ID_MAX)![0]).toBeGreaterThan(Number(U64_MAX >> 22n));
    for (const bad of ['01', '1a', '-1', '1.5', ' 1', '1234567890123456789012']) expect(split(bad)).toBeNull();
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: U64_MAX }), fc.bigInt({ min: 0n, max: U64_MAX }), (a, b) => {
        const [x, y] = [split(String(a))!, split(String(b))!];
        expect(Math.sign(x[0] - y[0] || x[1] - y[1])).toBe(Math.sign(compareIds(String(a), String(b))));
      }),
    );
  });

  it('a stored message gives back its id: regular (drift 0, >0, sequence overflow) and irregular (fixture) ids', () => {
    const ts = 1_700_000_000_000;
    const gen = createIdGenerator(3);
    const minted = [gen.next(ts), gen.next(ts), gen.next(ts - 5_000) /* clock set back: drift > 0 */];
    for (let i = 0; i < 5000; i++) minted.push(gen.next(ts)); // the 12-bit sequence overflows into the next ms
    for (const id of minted) {
      const m = msg('', ts);
      m.id = id; // as messages.ts ingestMessage does
      expect(m.id).toBe(id);
      expect(JSON.parse(JSON.stringify(m)).id).toBe(id);
    }
    const atTime = (d: bigint, low: bigint): string => String(((BigInt(ts) + d) << 22n) + low);
    const cases: Array<[string, number]> = [
      ['0', 0], ['0', ts], [String(U64_MAX), ts], [String(U64_MAX), 0], ['1000000000000000154', ts],
      [atTime(0n, 0n), ts], [atTime(0n, 4194303n), ts], [atTime(511n, 4194303n), ts], [atTime(512n, 0n), ts], [atTime(-1n, 0n), ts],
      ['18446744073709551615', CLOCK_LIMIT_MS], [String(BigInt(CLOCK_LIMIT_MS) << 22n), CLOCK_LIMIT_MS],
    ];
    for (const [id, at] of cases) {
      const m = msg(id, at);
      expect([m.id, m.timestamp]).toEqual([id, at]);
      expect(hasId(m, id)).toBe(true);
      expect(hasId(m, `${id}0`)).toBe(false);
    }
  });

  it('keys compare the same whether their ids are stored as numbers or as text', () => {
    const ts = 1_700_000_000_000;
    const base = BigInt(ts) << 22n;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -1, max: 1 }), fc.bigInt({ min: -5n, max: 513n * 4194304n })), { minLength: 2, maxLength: 6 }), (raw) => {
        const keys = raw.map(([dt, off]) => ({ timestamp: ts + dt, id: String(base + (off < 0n ? -off * 1000n : off)) }));
        const stored = keys.map((k) => msg(k.id, k.timestamp));
        for (let i = 0; i < keys.length; i++) {
          for (let j = 0; j < keys.length; j++) {
            const want = Math.sign(compareKeys(keys[i]!, keys[j]!));
            expect(Math.sign(compareKeys(stored[i]!, stored[j]!))).toBe(want);
            expect(Math.sign(compareKeys(stored[i]!, keys[j]!))).toBe(want);
            expect(Math.sign(compareKeys(keys[i]!, stored[j]!))).toBe(want);
          }
          expect(Math.sign(compareKeys(stored[i]!, { timestamp: ts + 0, id: ID_MAX }))).toBe(Math.sign(compareKeys(keys[i]!, { timestamp: ts, id: ID_MAX })));
          expect(Math.sign(compareKeys(stored[i]!, { timestamp: ts, id: ID_MIN }))).toBe(Math.sign(compareKeys(keys[i]!, { timestamp: ts, id: ID_MIN })));
        }
      }),
    );
  });
});

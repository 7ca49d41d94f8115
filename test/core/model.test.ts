import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/index.ts';
import { runModel, setup } from './model-run.ts';

describe('model-based: the engine agrees with a naive reference model', () => {
  it('R2–R18, R20, R20b, R21, R29, R31, R36–R39: random sequences (sends, directed sends, recalls, edits, joins, leaves, switches, retention and clock jumps, deletes, pins) give the same lists, pages and unread counts (100 runs × ≤50 commands)', () => {
    runModel({ numRuns: 100, http: false });
  });

  it('R2–R7 through the router: list and history pages served by mock.handle (rendered once per tenant state, #18) equal the engine\'s after every command (40 runs)', () => {
    runModel({ numRuns: 40, http: true });
  });
});

describe('paging invariants', () => {
  it('R7: walking every page in either direction yields every visible message once, in order — with equal timestamps and new messages arriving between pages', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(0, 0, 1, 7), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom<'up' | 'down'>('up', 'down'),
        fc.array(fc.nat({ max: 4 }), { maxLength: 20 }),
        (gaps, pageSize, direction, arrivals) => {
          const { mock, t } = setup();
          const initial: Message[] = [];
          for (const gap of gaps) {
            mock.clock.advance(gap);
            initial.push(t.send({ from: 'a', to: 'b', chatType: 'chat', type: 'txt', body: { msg: 'x' } }));
          }
          const seen: string[] = [];
          const late: string[] = [];
          let start = '-1';
          for (let page = 0; ; page++) {
            const res = t.history('b', { chatType: 'chat', id: 'a', pageSize, direction, start });
            seen.push(...res.messages.map((m) => m.id));
            if (res.isLast) break;
            start = res.nextKey;
            // New messages arrive between page requests.
            for (let i = 0; i < (arrivals[page] ?? 0); i++) late.push(t.send({ from: 'b', to: 'a', chatType: 'chat', type: 'txt', body: { msg: 'late' } }).id);
          }
          expect(new Set(seen).size).toBe(seen.length);
          const expected = initial.map((m) => m.id);
          if (direction === 'up') {
            // Newest first: the walk covers exactly what existed when it began.
            expect(seen).toEqual([...expected].reverse());
          } else {
            // Oldest first: everything that existed, then the arrivals, in order.
            expect(seen).toEqual([...expected, ...late]);
          }
        },
      ),
      { numRuns: 300, seed: Number(process.env['FC_SEED'] ?? 20261125) },
    );
  });
});

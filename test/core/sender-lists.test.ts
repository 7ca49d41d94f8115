import { describe, expect, it } from 'vitest';
import { SenderLists } from '../../src/core/sender-lists.ts';

/** Issue #18: Thread.bySender keeps two senders in slots and more in a Map, and answers like a Map either way. */
describe('SenderLists (#18: R18 unread per sender)', () => {
  it('gets, replaces and lists every sender, two or many', () => {
    const lists = new SenderLists<number>();
    const map = new Map<string, number[]>();
    const names = ['', 'a', 'b', 'c', 'd'];
    names.forEach((name, i) => {
      expect(lists.get(name)).toBeUndefined();
      for (const [k, v] of [[name, [i]], [name, [i, i]]] as const) {
        lists.set(k, [...v]);
        map.set(k, [...v]);
      }
      for (const n of names) expect(lists.get(n)).toEqual(map.get(n));
      expect([...lists]).toEqual([...map]);
    });
  });
});

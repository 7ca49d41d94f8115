import { describe, expect, it } from 'vitest';
import { createRoamingMock } from '../../src/index.ts';

describe('R2 eviction order stays bounded', () => {
  it('R10/R2: 5,000 deletes on a listed conversation (each pushes its new activity) keep the heap within 2 × listed + 32', () => {
    const mock = createRoamingMock({ now: Date.parse('2026-03-01T00:00:00Z'), frozen: true, seed: 1, fixture: { version: 1, apps: [{ org: 'o', app: 'a', users: [{ username: 'a' }, { username: 'b' }, { username: 'c' }] }] } });
    const t = mock.tenant('o#a');
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      mock.clock.advance(1);
      ids.push(t.send({ from: 'b', to: 'a', chatType: 'chat', type: 'txt', body: { msg: `m${i}` } }).id);
    }
    mock.clock.advance(1);
    t.send({ from: 'c', to: 'a', chatType: 'chat', type: 'txt', body: { msg: 'other' } });
    for (let i = 0; i < 5000; i++) t.deleteMessages('a', 'chat', 'b', [ids[i % 50]!]);
    const state = t.state.userStates.get('a')!;
    expect(state.listed.size).toBe(2);
    expect(state.eviction.size).toBeLessThanOrEqual(2 * state.listed.size + 32);
    // The order is still right: b's conversation keeps its newest visible message (ids 50–59 were never deleted).
    expect(t.conversations('a').conversations.map((e) => e.latest?.body['msg'])).toEqual(['other', 'm59']);
  });
});

describe('R2 eviction ties', () => {
  it('R2: of equally active conversations the one the list shows last leaves — the greatest id, a group before a chat of the same id', () => {
    const mock = createRoamingMock({
      now: Date.parse('2026-03-01T00:00:00Z'),
      frozen: true,
      seed: 1,
      fixture: { version: 1, apps: [{ org: 'o', app: 'a', config: { conversationLimit: 2 }, users: [{ username: 'a' }, { username: 'x' }, { username: 'y' }], groups: [{ id: 'x', owner: 'a' }] }] },
    });
    const t = mock.tenant('o#a');
    // One millisecond: chat x, group x — equally active; the list shows chat x first.
    t.send({ from: 'x', to: 'a', chatType: 'chat', type: 'txt', body: { msg: 'chat' } });
    t.send({ from: 'a', to: 'x', chatType: 'groupchat', type: 'txt', body: { msg: 'group' } });
    expect(t.conversations('a').conversations.map((e) => `${e.type}:${e.id}`)).toEqual(['chat:x', 'groupchat:x']);
    mock.clock.advance(1);
    t.send({ from: 'y', to: 'a', chatType: 'chat', type: 'txt', body: { msg: 'newer' } });
    expect(t.conversations('a').conversations.map((e) => `${e.type}:${e.id}`)).toEqual(['chat:y', 'chat:x']);
  });
});

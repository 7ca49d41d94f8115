import { describe, expect, it } from 'vitest';
import { undelivered } from '../../src/core/delivery.ts';
import { rejectsExactly } from '../support/rejects.ts';
import { T0, texts, world } from '../support/world.ts';

describe('R53 import', () => {
  it('R53: timestamps must be ≥ 1000, not after now, after the last import of the conversation, and after the group\'s creation', () => {
    const { t } = world();
    const chat = { chatType: 'chat' as const, from: 'alice', target: 'bob', type: 'txt', body: { msg: 'old' } };
    const invalid = 'msg_timestamp is invalid';
    rejectsExactly(() => t.importMessage({ ...chat, msgTimestamp: 0 }), 'illegal_argument', invalid);
    rejectsExactly(() => t.importMessage({ ...chat, msgTimestamp: 999 }), 'illegal_argument', invalid);
    rejectsExactly(() => t.importMessage({ ...chat, msgTimestamp: T0 + 1 }), 'illegal_argument', invalid);
    t.importMessage({ ...chat, msgTimestamp: T0 - 5000 });
    rejectsExactly(() => t.importMessage({ ...chat, msgTimestamp: T0 - 5000 }), 'illegal_argument', invalid);
    rejectsExactly(() => t.importMessage({ ...chat, msgTimestamp: T0 - 6000 }), 'illegal_argument', invalid);
    rejectsExactly(() => t.importMessage({ ...chat, chatType: 'groupchat', target: 'team', msgTimestamp: T0 - 1000 }), 'illegal_argument', invalid);
    expect(t.state.messageCount).toBe(1);
  });
});

describe('R54 what an import changes', () => {
  it('R54: roams, but creates no conversation, raises no unread and is never pushed offline', () => {
    const { t } = world();
    const m = t.importMessage({ chatType: 'chat', from: 'alice', target: 'bob', type: 'txt', body: { msg: 'old' }, msgTimestamp: T0 - 60_000 });
    expect(m.via).toBe('import');
    expect(m.timestamp).toBe(T0 - 60_000);
    expect(texts(t.history('bob', { chatType: 'chat', id: 'alice' }).messages)).toEqual(['old']);
    expect(t.conversations('bob').conversations).toEqual([]);
    expect(t.unread('bob', 'chat', 'alice')).toBe(0);
    expect(undelivered(t.state, 'bob', 'chat', 'alice')).toEqual([]);
  });
  it('R54: with importWritesConversation an import lists the conversation and counts as unread', () => {
    const { t } = world({ importWritesConversation: true });
    t.importMessage({ chatType: 'chat', from: 'alice', target: 'bob', type: 'txt', body: { msg: 'old' }, msgTimestamp: T0 - 60_000 });
    expect(t.conversations('bob').conversations.map((c) => c.id)).toEqual(['alice']);
    expect(t.unread('bob', 'chat', 'alice')).toBe(1);
  });
});

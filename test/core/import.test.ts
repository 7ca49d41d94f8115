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

describe('R54 is_ack_read', () => {
  const imp = { chatType: 'chat' as const, from: 'alice', target: 'bob', type: 'txt', body: { msg: 'old' } };
  it('R54: with importWritesConversation, is_ack_read true leaves the target\'s unread unchanged; false or absent counts it', () => {
    const { t } = world({ importWritesConversation: true });
    t.importMessage({ ...imp, msgTimestamp: T0 - 60_000, isAckRead: true });
    expect(t.conversations('bob').conversations.map((c) => [c.id, c.unread])).toEqual([['alice', 0]]);
    t.importMessage({ ...imp, msgTimestamp: T0 - 50_000, isAckRead: false });
    t.importMessage({ ...imp, msgTimestamp: T0 - 40_000 });
    expect(t.unread('bob', 'chat', 'alice')).toBe(2);
    t.importMessage({ ...imp, msgTimestamp: T0 - 30_000, isAckRead: true });
    expect(t.unread('bob', 'chat', 'alice')).toBe(2);
    expect(t.conversations('bob').conversations[0]?.unread).toBe(2);
    // It is still the latest message, and it roams.
    expect(texts(t.history('bob', { chatType: 'chat', id: 'alice' }).messages)).toHaveLength(4);
  });
  it('R54: is_ack_read on a group import raises no member\'s unread; a delete or recall of it never lowers unread twice', () => {
    const { t, mock } = world({ importWritesConversation: true });
    // Group imports come after the group's creation (now, in this world).
    mock.clock.advance(10_000);
    const acked = t.importMessage({ chatType: 'groupchat', from: 'alice', target: 'team', type: 'txt', body: { msg: 'a' }, msgTimestamp: T0 + 1000, isAckRead: true });
    t.importMessage({ chatType: 'groupchat', from: 'alice', target: 'team', type: 'txt', body: { msg: 'b' }, msgTimestamp: T0 + 2000 });
    expect([t.unread('bob', 'groupchat', 'team'), t.unread('carol', 'groupchat', 'team')]).toEqual([1, 1]);
    t.deleteMessages('bob', 'groupchat', 'team', [acked.id]);
    expect(t.unread('bob', 'groupchat', 'team')).toBe(1);
    t.recall({ msgId: acked.id, to: 'team', chatType: 'groupchat', force: true });
    expect([t.unread('bob', 'groupchat', 'team'), t.unread('carol', 'groupchat', 'team')]).toEqual([1, 1]);
  });
  it('R54: is_ack_read must be a boolean (the error names the field and the values); nothing is stored', () => {
    const { t } = world({ importWritesConversation: true });
    rejectsExactly(() => t.importMessage({ ...imp, isAckRead: 'yes' as never }), 'illegal_argument', 'is_ack_read: must be true or false, got "yes"');
    expect(t.state.messageCount).toBe(0);
  });
  it('R54: without importWritesConversation is_ack_read changes nothing (imports never count)', () => {
    const { t } = world();
    t.importMessage({ ...imp, msgTimestamp: T0 - 1000, isAckRead: false });
    expect(t.unread('bob', 'chat', 'alice')).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { undelivered } from '../../src/core/delivery.ts';
import { messagesOfHour } from '../../src/core/history-file.ts';
import { RoamingError } from '../../src/index.ts';
import { rejectsExactly } from '../support/rejects.ts';
import { T0, ids, say, texts, world } from '../support/world.ts';

const DAY = 86_400_000;

describe('R20(b) messageRetentionDays: config', () => {
  it('R20b: defaults to null (never expire); accepts null or an integer in [1, 3650]; anything else names the key and the range and changes nothing', () => {
    const { t } = world();
    expect(t.config().messageRetentionDays).toBeNull();
    expect(t.configure({ messageRetentionDays: 3 }).messageRetentionDays).toBe(3);
    for (const bad of [0, -1, 1.5, 3651, '3', true, {}]) {
      rejectsExactly(
        () => t.configure({ messageRetentionDays: bad as never }),
        'illegal_argument',
        `config.messageRetentionDays: must be null (never expire) or an integer in [1, 3650], got ${typeof bad === 'string' ? `"${bad}"` : typeof bad === 'object' ? 'a object' : String(bad)}`,
      );
    }
    expect(t.config().messageRetentionDays).toBe(3);
    expect(t.configure({ messageRetentionDays: null }).messageRetentionDays).toBeNull();
  });
});

describe('R20(b) expiry through the one predicate', () => {
  it('R20b: SDK history, v6 server roaming and offline pulls hide a message once max(timestamp, edit) < now − days', () => {
    const { t, tick } = world({ messageRetentionDays: 1 });
    say(t, tick, 'alice', 'bob', 'old');
    tick(DAY - 1000);
    say(t, tick, 'alice', 'bob', 'new');
    // 'old' was sent exactly one day and one second ago: gone; 'new' stays.
    expect(texts(t.history('bob', { chatType: 'chat', id: 'alice' }).messages)).toEqual(['new']);
    expect(texts(t.history('bob', { chatType: 'chat', id: 'alice', direction: 'down' }).messages)).toEqual(['new']);
    expect(texts(t.serverRoaming({ username: 'bob', chatType: 'chat', target: 'alice' }).messages)).toEqual(['new']);
    expect(texts(undelivered(t.state, 'bob', 'chat', 'alice'))).toEqual(['new']);
  });
  it('R20b: the boundary — a message stamped exactly now − days is still visible, one ms later it is not', () => {
    const { t, mock } = world({ messageRetentionDays: 2 });
    t.send({ from: 'alice', to: 'bob', chatType: 'chat', type: 'txt', body: { msg: 'edge' } });
    mock.clock.advance(2 * DAY);
    expect(texts(t.history('bob', { chatType: 'chat', id: 'alice' }).messages)).toEqual(['edge']);
    mock.clock.advance(1);
    expect(t.history('bob', { chatType: 'chat', id: 'alice' }).messages).toEqual([]);
  });
  it('R20b/R31: an edit restarts retention — the edited message outlives newer unedited ones', () => {
    const { t, tick, mock } = world({ messageRetentionDays: 1, editEnabled: true });
    const a = say(t, tick, 'alice', 'bob', 'a');
    say(t, tick, 'alice', 'bob', 'b');
    mock.clock.advance(DAY / 2);
    t.rewrite(a.id, { newMsg: { type: 'txt', msg: 'a2' } });
    mock.clock.advance(DAY / 2 + 10_000);
    expect(texts(t.history('bob', { chatType: 'chat', id: 'alice' }).messages)).toEqual(['a2']);
    expect(texts(t.serverRoaming({ username: 'bob', chatType: 'chat', target: 'alice', order: 'down' }).messages)).toEqual(['a2']);
    // R21: it is the latest message and still unread.
    const [row] = t.conversations('bob').conversations;
    expect(row?.latest?.id).toBe(a.id);
    expect(row?.unread).toBe(1);
    expect(t.unread('bob', 'chat', 'alice')).toBe(1);
    mock.clock.advance(DAY);
    expect(t.history('bob', { chatType: 'chat', id: 'alice' }).messages).toEqual([]);
    expect(t.unread('bob', 'chat', 'alice')).toBe(0);
  });
  it('R20b: group messages expire for every member alike; membership windows still apply', () => {
    const { t, tick, mock } = world({ messageRetentionDays: 1 });
    say(t, tick, 'alice', 'team', 'g-old', 'groupchat');
    mock.clock.advance(DAY);
    say(t, tick, 'bob', 'team', 'g-new', 'groupchat');
    for (const u of ['alice', 'bob', 'carol']) expect(texts(t.history(u, { chatType: 'groupchat', id: 'team' }).messages)).toEqual(['g-new']);
    expect(t.unread('carol', 'groupchat', 'team')).toBe(1);
  });
  it('R52: history files do not apply retention', () => {
    const { t, tick, mock } = world({ messageRetentionDays: 1 });
    const m = say(t, tick, 'alice', 'bob', 'old');
    mock.clock.advance(2 * DAY);
    const hour = Math.floor(m.timestamp / 3_600_000) * 3_600_000;
    expect(messagesOfHour(t.state, hour).map((x) => x.id)).toEqual([m.id]);
  });
});

describe('R21 expiry leaves an empty conversation', () => {
  it('R21: the conversation stays (needEmptySession / includeEmpty, unread 0), ordered by activeAt; without the flag it is hidden', () => {
    const { t, tick, mock } = world({ messageRetentionDays: 1 });
    say(t, tick, 'alice', 'bob', 'to bob');
    mock.clock.advance(DAY / 2);
    say(t, tick, 'carol', 'bob', 'from carol');
    mock.clock.advance(DAY / 2 + 5000);
    expect(ids(t.conversations('bob').conversations)).toEqual(['carol']);
    const all = t.conversations('bob', { includeEmpty: true }).conversations;
    expect(all.map((c) => [c.id, c.latest?.id ?? null, c.unread])).toEqual([
      ['carol', all[0]!.latest!.id, 1],
      ['alice', null, 0],
    ]);
    // activeAt is the time of the expired message, not lowered to the listing time.
    expect(all[1]!.activity).toBe(T0);
  });
  it('R21: empty conversations still count toward conversationLimit (a new one evicts the least recently active)', () => {
    const { t, tick, mock } = world({ messageRetentionDays: 1, conversationLimit: 2 });
    say(t, tick, 'alice', 'bob', 'a');
    say(t, tick, 'carol', 'bob', 'c');
    mock.clock.advance(2 * DAY);
    expect(ids(t.conversations('bob', { includeEmpty: true }).conversations)).toEqual(['carol', 'alice']);
    say(t, tick, 'dave', 'bob', 'd');
    expect(ids(t.conversations('bob', { includeEmpty: true }).conversations)).toEqual(['dave', 'carol']);
  });
  it('R21/R12: a delete in a conversation emptied by expiry does not remove it; deletes that leave nothing still do', () => {
    const { t, tick, mock } = world({ messageRetentionDays: 1 });
    const a = say(t, tick, 'alice', 'bob', 'a');
    mock.clock.advance(2 * DAY);
    t.deleteMessages('bob', 'chat', 'alice', ['1234567']);
    expect(ids(t.conversations('bob', { includeEmpty: true }).conversations)).toEqual(['alice']);
    t.deleteMessages('bob', 'chat', 'alice', [a.id]);
    expect(ids(t.conversations('bob', { includeEmpty: true }).conversations)).toEqual([]);
  });
  it('R47: the legacy lists show an expired conversation as empty while its activeAt is within legacyWindowDays', () => {
    const { t, tick, mock } = world({ messageRetentionDays: 1 });
    say(t, tick, 'alice', 'bob', 'a');
    mock.clock.advance(2 * DAY);
    const legacy = t.legacyConversations('bob');
    expect(legacy.map((c) => [c.id, c.latest, c.unread])).toEqual([['alice', undefined, 0]]);
    mock.clock.advance(7 * DAY);
    expect(t.legacyConversations('bob')).toEqual([]);
  });
  it('R21: a list read before and after the clock passes a retention boundary is never stale (the ranking cache follows the horizon)', () => {
    const { t, tick, mock } = world({ messageRetentionDays: 1 });
    say(t, tick, 'alice', 'bob', 'a');
    say(t, tick, 'carol', 'bob', 'c');
    expect(ids(t.conversations('bob').conversations)).toEqual(['carol', 'alice']);
    mock.clock.advance(DAY - 1000);
    // Only the clock moved: alice's message has just expired, carol's not yet.
    expect(ids(t.conversations('bob').conversations)).toEqual(['carol']);
    expect(t.conversationPage('bob', 1, 10).map((c) => [c.id, c.latest !== undefined])).toEqual([['carol', true], ['alice', false]]);
    mock.clock.advance(1000);
    expect(ids(t.conversations('bob').conversations)).toEqual([]);
    // Turning the clock back brings them back; so does lifting retention.
    mock.clock.set(T0 + 5000);
    expect(ids(t.conversations('bob').conversations)).toEqual(['carol', 'alice']);
    mock.clock.advance(3 * DAY);
    t.configure({ messageRetentionDays: null });
    expect(ids(t.conversations('bob').conversations)).toEqual(['carol', 'alice']);
  });
  it('R21: an import already expired when it arrives creates no conversation (importWritesConversation on)', () => {
    const { t } = world({ messageRetentionDays: 1, importWritesConversation: true });
    t.importMessage({ chatType: 'chat', from: 'alice', target: 'bob', type: 'txt', body: { msg: 'ancient' }, msgTimestamp: T0 - 2 * DAY });
    expect(t.conversations('bob', { includeEmpty: true }).conversations).toEqual([]);
    expect(t.history('bob', { chatType: 'chat', id: 'alice' }).messages).toEqual([]);
  });
});

describe('R25/R30 expired messages are gone for recall and edit', () => {
  it('R25: recalling an expired message is not_found msg; force answers success and changes no history', () => {
    const { t, tick, mock } = world({ messageRetentionDays: 1 });
    const m = say(t, tick, 'alice', 'bob', 'a');
    mock.clock.advance(2 * DAY);
    rejectsExactly(() => t.recall({ msgId: m.id, to: 'bob', chatType: 'chat', force: false }), 'recall_refused', 'not_found msg');
    rejectsExactly(() => t.recallAs('alice', m.id), 'recall_refused', 'not_found msg');
    expect(t.recall({ msgId: m.id, to: 'bob', chatType: 'chat', force: true }).message).toBeUndefined();
    expect(t.state.messagesById.has(m.id)).toBe(true);
  });
  it('R30: rewriting an expired message is 404 "The message is unavailable or has expired."', () => {
    const { t, tick, mock } = world({ messageRetentionDays: 1, editEnabled: true });
    const m = say(t, tick, 'alice', 'bob', 'a');
    mock.clock.advance(2 * DAY);
    rejectsExactly(() => t.rewrite(m.id, { newMsg: { type: 'txt', msg: 'b' } }), 'rewrite_not_found', 'The message is unavailable or has expired.');
    expect(() => t.editAs('alice', m.id, { type: 'txt', body: { msg: 'b' }, ext: {}, scope: 1 })).toThrow(RoamingError);
    expect(m.body['msg']).toBe('a');
  });
});

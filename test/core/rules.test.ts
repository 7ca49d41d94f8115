import { describe, expect, it } from 'vitest';
import { RoamingError } from '../../src/index.ts';
import { wireOf } from '../../src/api/wire/errors.ts';
import { ids, say, texts, world } from '../support/world.ts';

/** Expect a RoamingError of `kind` whose description names `field`; and that the call changed nothing. */
function rejects(fn: () => unknown, kind: string, field: string): RoamingError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RoamingError);
    const e = err as RoamingError;
    expect(e.kind).toBe(kind);
    expect(e.description).toContain(field);
    return e;
  }
  throw new Error('expected a RoamingError');
}

describe('R1 roaming must be enabled', () => {
  it('R1: SDK operations answer 403 "messageroaming function not open" when roaming is off', () => {
    const { t, tick } = world({ roamingEnabled: false });
    say(t, tick, 'bob', 'alice', 'hi');
    const e = rejects(() => t.conversations('alice'), 'roaming_disabled', 'messageroaming function not open');
    expect(wireOf(e, 'sdk').wire.status).toBe(403);
    rejects(() => t.history('alice', { chatType: 'chat', id: 'bob' }), 'roaming_disabled', 'roamingEnabled');
  });
  it('R1: REST deletes answer 400 "service open exception" when roaming is off', () => {
    const { t, tick } = world({ roamingEnabled: false });
    const m = say(t, tick, 'bob', 'alice', 'hi');
    const e = rejects(() => t.deleteMessages('alice', 'chat', 'bob', [m.id]), 'roaming_disabled', 'roamingEnabled');
    // One refusal in the core; the REST plane words it its own way.
    const rest = wireOf(e, 'rest');
    expect([rest.wire.status, rest.wire.error]).toEqual([400, 'service open exception']);
    expect(rest.description).toContain('not open message roaming');
    t.configure({ roamingEnabled: true });
    expect(texts(t.history('alice', { chatType: 'chat', id: 'bob' }).messages)).toEqual(['hi']);
  });
});

describe('R2 what the list holds, and the cap', () => {
  it('R2: single and group chats are listed, chat rooms never', () => {
    const { t, tick } = world({ chatroomRoaming: true });
    say(t, tick, 'bob', 'alice', 'dm');
    say(t, tick, 'bob', 'team', 'group', 'groupchat');
    say(t, tick, 'bob', 'lobby', 'room', 'chatroom');
    expect(t.conversations('alice').conversations.map((e) => `${e.type}:${e.id}`)).toEqual(['groupchat:team', 'chat:bob']);
    expect(texts(t.history('alice', { chatType: 'chatroom', id: 'lobby' }).messages)).toEqual(['room']);
  });
  it('R2: a new conversation over the cap evicts the least recently active one with its pin and marks', () => {
    const { t, tick } = world({ conversationLimit: 2 });
    say(t, tick, 'bob', 'alice', 'one');
    say(t, tick, 'carol', 'alice', 'two');
    t.pin('alice', 'chat', 'bob');
    t.mark('alice', 3, [{ type: 'chat', id: 'bob' }]);
    say(t, tick, 'dave', 'alice', 'three');
    expect(ids(t.conversations('alice').conversations)).toEqual(['dave', 'carol']);
    // bob's conversation comes back with the next message, without its old pin or mark.
    say(t, tick, 'bob', 'alice', 'four');
    const list = t.conversations('alice').conversations;
    expect(ids(list)).toEqual(['bob', 'dave']);
    expect(list[0]!.pinnedAt).toBe(0);
    expect(list[0]!.marks).toEqual([]);
    // The evicted history still roams.
    expect(texts(t.history('alice', { chatType: 'chat', id: 'bob' }).messages)).toEqual(['four', 'one']);
  });
});

describe('R3 order', () => {
  it('R3: newest latest message first; an empty conversation by its creation time', () => {
    const { t, tick } = world();
    say(t, tick, 'bob', 'alice', 'a');
    say(t, tick, 'carol', 'alice', 'b');
    t.mark('alice', 0, [{ type: 'chat', id: 'dave' }]); // empty conversation created now
    tick();
    say(t, tick, 'bob', 'alice', 'c');
    expect(ids(t.conversations('alice').conversations)).toEqual(['bob', 'carol']);
    expect(ids(t.conversations('alice', { includeEmpty: true }).conversations)).toEqual(['bob', 'dave', 'carol']);
  });
  it('R3: pinned listing by pin time, newest first; mark listing by mark time', () => {
    const { t, tick } = world();
    for (const u of ['bob', 'carol', 'dave']) say(t, tick, u, 'alice', u);
    t.pin('alice', 'chat', 'carol');
    tick();
    t.pin('alice', 'chat', 'bob');
    expect(ids(t.conversations('alice', { pinnedOnly: true }).conversations)).toEqual(['bob', 'carol']);
    t.mark('alice', 5, [{ type: 'chat', id: 'bob' }]);
    tick();
    t.mark('alice', 5, [{ type: 'chat', id: 'dave' }]);
    expect(ids(t.conversationsByMark('alice', { mark: 5 }).conversations)).toEqual(['dave', 'bob']);
  });
});

describe('R4 what each entry carries', () => {
  it('R4: latest visible message, pin state and time, marks and unread', () => {
    const { t, tick, mock } = world();
    say(t, tick, 'alice', 'bob', 'hello');
    say(t, tick, 'bob', 'alice', 'hey');
    say(t, tick, 'bob', 'alice', 'there?');
    const pinnedAt = mock.clock.now();
    t.pin('alice', 'chat', 'bob');
    t.mark('alice', 1, [{ type: 'chat', id: 'bob' }]);
    t.mark('alice', 0, [{ type: 'chat', id: 'bob' }]);
    const [entry] = t.conversations('alice').conversations;
    expect(entry).toMatchObject({ id: 'bob', type: 'chat', pinnedAt, marks: [0, 1], unread: 2 });
    expect(entry!.latest?.body).toEqual({ msg: 'there?' });
  });
});

describe('R5 list paging', () => {
  it('R5: cursor pages of `limit`, empty cursor first and last', () => {
    const { t, tick } = world();
    for (const u of ['bob', 'carol', 'dave']) say(t, tick, u, 'alice', u);
    const p1 = t.conversations('alice', { limit: 2, cursor: '' });
    expect(ids(p1.conversations)).toEqual(['dave', 'carol']);
    expect(p1.cursor).not.toBe('');
    const p2 = t.conversations('alice', { limit: 2, cursor: p1.cursor });
    expect(ids(p2.conversations)).toEqual(['bob']);
    expect(p2.cursor).toBe('');
  });
  it('R5: limit outside [1, 50], pageSize outside [1, 20], mark limit outside [1, 10] are rejected, never clamped', () => {
    const { t } = world();
    expect(rejects(() => t.conversations('alice', { limit: 51 }), 'illegal_argument', 'limit').description).toContain('[1, 50]');
    rejects(() => t.conversations('alice', { limit: 0 }), 'illegal_argument', 'limit');
    expect(rejects(() => t.conversationPage('alice', 1, 21), 'illegal_argument', 'pageSize').description).toContain('[1, 20]');
    rejects(() => t.conversationPage('alice', 0, 10), 'illegal_argument', 'pageNum');
    expect(rejects(() => t.conversationsByMark('alice', { mark: 1, limit: 11 }), 'illegal_argument', 'limit').description).toContain('[1, 10]');
    rejects(() => t.conversations('alice', { cursor: 'not-a-cursor' }), 'illegal_argument', 'cursor');
  });
  it('R5: page-number listing slices the same order', () => {
    const { t, tick } = world();
    for (const u of ['bob', 'carol', 'dave']) say(t, tick, u, 'alice', u);
    expect(ids(t.conversationPage('alice', 1, 2))).toEqual(['dave', 'carol']);
    expect(ids(t.conversationPage('alice', 2, 2))).toEqual(['bob']);
    expect(t.conversationPage('alice', 3, 2)).toEqual([]);
  });
});

describe('R6 legacy window', () => {
  it('R6: at most legacyLimit conversations whose latest message is within legacyWindowDays', () => {
    const { t, tick } = world({ legacyLimit: 2 });
    say(t, tick, 'bob', 'alice', 'old');
    tick(8 * 86_400_000);
    say(t, tick, 'carol', 'alice', 'c');
    say(t, tick, 'dave', 'alice', 'd');
    say(t, tick, 'alice', 'team', 'g', 'groupchat');
    expect(ids(t.legacyConversations('alice'))).toEqual(['team', 'dave']);
    t.configure({ legacyLimit: 10 });
    expect(ids(t.legacyConversations('alice'))).toEqual(['team', 'dave', 'carol']);
    tick(7 * 86_400_000);
    expect(ids(t.legacyConversations('alice'))).toEqual([]);
  });
});

describe('R7 history paging', () => {
  it('R7: up = newest first, down = oldest first, next_key chains pages, is_last on the page that reaches the end', () => {
    const { t, tick } = world();
    for (let i = 1; i <= 5; i++) say(t, tick, i % 2 ? 'bob' : 'alice', i % 2 ? 'alice' : 'bob', `m${i}`);
    const up1 = t.history('alice', { chatType: 'chat', id: 'bob', pageSize: 2 });
    expect(texts(up1.messages)).toEqual(['m5', 'm4']);
    expect(up1.isLast).toBe(false);
    const up2 = t.history('alice', { chatType: 'chat', id: 'bob', pageSize: 2, start: up1.nextKey });
    expect(texts(up2.messages)).toEqual(['m3', 'm2']);
    const up3 = t.history('alice', { chatType: 'chat', id: 'bob', pageSize: 2, start: up2.nextKey });
    expect(texts(up3.messages)).toEqual(['m1']);
    expect(up3).toMatchObject({ isLast: true, nextKey: '' });
    const down = t.history('alice', { chatType: 'chat', id: 'bob', pageSize: 5, direction: 'down', start: '-1' });
    expect(texts(down.messages)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(down.isLast).toBe(true);
  });
  it('R7: an empty page always has is_last true', () => {
    const { t } = world();
    expect(t.history('alice', { chatType: 'chat', id: 'dave' })).toEqual({ messages: [], nextKey: '', isLast: true });
  });
  it('R7: filters by type, inclusive time range and (groups) sender', () => {
    const { t, tick, mock } = world();
    const start = mock.clock.now();
    say(t, tick, 'bob', 'team', 'b1', 'groupchat');
    t.send({ from: 'carol', to: 'team', chatType: 'groupchat', type: 'loc', body: { lat: 1, lng: 2, addr: 'x' } });
    tick();
    say(t, tick, 'carol', 'team', 'c1', 'groupchat');
    say(t, tick, 'bob', 'team', 'b2', 'groupchat');
    const q = { chatType: 'groupchat' as const, id: 'team' };
    expect(texts(t.history('alice', { ...q, sender: 'bob' }).messages)).toEqual(['b2', 'b1']);
    expect(t.history('alice', { ...q, types: ['loc'] }).messages.map((m) => m.type)).toEqual(['loc']);
    expect(texts(t.history('alice', { ...q, types: ['txt'], startTime: start + 1000, endTime: start + 2000 }).messages)).toEqual(['c1']);
  });
  it('R7: ties in timestamp are ordered by id, so paging never skips or repeats', () => {
    const { t } = world();
    for (let i = 0; i < 7; i++) t.send({ from: 'bob', to: 'alice', chatType: 'chat', type: 'txt', body: { msg: `t${i}` } });
    const seen: unknown[] = [];
    let start = '-1';
    for (;;) {
      const page = t.history('alice', { chatType: 'chat', id: 'bob', pageSize: 3, direction: 'down', start });
      seen.push(...texts(page.messages));
      if (page.isLast) break;
      start = page.nextKey;
    }
    expect(seen).toEqual(['t0', 't1', 't2', 't3', 't4', 't5', 't6']);
  });
  it('R7: pull_number outside [1, 50], an unknown start id and startTime after endTime are rejected', () => {
    const { t } = world();
    expect(rejects(() => t.history('alice', { chatType: 'chat', id: 'bob', pageSize: 51 }), 'illegal_argument', 'pull_number').description).toContain('[1, 50]');
    rejects(() => t.history('alice', { chatType: 'chat', id: 'bob', pageSize: 0 }), 'illegal_argument', 'pull_number');
    rejects(() => t.history('alice', { chatType: 'chat', id: 'bob', start: '12345' }), 'illegal_argument', 'start');
    rejects(() => t.history('alice', { chatType: 'chat', id: 'bob', start: 'abc' }), 'illegal_argument', 'start');
    rejects(() => t.history('alice', { chatType: 'chat', id: 'bob', startTime: 5, endTime: 4 }), 'illegal_argument', 'startTime');
  });
});

describe('R8 chat-room roaming', () => {
  it('R8: room history roams only when chatroomRoaming is on', () => {
    const { t, tick } = world();
    say(t, tick, 'bob', 'lobby', 'room', 'chatroom');
    rejects(() => t.history('alice', { chatType: 'chatroom', id: 'lobby' }), 'roaming_disabled', 'chatroomRoaming');
    t.configure({ chatroomRoaming: true });
    expect(texts(t.history('alice', { chatType: 'chatroom', id: 'lobby' }).messages)).toEqual(['room']);
  });
});

describe('R9 one-way visibility', () => {
  it('R9: every kind of delete changes only the caller; the other side still lists and fetches everything', () => {
    const { t, tick } = world();
    const m1 = say(t, tick, 'bob', 'alice', 'one');
    say(t, tick, 'alice', 'bob', 'two');
    t.deleteMessages('alice', 'chat', 'bob', [m1.id]);
    t.deleteMessagesBefore('alice', 'chat', 'bob', Number.MAX_SAFE_INTEGER);
    t.deleteConversation('alice', 'chat', 'bob', { deleteRoam: true });
    t.deleteAll('alice');
    expect(t.conversations('alice').conversations).toEqual([]);
    expect(ids(t.conversations('bob').conversations)).toEqual(['alice']);
    expect(texts(t.history('bob', { chatType: 'chat', id: 'alice' }).messages)).toEqual(['two', 'one']);
  });
});

describe('R10 delete by ids', () => {
  it('R10: rejects 51 ids with "param exception" and changes nothing', () => {
    const { t, tick } = world();
    const m = say(t, tick, 'bob', 'alice', 'keep');
    const many = Array.from({ length: 51 }, () => m.id);
    const e = rejects(() => t.deleteMessages('alice', 'chat', 'bob', many), 'param_exception', 'delete msg list limit can not greater than 50');
    expect(e.description).toContain('msgIdList');
    expect(texts(t.history('alice', { chatType: 'chat', id: 'bob' }).messages)).toEqual(['keep']);
  });
  it('R10: 50 ids are fine; unknown ids are ignored', () => {
    const { t, tick } = world();
    const sent = Array.from({ length: 3 }, (_, i) => say(t, tick, 'bob', 'alice', `m${i}`));
    const hidden = t.deleteMessages('alice', 'chat', 'bob', [sent[1]!.id, ...Array.from({ length: 49 }, (_, i) => String(1000 + i))]);
    expect(hidden).toBe(1);
    expect(texts(t.history('alice', { chatType: 'chat', id: 'bob' }).messages)).toEqual(['m2', 'm0']);
  });
});

describe('R11 delete by time', () => {
  it('R11: removes messages at or before delTime', () => {
    const { t, tick } = world();
    say(t, tick, 'bob', 'alice', 'a');
    const b = say(t, tick, 'bob', 'alice', 'b');
    say(t, tick, 'bob', 'alice', 'c');
    t.deleteMessagesBefore('alice', 'chat', 'bob', b.timestamp);
    expect(texts(t.history('alice', { chatType: 'chat', id: 'bob' }).messages)).toEqual(['c']);
  });
});

describe('R12 empty conversations leave the list', () => {
  it('R12: deleting the last visible message drops the conversation from the caller list only', () => {
    const { t, tick } = world();
    const m = say(t, tick, 'bob', 'alice', 'only');
    t.deleteMessages('alice', 'chat', 'bob', [m.id]);
    expect(t.conversations('alice').conversations).toEqual([]);
    expect(ids(t.conversations('bob').conversations)).toEqual(['alice']);
  });
  it('R12: deleting some messages keeps it, showing the newest remaining one', () => {
    const { t, tick } = world();
    say(t, tick, 'bob', 'alice', 'old');
    const m = say(t, tick, 'bob', 'alice', 'new');
    t.deleteMessages('alice', 'chat', 'bob', [m.id]);
    expect(t.conversations('alice').conversations[0]?.latest?.body).toEqual({ msg: 'old' });
  });
});

describe('R13 delete conversation', () => {
  it('R13: delete_roam true — out of the list and its history gone; a later message re-creates it with only newer messages', () => {
    const { t, tick } = world();
    say(t, tick, 'bob', 'alice', 'before');
    t.deleteConversation('alice', 'chat', 'bob', { deleteRoam: true });
    expect(t.conversations('alice').conversations).toEqual([]);
    expect(t.history('alice', { chatType: 'chat', id: 'bob' }).messages).toEqual([]);
    // Same millisecond (frozen clock): the new message is still newer than the deletion.
    t.send({ from: 'bob', to: 'alice', chatType: 'chat', type: 'txt', body: { msg: 'after' } });
    expect(ids(t.conversations('alice').conversations)).toEqual(['bob']);
    expect(texts(t.history('alice', { chatType: 'chat', id: 'bob' }).messages)).toEqual(['after']);
  });
  it('R13: delete_roam false — only the list entry goes; history still roams', () => {
    const { t, tick } = world();
    say(t, tick, 'bob', 'alice', 'kept');
    t.deleteConversation('alice', 'chat', 'bob', { deleteRoam: false });
    expect(t.conversations('alice').conversations).toEqual([]);
    expect(texts(t.history('alice', { chatType: 'chat', id: 'bob' }).messages)).toEqual(['kept']);
    say(t, tick, 'bob', 'alice', 'new');
    expect(t.conversations('alice').conversations[0]?.latest?.body).toEqual({ msg: 'new' });
  });
});

describe('R14 delete all', () => {
  it('R14: clears every conversation and message of the user, one-way', () => {
    const { t, tick } = world();
    say(t, tick, 'bob', 'alice', 'dm');
    say(t, tick, 'carol', 'team', 'group', 'groupchat');
    t.deleteAll('alice');
    expect(t.conversations('alice', { includeEmpty: true }).conversations).toEqual([]);
    expect(t.history('alice', { chatType: 'groupchat', id: 'team' }).messages).toEqual([]);
    expect(texts(t.history('bob', { chatType: 'groupchat', id: 'team' }).messages)).toEqual(['group']);
  });
});

describe('R15 REST-sent messages', () => {
  it('R15: a REST message neither creates a conversation nor changes its latest message or unread, but roams', () => {
    const { t, tick } = world();
    t.send({ from: 'admin', to: 'alice', chatType: 'chat', type: 'txt', body: { msg: 'notice' }, via: 'rest' });
    expect(t.conversations('alice').conversations).toEqual([]);
    say(t, tick, 'bob', 'alice', 'sdk');
    t.send({ from: 'bob', to: 'alice', chatType: 'chat', type: 'txt', body: { msg: 'rest' }, via: 'rest' });
    const [entry] = t.conversations('alice').conversations;
    expect(entry?.latest?.body).toEqual({ msg: 'sdk' });
    expect(entry?.unread).toBe(1);
    expect(texts(t.history('alice', { chatType: 'chat', id: 'bob' }).messages)).toEqual(['rest', 'sdk']);
    // A REST sender that is no user (`admin`) still has a roaming thread.
    expect(texts(t.history('alice', { chatType: 'chat', id: 'admin' }).messages)).toEqual(['notice']);
  });
  it('R15: with restMessagesWriteConversation on, a REST message writes the conversation', () => {
    const { t } = world({ restMessagesWriteConversation: true });
    t.send({ from: 'bob', to: 'alice', chatType: 'chat', type: 'txt', body: { msg: 'rest' }, via: 'rest' });
    expect(t.conversations('alice').conversations[0]).toMatchObject({ id: 'bob', unread: 1 });
  });
  it('R15: roam_ignore_users hides the message from those users only', () => {
    const { t, tick } = world();
    say(t, tick, 'alice', 'team', 'hello', 'groupchat');
    t.send({ from: 'admin', to: 'team', chatType: 'groupchat', type: 'txt', body: { msg: 'secret' }, via: 'rest', roamIgnoreUsers: ['bob'] });
    expect(texts(t.history('bob', { chatType: 'groupchat', id: 'team' }).messages)).toEqual(['hello']);
    expect(texts(t.history('carol', { chatType: 'groupchat', id: 'team' }).messages)).toEqual(['secret', 'hello']);
  });
});

describe('R16 pins and marks', () => {
  it('R16: at most pinLimit pinned conversations; the refused pin changes nothing', () => {
    const { t, tick } = world({ pinLimit: 2 });
    for (const u of ['bob', 'carol', 'dave']) say(t, tick, u, 'alice', u);
    t.pin('alice', 'chat', 'bob');
    t.pin('alice', 'chat', 'carol');
    const e = rejects(() => t.pin('alice', 'chat', 'dave'), 'forbidden', 'pinLimit');
    expect(e.code).toBe(91101);
    expect(e.description).toContain('exceeds the limit 2');
    expect(ids(t.conversations('alice', { pinnedOnly: true }).conversations).sort()).toEqual(['bob', 'carol']);
    t.unpin('alice', 'chat', 'bob');
    tick();
    t.pin('alice', 'chat', 'dave');
    expect(ids(t.conversations('alice', { pinnedOnly: true }).conversations)).toEqual(['dave', 'carol']);
  });
  it('R16: marks 0–19 only, 1–20 targets per call; invalid targets come back as ignored', () => {
    const { t, tick } = world();
    say(t, tick, 'bob', 'alice', 'x');
    rejects(() => t.mark('alice', 20, [{ type: 'chat', id: 'bob' }]), 'illegal_argument', 'mark');
    expect(rejects(() => t.mark('alice', 1, Array.from({ length: 21 }, () => ({ type: 'chat' as const, id: 'bob' }))), 'forbidden', 'targets').code).toBe(91002);
    const ignored = t.mark('alice', 1, [{ type: 'chat', id: 'bob' }, { type: 'chat', id: 'nobody' }, { type: 'groupchat', id: 'nope' }]);
    expect(ignored.map((x) => x.id)).toEqual(['nobody', 'nope']);
    expect(t.conversations('alice').conversations[0]?.marks).toEqual([1]);
    t.unmark('alice', 1, [{ type: 'chat', id: 'bob' }]);
    expect(t.conversations('alice').conversations[0]?.marks).toEqual([]);
  });
});

describe('R17 tenants are isolated (core level; tokens land with HTTP)', () => {
  it('R17: the same usernames in two tenants share nothing', () => {
    const { mock, t, tick } = world();
    const other = mock.createTenant({ org: 'other', app: 'app' });
    for (const u of ['alice', 'bob']) other.addUser(u, 'pw');
    say(t, tick, 'bob', 'alice', 'demo only');
    expect(other.conversations('alice').conversations).toEqual([]);
    expect(() => mock.tenant('nope#app')).toThrow(/does not exist/);
  });
});

describe('R18 unread', () => {
  it('R18: incoming messages raise the count, own messages do not, deleting the conversation zeroes it', () => {
    const { t, tick } = world();
    say(t, tick, 'bob', 'alice', '1');
    say(t, tick, 'bob', 'alice', '2');
    say(t, tick, 'alice', 'bob', 'mine');
    expect(t.unread('alice', 'chat', 'bob')).toBe(2);
    expect(t.unread('bob', 'chat', 'alice')).toBe(1);
    t.deleteConversation('alice', 'chat', 'bob', { deleteRoam: false });
    expect(t.unread('alice', 'chat', 'bob')).toBe(0);
    say(t, tick, 'bob', 'alice', '3');
    expect(t.conversations('alice').conversations[0]?.unread).toBe(1);
  });
  it('R18: group messages raise every other member', () => {
    const { t, tick } = world();
    say(t, tick, 'bob', 'team', 'hi', 'groupchat');
    expect(t.unread('alice', 'groupchat', 'team')).toBe(1);
    expect(t.unread('carol', 'groupchat', 'team')).toBe(1);
    expect(t.unread('bob', 'groupchat', 'team')).toBe(0);
    t.markRead('carol', 'groupchat', 'team');
    expect(t.unread('carol', 'groupchat', 'team')).toBe(0);
  });
});

describe('R19 message ids', () => {
  it('R19: unique, increasing with server time, deterministic for a seed and clock', () => {
    const run = () => {
      const { t, tick } = world();
      const out: string[] = [];
      for (let i = 0; i < 5; i++) out.push(t.send({ from: 'bob', to: 'alice', chatType: 'chat', type: 'txt', body: { msg: 'x' } }).id);
      tick();
      out.push(say(t, tick, 'bob', 'alice', 'y').id);
      return out;
    };
    const a = run();
    expect(run()).toEqual(a);
    expect(new Set(a).size).toBe(a.length);
    const sorted = [...a].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
    expect(sorted).toEqual(a);
    for (const id of a) expect(/^[1-9]\d{17,19}$/.test(id)).toBe(true);
  });
  it('R19: ids stay unique when the clock is set back', () => {
    const { t, mock } = world();
    const a = t.send({ from: 'bob', to: 'alice', chatType: 'chat', type: 'txt', body: { msg: 'x' } });
    mock.clock.advance(-60_000);
    const b = t.send({ from: 'bob', to: 'alice', chatType: 'chat', type: 'txt', body: { msg: 'y' } });
    expect(b.id).not.toBe(a.id);
    expect(BigInt(b.id) > BigInt(a.id)).toBe(true);
    expect(texts(t.history('alice', { chatType: 'chat', id: 'bob' }).messages)).toEqual(['x', 'y']);
  });
});

describe('membership and validation', () => {
  it('R39: a user who never joined reads an empty group page; unknown users and groups are 404', () => {
    const { t } = world();
    expect(t.history('dave', { chatType: 'groupchat', id: 'team' })).toEqual({ messages: [], nextKey: '', isLast: true });
    rejects(() => t.history('alice', { chatType: 'chat', id: 'zed' }), 'not_found', 'queue');
    rejects(() => t.history('zed', { chatType: 'chat', id: 'bob' }), 'not_found', 'username');
    rejects(() => t.history('alice', { chatType: 'groupchat', id: 'nogroup' }), 'not_found', 'groupId');
  });
  it('a bad message body names its field and changes nothing', () => {
    const { t } = world();
    rejects(() => t.send({ from: 'bob', to: 'alice', chatType: 'chat', type: 'txt', body: { msg: 5 } }), 'illegal_argument', 'body.msg');
    rejects(() => t.send({ from: 'bob', to: 'alice', chatType: 'chat', type: 'gif', body: {} }), 'illegal_argument', 'type');
    rejects(() => t.send({ from: 'dave', to: 'team', chatType: 'groupchat', type: 'txt', body: { msg: 'x' } }), 'forbidden', 'to');
    expect(t.state.messageCount).toBe(0);
    expect(t.state.threads.size).toBe(0);
  });
  it('config patches are validated and a bad one changes nothing', () => {
    const { t } = world();
    rejects(() => t.configure({ conversationLimit: 0 }), 'illegal_argument', 'conversationLimit');
    rejects(() => t.configure({ nope: true } as never), 'illegal_argument', 'nope');
    expect(t.config().conversationLimit).toBe(100);
  });
});

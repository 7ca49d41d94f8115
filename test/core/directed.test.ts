import { describe, expect, it } from 'vitest';
import { audienceOf } from '../../src/core/visibility.ts';
import { rejectsExactly } from '../support/rejects.ts';
import { texts, world } from '../support/world.ts';

const directed = (t: ReturnType<typeof world>['t'], users: string[], msg = 'psst') =>
  t.send({ from: 'alice', to: 'team', chatType: 'groupchat', type: 'txt', body: { msg }, directedUsers: users });

describe('R34–R36 directed group messages', () => {
  it('R36: never in a conversation list, latest message or unread', () => {
    const { t } = world({ directedRoaming: true });
    directed(t, ['bob']);
    expect(t.conversations('bob').conversations).toEqual([]);
    expect(t.unread('bob', 'groupchat', 'team')).toBe(0);
  });
  it('R36/R20(d): roams only with directedRoaming, and then only for the sender and the listed members', () => {
    const { t } = world();
    directed(t, ['bob']);
    expect(texts(t.history('bob', { chatType: 'groupchat', id: 'team' }).messages)).toEqual([]);
    t.configure({ directedRoaming: true });
    expect(texts(t.history('bob', { chatType: 'groupchat', id: 'team' }).messages)).toEqual(['psst']);
    expect(texts(t.history('alice', { chatType: 'groupchat', id: 'team' }).messages)).toEqual(['psst']);
    expect(texts(t.history('carol', { chatType: 'groupchat', id: 'team' }).messages)).toEqual([]);
  });
  it('R36: live push goes to the sender and the listed members only', () => {
    const { t } = world();
    const m = directed(t, ['bob']);
    expect(audienceOf(t.state, m).sort()).toEqual(['alice', 'bob']);
  });
  it('R34: users empty or more than 20 → message_send_error, nothing stored', () => {
    const { t } = world();
    rejectsExactly(() => directed(t, []), 'send_error', "param users can't be empty");
    rejectsExactly(() => directed(t, Array.from({ length: 21 }, (_, i) => `u${i}`)), 'send_error', "params users's size can't exceed limit 20");
    expect(t.state.messageCount).toBe(0);
  });
  it('R35: receivers are ignored on single chats', () => {
    const { t } = world();
    const m = t.send({ from: 'alice', to: 'bob', chatType: 'chat', type: 'txt', body: { msg: 'x' }, directedUsers: ['carol'] });
    expect(m.directedUsers).toBeUndefined();
    expect(t.unread('bob', 'chat', 'alice')).toBe(1);
  });
});

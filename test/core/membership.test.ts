import { describe, expect, it } from 'vitest';
import { rejectsExactly } from '../support/rejects.ts';
import { say, texts, world } from '../support/world.ts';

const groupHistory = (t: ReturnType<typeof world>['t'], user: string) => texts(t.history(user, { chatType: 'groupchat', id: 'team', direction: 'down' }).messages);

describe('R37 membership changes', () => {
  it('R37: join and leave; a member joining again, a non-member leaving, the owner leaving and unknown names are refused', () => {
    const { t } = world();
    t.addGroupMember('team', 'dave');
    rejectsExactly(() => t.addGroupMember('team', 'dave'), 'forbidden', 'can not join this group, reason:user: dave already in group: team');
    t.removeGroupMember('team', 'dave');
    rejectsExactly(() => t.removeGroupMember('team', 'dave'), 'forbidden', 'users [dave] are not members of this group!');
    rejectsExactly(() => t.removeGroupMember('team', 'alice'), 'forbidden', 'forbidden operation on group owner!');
    rejectsExactly(() => t.addGroupMember('nope', 'dave'), 'group_not_found', 'grpID nope does not exist!');
    rejectsExactly(() => t.addGroupMember('team', 'zed'), 'user_not_found', "username zed doesn't exist!");
    expect(t.state.groups.get('team')!.memberships.get('dave')).toEqual([{ joinedAt: t.state.clock.now(), leftAt: t.state.clock.now() }]);
  });

  it('R37 (#18): founding members share one frozen stays array; a leave or a second stay gives that member his own', () => {
    const { t, tick } = world();
    const group = t.state.groups.get('team')!;
    const created = group.created;
    expect(group.memberships.get('bob')).toBe(group.memberships.get('carol'));
    expect(Object.isFrozen(group.memberships.get('bob'))).toBe(true);
    tick();
    t.removeGroupMember('team', 'bob');
    const left = t.state.clock.now();
    expect(group.memberships.get('bob')).toEqual([{ joinedAt: created, leftAt: left }]);
    expect(group.memberships.get('carol')).toEqual([{ joinedAt: created }]);
    tick();
    t.addGroupMember('team', 'bob');
    expect(group.memberships.get('bob')).toEqual([{ joinedAt: created, leftAt: left }, { joinedAt: t.state.clock.now() }]);
    expect(group.memberships.get('carol')).toBe(group.foundingStays);
    expect([...group.memberships.keys()]).toEqual(['alice', 'bob', 'carol']);
  });
});

describe('R37 bulk membership', () => {
  it('R37 bulk add: 1–60 names; current members are skipped, the others join now (request order, duplicates once)', () => {
    const { t, tick } = world();
    tick();
    expect(t.addGroupMembers('team', ['dave', 'bob', 'dave'])).toEqual(['dave']);
    expect([...t.state.groups.get('team')!.members]).toEqual(['alice', 'bob', 'carol', 'dave']);
    expect(t.state.groups.get('team')!.memberships.get('dave')).toEqual([{ joinedAt: t.state.clock.now() }]);
  });
  it('R37 bulk add: all already members → 403; an unknown user, a bad name, an empty or 61-name list → the error names the field and the range; nothing changes', () => {
    const { t } = world();
    const before = JSON.stringify([...t.state.groups.get('team')!.memberships]);
    rejectsExactly(() => t.addGroupMembers('team', ['bob', 'carol']), 'forbidden', 'can not join this group, reason:user: bob,carol already in group: team');
    rejectsExactly(() => t.addGroupMembers('team', ['dave', 'zed']), 'user_not_found', "usernames[1]: username zed doesn't exist!");
    rejectsExactly(() => t.addGroupMembers('team', ['dave', 'a b']), 'illegal_argument', 'usernames[1]: must be 1–64 characters of letters, digits, "_", "-" or ".", got "a b"');
    rejectsExactly(() => t.addGroupMembers('team', []), 'illegal_argument', 'usernames: must be an array of 1–60 user ids, got an array with 0 entries');
    rejectsExactly(() => t.addGroupMembers('team', Array.from({ length: 61 }, () => 'dave')), 'illegal_argument', 'usernames: must be an array of 1–60 user ids, got an array with 61 entries');
    rejectsExactly(() => t.addGroupMembers('team', 'dave' as never), 'illegal_argument', 'usernames: must be an array of 1–60 user ids, got "dave"');
    rejectsExactly(() => t.addGroupMembers('nope', ['dave']), 'group_not_found', 'grpID nope does not exist!');
    expect(JSON.stringify([...t.state.groups.get('team')!.memberships])).toBe(before);
  });
  it('R37 bulk remove: members leave now; the owner, non-members and unknown users get result false with a reason (partial success)', () => {
    const { t, tick } = world();
    tick();
    const results = t.removeGroupMembers('team', ['bob', 'alice', 'dave', 'zed', 'carol', 'bob']);
    expect(results).toEqual([
      { user: 'bob', result: true },
      { user: 'alice', result: false, reason: 'forbidden operation on group owner!' },
      { user: 'dave', result: false, reason: 'users [dave] are not members of this group!' },
      { user: 'zed', result: false, reason: "user zed doesn't exist." },
      { user: 'carol', result: true },
    ]);
    expect([...t.state.groups.get('team')!.members]).toEqual(['alice']);
    expect(t.state.groups.get('team')!.memberships.get('bob')?.at(-1)?.leftAt).toBe(t.state.clock.now());
  });
  it('R37 bulk remove: when nobody can be removed → 403 and nothing changes; bad lists name the field and the range', () => {
    const { t } = world();
    const before = JSON.stringify([...t.state.groups.get('team')!.memberships]);
    rejectsExactly(() => t.removeGroupMembers('team', ['dave', 'zed']), 'forbidden', 'users [dave, zed] are not members of this group!');
    rejectsExactly(() => t.removeGroupMembers('team', ['alice', 'dave']), 'forbidden', 'users [dave] are not members of this group!');
    rejectsExactly(() => t.removeGroupMembers('team', ['alice']), 'forbidden', 'forbidden operation on group owner!');
    rejectsExactly(() => t.removeGroupMembers('team', Array.from({ length: 61 }, () => 'bob')), 'illegal_argument', 'members: must be an array of 1–60 user ids, got an array with 61 entries');
    rejectsExactly(() => t.removeGroupMembers('team', ['bob', '']), 'illegal_argument', 'members[1]: must be 1–64 characters of letters, digits, "_", "-" or ".", got ""');
    expect(JSON.stringify([...t.state.groups.get('team')!.memberships])).toBe(before);
  });
  it('R37/R39 bulk remove: admins lose their rights; removed members keep what came before (as a single removal)', () => {
    const { t, tick } = world();
    say(t, tick, 'alice', 'team', 'before', 'groupchat');
    t.state.groups.get('team')!.admins.add('bob');
    t.removeGroupMembers('team', ['bob', 'carol']);
    say(t, tick, 'alice', 'team', 'after', 'groupchat');
    expect(t.state.groups.get('team')!.admins.has('bob')).toBe(false);
    expect(groupHistory(t, 'bob')).toEqual(['before']);
    expect(groupHistory(t, 'carol')).toEqual(['before']);
  });
});

describe('R38 history before joining', () => {
  it('R38: with groupHistoryBeforeJoin (default) a late joiner reads earlier messages, but they never count as unread', () => {
    const { t, tick } = world();
    say(t, tick, 'alice', 'team', 'before', 'groupchat');
    t.addGroupMember('team', 'dave');
    tick();
    expect(groupHistory(t, 'dave')).toEqual(['before']);
    expect(t.conversations('dave').conversations).toEqual([]); // joining creates no conversation
    say(t, tick, 'alice', 'team', 'after', 'groupchat');
    expect(groupHistory(t, 'dave')).toEqual(['before', 'after']);
    expect(t.unread('dave', 'groupchat', 'team')).toBe(1);
  });
  it('R38: without it a member reads only from his current join on — in history, latest and unread', () => {
    const { t, tick } = world({ groupHistoryBeforeJoin: false });
    say(t, tick, 'alice', 'team', 'before', 'groupchat');
    t.addGroupMember('team', 'dave');
    expect(groupHistory(t, 'dave')).toEqual([]);
    say(t, tick, 'alice', 'team', 'after', 'groupchat');
    expect(groupHistory(t, 'dave')).toEqual(['after']);
    expect(groupHistory(t, 'bob')).toEqual(['before', 'after']);
  });
});

describe('R39 former members', () => {
  it('R39: a removed member keeps the conversation and what came before leftAt; later messages neither show nor count', () => {
    const { t, tick } = world();
    say(t, tick, 'alice', 'team', 'while member', 'groupchat');
    t.removeGroupMember('team', 'bob');
    say(t, tick, 'alice', 'team', 'after removal', 'groupchat');
    expect(groupHistory(t, 'bob')).toEqual(['while member']);
    const [entry] = t.conversations('bob').conversations;
    expect(entry?.latest?.body['msg']).toBe('while member');
    expect(entry?.unread).toBe(1);
  });
  it('R39: a message stamped exactly at leftAt is not visible; one at joinedAt is (§Q.2)', () => {
    const { t, tick } = world({ groupHistoryBeforeJoin: false });
    t.addGroupMember('team', 'dave');
    const atJoin = t.send({ from: 'alice', to: 'team', chatType: 'groupchat', type: 'txt', body: { msg: 'at join' } });
    tick();
    t.removeGroupMember('team', 'dave');
    t.send({ from: 'alice', to: 'team', chatType: 'groupchat', type: 'txt', body: { msg: 'at leave' } });
    expect(groupHistory(t, 'dave')).toEqual([atJoin.body['msg']]);
  });
  it('R39: SDK sends from a non-member are refused; REST sends are not checked', () => {
    const { t } = world();
    expect(() => t.send({ from: 'dave', to: 'team', chatType: 'groupchat', type: 'txt', body: { msg: 'x' } })).toThrow(/not a member/);
    t.send({ from: 'dave', to: 'team', chatType: 'groupchat', type: 'txt', body: { msg: 'x' }, via: 'rest' });
    expect(groupHistory(t, 'bob')).toEqual(['x']);
  });
  it('R39: on rejoin without pre-join history, only the new stay is visible', () => {
    const { t, tick } = world({ groupHistoryBeforeJoin: false });
    say(t, tick, 'alice', 'team', 'one', 'groupchat');
    t.removeGroupMember('team', 'bob');
    say(t, tick, 'alice', 'team', 'two', 'groupchat');
    t.addGroupMember('team', 'bob');
    say(t, tick, 'alice', 'team', 'three', 'groupchat');
    expect(groupHistory(t, 'bob')).toEqual(['three']);
  });
});

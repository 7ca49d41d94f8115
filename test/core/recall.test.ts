import { describe, expect, it } from 'vitest';
import { ERROR_WIRE } from '../../src/api/wire/errors.ts';
import { exportFixture } from '../../src/fixtures/export.ts';
import { rejectsExactly } from '../support/rejects.ts';
import { ids, say, texts, world } from '../support/world.ts';

const history = (t: ReturnType<typeof world>['t'], user: string, id: string, chatType: 'chat' | 'groupchat' = 'chat') =>
  texts(t.history(user, { chatType, id }).messages);

describe('R25/R28 REST recall', () => {
  it('R25: a recall answers with the stored message and removes it for both sides (R29)', () => {
    const { t, tick } = world();
    say(t, tick, 'alice', 'bob', 'keep');
    const m = say(t, tick, 'alice', 'bob', 'oops');
    const out = t.recall({ msgId: m.id, to: 'bob', chatType: 'chat', force: false });
    expect(out.message?.id).toBe(m.id);
    expect(history(t, 'alice', 'bob')).toEqual(['keep']);
    expect(history(t, 'bob', 'alice')).toEqual(['keep']);
    expect(t.conversations('bob').conversations[0]!.latest?.body['msg']).toBe('keep');
  });
  it('R28: after the window a recall is refused unless forced; the boundary itself is allowed', () => {
    const { t, tick, mock } = world({ recallWindowSeconds: 60 });
    const m = say(t, tick, 'alice', 'bob', 'late');
    const onTime = say(t, tick, 'alice', 'bob', 'edge');
    mock.clock.advance(60_000 - 1000); // onTime is now exactly 60 s old; m is 61 s old.
    rejectsExactly(() => t.recall({ msgId: m.id, to: 'bob', chatType: 'chat', force: false }), 'recall_refused', 'exceed recall time limit');
    expect(history(t, 'bob', 'alice')).toEqual(['edge', 'late']);
    t.recall({ msgId: onTime.id, to: 'bob', chatType: 'chat', force: false });
    t.recall({ msgId: m.id, to: 'bob', chatType: 'chat', force: true });
    expect(history(t, 'bob', 'alice')).toEqual([]);
  });
  it('R25: unknown id → not_found msg; forced → success that changes nothing; to mismatch → can\'t find msg to', () => {
    const { t, tick } = world();
    const m = say(t, tick, 'alice', 'bob', 'x');
    rejectsExactly(() => t.recall({ msgId: '123456789', to: 'bob', chatType: 'chat', force: false }), 'recall_refused', 'not_found msg');
    const forced = t.recall({ msgId: '123456789', to: 'bob', chatType: 'chat', force: true });
    expect(forced.message).toBeUndefined();
    expect(forced.notice.audience).toEqual(['bob']);
    rejectsExactly(() => t.recall({ msgId: m.id, to: 'carol', chatType: 'chat', force: false }), 'recall_bad_request', "can't find msg to");
    rejectsExactly(() => t.recall({ msgId: m.id, to: 'bob', chatType: 'groupchat', force: false }), 'recall_bad_request', "can't find msg to");
    expect(history(t, 'bob', 'alice')).toEqual(['x']);
  });
  it('R25: recall disabled → 403 forbidden_op "message recall service is unopened"; a cmd message counts as unknown', () => {
    const { t, tick } = world({ recallEnabled: false });
    const m = say(t, tick, 'alice', 'bob', 'x');
    const e = rejectsExactly(() => t.recall({ msgId: m.id, to: 'bob', chatType: 'chat', force: true }), 'recall_disabled', 'message recall service is unopened');
    expect(ERROR_WIRE[e.kind].status).toBe(403);
    t.configure({ recallEnabled: true });
    const cmd = t.send({ from: 'alice', to: 'bob', chatType: 'chat', type: 'cmd', body: { action: 'typing' } });
    rejectsExactly(() => t.recall({ msgId: cmd.id, to: 'bob', chatType: 'chat', force: false }), 'recall_refused', 'not_found msg');
  });
  it('R29: recalling twice → not_found msg; a message of another tenant is unknown here', () => {
    const { t, tick, mock } = world();
    const m = say(t, tick, 'alice', 'bob', 'x');
    t.recall({ msgId: m.id, to: 'bob', chatType: 'chat', force: false });
    rejectsExactly(() => t.recall({ msgId: m.id, to: 'bob', chatType: 'chat', force: false }), 'recall_refused', 'not_found msg');
    const other = mock.createTenant({ org: 'other', app: 'app' });
    other.addUser('x', 'pw');
    other.addUser('y', 'pw');
    const foreign = other.send({ from: 'x', to: 'y', chatType: 'chat', type: 'txt', body: { msg: 'theirs' } });
    rejectsExactly(() => t.recall({ msgId: foreign.id, to: 'y', chatType: 'chat', force: false }), 'recall_refused', 'not_found msg');
    expect(texts(other.history('y', { chatType: 'chat', id: 'x' }).messages)).toEqual(['theirs']);
  });
});

describe('R27/R28 SDK recall: who may recall', () => {
  it('R28: in a single chat only the sender recalls; the receiver gets "no permission"', () => {
    const { t, tick } = world();
    const m = say(t, tick, 'alice', 'bob', 'x');
    rejectsExactly(() => t.recallAs('bob', m.id), 'recall_refused', 'no permission');
    expect(history(t, 'bob', 'alice')).toEqual(['x']);
    const out = t.recallAs('alice', m.id);
    expect(out.notice).toMatchObject({ kind: 'recall', by: 'alice', to: 'bob', msgId: m.id });
    expect(history(t, 'bob', 'alice')).toEqual([]);
  });
  it('R28: group members recall their own within the window; the owner and admins anyone\'s at any age', () => {
    const { t, tick, mock } = world();
    const a = say(t, tick, 'bob', 'team', 'bob 1', 'groupchat');
    const b = say(t, tick, 'carol', 'team', 'carol 1', 'groupchat');
    rejectsExactly(() => t.recallAs('bob', b.id), 'recall_refused', 'no permission');
    mock.clock.advance(3_600_000);
    rejectsExactly(() => t.recallAs('bob', a.id), 'recall_refused', 'exceed recall time limit');
    t.recallAs('alice', a.id); // the owner, an hour later
    t.state.groups.get('team')!.admins.add('carol');
    const c = say(t, tick, 'bob', 'team', 'bob 2', 'groupchat');
    mock.clock.advance(3_600_000);
    t.recallAs('carol', c.id);
    expect(history(t, 'alice', 'team', 'groupchat')).toEqual(['carol 1']);
  });
  it('R27: recall disabled → "message recall disabled" (the SDK maps it to 505)', () => {
    const { t, tick } = world({ recallEnabled: false });
    const m = say(t, tick, 'alice', 'bob', 'x');
    rejectsExactly(() => t.recallAs('alice', m.id), 'recall_disabled', 'message recall disabled');
  });
});

describe('R29/R21 effects of a recall on lists and unread', () => {
  it('R29: unread drops by one; the latest message is recomputed; the last one recalled leaves an empty conversation', () => {
    const { t, tick } = world();
    const first = say(t, tick, 'alice', 'bob', 'one');
    const second = say(t, tick, 'alice', 'bob', 'two');
    expect(t.unread('bob', 'chat', 'alice')).toBe(2);
    t.recallAs('alice', second.id);
    expect(t.unread('bob', 'chat', 'alice')).toBe(1);
    expect(t.conversations('bob').conversations[0]!.latest?.id).toBe(first.id);
    t.recallAs('alice', first.id);
    // R21/R47: empty — shown only with needEmptySession, with unread 0 (§Q.9).
    expect(t.conversations('bob').conversations).toEqual([]);
    const empty = t.conversations('bob', { includeEmpty: true }).conversations;
    expect(ids(empty)).toEqual(['alice']);
    expect(empty[0]!.latest).toBeUndefined();
    expect(empty[0]!.unread).toBe(0);
  });
  it('R21: an empty conversation keeps its activeAt (the recalled time) as its order', () => {
    const { t, tick } = world();
    const first = say(t, tick, 'alice', 'bob', 'first'); // lists alice for bob
    say(t, tick, 'carol', 'bob', 'middle');
    const m = say(t, tick, 'alice', 'bob', 'newer');
    t.recallAs('alice', m.id);
    t.recallAs('alice', first.id);
    expect(ids(t.conversations('bob', { includeEmpty: true }).conversations)).toEqual(['alice', 'carol']);
    expect(t.conversations('bob', { includeEmpty: true }).conversations[0]!.activity).toBe(m.timestamp);
  });
  it('R29: a recalled id in a delete-by-ids call is ignored; the snapshot simply omits it', () => {
    const { t, tick, mock } = world();
    const keep = say(t, tick, 'alice', 'bob', 'keep');
    const m = say(t, tick, 'alice', 'bob', 'x');
    t.deleteMessages('bob', 'chat', 'alice', [m.id]);
    t.recallAs('alice', m.id);
    expect(t.deleteMessages('bob', 'chat', 'alice', [m.id])).toBe(0);
    const messages = exportFixture(mock).apps[0]!.messages!.map((x) => x.id);
    expect(messages).toEqual([keep.id]);
  });
});

import { describe, expect, it } from 'vitest';
import { ERROR_WIRE } from '../../src/api/wire/errors.ts';
import { rejectsExactly } from '../support/rejects.ts';
import { say, world } from '../support/world.ts';

describe('R30 REST rewrite', () => {
  it('R30: the feature is off by default → 403 "The rewrite message feature is not open."', () => {
    const { t, tick } = world();
    const m = say(t, tick, 'alice', 'bob', 'x');
    const e = rejectsExactly(() => t.rewrite(m.id, { newMsg: { type: 'txt', msg: 'y' } }), 'rewrite_refused', 'The rewrite message feature is not open.');
    expect(ERROR_WIRE[e.kind].status).toBe(403);
    expect(m.body['msg']).toBe('x');
  });
  it('R30: bad id, missing new_msg, unknown id, another tenant, cmd/combine and type mismatch each get the doc\'s error', () => {
    const { t, tick, mock } = world({ editEnabled: true });
    const m = say(t, tick, 'alice', 'bob', 'x');
    rejectsExactly(() => t.rewrite('12a', { newMsg: { type: 'txt', msg: 'y' } }), 'rewrite_bad_id', 'The provided message ID is not a valid number.');
    rejectsExactly(() => t.rewrite(m.id, { newMsg: undefined }), 'illegal_argument', 'new_msg is required');
    rejectsExactly(() => t.rewrite(m.id, { newMsg: 'y' }), 'invalid_request_body', 'Request body is invalid. Please check body is correct.');
    const e = rejectsExactly(() => t.rewrite('123456', { newMsg: { type: 'txt', msg: 'y' } }), 'rewrite_not_found', 'The message is unavailable or has expired.');
    expect(ERROR_WIRE[e.kind].status).toBe(404);
    const other = mock.createTenant({ org: 'other', app: 'app' });
    other.addUser('x', 'pw');
    other.addUser('y', 'pw');
    const foreign = other.send({ from: 'x', to: 'y', chatType: 'chat', type: 'txt', body: { msg: 'theirs' } });
    expect(ERROR_WIRE[rejectsExactly(() => t.rewrite(foreign.id, { newMsg: { type: 'txt', msg: 'y' } }), 'rewrite_foreign', 'You are not authorized to edit this message.').kind].status).toBe(401);
    const cmd = t.send({ from: 'alice', to: 'bob', chatType: 'chat', type: 'cmd', body: { action: 'typing' } });
    const unsupported = 'The message is of a type that is currently not supported for modification.';
    rejectsExactly(() => t.rewrite(cmd.id, { newMsg: { type: 'cmd', action: 'x' } }), 'rewrite_unsupported', unsupported);
    rejectsExactly(() => t.rewrite(m.id, { newMsg: { type: 'custom', customEvent: 'e' } }), 'rewrite_unsupported', unsupported);
    expect(m.body['msg']).toBe('x');
    expect(m.edit).toBeUndefined();
  });
  it('R31: txt changes msg, ext merges (or replaces), count/operator/time are recorded; the limit stops further edits', () => {
    const { t, tick } = world({ editEnabled: true, editLimit: 2 });
    const m = t.send({ from: 'alice', to: 'bob', chatType: 'chat', type: 'txt', body: { msg: 'x' }, ext: { a: 1 } });
    tick();
    t.rewrite(m.id, { user: 'alice', newMsg: { type: 'txt', msg: 'y' }, newExt: { b: 2 } });
    expect(m.body['msg']).toBe('y');
    expect(m.ext).toEqual({ a: 1, b: 2 });
    expect(m.edit).toEqual({ count: 1, operator: 'alice', at: t.state.clock.now() });
    t.rewrite(m.id, { newMsg: { type: 'txt', msg: 'z' }, newExt: { c: 3 }, isCombineExt: false });
    expect(m.ext).toEqual({ c: 3 });
    expect(m.edit?.operator).toBe('admin');
    rejectsExactly(() => t.rewrite(m.id, { newMsg: { type: 'txt', msg: 'w' } }), 'rewrite_refused', 'The message has reached its edit limit and cannot be modified further.');
    expect(m.body['msg']).toBe('z');
  });
  it('R31: an edit keeps order, unread and the latest message; history shows the new content', () => {
    const { t, tick } = world({ editEnabled: true });
    const m = say(t, tick, 'alice', 'bob', 'x');
    say(t, tick, 'carol', 'bob', 'later');
    t.rewrite(m.id, { newMsg: { type: 'txt', msg: 'edited' } });
    expect(t.unread('bob', 'chat', 'alice')).toBe(1);
    expect(t.conversations('bob').conversations.map((c) => c.id)).toEqual(['carol', 'alice']);
    expect(t.history('bob', { chatType: 'chat', id: 'alice' }).messages[0]!.body['msg']).toBe('edited');
  });
  it('R30: custom edits check customEvent and customExts', () => {
    const { t } = world({ editEnabled: true });
    const m = t.send({ from: 'alice', to: 'bob', chatType: 'chat', type: 'custom', body: { customEvent: 'gift', customExts: { a: '1' } } });
    rejectsExactly(() => t.rewrite(m.id, { newMsg: { type: 'custom', customEvent: 'bad event!' } }), 'illegal_argument', 'new_msg.customEvent: must match [a-zA-Z0-9-_/.]{1,32}, got "bad event!"');
    t.rewrite(m.id, { newMsg: { type: 'custom', customEvent: 'gift_2', customExts: { b: '2' } } });
    expect(m.body).toEqual({ customEvent: 'gift_2', customExts: { b: '2' } });
  });
});

describe('R33 SDK edit', () => {
  it('R33: single chat — only the sender; group — owner and admins may edit anyone\'s; refusals are the SDK\'s reasons', () => {
    const { t, tick } = world({ editEnabled: true });
    const m = say(t, tick, 'alice', 'bob', 'x');
    const edit = { type: 'txt' as const, body: { msg: 'y' }, ext: {}, scope: 1 as const };
    rejectsExactly(() => t.editAs('bob', m.id, edit), 'rewrite_refused', 'Sorry, You do not have permission');
    rejectsExactly(() => t.editAs('alice', '99', edit), 'rewrite_refused', 'Sorry, message does not exist');
    rejectsExactly(() => t.editAs('alice', m.id, { ...edit, type: 'loc' }), 'rewrite_refused', 'Sorry, format is incorrect');
    t.editAs('alice', m.id, edit);
    expect(m.body['msg']).toBe('y');
    const g = say(t, tick, 'bob', 'team', 'group', 'groupchat');
    rejectsExactly(() => t.editAs('carol', g.id, edit), 'rewrite_refused', 'Sorry, You do not have permission');
    t.editAs('alice', g.id, { ...edit, body: { msg: 'by owner' } });
    expect(g.edit?.operator).toBe('alice');
    t.configure({ editEnabled: false });
    rejectsExactly(() => t.editAs('alice', m.id, edit), 'rewrite_refused', 'Sorry, edit is not available');
  });
  it('R33: BODY keeps the stored ext, BODY_AND_EXT replaces it', () => {
    const { t } = world({ editEnabled: true });
    const m = t.send({ from: 'alice', to: 'bob', chatType: 'chat', type: 'txt', body: { msg: 'x' }, ext: { a: 1 } });
    t.editAs('alice', m.id, { type: 'txt', body: { msg: 'y' }, ext: { b: 2 }, scope: 1 });
    expect(m.ext).toEqual({ a: 1 });
    t.editAs('alice', m.id, { type: 'txt', body: { msg: 'z' }, ext: { b: 2 }, scope: 2 });
    expect(m.ext).toEqual({ b: 2 });
    expect(m.edit?.count).toBe(2);
  });
});

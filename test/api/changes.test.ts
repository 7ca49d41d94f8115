import { describe, expect, it } from 'vitest';
import { createRoamingMock } from '../../src/index.ts';
import { exportFixture } from '../../src/fixtures/export.ts';
import { pb } from '../../src/api/wire/proto.ts';
import { client } from '../support/http.ts';

/** SPEC-2 routes over HTTP: exact success shapes, every documented error, and no state change on bad input. */
const NOW = Date.parse('2026-02-01T00:00:00Z');

function setup(config: Record<string, unknown> = {}) {
  const mock = createRoamingMock({
    now: NOW, frozen: true, seed: 9,
    fixture: {
      version: 1,
      apps: [{
        org: 'acme', app: 'chat', config,
        users: ['ann', 'ben', 'cat', 'dan'].map((username) => ({ username })),
        groups: [{ id: 'g1', owner: 'ann', members: ['ben', 'cat'], createdAt: '-1d' }],
        messages: [
          { id: '7100000000000000001', from: 'ben', to: 'ann', type: 'txt', body: { msg: 'hi' }, at: '-30s' },
          { id: '7100000000000000002', from: 'ben', to: 'ann', type: 'txt', body: { msg: 'old' }, at: '-1h' },
          { id: '7100000000000000003', from: 'ben', to: 'ann', type: 'cmd', body: { action: 'x' }, at: '-20s' },
        ],
      }],
    },
  });
  const app = mock.tokens.issue(mock.tenant('acme#chat'), undefined).token;
  const call = client(mock);
  const state = () => JSON.stringify(exportFixture(mock));
  return { mock, t: mock.tenant('acme#chat'), call: (method: string, path: string, body?: unknown) => call(method, `/acme/chat${path}`, { token: app, ...(body !== undefined ? { body } : {}) }), state };
}

async function expectError(res: Promise<{ status: number; json: any }>, status: number, error: string, description: string) {
  const r = await res;
  expect({ status: r.status, error: r.json?.error, error_description: r.json?.error_description }).toEqual({ status, error, error_description: description });
}

describe('R25/R26 recall over HTTP', () => {
  it('R25: success answers data{recalled, chattype, from, to, msg_id} and the message is gone', async () => {
    const { call, t } = setup();
    const res = await call('POST', '/messages/msg_recall', { msg_id: '7100000000000000001', to: 'ann', chat_type: 'chat', from: 'someone', force: false });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ action: 'post', path: '/messages/msg_recall', data: { recalled: 'yes', chattype: 'chat', from: 'ben', to: 'ann', msg_id: '7100000000000000001' } });
    expect(t.history('ann', { chatType: 'chat', id: 'ben' }).messages.map((m) => m.id)).toEqual(['7100000000000000003', '7100000000000000002']);
  });
  it('R25: each missing field, unknown id, wrong to, window and the switch get the documented error; nothing changes', async () => {
    const { call, state } = setup();
    const before = state();
    const ok = { msg_id: '7100000000000000001', to: 'ann', chat_type: 'chat', force: false };
    for (const field of ['msg_id', 'to', 'chat_type', 'force'] as const) {
      const { [field]: _gone, ...rest } = ok;
      await expectError(call('POST', '/messages/msg_recall', rest), 400, 'message_recall_error', `param ${field} can't be empty`);
    }
    await expectError(call('POST', '/messages/msg_recall', { ...ok, msg_id: '123' }), 403, 'message_recall_error', 'not_found msg');
    await expectError(call('POST', '/messages/msg_recall', { ...ok, msg_id: '7100000000000000003' }), 403, 'message_recall_error', 'not_found msg');
    await expectError(call('POST', '/messages/msg_recall', { ...ok, to: 'cat' }), 400, 'message_recall_error', "can't find msg to");
    await expectError(call('POST', '/messages/msg_recall', { ...ok, msg_id: '7100000000000000002' }), 403, 'message_recall_error', 'exceed recall time limit');
    expect(state()).toBe(before);
    const { call: off, state: offState } = setup({ recallEnabled: false });
    const offBefore = offState();
    const r = await off('POST', '/messages/msg_recall', ok);
    expect(r.json).toMatchObject({ error: 'forbidden_op', exception: 'EasemobForbiddenOpException', error_description: 'message recall service is unopened' });
    expect(offState()).toBe(offBefore);
  });
  it('R26: batch recall answers per item in order; a refused item carries its reason; > 30 and empty are refused', async () => {
    const { call } = setup();
    const res = await call('POST', '/messages/batch_recall', { msgs: [
      { msg_id: '7100000000000000001', to: 'ann', chat_type: 'chat', force: false },
      { msg_id: '999', to: 'ann', chat_type: 'chat', force: false },
      { msg_id: '7100000000000000002', to: 'ann', chat_type: 'chat', force: false },
    ] });
    expect(res.json.data).toEqual([
      { recalled: 'yes', chattype: 'chat', from: 'ben', to: 'ann', msg_id: '7100000000000000001' },
      { recalled: 'not_found msg', chattype: 'chat', from: 'admin', to: 'ann', msg_id: '999' },
      { recalled: 'exceed recall time limit', chattype: 'chat', from: 'admin', to: 'ann', msg_id: '7100000000000000002' },
    ]);
    await expectError(call('POST', '/messages/batch_recall', { msgs: [] }), 400, 'message_recall_error', "param msgs can't be empty");
    const many = Array.from({ length: 31 }, () => ({ msg_id: '1', to: 'ann', chat_type: 'chat', force: true }));
    await expectError(call('POST', '/messages/batch_recall', { msgs: many }), 400, 'message_recall_error', "param msgs size can't exceed limit 30");
  });
  it('R26: POST /messages/recall is an alias', async () => {
    const { call } = setup();
    const res = await call('POST', '/messages/recall', { msg_id: '7100000000000000001', to: 'ann', chat_type: 'chat', force: false });
    expect(res.json.data.recalled).toBe('yes');
  });
});

describe('R30–R32 rewrite over HTTP', () => {
  it('R30: success is data "success"; the history protobuf carries meta.edit_msg and the list payload.meta.edit_msg (R32)', async () => {
    const { call, mock } = setup({ editEnabled: true });
    const res = await call('PUT', '/messages/rewrite/7100000000000000001', { user: 'ben', new_msg: { type: 'txt', msg: 'hello' } });
    expect(res.json).toMatchObject({ action: 'put', path: '/messages/rewrite/7100000000000000001', data: 'success' });
    const token = mock.tokens.issue(mock.tenant('acme#chat'), 'ann').token;
    const hist = await client(mock)('POST', '/acme/chat/users/ann/messageroaming', { token, body: { queue: 'ben@easemob.com', start: -1, pull_number: 3 } });
    const metas = hist.json.data.msgs.map((x: { msg: string }) => pb.Meta.decode(Buffer.from(x.msg, 'base64')));
    const meta = metas.find((x: any) => String(x.id) === '7100000000000000001');
    const body = pb.MessageBody.toObject(pb.MessageBody.decode(meta.payload), { longs: String }) as any;
    expect(body.contents[0].text).toBe('hello');
    expect(JSON.parse(body.meta)).toEqual({ edit_msg: { count: 1, operator: 'ben', edit_time: NOW, sender: 'ben', send_time: NOW - 30_000, chat_type: 'chat:user' } });
    mock.tenant('acme#chat').deleteMessages('ann', 'chat', 'ben', ['7100000000000000003']); // the edited one is latest now
    const list = await client(mock)('GET', '/acme/chat/sdk/user/ann/user_channels/list?limit=1', { token });
    const payload = JSON.parse(list.json.data.channel_infos[0].meta.payload);
    expect(payload.meta).toEqual({ edit_msg: { edit_time: NOW, operator: 'ben', count: 1 } });
    expect(payload.bodies[0].msg).toBe('hello');
  });
  it('R30: the documented errors, each changing nothing', async () => {
    const { call, state } = setup({ editEnabled: true, editLimit: 1 });
    const before = state();
    const u = 'The message is of a type that is currently not supported for modification.';
    await expectError(call('PUT', '/messages/rewrite/abc', { new_msg: { type: 'txt', msg: 'x' } }), 400, 'InvalidMessageIdException', 'The provided message ID is not a valid number.');
    await expectError(call('PUT', '/messages/rewrite/7100000000000000001', {}), 400, 'illegal_argument', 'new_msg is required');
    await expectError(call('PUT', '/messages/rewrite/7100000000000000001', { new_msg: 5 }), 400, 'invalid_request_body', 'Request body is invalid. Please check body is correct.');
    await expectError(call('PUT', '/messages/rewrite/7100000000000000003', { new_msg: { type: 'cmd', action: 'y' } }), 400, 'message_rewrite_error', u);
    await expectError(call('PUT', '/messages/rewrite/42', { new_msg: { type: 'txt', msg: 'x' } }), 404, 'message_rewrite_error', 'The message is unavailable or has expired.');
    expect(state()).toBe(before);
    await call('PUT', '/messages/rewrite/7100000000000000001', { new_msg: { type: 'txt', msg: 'x' } });
    await expectError(call('PUT', '/messages/rewrite/7100000000000000001', { new_msg: { type: 'txt', msg: 'y' } }), 403, 'message_rewrite_error', 'The message has reached its edit limit and cannot be modified further.');
  });
});

describe('R34 directed sends, R37 membership and R53 import over HTTP', () => {
  it('R34: answers like a group send; users 0 / 21 and two groups are refused without storing', async () => {
    const { call, state, t } = setup();
    const res = await call('POST', '/messages/chatgroups/users', { from: 'ann', to: ['g1'], users: ['ben'], type: 'txt', body: { msg: 'psst' } });
    expect(res.json).toMatchObject({ path: '/messages/chatgroups', data: { g1: expect.stringMatching(/^\d+$/) } });
    expect(t.state.messagesById.get(res.json.data.g1)?.directedUsers).toEqual(['ben']);
    const before = state();
    await expectError(call('POST', '/messages/chatgroups/users', { to: ['g1'], users: [], type: 'txt', body: { msg: 'x' } }), 400, 'message_send_error', "param users can't be empty");
    const users = Array.from({ length: 21 }, (_, i) => `u${i}`);
    await expectError(call('POST', '/messages/chatgroups/users', { to: ['g1'], users, type: 'txt', body: { msg: 'x' } }), 400, 'message_send_error', "params users's size can't exceed limit 20");
    await expectError(call('POST', '/messages/chatgroups/users', { to: ['g1', 'g1'], users: ['ben'], type: 'txt', body: { msg: 'x' } }), 400, 'message_send_error', "params to's size can't exceed limit 1");
    expect(state()).toBe(before);
  });
  it('R37: add and remove a member; the documented data and errors', async () => {
    const { call, state } = setup();
    expect((await call('POST', '/chatgroups/g1/users/dan')).json.data).toEqual({ result: true, groupid: 'g1', action: 'add_member', user: 'dan' });
    const before = state();
    await expectError(call('POST', '/chatgroups/g1/users/dan'), 403, 'forbidden_op', 'can not join this group, reason:user: dan already in group: g1');
    await expectError(call('POST', '/chatgroups/nope/users/dan'), 404, 'resource_not_found', 'grpID nope does not exist!');
    await expectError(call('POST', '/chatgroups/g1/users/zed'), 404, 'resource_not_found', "username zed doesn't exist!");
    await expectError(call('DELETE', '/chatgroups/g1/users/ann'), 403, 'forbidden_op', 'forbidden operation on group owner!');
    expect(state()).toBe(before);
    expect((await call('DELETE', '/chatgroups/g1/users/dan')).json.data).toEqual({ result: true, action: 'remove_member', user: 'dan', groupid: 'g1' });
    await expectError(call('DELETE', '/chatgroups/g1/users/dan'), 403, 'forbidden_op', 'users [dan] are not members of this group!');
  });
  it('R37 bulk add: POST /chatgroups/{g}/users {usernames} → data {newmembers, groupid, action: "add_member"}; refusals in the envelope, no state change', async () => {
    const { call, state } = setup();
    const before = state();
    await expectError(call('POST', '/chatgroups/g1/users', { usernames: ['ben', 'cat'] }), 403, 'forbidden_op', 'can not join this group, reason:user: ben,cat already in group: g1');
    await expectError(call('POST', '/chatgroups/g1/users', { usernames: ['dan', 'zed'] }), 404, 'resource_not_found', "usernames[1]: username zed doesn't exist!");
    await expectError(call('POST', '/chatgroups/g1/users', { usernames: 'dan' }), 400, 'illegal_argument', 'usernames: must be an array of 1–60 user ids, got "dan"');
    await expectError(call('POST', '/chatgroups/g1/users', { usernames: Array.from({ length: 61 }, () => 'dan') }), 400, 'illegal_argument', 'usernames: must be an array of 1–60 user ids, got an array with 61 entries');
    await expectError(call('POST', '/chatgroups/g1/users', {}), 400, 'illegal_argument', 'usernames: must be an array of 1–60 user ids, got nothing');
    await expectError(call('POST', '/chatgroups/g1/users', [1]), 400, 'invalid_request_body', 'Request body is invalid. Please check body is correct.');
    await expectError(call('POST', '/chatgroups/nope/users', { usernames: ['dan'] }), 404, 'resource_not_found', 'grpID nope does not exist!');
    expect(state()).toBe(before);
    const res = await call('POST', '/chatgroups/g1/users', { usernames: ['dan', 'ben'] });
    expect(res.json).toMatchObject({ action: 'post', path: '/chatgroups/g1/users', entities: [], data: { newmembers: ['dan'], groupid: 'g1', action: 'add_member' } });
  });
  it('R37 bulk remove: DELETE /chatgroups/{g}/users/{u1},{u2} → one {result, action, reason?, user, groupid} per user; nobody removable → 403', async () => {
    const { call, state } = setup();
    const before = state();
    await expectError(call('DELETE', '/chatgroups/g1/users/dan,zed'), 403, 'forbidden_op', 'users [dan, zed] are not members of this group!');
    await expectError(call('DELETE', '/chatgroups/g1/users/ben,'), 400, 'illegal_argument', 'members[1]: must be 1–64 characters of letters, digits, "_", "-" or ".", got ""');
    await expectError(call('DELETE', `/chatgroups/g1/users/${Array.from({ length: 61 }, () => 'ben').join(',')}`), 400, 'illegal_argument', 'members: must be an array of 1–60 user ids, got an array with 61 entries');
    expect(state()).toBe(before);
    const res = await call('DELETE', '/chatgroups/g1/users/ben,zed,ann');
    expect(res.json).toMatchObject({ action: 'delete', path: '/chatgroups/g1/users/ben,zed,ann' });
    expect(res.json.data).toEqual([
      { result: true, action: 'remove_member', user: 'ben', groupid: 'g1' },
      { result: false, action: 'remove_member', reason: "user zed doesn't exist.", user: 'zed', groupid: 'g1' },
      { result: false, action: 'remove_member', reason: 'forbidden operation on group owner!', user: 'ann', groupid: 'g1' },
    ]);
    expect(Object.keys(res.json.data[1])).toEqual(['result', 'action', 'reason', 'user', 'groupid']);
  });
  it('R53: import answers data{msg_id}; empty body, no type and bad timestamps are refused', async () => {
    const { call, state } = setup();
    const ok = { from: 'ben', target: 'ann', type: 'txt', body: { msg: 'imported' }, msg_timestamp: NOW - 5000, need_download: false };
    const res = await call('POST', '/messages/users/import', ok);
    expect(res.json).toMatchObject({ action: 'post', path: '/messages/users/import', entities: [], data: { msg_id: expect.stringMatching(/^\d+$/) } });
    const before = state();
    await expectError(call('POST', '/messages/users/import', { ...ok, body: {} }), 400, 'illegal_argument', 'message body not allow empty');
    await expectError(call('POST', '/messages/users/import', { ...ok, type: '' }), 400, 'illegal_argument', 'type not allow empty');
    await expectError(call('POST', '/messages/users/import', ok), 400, 'illegal_argument', 'msg_timestamp is invalid');
    await expectError(call('POST', '/messages/chatgroups/import', { ...ok, target: 'g1', msg_timestamp: NOW + 1 }), 400, 'illegal_argument', 'msg_timestamp is invalid');
    await expectError(call('POST', '/messages/users/import', [1]), 400, 'invalid_request_body', 'Request body is invalid. Please check body is correct.');
    await expectError(call('POST', '/messages/users/import', { ...ok, msg_timestamp: NOW - 1000, is_ack_read: 'true' }), 400, 'illegal_argument', 'is_ack_read: must be true or false, got "true"');
    expect(state()).toBe(before);
  });
  it('R54: is_ack_read true leaves the target\'s unread unchanged, false counts it (importWritesConversation on)', async () => {
    const { call, t } = setup({ importWritesConversation: true });
    const ok = { from: 'ben', target: 'dan', type: 'txt', body: { msg: 'imported' } };
    expect((await call('POST', '/messages/users/import', { ...ok, msg_timestamp: NOW - 3000, is_ack_read: true })).status).toBe(200);
    expect(t.unread('dan', 'chat', 'ben')).toBe(0);
    expect((await call('POST', '/messages/users/import', { ...ok, msg_timestamp: NOW - 2000, is_ack_read: false })).status).toBe(200);
    expect(t.unread('dan', 'chat', 'ben')).toBe(1);
  });
});

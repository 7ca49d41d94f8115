import { describe, expect, it } from 'vitest';
import { client } from '../support/http.ts';
import { say, world } from '../support/world.ts';

/** SPEC-2 §I: `error_code` where R41 puts it — and nowhere else. */
function setup(config: Record<string, unknown> = {}) {
  const w = world(config);
  const token = w.mock.tokens.issue(w.t, 'alice').token;
  const call = client(w.mock);
  return { ...w, token, call };
}
const D = '/demo/roaming';

describe('R41: error_code on the conversation endpoints', () => {
  it('R41: pin or unpin of a conversation not in the list → 404 resource_not_found "conversation not exist", 91001; nothing is created', async () => {
    const { t, tick, call, token } = setup();
    say(t, tick, 'bob', 'alice', 'hi');
    t.deleteConversation('alice', 'chat', 'bob', { deleteRoam: false });
    for (const [method, path, body] of [
      ['POST', `${D}/sdk/user/alice/user_channel/top`, { type: 'chat', to: 'bob' }],
      ['POST', `${D}/sdk/user/alice/user_channel/top`, { type: 'chat', to: 'carol' }],
      ['POST', `${D}/sdk/user/alice/user_channel/top`, { type: 'groupChat', to: 'nope' }],
      ['DELETE', `${D}/sdk/user/alice/user_channel/top?type=chat&to=bob`, undefined],
    ] as const) {
      const res = await call(method, path, { token, ...(body ? { body } : {}) });
      expect(res.status, path).toBe(404);
      expect(res.json).toMatchObject({ error: 'resource_not_found', error_code: 91001 });
      expect(res.json.error_description).toContain('conversation not exist');
      // The SDK would read "does not exist" as a missing chat room: keep it out.
      expect(res.json.error_description).not.toContain('does not exist');
    }
    expect(t.conversations('alice', { includeEmpty: true }).conversations).toEqual([]);
  });

  it('R41: an empty conversation counts as existing (pin works)', async () => {
    const { t, call, token } = setup();
    t.mark('alice', 2, [{ type: 'chat', id: 'dave' }]);
    const res = await call('POST', `${D}/sdk/user/alice/user_channel/top`, { token, body: { type: 'chat', to: 'dave' } });
    expect(res.status).toBe(200);
    expect(res.json.data.is_top).toBe(true);
  });

  it('R41: the pin over pinLimit → 403 forbidden_op "pinned conversation count exceeds the limit", 91101', async () => {
    const { t, tick, call, token } = setup({ pinLimit: 1 });
    say(t, tick, 'bob', 'alice', 'a');
    say(t, tick, 'carol', 'alice', 'b');
    t.pin('alice', 'chat', 'bob');
    const res = await call('POST', `${D}/sdk/user/alice/user_channel/top`, { token, body: { type: 'chat', to: 'carol' } });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ error: 'forbidden_op', error_code: 91101 });
    expect(res.json.error_description).toContain('pinned conversation count exceeds the limit 1');
    expect(res.json.error_description).not.toContain('are not members of this group');
  });

  it('R41: pin/unpin with a bad type or no `to` → 403 "param type illegal, please check it!", 91102', async () => {
    const { call, token } = setup();
    for (const [method, path, body] of [
      ['POST', `${D}/sdk/user/alice/user_channel/top`, { type: 'room', to: 'bob' }],
      ['POST', `${D}/sdk/user/alice/user_channel/top`, { type: 'chat' }],
      ['DELETE', `${D}/sdk/user/alice/user_channel/top?type=chatroom&to=bob`, undefined],
    ] as const) {
      const res = await call(method, path, { token, ...(body ? { body } : {}) });
      expect(res.status).toBe(403);
      expect(res.json).toMatchObject({ error: 'forbidden_op', error_code: 91102 });
      expect(res.json.error_description).toContain('param type illegal, please check it!');
    }
  });

  it('R41: marks — over 20 targets → 403 91002; missing / bad mark → the SDK\'s two verbatim texts, no error_code', async () => {
    const { call, token } = setup();
    const targets = Array.from({ length: 21 }, () => ({ to: 'bob', type: 'chat' }));
    const over = await call('POST', `${D}/sdk/user/alice/user_channels/mark`, { token, body: { mark: 'mark_1', targets } });
    expect([over.status, over.json.error, over.json.error_code]).toEqual([403, 'forbidden_op', 91002]);
    expect(over.json.error_description).toContain('mark targets exceed the limit 20');
    const missing = await call('POST', `${D}/sdk/user/alice/user_channels/mark`, { token, body: { targets: [{ to: 'bob', type: 'chat' }] } });
    expect([missing.status, missing.json.error, missing.json.error_description]).toEqual([400, 'illegal_argument', 'param mark must be not empty, please check!']);
    const bad = await call('DELETE', `${D}/sdk/user/alice/user_channels/mark`, { token, body: { mark: 'mark_20', targets: [{ to: 'bob', type: 'chat' }] } });
    expect([bad.status, bad.json.error_description]).toEqual([400, 'param mark illegal, please check it!']);
    expect(bad.json).not.toHaveProperty('error_code');
  });

  it('R41: everything else keeps its §3.3 body without error_code', async () => {
    const { call, token } = setup();
    const res = await call('GET', `${D}/sdk/user/alice/user_channels/list?limit=51`, { token });
    expect(Object.keys(res.json).sort()).toEqual(['duration', 'error', 'error_description', 'exception', 'timestamp']);
  });
});

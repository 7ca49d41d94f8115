import { describe, expect, it } from 'vitest';
import { client } from '../support/http.ts';
import { say, world } from '../support/world.ts';

/** SPEC-2 §C: the v6 roaming fetch an app server calls — `/api/server/v6/` comes BEFORE `{org}/{app}`. */
const CHAT = '/api/server/v6/demo/roaming/roaming/chat';
const GROUP = '/api/server/v6/demo/roaming/roaming/group';

function setup(config: Record<string, unknown> = {}) {
  const w = world(config);
  const app = w.mock.tokens.issue(w.t, undefined).token;
  const alice = w.mock.tokens.issue(w.t, 'alice').token;
  const call = client(w.mock, 'http://127.0.0.1:5280');
  const post = (path: string, body: unknown, token = app) => call('POST', path, { body, token });
  return { ...w, app, alice, post };
}

const texts = (json: any): string[] => json.data.messages.map((m: any) => m.payload.bodies[0].msg);

describe('R22: POST /api/server/v6/{org}/{app}/roaming/{chat|group}', () => {
  it('R22: app token only — a user token is 403 forbidden_op, no token 401', async () => {
    const { t, tick, post, alice } = setup();
    say(t, tick, 'bob', 'alice', 'hi');
    expect((await post(CHAT, { username: 'alice', to: 'bob' }, alice)).json.error).toBe('forbidden_op');
    expect((await post(CHAT, { username: 'alice', to: 'bob' }, alice)).status).toBe(403);
    expect((await post(CHAT, { username: 'alice', to: 'bob' }, '')).status).toBe(401);
  });

  it('R22: each missing or blank field is a 400 illegal_argument naming it', async () => {
    const { post } = setup();
    for (const [path, body, field] of [
      [CHAT, { to: 'bob' }, 'username'],
      [CHAT, { username: ' ', to: 'bob' }, 'username'],
      [CHAT, { username: 'alice' }, 'to'],
      [GROUP, { username: 'alice', to: 'team' }, 'groupId'],
      [CHAT, { username: 'alice', to: 'bob', limit: 0 }, 'limit'],
      [CHAT, { username: 'alice', to: 'bob', limit: 51 }, 'limit'],
      [CHAT, { username: 'alice', to: 'bob', order: 'sideways' }, 'order'],
      [CHAT, { username: 'alice', to: 'bob', startTimestamp: 5, endTimestamp: 4 }, 'startTimestamp'],
      [CHAT, { username: 'alice', to: 'bob', startTimestamp: 'soon' }, 'startTimestamp'],
      [CHAT, { username: 'alice', to: 'bob', cursor: 'garbage' }, 'cursor'],
    ] as const) {
      const res = await post(path, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error).toBe('illegal_argument');
      expect(res.json.error_description).toMatch(new RegExp(`^${field}: `));
    }
    expect((await post(CHAT, { username: 'alice', to: 'bob', limit: 51 })).json.error_description).toContain('[1, 50]');
  });

  it('R22: unknown user → 404 service_resource_not_found; unknown group (or a room id) → 404 resource_not_found grpID … does not exist!', async () => {
    const { post } = setup();
    const user = await post(CHAT, { username: 'zed', to: 'bob' });
    expect([user.status, user.json.error]).toEqual([404, 'service_resource_not_found']);
    expect(user.json.error_description).toContain('Service resource not found');
    const peer = await post(CHAT, { username: 'alice', to: 'zed' });
    expect([peer.status, peer.json.error]).toEqual([404, 'service_resource_not_found']);
    for (const g of ['nope', 'lobby']) {
      const res = await post(GROUP, { username: 'alice', groupId: g });
      expect([res.status, res.json.error]).toEqual([404, 'resource_not_found']);
      expect(res.json.error_description).toBe(`groupId: grpID ${g} does not exist!`);
    }
  });

  it('R22 (R1): roaming off → 400 service open exception "this appKey not open message roaming"', async () => {
    const { post } = setup({ roamingEnabled: false });
    const res = await post(CHAT, { username: 'alice', to: 'bob' });
    expect([res.status, res.json.error]).toEqual([400, 'service open exception']);
    expect(res.json.error_description).toContain('this appKey not open message roaming');
  });

  it('R22: order "down" = oldest first, "up" (default) = newest first; time bounds are inclusive', async () => {
    const { t, tick, post } = setup();
    const sent = ['a', 'b', 'c', 'd'].map((x) => say(t, tick, 'bob', 'alice', x));
    expect(texts((await post(CHAT, { username: 'alice', to: 'bob' })).json)).toEqual(['d', 'c', 'b', 'a']);
    expect(texts((await post(CHAT, { username: 'alice', to: 'bob', order: 'down' })).json)).toEqual(['a', 'b', 'c', 'd']);
    const bounded = await post(CHAT, { username: 'alice', to: 'bob', order: 'down', startTimestamp: sent[1]!.timestamp, endTimestamp: sent[2]!.timestamp });
    expect(texts(bounded.json)).toEqual(['b', 'c']);
  });
});

describe('R23: the answer', () => {
  it('R23: envelope with path /roaming/chat, the uri under /api/server/v6, records in the history-file shape, pagination', async () => {
    const { t, tick, post } = setup();
    const m = say(t, tick, 'bob', 'alice', 'hi');
    const res = await post(CHAT, { username: 'alice', to: 'bob', limit: 20, order: 'down' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      action: 'post', path: '/roaming/chat', uri: 'http://127.0.0.1:5280/api/server/v6/demo/roaming/roaming/chat',
      organization: 'demo', applicationName: 'roaming', duration: 0,
      data: {
        messages: [{
          msg_id: m.id, timestamp: m.timestamp, direction: 'outgoing', from: 'bob', to: 'alice', chat_type: 'chat',
          payload: { bodies: [{ type: 'txt', msg: 'hi' }], ext: {}, from: 'bob', to: 'alice' },
        }],
        pagination: { cursor: '', hasMore: false },
      },
    });
    expect(res.json).not.toHaveProperty('entities');
  });

  it('R23: pages of `limit`; hasMore true iff more remain; cursor "" exactly when hasMore is false (also on an exactly full last page)', async () => {
    const { t, tick, post } = setup();
    for (let i = 0; i < 4; i++) say(t, tick, 'bob', 'alice', `m${i}`);
    const first = await post(CHAT, { username: 'alice', to: 'bob', limit: 2, order: 'down' });
    expect(texts(first.json)).toEqual(['m0', 'm1']);
    expect(first.json.data.pagination.hasMore).toBe(true);
    expect(first.json.data.pagination.cursor).not.toBe('');
    const second = await post(CHAT, { username: 'alice', to: 'bob', limit: 2, order: 'down', cursor: first.json.data.pagination.cursor });
    expect(texts(second.json)).toEqual(['m2', 'm3']);
    expect(second.json.data.pagination).toEqual({ cursor: '', hasMore: false });
  });

  it('R23: the cursor is a position — messages arriving between pages neither repeat nor skip (both orders)', async () => {
    const { t, tick, post } = setup();
    for (let i = 0; i < 5; i++) say(t, tick, 'bob', 'alice', `m${i}`);
    const up1 = await post(CHAT, { username: 'alice', to: 'bob', limit: 2 });
    const down1 = await post(CHAT, { username: 'alice', to: 'bob', limit: 2, order: 'down' });
    say(t, tick, 'alice', 'bob', 'late');
    const up2 = await post(CHAT, { username: 'alice', to: 'bob', limit: 10, cursor: up1.json.data.pagination.cursor });
    expect([...texts(up1.json), ...texts(up2.json)]).toEqual(['m4', 'm3', 'm2', 'm1', 'm0']);
    const down2 = await post(CHAT, { username: 'alice', to: 'bob', limit: 10, order: 'down', cursor: down1.json.data.pagination.cursor });
    expect([...texts(down1.json), ...texts(down2.json)]).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'late']);
  });

  it('R22: a cursor reused with other parameters is 400 "cursor does not match the request"', async () => {
    const { t, tick, post } = setup();
    for (let i = 0; i < 3; i++) say(t, tick, 'bob', 'alice', `m${i}`);
    const cursor = (await post(CHAT, { username: 'alice', to: 'bob', limit: 1 })).json.data.pagination.cursor;
    for (const other of [{ username: 'bob', to: 'alice' }, { username: 'alice', to: 'bob', order: 'down' }, { username: 'alice', to: 'bob', startTimestamp: 0 }]) {
      const res = await post(CHAT, { ...other, cursor });
      expect(res.status).toBe(400);
      expect(res.json.error_description).toContain('cursor does not match the request');
    }
    expect((await post(CHAT, { username: 'alice', to: 'bob', limit: 5, cursor })).status).toBe(200);
  });
});

describe('R24: exactly the user\'s view', () => {
  it('R24: hides one-way deletes (by id, by time) and roam_ignore_users; username is the viewer, not a sender filter', async () => {
    const { t, tick, post } = setup();
    const a = say(t, tick, 'bob', 'alice', 'a');
    const b = say(t, tick, 'alice', 'bob', 'b');
    say(t, tick, 'bob', 'alice', 'c');
    t.send({ from: 'bob', to: 'alice', chatType: 'chat', type: 'txt', body: { msg: 'ignored' }, via: 'rest', roamIgnoreUsers: ['alice'] });
    tick();
    t.send({ from: 'admin', to: 'alice', chatType: 'chat', type: 'txt', body: { msg: 'from admin' }, via: 'rest' });
    t.deleteMessagesBefore('alice', 'chat', 'bob', a.timestamp);
    t.deleteMessages('alice', 'chat', 'bob', [b.id]);
    expect(texts((await post(CHAT, { username: 'alice', to: 'bob', order: 'down' })).json)).toEqual(['c']);
    // bob's view is untouched (R9), REST-sent messages roam (R15) unless ignored for that user.
    expect(texts((await post(CHAT, { username: 'bob', to: 'alice', order: 'down' })).json)).toEqual(['a', 'b', 'c', 'ignored']);
    expect(texts((await post(CHAT, { username: 'alice', to: 'admin' })).json)).toEqual(['from admin']);
  });

  it('R24: group — a member\'s view with their deletes; a user outside the group sees an empty page (200)', async () => {
    const { t, tick, post } = setup();
    say(t, tick, 'bob', 'team', 'g1', 'groupchat');
    const g2 = say(t, tick, 'carol', 'team', 'g2', 'groupchat');
    t.deleteMessages('bob', 'groupchat', 'team', [g2.id]);
    expect(texts((await post(GROUP, { username: 'alice', groupId: 'team', order: 'down' })).json)).toEqual(['g1', 'g2']);
    expect(texts((await post(GROUP, { username: 'bob', groupId: 'team', order: 'down' })).json)).toEqual(['g1']);
    const outsider = await post(GROUP, { username: 'dave', groupId: 'team' });
    expect(outsider.status).toBe(200);
    expect(outsider.json.data).toEqual({ messages: [], pagination: { cursor: '', hasMore: false } });
  });

  it('R24: chat and group roaming are on by default (R1 reworded, SPEC-2 §N)', async () => {
    const { t, post } = setup();
    expect(t.config().roamingEnabled).toBe(true);
    expect((await post(GROUP, { username: 'alice', groupId: 'team' })).status).toBe(200);
  });
});

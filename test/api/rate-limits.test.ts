import { describe, expect, it } from 'vitest';
import { createRoamingMock } from '../../src/index.ts';
import { client } from '../support/http.ts';

/**
 * SPEC-2 §N on the engine clock (frozen): call-rate overflow → 429 `resource_limited`; message-count overflow →
 * 403 `message_send_error` `message send reach limit` (users 6,000/min, groups 20/s, rooms 100/s, directed 100/s).
 */
const NOW = Date.parse('2026-03-01T00:00:00Z');
const USERS = ['ann', 'ben', 'cat', 'dan'];
const GROUPS = ['g1', 'g2', 'g3'];
const ROOMS = Array.from({ length: 10 }, (_, i) => `r${i}`);

function setup(config: Record<string, unknown> = {}) {
  const mock = createRoamingMock({
    now: NOW, frozen: true, seed: 5,
    fixture: {
      version: 1,
      apps: [{
        org: 'rl', app: 'app', config: { rateLimits: 'documented', editEnabled: true, ...config },
        users: USERS.map((username) => ({ username })),
        groups: GROUPS.map((id) => ({ id, owner: 'ann', members: ['ben'], createdAt: '-1d' })),
        rooms: ROOMS.map((id) => ({ id, members: ['ann'] })),
        messages: [{ id: '7100000000000000001', from: 'ann', to: 'ben', type: 'txt', body: { msg: 'hi' }, at: '-1s' }],
      }],
    },
  });
  const token = mock.tokens.issue(mock.tenant('rl#app'), undefined).token;
  const call = client(mock);
  return { mock, t: mock.tenant('rl#app'), call: (method: string, path: string, body?: unknown) => call(method, `${path.startsWith('/api/') ? '' : '/rl/app'}${path}`, { token, ...(body !== undefined ? { body } : {}) }) };
}

const txt = { type: 'txt', body: { msg: 'x' } };
type Res = { status: number; json: any; headers: Headers };
const reachLimit = (r: Res) => {
  expect([r.status, r.json.error]).toEqual([403, 'message_send_error']);
  expect(r.json.error_description).toContain('message send reach limit');
  expect(r.headers.get('retry-after')).toBeNull();
};
const apiLimit = (r: Res) => {
  expect([r.status, r.json.error]).toEqual([429, 'resource_limited']);
  expect(r.json.error_description).toContain('This request has reached api limit');
  expect(r.headers.get('retry-after')).toBe('1');
};

describe('§N message-count overflow → 403 message send reach limit', () => {
  it('§N groups: 20 messages per second (3 groups a call: the 7th call would be 21) → 403; the next second is open', async () => {
    const { call, mock, t } = setup();
    for (let i = 0; i < 6; i++) expect((await call('POST', '/messages/chatgroups', { to: GROUPS, ...txt })).status).toBe(200);
    const stored = t.state.messageCount;
    reachLimit(await call('POST', '/messages/chatgroups', { to: GROUPS, ...txt }));
    expect(t.state.messageCount).toBe(stored);
    // Two more still fit in this second.
    expect((await call('POST', '/messages/chatgroups', { to: ['g1', 'g2'], ...txt })).status).toBe(200);
    mock.clock.advance(1000);
    expect((await call('POST', '/messages/chatgroups', { to: GROUPS, ...txt })).status).toBe(200);
  });
  it('§N rooms: 100 messages per second (10 rooms a call: the 11th call) → 403, while 11 calls are far under 100 calls/s', async () => {
    const { call } = setup();
    for (let i = 0; i < 10; i++) expect((await call('POST', '/messages/chatrooms', { to: ROOMS, ...txt })).status).toBe(200);
    reachLimit(await call('POST', '/messages/chatrooms', { to: ROOMS, ...txt }));
  });
  it('§N users: 6,000 messages per minute per app → 403 (10 calls to 600 users fill the minute)', async () => {
    const { call, mock } = setup();
    // The count is taken before the recipients are looked up (as the service meters the call): 600 names a call.
    const to = Array.from({ length: 600 }, (_, i) => USERS[i % USERS.length]!);
    for (let i = 0; i < 10; i++) expect((await call('POST', '/messages/users', { to, ...txt })).status).toBe(200);
    reachLimit(await call('POST', '/messages/users', { to: ['ben'], ...txt }));
    mock.clock.advance(59_000);
    reachLimit(await call('POST', '/messages/users', { to: ['ben'], ...txt }));
    mock.clock.advance(1000);
    expect((await call('POST', '/messages/users', { to: ['ben'], ...txt })).status).toBe(200);
  });
  it('§N users: the 101st call in a second is still the call-rate 429 (100 calls/s), not the message count', async () => {
    const { call } = setup();
    for (let i = 0; i < 100; i++) expect((await call('POST', '/messages/users', { to: ['ben'], ...txt })).status).toBe(200);
    apiLimit(await call('POST', '/messages/users', { to: ['ben'], ...txt }));
  });
  it('§N/R34 directed: 100 messages per second → 403 message send reach limit (no 429)', async () => {
    const { call, mock } = setup();
    const directed = { to: ['g1'], users: ['ben'], ...txt };
    for (let i = 0; i < 100; i++) expect((await call('POST', '/messages/chatgroups/users', directed)).status).toBe(200);
    reachLimit(await call('POST', '/messages/chatgroups/users', directed));
    mock.clock.advance(1000);
    expect((await call('POST', '/messages/chatgroups/users', directed)).status).toBe(200);
  });
  it('§N: a tenant override of a message rule still answers 403', async () => {
    const { call } = setup({ rateLimitOverrides: { sendUsersMessages: 5 } });
    expect((await call('POST', '/messages/users', { to: ['ben', 'cat', 'dan'], ...txt })).status).toBe(200);
    const over = await call('POST', '/messages/users', { to: ['ben', 'cat', 'dan'], ...txt });
    reachLimit(over);
    expect(over.json.error_description).toContain('tenant override');
  });
});

describe('§N call-rate overflow → 429: recall, batch_recall, rewrite, import, v6 roaming (100 calls/s each)', () => {
  const cases: Array<{ name: string; method: string; path: string; body: (i: number) => unknown }> = [
    { name: 'R25 msg_recall', method: 'POST', path: '/messages/msg_recall', body: () => ({ msg_id: '123', to: 'ben', chat_type: 'chat', force: true }) },
    { name: 'R26 batch_recall', method: 'POST', path: '/messages/batch_recall', body: () => ({ msgs: [{ msg_id: '123', to: 'ben', chat_type: 'chat', force: true }] }) },
    { name: 'R30 rewrite', method: 'PUT', path: '/messages/rewrite/7100000000000000001', body: (i) => ({ new_msg: { type: 'txt', msg: `v${i}` } }) },
    { name: 'R53 import (users)', method: 'POST', path: '/messages/users/import', body: (i) => ({ from: 'ann', target: 'ben', type: 'txt', body: { msg: 'old' }, msg_timestamp: NOW - 1_000_000 + i }) },
    { name: 'R22 v6 roaming', method: 'POST', path: '/api/server/v6/rl/app/roaming/chat', body: () => ({ username: 'ann', to: 'ben' }) },
  ];
  for (const c of cases) {
    it(`§N ${c.name}: the 101st call in a second → 429 resource_limited with Retry-After; the next second is open`, async () => {
      const { call, mock } = setup({ editLimit: 1000 });
      for (let i = 0; i < 100; i++) expect((await call(c.method, c.path, c.body(i))).status).toBe(200);
      apiLimit(await call(c.method, c.path, c.body(100)));
      mock.clock.advance(1000);
      expect((await call(c.method, c.path, c.body(101))).status).toBe(200);
    });
  }
  it('§N: msg_recall and batch_recall count separately (each 100 calls/s); the /messages/recall alias shares msg_recall\'s', async () => {
    const { call } = setup();
    const one = { msg_id: '123', to: 'ben', chat_type: 'chat', force: true };
    for (let i = 0; i < 50; i++) expect((await call('POST', '/messages/msg_recall', one)).status).toBe(200);
    for (let i = 0; i < 50; i++) expect((await call('POST', '/messages/recall', one)).status).toBe(200);
    apiLimit(await call('POST', '/messages/msg_recall', one));
    expect((await call('POST', '/messages/batch_recall', { msgs: [one] })).status).toBe(200);
  });
});

// A consumer's own vitest test: MSW intercepts fetch and the roaming mock answers; other handlers of the
// project keep working next to it. Copied into the consumer project as test/roaming.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { createRoamingMock } from 'roaming-mock';
import { roamingHandlers } from 'roaming-mock/msw';
import { RoamingClient } from 'roaming-mock/client';
import demo from 'roaming-mock/fixtures/demo.json' with { type: 'json' };

const baseUrl = 'https://a1.easemob.test';
const mock = createRoamingMock({ fixture: demo, frozen: true, seed: 7 });
const server = setupServer(...roamingHandlers(mock, { baseUrl }), http.get('https://api.example.test/me', () => HttpResponse.json({ me: 'mine' })));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mock.reset());
afterAll(() => server.close());

describe('roaming-mock through msw', () => {
  it('logs in, lists and pages with fetch', async () => {
    const client = new RoamingClient({ baseUrl, org: 'demo', app: 'roaming' });
    await client.login('alice', 'alice-pw');
    const first = await client.conversations('alice', { limit: 2 });
    expect(first.conversations.map((c) => c.id)).toEqual(['bob', 'team']);
    const history = await client.history('alice', { peer: 'bob', pageSize: 4 });
    expect(history.messages).toHaveLength(4);
    const next = await client.history('alice', { peer: 'bob', pageSize: 4, start: history.nextKey });
    expect(next.messages.map((m) => m.id)).not.toContain(history.messages[0]!.id);
  });

  it('answers with the service error envelope and keeps other handlers', async () => {
    const { token } = mock.tokens.issue(mock.tenant('demo#roaming'), 'alice');
    const res = await fetch(`${baseUrl}/demo/roaming/sdk/user/alice/user_channels/list?limit=51`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'illegal_argument' });
    expect(await (await fetch('https://api.example.test/me')).json()).toEqual({ me: 'mine' });
  });

  it('one-way delete, then reset between tests', async () => {
    const t = mock.tenant('demo#roaming');
    const newest = t.history('alice', { chatType: 'chat', id: 'bob', pageSize: 1 }).messages[0]!;
    const { token } = mock.tokens.issue(t, 'alice');
    const res = await fetch(`${baseUrl}/demo/roaming/sdk/message/roaming/chat/user/alice?userId=bob&msgIdList=${newest.id}&resource=web`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(t.history('alice', { chatType: 'chat', id: 'bob', pageSize: 1 }).messages[0]!.id).not.toBe(newest.id);
    expect(t.history('bob', { chatType: 'chat', id: 'alice', pageSize: 1 }).messages[0]!.id).toBe(newest.id);
  });
});

import { describe, expect, it } from 'vitest';
import { createRoamingMock, type RoamingMock } from '../../src/index.ts';
import { MAX_TENANTS } from '../../src/core/engine.ts';
import { MAX_FAULT_RULES } from '../../src/api/faults.ts';
import { MAX_TOKENS_PER_TENANT } from '../../src/api/auth.ts';
import { MAX_APPS_PER_FIXTURE } from '../../src/fixtures/load.ts';
import { client } from '../support/http.ts';

/** Finding 5 of issue #14: tenants, fault rules, fixture apps and tokens grew without bound. */

const fixture = { version: 1 as const, apps: [{ org: 'demo', app: 'roaming', users: [{ username: 'alice', password: 'pw' }] }] };
const world = (): RoamingMock => createRoamingMock({ fixture, frozen: true });
const envelopeKeys = ['duration', 'error', 'error_description', 'exception', 'timestamp'];

describe('finding 5: every collection a client can grow is bounded, and the refusal names the limit', () => {
  it(`tenants: at most ${MAX_TENANTS}; one more is refused (POST /_mock/tenants and a fixture merge)`, async () => {
    const mock = world();
    const call = client(mock);
    for (let i = mock.tenants().length; i < MAX_TENANTS - 1; i++) mock.createTenant({ org: 'bulk', app: `a${i}` });
    expect((await call('POST', '/_mock/tenants', { body: { org: 'last', app: 'one' } })).status).toBe(200);
    const refused = await call('POST', '/_mock/tenants', { body: { org: 'one', app: 'more' } });
    expect(refused.status).toBe(403);
    expect(Object.keys(refused.json).sort()).toEqual(envelopeKeys);
    expect(refused.json.error_description).toMatch(/^tenants: at most 10000 tenants/);
    const merge = await call('POST', '/_mock/fixtures?mode=merge', { body: { version: 1, apps: [{ org: 'm', app: 'x' }] } });
    expect([merge.status, merge.json.error_description]).toEqual([400, expect.stringMatching(/^apps: at most 10000 tenants at once: 10000 exist/)]);
    expect(mock.tenants()).toHaveLength(MAX_TENANTS);
  });

  it(`apps per fixture: at most ${MAX_APPS_PER_FIXTURE}; a flood of empty apps is refused before anything is validated or loaded`, async () => {
    const mock = world();
    const apps = Array.from({ length: 34_000 }, (_, i) => ({ org: 'o', app: `a${i}` }));
    const res = await client(mock)('POST', '/_mock/fixtures?mode=merge', { body: { version: 1, apps } });
    expect(res.status).toBe(400);
    expect(res.json.error_description).toBe(`apps: at most ${MAX_APPS_PER_FIXTURE} apps per fixture, got 34000`);
    expect(mock.tenants().map((t) => t.appKey)).toEqual(['demo#roaming']);
    const fits = Array.from({ length: MAX_APPS_PER_FIXTURE }, (_, i) => ({ org: 'o', app: `a${i}` }));
    expect((await client(mock)('POST', '/_mock/fixtures?mode=merge', { body: { version: 1, apps: fits } })).status).toBe(200);
  });

  it(`fault rules: at most ${MAX_FAULT_RULES}`, async () => {
    const mock = world();
    const call = client(mock);
    for (let i = 0; i < MAX_FAULT_RULES - 1; i++) mock.faults.add({ match: { path: `/nowhere/${i}` }, status: 500 });
    expect((await call('POST', '/_mock/faults', { body: { match: { path: '/last' }, status: 503 } })).status).toBe(200);
    const refused = await call('POST', '/_mock/faults', { body: { match: { path: '/more' }, status: 503 } });
    expect([refused.status, refused.json.error]).toEqual([403, 'forbidden_op']);
    expect(refused.json.error_description).toMatch(/^faults: at most 1000 fault rules/);
    expect((await call('DELETE', '/_mock/faults')).status).toBe(200);
    expect((await call('POST', '/_mock/faults', { body: { match: { path: '/again' }, status: 503 } })).status).toBe(200);
  });
});

describe('finding 5: rules on other paths cost a request nothing; the first rule added still wins', () => {
  it('rules are looked up by path, in the order they were added', async () => {
    const mock = world();
    const token = mock.tokens.issue(mock.tenant('demo#roaming'), 'alice').token;
    const call = client(mock);
    for (let i = 0; i < 500; i++) mock.faults.add({ match: { path: `/elsewhere/${i}` }, status: 500 });
    mock.faults.add({ match: { path: '/:org/:app/users/:user' }, status: 502, count: 1 });
    mock.faults.add({ match: { method: 'GET' }, status: 503, count: 1 });
    mock.faults.add({ match: { path: '/demo/roaming/users/alice' }, status: 504, count: 1 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call('GET', '/demo/roaming/users/alice', { token })).status);
    expect(statuses).toEqual([502, 503, 504, 200]);
    expect(mock.faults.list()).toHaveLength(500);
  });
});

describe('finding 5: tokens expire, are purged, are bounded per tenant, and die with their tenant or password', () => {
  const login = async (mock: RoamingMock, password = 'pw') =>
    (await client(mock)('POST', '/demo/roaming/token', { body: { grant_type: 'password', username: 'alice', password } })).json?.access_token as string;
  const use = async (mock: RoamingMock, token: string) => (await client(mock)('GET', '/demo/roaming/users/alice', { token })).status;

  it.each<[string, (mock: RoamingMock) => Promise<void> | void, string]>([
    ['POST /_mock/reset', async (mock) => void (await client(mock)('POST', '/_mock/reset')), 'corrupt'],
    ['POST /_mock/reset?tenant=demo%23roaming', async (mock) => void (await client(mock)('POST', '/_mock/reset?tenant=demo%23roaming')), 'corrupt'],
    ['DELETE the tenant and create it again with a new password', async (mock) => {
      const call = client(mock);
      await call('DELETE', '/_mock/tenants/demo/roaming');
      await call('POST', '/_mock/fixtures?mode=merge', { body: { version: 1, apps: [{ org: 'demo', app: 'roaming', users: [{ username: 'alice', password: 'new' }] }] } });
    }, 'corrupt'],
    ['DELETE the tenant and create it again with the same password', async (mock) => {
      const call = client(mock);
      await call('DELETE', '/_mock/tenants/demo/roaming');
      await call('POST', '/_mock/fixtures?mode=merge', { body: fixture });
    }, 'corrupt'],
    ['load a fixture that replaces the world', async (mock) => void (await client(mock)('POST', '/_mock/fixtures?mode=replace', { body: fixture })), 'corrupt'],
    ['the tenant TTL passes (tokenTtlSeconds)', async (mock) => {
      mock.clock.advance(mock.tenant('demo#roaming').config().tokenTtlSeconds * 1000);
    }, 'expired'],
  ])('an old token is refused after: %s', async (_what, act, why) => {
    const mock = world();
    const token = await login(mock);
    expect(await use(mock, token)).toBe(200);
    await act(mock);
    const res = await client(mock)('GET', '/demo/roaming/users/alice', { token });
    expect(res.status).toBe(401);
    expect(res.json.error_description).toContain(why);
  });

  it("a user's password change revokes that user's tokens", async () => {
    const mock = world();
    const token = await login(mock);
    mock.tenant('demo#roaming').state.users.get('alice')!.password = 'changed';
    const res = await client(mock)('GET', '/demo/roaming/users/alice', { token });
    expect([res.status, res.json.error_description]).toEqual([401, expect.stringContaining('password of "alice" changed')]);
    expect(await use(mock, await login(mock, 'changed'))).toBe(200);
  });

  it('expired tokens are purged as new ones are issued (no unbounded growth)', () => {
    const mock = createRoamingMock({ fixture, frozen: true, config: { tokenTtlSeconds: 60 } });
    const t = mock.tenant('demo#roaming');
    for (let i = 0; i < 5000; i++) mock.tokens.issue(t, 'alice');
    expect(mock.tokens.size).toBe(5000);
    mock.clock.advance(61_000);
    for (let i = 0; i < 2048; i++) mock.tokens.issue(t, 'alice');
    expect(mock.tokens.size).toBeLessThanOrEqual(2048);
  });

  it(`at most ${MAX_TOKENS_PER_TENANT} live tokens per tenant: the oldest goes`, () => {
    const mock = world();
    const t = mock.tenant('demo#roaming');
    const first = mock.tokens.issue(t, 'alice').token;
    const second = mock.tokens.issue(t, 'alice').token;
    for (let i = 2; i < MAX_TOKENS_PER_TENANT; i++) mock.tokens.issue(t, undefined);
    expect(mock.tokens.verify(first, t).user).toBe('alice');
    mock.tokens.issue(t, undefined);
    expect(() => mock.tokens.verify(first, t)).toThrow(/unknown token/);
    expect(mock.tokens.verify(second, t).user).toBe('alice');
    expect(mock.tokens.size).toBe(MAX_TOKENS_PER_TENANT);
  });

  it('removing a tenant frees its tokens at once', async () => {
    const mock = world();
    for (let i = 0; i < 100; i++) await login(mock);
    expect(mock.tokens.size).toBe(100);
    await client(mock)('DELETE', '/_mock/tenants/demo/roaming');
    expect(mock.tokens.size).toBe(0);
  });
});

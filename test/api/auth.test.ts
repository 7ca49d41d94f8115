import { describe, expect, it } from 'vitest';
import { createRoamingMock } from '../../src/index.ts';
import { client } from '../support/http.ts';

function setup() {
  const mock = createRoamingMock({
    now: Date.parse('2026-02-01T00:00:00Z'),
    frozen: true,
    fixture: {
      version: 1,
      apps: [
        { org: 'a', app: 'one', clientId: 'c1', clientSecret: 's1', config: { tokenTtlSeconds: 3600 }, users: [{ username: 'ann', password: 'pw' }, { username: 'ben', password: 'pw' }] },
        { org: 'b', app: 'two', clientId: 'c2', clientSecret: 's2', users: [{ username: 'ann', password: 'pw' }] },
      ],
    },
  });
  return { mock, call: client(mock) };
}

const list = (user: string) => `/a/one/users/${user}/user_channels`;

describe('R17 auth', () => {
  it('R17: password login issues a token with the tenant TTL that acts for that user only', async () => {
    const { call } = setup();
    const login = await call('POST', '/a/one/token', { body: { grant_type: 'password', username: 'ann', password: 'pw' } });
    expect(login.status).toBe(200);
    expect(login.json.expires_in).toBe(3600);
    expect(login.json.user.username).toBe('ann');
    const token = login.json.access_token as string;
    expect((await call('GET', list('ann'), { token })).status).toBe(200);
    const other = await call('GET', list('ben'), { token });
    expect(other.status).toBe(403);
    expect(other.json.error).toBe('forbidden_op');
  });
  it('R17: an app token acts for any user of its app; inherit turns it into a user token', async () => {
    const { call } = setup();
    const app = (await call('POST', '/a/one/token', { body: { grant_type: 'client_credentials', client_id: 'c1', client_secret: 's1' } })).json.access_token;
    expect((await call('GET', list('ben'), { token: app })).status).toBe(200);
    const inherit = await call('POST', '/a/one/token', { token: app, body: { grant_type: 'inherit', username: 'ben' } });
    expect(inherit.status).toBe(200);
    expect((await call('GET', list('ann'), { token: inherit.json.access_token })).status).toBe(403);
    const noApp = await call('POST', '/a/one/token', { body: { grant_type: 'inherit', username: 'ben' } });
    expect(noApp.status).toBe(401);
  });
  it('R17: wrong client secret and wrong password are refused', async () => {
    const { call } = setup();
    expect((await call('POST', '/a/one/token', { body: { grant_type: 'client_credentials', client_id: 'c1', client_secret: 'no' } })).json.error).toBe('invalid_grant');
    expect((await call('POST', '/a/one/token', { body: { grant_type: 'password', username: 'zed', password: 'pw' } })).status).toBe(400);
  });
  it('R17: an expired token answers 401 unauthorized "Unable to authenticate due to expired access token"', async () => {
    const { call, mock } = setup();
    const token = mock.tokens.issue(mock.tenant('a#one'), 'ann').token;
    mock.clock.advance(3600_000 - 1);
    expect((await call('GET', list('ann'), { token })).status).toBe(200);
    mock.clock.advance(1);
    const res = await call('GET', list('ann'), { token });
    expect(res.status).toBe(401);
    expect(res.json.error).toBe('unauthorized');
    expect(res.json.error_description).toContain('Unable to authenticate due to expired access token');
  });
  it('R17: tokens of one tenant are worthless on another, even for the same username', async () => {
    const { call, mock } = setup();
    const token = mock.tokens.issue(mock.tenant('b#two'), 'ann').token;
    const res = await call('GET', list('ann'), { token });
    expect(res.status).toBe(401);
    expect(res.json.error).toBe('auth_bad_access_token');
    expect(res.json.error_description).toContain('b#two');
  });
  it('R17: missing, malformed and unknown tokens', async () => {
    const { call } = setup();
    const none = await call('GET', list('ann'));
    expect([none.status, none.json.error]).toEqual([401, 'unauthorized']);
    const unknown = await call('GET', list('ann'), { token: 'x' });
    expect([unknown.status, unknown.json.error]).toEqual([401, 'auth_bad_access_token']);
    const res = await setup().mock.fetch(new Request(`http://roaming.test${list('ann')}`, { headers: { authorization: 'Token abc' } }));
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error_description: string }).error_description).toContain('Bearer');
  });
  it('R17: user tokens cannot call app-only REST endpoints', async () => {
    const { call, mock } = setup();
    const token = mock.tokens.issue(mock.tenant('a#one'), 'ann').token;
    const res = await call('POST', '/a/one/users', { token, body: { username: 'cat', password: 'p' } });
    expect(res.status).toBe(403);
    expect(mock.tenant('a#one').state.users.has('cat')).toBe(false);
  });
});

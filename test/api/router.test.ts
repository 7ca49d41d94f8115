import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRoamingMock } from '../../src/index.ts';
import { Router } from '../../src/api/router.ts';

/** #18: the router remembers the paths it matched; a remembered answer must be the walk's answer. */
describe('router match memo', () => {
  const routes = createRoamingMock({}).routes;
  const segment = fc.oneof(
    fc.constantFrom('o', 'a', 'sdk', 'users', 'user', 'alice', 'bob', 'messageroaming', 'user_channels', 'list', 'message', 'roaming', 'chat', 'group', 'time', 'delete', 'all', 'token', '_mock', 'api', 'server', 'v6', 'al%69ce', '%zz'),
    fc.string({ maxLength: 4 }),
  );
  const path = fc.array(segment, { maxLength: 9 }).map((s) => `/${s.join('/')}`);
  const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH');

  it('asked twice (and after other paths), a path gets what a fresh router finds', () => {
    const warm = new Router(routes);
    fc.assert(
      fc.property(fc.array(fc.tuple(method, path), { minLength: 1, maxLength: 20 }), (asks) => {
        for (const [m, p] of [...asks, ...asks]) {
          const fresh = new Router(routes).match(m, p);
          const found = warm.match(m, p);
          expect(found.match?.route).toBe(fresh.match?.route);
          expect(found.match?.params).toEqual(fresh.match?.params);
          expect([...found.allowed]).toEqual([...fresh.allowed]);
        }
      }),
      { numRuns: 300, seed: Number(process.env['FC_SEED'] ?? 20261126) },
    );
  });

  it('stays bounded: 10,000 distinct user paths leave at most 4,096 remembered per method', () => {
    const router = new Router(routes);
    for (let i = 0; i < 10_000; i++) expect(router.match('GET', `/o/a/sdk/user/u${i}/user_channels/list`).match).toBeDefined();
    const memo = (router as unknown as { memo: Map<string, Map<string, unknown>> }).memo;
    expect(memo.get('GET')!.size).toBeLessThanOrEqual(4096);
    expect(memo.get('GET')!.size).toBeGreaterThan(0);
  });

  it('a percent-encoded user is decoded per request, and the remembered params stay as sent', () => {
    const mock = createRoamingMock({ now: Date.parse('2026-03-01T00:00:00Z'), frozen: true, fixture: { version: 1, apps: [{ org: 'o', app: 'a', users: [{ username: 'alice' }] }] } });
    const token = mock.tokens.issue(mock.tenant('o#a'), 'alice').token;
    const ask = () => mock.handle({ method: 'GET', path: '/o/a/sdk/user/al%69ce/user_channels/list', search: 'limit=20&cursor=', headers: { authorization: `Bearer ${token}` } }) as { status: number };
    expect(ask().status).toBe(200);
    expect(ask().status).toBe(200);
    expect(mock.router.match('GET', '/o/a/sdk/user/al%69ce/user_channels/list').match?.params['user']).toBe('al%69ce');
  });
});

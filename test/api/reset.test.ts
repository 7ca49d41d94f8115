import { describe, expect, it } from 'vitest';
import { createRoamingMock, type RoamingMock } from '../../src/mock.ts';

/** One call of the `default` rule (GET a user, app token) on tenant `org#app`. */
function getUser(mock: RoamingMock, org: string): number {
  const t = mock.findTenant(`${org}#app`) ?? mock.createTenant({ org, app: 'app' });
  if (!t.state.users.has('ann')) t.addUser('ann', 'pw');
  const { token } = mock.tokens.issue(t, undefined);
  return (mock.handle({ method: 'GET', path: `/${org}/app/users/ann`, search: '', headers: { authorization: `Bearer ${token}` } }) as { status: number }).status;
}

describe('reset', () => {
  it('a one-tenant reset clears that tenant\'s rate counters only (its doc says so)', () => {
    const mock = createRoamingMock({ frozen: true, config: { rateLimits: 'documented', rateLimitOverrides: { default: 1 } } });
    expect([getUser(mock, 'a'), getUser(mock, 'b')]).toEqual([200, 200]);
    expect([getUser(mock, 'a'), getUser(mock, 'b')]).toEqual([429, 429]);
    mock.reset({ tenant: 'a#app' });
    expect([getUser(mock, 'a'), getUser(mock, 'b')]).toEqual([200, 429]);
    mock.reset();
    expect(getUser(mock, 'b')).toBe(200);
  });
});

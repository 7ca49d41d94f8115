import { RoamingError, badArg, describe } from '../../core/errors.ts';
import { requireAppToken } from '../auth.ts';
import { authorizationOf } from '../request.ts';
import { bodyInt, requireObject } from '../params.ts';
import type { Route } from '../router.ts';
import { applicationUuid, json } from '../wire/envelope.ts';
import { userEntity } from '../wire/user.ts';

const GRANTS = ['password', 'client_credentials', 'inherit'];

/** R17: `POST /{org}/{app}/token` — password, client_credentials, or inherit (an app token mints a user token). */
export const tokenRoute: Route = {
  method: 'POST',
  path: '/:org/:app/token',
  name: 'auth.token',
  plane: 'auth',
  doc: { summary: 'Get a token (R17): grant_type password, client_credentials or inherit (with an app token)', body: '{grant_type, username?, password?, client_id?, client_secret?, ttl?}' },
  rate: ['token'],
  auth: 'none',
  handler(ctx) {
    const t = ctx.tenant;
    const b = requireObject(ctx.body());
    const ttl = bodyInt(b, 'ttl');
    if (ttl !== undefined && (ttl < 1 || ttl > 10 * 365 * 86_400)) throw badArg('ttl', `must be seconds in [1, ${10 * 365 * 86_400}], got ${ttl}`);
    const grantType = b['grant_type'];
    const userGrant = (username: string) => {
      const user = t.state.users.get(username)!;
      const grant = ctx.tokens.issue(t, username, ttl);
      return json(200, { access_token: grant.token, expires_in: Math.round((grant.expiresAt - ctx.now) / 1000), user: userEntity(t.appKey, user) });
    };
    switch (grantType) {
      case 'password': {
        const { username, password } = b;
        if (typeof username !== 'string' || username === '') throw badArg('username', `required for grant_type password, got ${describe(username)}`);
        if (typeof password !== 'string') throw badArg('password', `required for grant_type password, got ${describe(password)}`);
        const user = t.state.users.get(username);
        if (!user || user.password !== password) {
          throw new RoamingError('invalid_grant', `username/password: invalid username or password for ${t.appKey}`, 'password');
        }
        return userGrant(username);
      }
      case 'client_credentials': {
        if (b['client_id'] !== t.state.clientId || b['client_secret'] !== t.state.clientSecret) {
          throw new RoamingError('invalid_grant', `client_id/client_secret: invalid client credentials for ${t.appKey}`, 'client_secret');
        }
        const grant = ctx.tokens.issue(t, undefined, ttl);
        return json(200, { access_token: grant.token, expires_in: Math.round((grant.expiresAt - ctx.now) / 1000), application: applicationUuid(t.appKey) });
      }
      case 'inherit': {
        requireAppToken(ctx.tokens.authenticate(authorizationOf(ctx.req), t));
        const username = b['username'];
        if (typeof username !== 'string' || !t.state.users.has(username)) {
          throw new RoamingError('not_found', `username: user ${describe(username)} does not exist in ${t.appKey}`, 'username');
        }
        return userGrant(username);
      }
      default:
        throw badArg('grant_type', `must be one of ${GRANTS.join(', ')}, got ${describe(grantType)}`);
    }
  },
};

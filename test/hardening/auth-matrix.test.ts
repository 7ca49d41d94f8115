import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createRoamingMock, type RoamingMock } from '../../src/index.ts';
import { startServer } from '../../src/adapters/server.ts';
import { pb } from '../../src/api/wire/proto.ts';
import type { Route } from '../../src/api/router.ts';

/**
 * Every route × {no token, malformed, expired, other user's, other tenant's, app token, own token}, generated from
 * the route table: a route added later is in the matrix automatically.
 */
const NOW = Date.parse('2026-05-01T00:00:00Z');
function world(): RoamingMock {
  return createRoamingMock({
    now: NOW, frozen: true, seed: 3,
    config: { tokenTtlSeconds: 60 },
    fixture: {
      version: 1,
      apps: [
        { org: 'm', app: 'x', users: [{ username: 'alice' }, { username: 'bob' }], groups: [{ id: 'g', owner: 'alice', members: ['bob'] }], messages: [{ from: 'bob', to: 'alice', type: 'txt', body: { msg: 'hi' }, at: '-1m' }] },
        { org: 'o', app: 'y', users: [{ username: 'alice' }] },
      ],
    },
  });
}

type Credential = 'none' | 'malformed' | 'expired' | 'otherUser' | 'otherTenant' | 'app' | 'own';
const CREDENTIALS: Credential[] = ['none', 'malformed', 'expired', 'otherUser', 'otherTenant', 'app', 'own'];

function token(mock: RoamingMock, c: Credential): string | undefined {
  const t = mock.tenant('m#x');
  switch (c) {
    case 'none': return undefined;
    case 'malformed': return 'Token abc';
    case 'expired': {
      const grant = mock.tokens.issue(t, 'alice', 1);
      mock.clock.advance(1001);
      return `Bearer ${grant.token}`;
    }
    case 'otherUser': return `Bearer ${mock.tokens.issue(t, 'bob').token}`;
    case 'otherTenant': return `Bearer ${mock.tokens.issue(mock.tenant('o#y'), 'alice').token}`;
    case 'app': return `Bearer ${mock.tokens.issue(t, undefined).token}`;
    case 'own': return `Bearer ${mock.tokens.issue(t, 'alice').token}`;
  }
}

/** What R17 requires for this route and credential: the status, or 'allowed' (past auth: anything but 401/403 from auth). */
function expected(route: Route, c: Credential): number | 'allowed' {
  if (route.auth === 'none' || !route.path.includes('/:org/:app')) return 'allowed';
  if (c === 'none' || c === 'malformed' || c === 'expired' || c === 'otherTenant') return 401;
  if (route.auth === 'app') return c === 'app' ? 'allowed' : 403;
  if (c === 'otherUser') return route.path.includes(':user') ? 403 : 'allowed';
  return 'allowed';
}

const concrete = (route: Route): string =>
  route.path.replace(':org', 'm').replace(':app', 'x').replace(':user', 'alice').replace(':time', '2026050100').replace(':id', 'fault-1').replace(':name', 'demo');

describe('auth matrix (R17), generated from the route table', () => {
  const routes = world().routes;
  it('covers every route', () => {
    expect(routes.length).toBeGreaterThan(50);
  });
  for (const route of routes) {
    describe(`${route.method} ${route.path}`, () => {
      for (const c of CREDENTIALS) {
        const want = expected(route, c);
        it(`${c} → ${want}`, async () => {
          const mock = world();
          const authorization = token(mock, c);
          const res = await mock.handle({ method: route.method, path: concrete(route), search: '', headers: authorization ? { authorization } : {}, rawBody: '{}' });
          const body = (res.headers['content-type']?.includes('json') && res.body ? JSON.parse(res.body) : {}) as { error?: string };
          if (want === 'allowed') {
            // Past authentication: whatever the route answers, it is not an auth refusal.
            const authRefusal = (res.status === 401) || (res.status === 403 && /cannot act for|needs an app token/.test(res.body));
            expect(authRefusal, `${res.status} ${res.body}`).toBe(false);
          } else {
            expect(res.status, res.body).toBe(want);
            expect(body.error).toMatch(want === 401 ? /^(unauthorized|auth_bad_access_token)$/ : /^forbidden_op$/);
          }
        });
      }
    });
  }
});

describe('auth matrix for the WebSocket login (msync PROVISION)', () => {
  const provision = (appKey: string, user: string, tok?: string): Uint8Array =>
    pb.MSync.encode(pb.MSync.fromObject({
      version: 1, command: 3, guid: { appKey, name: user, domain: 'easemob.com' }, ...(tok !== undefined ? { auth: `$t$${tok}` } : {}),
      payload: pb.Provision.encode(pb.Provision.fromObject({ resource: 'web', ...(tok !== undefined ? { authToken: JSON.stringify({ token: `$t$${tok}` }) } : {}) })).finish(),
    })).finish();
  const login = async (url: string, frame: Uint8Array): Promise<number> => {
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    await new Promise((r) => ws.once('open', r));
    ws.send(frame);
    const reply = await new Promise<ArrayBuffer>((r) => ws.once('message', (d) => r(d as ArrayBuffer)));
    ws.close();
    const msync = pb.MSync.decode(new Uint8Array(reply)) as unknown as { payload: Uint8Array };
    const p = pb.Provision.toObject(pb.Provision.decode(msync.payload), { enums: Number }) as { status?: { errorCode?: number } };
    return p.status?.errorCode ?? 0;
  };
  it.each(CREDENTIALS)('%s', async (c) => {
    const mock = world();
    const running = await startServer(mock, { port: 0 });
    try {
      const header = token(mock, c);
      const raw = header?.startsWith('Bearer ') ? header.slice(7) : header;
      const code = await login(running.wsUrl, provision('m#x', 'alice', c === 'none' ? undefined : c === 'malformed' ? 'abc' : raw));
      // Only a user token of alice herself logs alice in; an expired one says TOKEN_EXPIRED (6).
      if (c === 'own') expect(code).toBe(0);
      else if (c === 'expired') expect(code).toBe(6);
      else expect(code).toBe(2);
    } finally {
      await running.close();
    }
  });
});

import { request as httpRequest, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hourName } from '../support/http.ts';
import { createRoamingMock, type RoamingMock } from '../../src/index.ts';
import { startServer } from '../../src/adapters/server.ts';
import { roamingMiddleware } from '../../src/adapters/express.ts';
import { exposureWarning, type ControlGuardOptions } from '../../src/api/control-guard.ts';

/** Finding 3 of issue #14: any web page could drive the control plane of a running mock. */

const fixture = { version: 1 as const, apps: [{ org: 'demo', app: 'roaming', clientId: 'cid', clientSecret: 'csecret', users: [{ username: 'alice', password: 'pw' }] }] };
const EVIL = 'http://evil.test';
const FIXTURE = JSON.stringify({ version: 1, apps: [{ org: 'pwned', app: 'x' }] });

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http, so the test can send any Host header (fetch would not let it). */
function send(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

interface Door {
  mock: RoamingMock;
  port: number;
  close(): Promise<void>;
}

const doors: Record<string, (options: ControlGuardOptions) => Promise<Door>> = {
  server: async (options) => {
    const mock = createRoamingMock({ fixture, frozen: true });
    const running = await startServer(mock, { port: 0, ...options });
    return { mock, port: running.port, close: () => running.close() };
  },
  express: async (options) => {
    const mock = createRoamingMock({ fixture, frozen: true });
    const app = express();
    app.use(express.json());
    app.use(roamingMiddleware(mock, options));
    const server: Server = createServer(app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    return {
      mock,
      port: (server.address() as AddressInfo).port,
      close: () => new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
    };
  },
};

const JSON_HEADERS = { 'content-type': 'application/json' };

describe.each(Object.keys(doors))('finding 3 through the %s door', (name) => {
  let door: Door;
  let own: string;
  beforeAll(async () => {
    door = await doors[name]!({ allowHosts: ['mock.test'] });
    own = `http://127.0.0.1:${door.port}`;
  });
  afterAll(() => door.close());

  // [what, method, path, headers, body, status, error or text in the answer]
  const cases: Array<[string, string, string, (own: string) => Record<string, string>, string | undefined, number, string]> = [
    ['a cross-origin text/plain form post cannot replace every tenant', 'POST', '/_mock/fixtures?mode=replace', () => ({ origin: EVIL, 'content-type': 'text/plain' }), FIXTURE, 403, 'Origin'],
    ['a cross-origin JSON post cannot mint a token', 'POST', '/_mock/tenants/demo/roaming/tokens', () => ({ origin: EVIL, ...JSON_HEADERS }), '{"username":"alice"}', 403, 'Origin'],
    ['a cross-origin page cannot read the snapshot', 'GET', '/_mock/snapshot', () => ({ origin: EVIL }), undefined, 403, 'Origin'],
    ['a cross-site no-cors GET (no Origin header) is refused by Sec-Fetch-Site', 'GET', '/_mock/snapshot', () => ({ 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' }), undefined, 403, 'Sec-Fetch-Site'],
    ['a same-site page on another port is another origin', 'GET', '/_mock/snapshot', () => ({ origin: 'http://127.0.0.1:1', 'sec-fetch-site': 'same-site' }), undefined, 403, 'Origin'],
    ['a text/plain body without any Origin is refused with 415', 'POST', '/_mock/fixtures?mode=merge', () => ({ 'content-type': 'text/plain' }), FIXTURE, 415, 'unsupported_media_type'],
    ['a form-encoded body is refused with 415', 'POST', '/_mock/clock/advance', () => ({ 'content-type': 'application/x-www-form-urlencoded' }), '{"by":"1d"}', 415, 'Content-Type'],
    ['DNS rebinding: an unknown Host name is refused', 'GET', '/_mock/snapshot', () => ({ host: 'evil.test' }), undefined, 403, 'Host'],
    ['DNS rebinding: the same with the port', 'POST', '/_mock/reset', (o) => ({ host: `rebind.evil.test:${new URL(o).port}` }), undefined, 403, 'Host'],
    ['the page itself (same origin) may post JSON', 'POST', '/_mock/tenants/demo/roaming/tokens', (o) => ({ origin: o, 'sec-fetch-site': 'same-origin', ...JSON_HEADERS }), '{"username":"alice"}', 200, 'access_token'],
    ['curl and tests (no Origin) may post JSON', 'POST', '/_mock/clock/advance', () => JSON_HEADERS, '{"by":"1m"}', 200, '"now"'],
    ['a vendor JSON type is JSON', 'POST', '/_mock/clock/advance', () => ({ 'content-type': 'application/merge-patch+json' }), '{"by":"1m"}', 200, '"now"'],
    ['localhost is loopback', 'GET', '/_mock/health', (o) => ({ host: `localhost:${new URL(o).port}` }), undefined, 200, '"ok"'],
    ['an --allow-host name may reach it', 'GET', '/_mock/health', () => ({ host: 'mock.test' }), undefined, 200, '"ok"'],
    ['the inspector opens from a link on another site (a navigation)', 'GET', '/_mock/ui', () => ({ 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' }), undefined, 200, 'inspector'],
    ['the tenant API stays open to other origins (browser apps)', 'POST', '/demo/roaming/token', () => ({ origin: EVIL, ...JSON_HEADERS }), '{"grant_type":"password","username":"alice","password":"pw"}', 200, 'access_token'],
  ];

  it.each(cases)('%s', async (_what, method, path, headers, body, status, needle) => {
    const before = JSON.stringify(door.mock.tenants().map((t) => t.appKey));
    const res = await send(door.port, method, path, headers(own), body);
    expect(res.status, res.body).toBe(status);
    expect(res.body).toContain(needle);
    if (status >= 400) {
      expect(Object.keys(JSON.parse(res.body)).sort()).toEqual(['duration', 'error', 'error_description', 'exception', 'timestamp']);
      expect(JSON.stringify(door.mock.tenants().map((t) => t.appKey))).toBe(before);
    }
  });

  it('no CORS headers on /_mock by default; the tenant API keeps them, preflight included', async () => {
    expect((await send(door.port, 'GET', '/_mock/health')).headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await send(door.port, 'OPTIONS', '/_mock/fixtures', { origin: EVIL, 'access-control-request-method': 'POST' });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const tenant = await send(door.port, 'OPTIONS', '/demo/roaming/token', { origin: EVIL, 'access-control-request-method': 'POST' });
    expect([tenant.status, tenant.headers['access-control-allow-origin']]).toEqual([204, '*']);
    expect((await send(door.port, 'GET', '/demo/roaming/users/alice', { origin: EVIL })).headers['access-control-allow-origin']).toBe('*');
  });
});

describe.each(Object.keys(doors))('finding 3: --cors-control and --control-token through the %s door', (name) => {
  it('--cors-control lets other origins in, with CORS headers', async () => {
    const door = await doors[name]!({ corsControl: true });
    try {
      const res = await send(door.port, 'GET', '/_mock/health', { origin: EVIL });
      expect([res.status, res.headers['access-control-allow-origin']]).toEqual([200, '*']);
      // Still JSON only: a form post never reaches the control plane.
      expect((await send(door.port, 'POST', '/_mock/reset', { origin: EVIL, 'content-type': 'text/plain' }, '{}')).status).toBe(415);
    } finally {
      await door.close();
    }
  });

  it('--control-token: Bearer on every /_mock request; the inspector takes it once and keeps a cookie', async () => {
    const door = await doors[name]!({ controlToken: 's3cret' });
    try {
      const table: Array<[Record<string, string>, number]> = [
        [{}, 401],
        [{ authorization: 'Bearer wrong' }, 401],
        [{ authorization: 's3cret' }, 401],
        [{ authorization: 'Bearer s3cret' }, 200],
        [{ cookie: 'roaming_mock_control=wrong' }, 401],
        [{ cookie: 'other=1; roaming_mock_control=s3cret' }, 200],
      ];
      for (const [headers, status] of table) expect([headers, (await send(door.port, 'GET', '/_mock/snapshot', headers)).status]).toEqual([headers, status]);
      const refused = JSON.parse((await send(door.port, 'GET', '/_mock/snapshot')).body);
      expect(refused).toMatchObject({ error: 'unauthorized', error_description: expect.stringContaining('--control-token') });
      expect((await send(door.port, 'GET', '/_mock/ui')).status).toBe(401);
      expect((await send(door.port, 'GET', '/_mock/ui?token=wrong')).status).toBe(401);
      const login = await send(door.port, 'GET', '/_mock/ui?token=s3cret');
      expect([login.status, login.headers['location']]).toEqual([303, 'ui']);
      // The trailing-slash address takes the token too (it used to answer 401), landing on the same page.
      const slash = await send(door.port, 'GET', '/_mock/ui/?token=s3cret');
      expect([slash.status, slash.headers['location'], String(slash.headers['set-cookie']).split(';')[0]]).toEqual([303, '../ui', String(login.headers['set-cookie']).split(';')[0]]);
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      expect(String(login.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
      expect((await send(door.port, 'GET', '/_mock/ui', { cookie })).body).toContain('inspector.js');
      expect((await send(door.port, 'POST', '/_mock/clock/advance', { cookie, ...JSON_HEADERS }, '{"by":"1s"}')).status).toBe(200);
      // The tenant API has its own tokens (R17); the control token is not asked for there.
      expect((await send(door.port, 'POST', '/demo/roaming/token', JSON_HEADERS, '{"grant_type":"password","username":"alice","password":"pw"}')).status).toBe(200);
    } finally {
      await door.close();
    }
  });
});

describe('finding 3: history files are served behind signed, expiring URLs', () => {
  it.each(Object.keys(doors))('%s door: unsigned, tampered and expired URLs get 403; the signed one serves the hour', async (name) => {
    const door = await doors[name]!({});
    try {
      const mock = door.mock;
      const t = mock.tenant('demo#roaming');
      mock.createTenant({ org: 'other', app: 'app' });
      t.send({ from: 'alice', to: 'alice', chatType: 'chat', type: 'txt', body: { msg: 'secret' } });
      const app = mock.tokens.issue(t, undefined).token;
      const hour = hourName(mock.clock.now());
      const list = JSON.parse((await send(door.port, 'GET', `/demo/roaming/chatmessages/${hour}`, { authorization: `Bearer ${app}` })).body);
      const url = new URL(list.data[0].url as string);
      expect(url.searchParams.get('Expires')).toMatch(/^\d+$/);
      const signed = `${url.pathname}${url.search}`;
      const q = url.searchParams;
      const cases: Array<[string, string, number, string]> = [
        ['unsigned', url.pathname, 403, 'not signed'],
        ['tampered signature', `${url.pathname}?Expires=${q.get('Expires')}&Signature=${'0'.repeat(64)}`, 403, 'does not match'],
        ['later expiry', `${url.pathname}?Expires=${Number(q.get('Expires')) + 3600}&Signature=${q.get('Signature')}`, 403, 'does not match'],
        ['another tenant with the same signature', `${url.pathname.replace('demo/roaming', 'other/app')}${url.search}`, 403, 'does not match'],
        // The file is gzip (SPEC-2 R52): its first byte, 0x1f, survives the text decoding of this helper.
        ['signed', signed, 200, '\u001f'],
      ];
      for (const [what, path, status, needle] of cases) {
        const res = await send(door.port, 'GET', path, { origin: EVIL });
        expect([what, res.status], res.body).toEqual([what, status]);
        expect(res.body).toContain(needle);
        if (status === 403) expect(JSON.parse(res.body)).toMatchObject({ error: 'forbidden_op', error_description: expect.stringMatching(/^Signature: /) });
      }
      mock.clock.advance(3600_000);
      expect((await send(door.port, 'GET', signed)).body).toContain('expired at');
    } finally {
      await door.close();
    }
  });
});

describe('finding 3: in-process doors have no listener to attack', () => {
  it('mock.fetch (MSW) keeps working from any page origin, any body type', async () => {
    const mock = createRoamingMock({ fixture });
    const res = await mock.fetch(new Request('http://roaming.test/_mock/fixtures?mode=merge', { method: 'POST', headers: { origin: EVIL, 'content-type': 'text/plain' }, body: FIXTURE }));
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('finding 3: a warning when the control plane is reachable from other machines without a token', () => {
  it.each([
    ['127.0.0.1', undefined, false],
    ['127.0.0.2', undefined, false],
    ['localhost', undefined, false],
    ['::1', undefined, false],
    ['[::1]', undefined, false],
    ['0.0.0.0', undefined, true],
    ['::', undefined, true],
    ['192.168.1.20', undefined, true],
    ['0.0.0.0', 's3cret', false],
  ] as const)('host %s, token %s → warning %s', (host, token, warned) => {
    const warning = exposureWarning(host, token);
    expect(warning !== undefined).toBe(warned);
    if (warning) expect(warning).toContain('--control-token');
  });
});

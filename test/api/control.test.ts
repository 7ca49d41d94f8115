import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRoamingMock, type RoamingMock } from '../../src/index.ts';
import { startServer, type RunningServer } from '../../src/adapters/server.ts';
import { openApiPath } from '../../src/api/openapi.ts';
import { client } from '../support/http.ts';

const NOW = Date.parse('2026-03-01T00:00:00Z');
const fixture = (config: Record<string, unknown> = {}) => ({
  version: 1 as const,
  apps: [{
    org: 'c', app: 'p', config,
    users: [{ username: 'ann' }, { username: 'ben' }],
    messages: [
      { from: 'ben', to: 'ann', type: 'txt', body: { msg: 'old' }, at: '-8d' },
      { from: 'ann', to: 'ben', type: 'txt', body: { msg: 'new' }, at: '-1d' },
    ],
  }],
});
const make = (config: Record<string, unknown> = {}, extra: { seed?: number; journalSize?: number } = {}) =>
  createRoamingMock({ fixture: fixture(config), now: NOW, frozen: true, seed: extra.seed ?? 3, ...(extra.journalSize ? { journalSize: extra.journalSize } : {}) });
const LIST = '/c/p/users/ann/user_channels';

function setup(config: Record<string, unknown> = {}, extra: { seed?: number; journalSize?: number } = {}) {
  const mock = make(config, extra);
  const token = mock.tokens.issue(mock.tenant('c#p'), 'ann').token;
  return { mock, token, call: client(mock) };
}

describe('faults', () => {
  it('a status rule answers the service error envelope, only for what it matches, and expires after count', async () => {
    const { call, token } = setup();
    const rule = await call('POST', '/_mock/faults', { body: { match: { method: 'GET', path: '/:org/:app/users/:user/user_channels', tenant: 'c#p' }, status: 503, error: 'server_busy', count: 2 } });
    expect(rule.json).toMatchObject({ id: 'fault-1', remaining: 2, hits: 0 });
    for (let i = 0; i < 2; i++) {
      const res = await call('GET', LIST, { token });
      expect(res.status).toBe(503);
      expect(res.json).toMatchObject({ error: 'server_busy', error_description: 'injected by fault rule fault-1' });
    }
    expect((await call('GET', LIST, { token })).status).toBe(200);
    expect((await call('GET', '/_mock/faults')).json.rules).toEqual([]);
  });
  it('a literal path matches too; other methods, paths and tenants are untouched; the control plane never is', async () => {
    const { call, token, mock } = setup();
    mock.faults.add({ match: { path: LIST }, status: 500 });
    mock.faults.add({ match: { path: '/_mock/health' }, status: 500 });
    mock.faults.add({ match: { tenant: 'other#app' }, status: 500 });
    expect((await call('GET', LIST, { token })).status).toBe(500);
    expect((await call('GET', '/c/p/users/ann/user_channels/page?pageNum=1&pageSize=5', { token })).status).toBe(200);
    expect((await call('GET', '/_mock/health')).status).toBe(200);
  });
  it('a delay holds the answer for exactly delayMs (fake timers)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const { mock, token } = setup();
      mock.faults.add({ match: { path: LIST }, delayMs: 250 });
      let settled = false;
      const pending = Promise.resolve(mock.handle({ method: 'GET', path: LIST, search: '', headers: { authorization: `Bearer ${token}` } })).then((r) => {
        settled = true;
        return r;
      });
      await vi.advanceTimersByTimeAsync(249);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect((await pending).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });
  it('uniform delays and probabilities are drawn from the seed: same seed, same sequence', () => {
    const run = (seed: number) => {
      const { mock } = setup({}, { seed });
      mock.faults.add({ match: { path: LIST }, delayMs: [10, 500], probability: 0.5 });
      return Array.from({ length: 40 }, () => mock.faults.hit('GET', '/:org/:app/users/:user/user_channels', LIST, 'c#p')?.delayMs ?? -1);
    };
    const a = run(1);
    expect(run(1)).toEqual(a);
    expect(run(2)).not.toEqual(a);
    const hits = a.filter((d) => d >= 0);
    expect(hits.length).toBeGreaterThan(5);
    expect(hits.length).toBeLessThan(35);
    expect(hits.every((d) => d >= 10 && d <= 500)).toBe(true);
  });
  it('bad rules are refused naming the field', async () => {
    const { call } = setup();
    for (const [body, field] of [
      [{ status: 200 }, 'status'], [{ probability: 2 }, 'probability'], [{ count: 0 }, 'count'],
      [{ delayMs: [5, 1] }, 'delayMs'], [{ drop: true, status: 500 }, 'drop'], [{ match: { method: 1 } }, 'match.method'],
    ] as const) {
      const res = await call('POST', '/_mock/faults', { body });
      expect(res.status).toBe(400);
      expect(res.json.error_description).toContain(field);
    }
    expect((await call('GET', '/_mock/faults')).json.rules).toEqual([]);
  });
  describe('server mode: drop, and HEAD', () => {
    let server: RunningServer;
    let mock: RoamingMock;
    beforeAll(async () => {
      mock = make();
      server = await startServer(mock, { port: 0 });
    });
    afterAll(() => server.close());
    it('closes the connection without an answer', async () => {
      const token = mock.tokens.issue(mock.tenant('c#p'), 'ann').token;
      mock.faults.add({ match: { path: LIST }, drop: true, count: 1 });
      await expect(fetch(server.url + LIST, { headers: { authorization: `Bearer ${token}` } })).rejects.toThrow();
      expect((await fetch(server.url + LIST, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      expect(mock.journal.entries({ path: LIST }).map((e) => e.fault)).toEqual(['fault-1', null]);
    });
    it('drops a pipelined request too: the answers before it go out, then the connection closes (it used to hang)', async () => {
      const token = mock.tokens.issue(mock.tenant('c#p'), 'ann').token;
      mock.faults.add({ match: { path: LIST }, drop: true, count: 1 });
      const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n\r\n`;
      const socket = connect(server.port, '127.0.0.1');
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
      socket.on('error', () => undefined);
      // A 404 first (no rule matches it), then the dropped list, in one write: node queues the second answer behind the first.
      socket.on('connect', () => socket.write(get('/c/p/nothing/here') + get(LIST)));
      const closed = await new Promise<boolean>((resolve) => {
        socket.on('close', () => resolve(true));
        setTimeout(() => resolve(false), 3000);
      });
      socket.destroy();
      expect(closed).toBe(true);
      expect(text.match(/HTTP\/1\.1 \d+/g)).toEqual(['HTTP/1.1 404']);
      expect(mock.faults.list()).toEqual([]);
    });
    it('HEAD answers the headers GET would, content-length included, and no body', async () => {
      const token = mock.tokens.issue(mock.tenant('c#p'), 'ann').token;
      const headers = { authorization: `Bearer ${token}` };
      const got = await fetch(server.url + LIST, { headers });
      const bytes = (await got.arrayBuffer()).byteLength;
      const head = await fetch(server.url + LIST, { method: 'HEAD', headers });
      expect(head.status).toBe(200);
      expect(bytes).toBeGreaterThan(0);
      expect(Number(head.headers.get('content-length'))).toBe(bytes);
      expect(head.headers.get('content-type')).toBe(got.headers.get('content-type'));
      expect((await head.arrayBuffer()).byteLength).toBe(0);
    });
  });
  it('HEAD through mock.fetch (MSW): GET\'s status and headers with its content-length, and no body', async () => {
    const { mock, token } = setup();
    const headers = { authorization: `Bearer ${token}` };
    const got = await mock.fetch(new Request(`http://x${LIST}`, { headers }));
    const bytes = new TextEncoder().encode(await got.text()).byteLength;
    const head = await mock.fetch(new Request(`http://x${LIST}`, { method: 'HEAD', headers }));
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBe(bytes);
    expect(head.headers.get('content-type')).toBe(got.headers.get('content-type'));
    expect(head.body).toBeNull();
  });
  it('drop through mock.fetch is a network error', async () => {
    const { mock, token } = setup();
    mock.faults.add({ match: { path: LIST }, drop: true });
    const res = await mock.fetch(new Request(`http://x${LIST}`, { headers: { authorization: `Bearer ${token}` } }));
    expect(res.type).toBe('error');
  });
});

describe('rate limits (SPEC §7.1) on the engine clock', () => {
  it('100 calls per second per app: the 101st is 429 resource_limited with Retry-After; the next second is open', async () => {
    const { call, token, mock } = setup({ rateLimits: 'documented' });
    for (let i = 0; i < 100; i++) expect((await call('GET', LIST, { token })).status).toBe(200);
    const over = await call('GET', LIST, { token });
    expect(over.status).toBe(429);
    expect(over.json.error).toBe('resource_limited');
    expect(over.json.error_description).toContain('100 calls per second per app');
    expect(over.headers.get('retry-after')).toBe('1');
    mock.clock.advance(999);
    expect((await call('GET', LIST, { token })).status).toBe(429);
    mock.clock.advance(1);
    expect((await call('GET', LIST, { token })).status).toBe(200);
  });
  it('POST /token: 300 calls per second per app, counted without a token (it used to be never limited)', async () => {
    const { call, mock } = setup({ rateLimits: 'documented' });
    const grant = { grant_type: 'client_credentials', client_id: 'c-p-client', client_secret: 'c-p-secret' };
    for (let i = 0; i < 300; i++) expect((await call('POST', '/c/p/token', { body: grant })).status).toBe(200);
    const over = await call('POST', '/c/p/token', { body: grant });
    expect(over.status).toBe(429);
    expect(over.json.error).toBe('resource_limited');
    expect(over.json.error_description).toContain('POST /token: 300 calls per second per app');
    expect(over.headers.get('retry-after')).toBe('1');
    // Its own window: the other calls of the app still have their 100.
    const token = mock.tokens.issue(mock.tenant('c#p'), 'ann').token;
    expect((await call('GET', LIST, { token })).status).toBe(200);
    mock.clock.advance(1000);
    expect((await call('POST', '/c/p/token', { body: grant })).status).toBe(200);
  });
  it('delete conversation: 5 per minute per user', async () => {
    const { call, mock } = setup({ rateLimits: 'documented' });
    const ann = mock.tokens.issue(mock.tenant('c#p'), 'ann').token;
    const ben = mock.tokens.issue(mock.tenant('c#p'), 'ben').token;
    const del = (user: string, token: string) => call('DELETE', `/c/p/user/${user}/user_channel`, { token, body: { channel: user === 'ann' ? 'ben' : 'ann', type: 'chat', delete_roam: false } });
    for (let i = 0; i < 5; i++) expect((await del('ann', ann)).status).toBe(200);
    const over = await del('ann', ann);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBe(60);
    expect((await del('ben', ben)).status).toBe(200);
  });
  it('per-tenant overrides, validated', async () => {
    const { call, token } = setup({ rateLimits: 'documented', rateLimitOverrides: { default: 2 } });
    expect((await call('GET', LIST, { token })).status).toBe(200);
    expect((await call('GET', LIST, { token })).status).toBe(200);
    expect((await call('GET', LIST, { token })).json.error_description).toContain('tenant override');
    const bad = await call('PATCH', '/_mock/tenants/c/p/config', { body: { rateLimitOverrides: { nope: 1 } } });
    expect(bad.status).toBe(400);
    expect(bad.json.error_description).toContain('rateLimitOverrides.nope');
  });
  it('off by default', async () => {
    const { call, token } = setup();
    for (let i = 0; i < 150; i++) expect((await call('GET', LIST, { token })).status).toBe(200);
  });
});

describe('journal', () => {
  it('keeps the newest N entries with route, status, tenant, user; filters; clears', async () => {
    const { call, token, mock } = setup({}, { journalSize: 5 });
    for (let i = 0; i < 8; i++) await call('GET', LIST, { token });
    await call('GET', '/c/p/users/ann/user_channels/page?pageNum=0&pageSize=1', { token });
    const all = (await call('GET', '/_mock/journal')).json;
    expect(all.limit).toBe(5);
    expect(all.entries).toHaveLength(5);
    expect(all.entries[4]).toMatchObject({ method: 'GET', route: '/:org/:app/users/:user/user_channels/page', status: 400, tenant: 'c#p', user: 'ann', fault: null, at: NOW });
    expect((await call('GET', '/_mock/journal?status=400')).json.entries).toHaveLength(1);
    expect((await call('GET', '/_mock/journal?path=/page')).json.entries).toHaveLength(1);
    expect((await call('GET', '/_mock/journal?method=POST')).json.entries).toHaveLength(0);
    await call('DELETE', '/_mock/journal');
    expect(mock.journal.entries()).toEqual([]);
    for (let i = 0; i < 5000; i++) await mock.handle({ method: 'GET', path: '/_mock/health', search: '', headers: {} });
    expect(mock.journal.entries()).toHaveLength(5);
  });
});

describe('clock and tenants over HTTP', () => {
  it('R6: advancing the clock changes the legacy window; freezing stops time', async () => {
    const { call, token } = setup();
    const names = async () => (await call('GET', LIST, { token })).json.data.channel_infos.map((c: any) => c.channel_id);
    expect(await names()).toEqual(['c#p_ben@easemob.com']);
    await call('POST', '/_mock/clock/advance', { body: { by: '6d' } });
    // The window is inclusive: a message exactly 7 days old still counts, one ms later it does not.
    expect(await names()).toEqual(['c#p_ben@easemob.com']);
    await call('POST', '/_mock/clock/advance', { body: { by: 1 } });
    expect(await names()).toEqual([]);
    const set = await call('PUT', '/_mock/clock', { body: { now: NOW, frozen: true } });
    expect(set.json).toMatchObject({ now: NOW, frozen: true });
    expect(await names()).toEqual(['c#p_ben@easemob.com']);
  });
  it('a reset says the clock stayed; ?clock=1 puts it back to its start time and frozen state', async () => {
    const { call, mock } = setup();
    await call('POST', '/_mock/clock/advance', { body: { by: '8d' } });
    mock.clock.unfreeze();
    const kept = await call('POST', '/_mock/reset');
    expect(kept.json).toMatchObject({ status: 'ok', clockReset: false, clock: { frozen: false } });
    expect(kept.json.clock.now).toBeGreaterThanOrEqual(NOW + 8 * 86_400_000);
    const back = await call('POST', '/_mock/reset?clock=1');
    expect(back.json).toMatchObject({ status: 'ok', clockReset: true, clock: { now: NOW, iso: '2026-03-01T00:00:00.000Z', frozen: true } });
    expect(mock.clock.now()).toBe(NOW);
  });
  it('tenants are created, listed and removed; reset of one tenant leaves the others', async () => {
    const { call, mock } = setup();
    expect((await call('POST', '/_mock/tenants', { body: { org: 'n', app: 'x', clientId: 'i', clientSecret: 's' } })).status).toBe(200);
    expect((await call('POST', '/_mock/tenants', { body: { org: 'n', app: 'x' } })).status).toBe(400);
    const app = await call('POST', '/n/x/token', { body: { grant_type: 'client_credentials', client_id: 'i', client_secret: 's' } });
    await call('POST', '/n/x/users', { token: app.json.access_token, body: { username: 'zoe', password: 'p' } });
    expect((await call('GET', '/_mock/tenants')).json.tenants.map((t: any) => t.appKey)).toEqual(['c#p', 'n#x']);
    mock.tenant('c#p').send({ from: 'ann', to: 'ben', chatType: 'chat', type: 'txt', body: { msg: 'x' } });
    await call('POST', '/_mock/reset?tenant=c%23p');
    expect(mock.tenant('c#p').state.messageCount).toBe(2);
    expect(mock.tenant('n#x').state.users.has('zoe')).toBe(true);
    await call('DELETE', '/_mock/tenants/n/x');
    expect(mock.findTenant('n#x')).toBeUndefined();
  });
});

describe('parallel tests in separate tenants on one server', () => {
  let server: RunningServer;
  const shared = createRoamingMock({ now: NOW, frozen: true });
  beforeAll(async () => {
    server = await startServer(shared, { port: 0 });
  });
  afterAll(() => server.close());
  const post = (path: string, body: unknown, token?: string) =>
    fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);

  describe.concurrent('each test owns a tenant', () => {
    for (const n of [1, 2, 3, 4, 5, 6]) {
      it(`tenant t${n} sees only its own state`, async () => {
        await post('/_mock/tenants', { org: `t${n}`, app: 'app', clientId: 'id', clientSecret: 'secret' });
        const app = (await post(`/t${n}/app/token`, { grant_type: 'client_credentials', client_id: 'id', client_secret: 'secret' })).access_token;
        await post(`/t${n}/app/users`, [{ username: 'ann', password: 'p' }, { username: 'ben', password: 'p' }], app);
        for (let i = 0; i < n; i++) {
          await post(`/_mock/tenants/t${n}/app/messages`, { from: 'ben', to: 'ann', type: 'txt', body: { msg: `t${n}-${i}` } });
          await new Promise((r) => setTimeout(r, 1));
        }
        const history = await post(`/t${n}/app/users/ann/messageroaming`, { queue: 'ben@easemob.com', start: -1, pull_number: 50 }, app);
        expect(history.data.msgs).toHaveLength(n);
        const list = await fetch(`${server.url}/t${n}/app/sdk/user/ann/user_channels/list`, { headers: { authorization: `Bearer ${app}` } }).then((r) => r.json() as Promise<any>);
        expect(JSON.parse(list.data.channel_infos[0].meta.payload).bodies[0].msg).toBe(`t${n}-${n - 1}`);
      });
    }
  });
});

describe('OpenAPI 3.1 description', () => {
  it('names every route of the table, and every documented operation is routed', async () => {
    const { call, mock } = setup();
    const doc = (await call('GET', '/_mock/openapi.json')).json;
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const routed = mock.routes.map((r) => `${r.method} ${openApiPath(r.path)}`);
    expect([...documented].sort()).toEqual([...routed].sort());
    for (const op of documented) {
      const [method, path] = op.split(' ') as [string, string];
      const concrete = path.replace(/\{[^}]+\}/g, 'x');
      expect(mock.router.match(method, concrete).match, op).toBeDefined();
    }
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const op of Object.values(ops)) expect(op.summary, path).toBeTruthy();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { createRoamingMock, type RoamingMock } from '../../src/index.ts';
import { CLOCK_LIMIT_MS } from '../../src/core/clock.ts';
import { exportFixture } from '../../src/fixtures/export.ts';
import { formatIssue, validateFixture } from '../../src/fixtures/validate.ts';
import { client } from '../support/http.ts';

/** Findings 4, 6, 9 and 10 of #14: clock bounds, built-in property names, validation, one world per fixture. */
const NOW = Date.parse('2026-06-01T00:00:00Z');
const base = () => ({
  version: 1,
  apps: [{ org: 'd', app: 'r', users: [{ username: 'ann' }, { username: 'ben' }], messages: [{ from: 'ben', to: 'ann', type: 'txt', body: { msg: 'hi' }, at: '-1m' }] }],
}) as any;
const world = (): RoamingMock => createRoamingMock({ now: NOW, frozen: true, seed: 9, fixture: base() });
const state = (mock: RoamingMock) => JSON.stringify({ clock: [mock.clock.now(), mock.clock.frozen], world: exportFixture(mock) });

describe('finding 4: every clock value stays within what a Date can hold (400 naming the field and the range, nothing applied)', () => {
  it.each([
    ['advance by 1e308', 'POST', '/_mock/clock/advance', { by: 1e308 }, 'by'],
    ['advance by a huge duration', 'POST', '/_mock/clock/advance', { by: '99999999999999d' }, 'by'],
    ['set now past the range', 'PUT', '/_mock/clock', { now: 8_700_000_000_000_000 }, 'now'],
    ['set now past the range, unfreezing at once', 'PUT', '/_mock/clock', { now: 8_700_000_000_000_000, frozen: false }, 'now'],
    ['set now relative past the range', 'PUT', '/_mock/clock', { now: '+99999999999999d' }, 'now'],
    ['a fixture whose now is past the range', 'POST', '/_mock/fixtures?mode=replace', { ...base(), now: 8_700_000_000_000_000 }, 'now'],
    ['a snapshot whose now is past the range', 'PUT', '/_mock/snapshot', { ...base(), now: 8_700_000_000_000_000 }, 'now'],
  ])('%s', async (_name, method, path, body, field) => {
    const mock = world();
    const before = state(mock);
    const res = await client(mock)(method, path, { body });
    expect(res.status).toBe(400);
    expect(res.json.error_description).toContain(field);
    expect(res.json.error_description).toContain(String(CLOCK_LIMIT_MS));
    expect(state(mock)).toBe(before);
    expect((await client(mock)('GET', '/_mock/clock')).status).toBe(200);
  });

  it('validate refuses such a fixture too (and a message time past the range)', () => {
    const f = { ...base(), now: 8_700_000_000_000_000 };
    f.apps[0].messages[0].at = 8_700_000_000_000_000;
    const report = validateFixture(f).map(formatIssue);
    expect(report.some((l) => l.startsWith('now: ') && l.includes(String(CLOCK_LIMIT_MS)))).toBe(true);
    expect(report.some((l) => l.startsWith('apps[0].messages[0].at: '))).toBe(true);
  });

  it('the edge of the range is accepted, and a snapshot taken there loads again', async () => {
    const mock = world();
    const http = client(mock);
    expect((await http('PUT', '/_mock/clock', { body: { now: CLOCK_LIMIT_MS } })).status).toBe(200);
    const snapshot = (await http('GET', '/_mock/snapshot')).json;
    expect(validateFixture(snapshot)).toEqual([]);
    expect((await http('PUT', '/_mock/snapshot', { body: snapshot })).status).toBe(200);
    expect(mock.clock.now()).toBe(CLOCK_LIMIT_MS);
  });
});

describe('finding 6: built-in property names are data, never Object.prototype', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('PATCH config {"%s": …} → 400 naming the key and listing the allowed ones', async (key) => {
    const mock = world();
    const before = state(mock);
    const res = await client(mock)('PATCH', '/_mock/tenants/d/r/config', { raw: `{"${key}":"x"}` });
    expect(res.status).toBe(400);
    expect(res.json.error_description).toMatch(new RegExp(`^config\\.${key}: unknown key; allowed: roamingEnabled, `));
    expect(state(mock)).toBe(before);
  });

  it.each(['__proto__', 'constructor'])('POST /_mock/tenants and fixture config with "%s" → 400, and validate reports it', async (key) => {
    const mock = world();
    const res = await client(mock)('POST', '/_mock/tenants', { raw: `{"org":"n","app":"t","config":{"${key}":1}}` });
    expect(res.status).toBe(400);
    expect(res.json.error_description).toContain(`config.${key}: unknown key`);
    const fixture = JSON.parse(`{"version":1,"apps":[{"org":"n","app":"t","config":{"${key}":1}}]}`);
    expect(validateFixture(fixture).map(formatIssue)).toContainEqual(expect.stringContaining(`apps[0].config.${key}: unknown key; allowed: `));
    expect((await client(mock)('POST', '/_mock/fixtures?mode=merge', { body: fixture })).status).toBe(400);
    expect(mock.tenants().map((t) => t.appKey)).toEqual(['d#r']);
  });

  it('a REST send lists every recipient in data, __proto__ and constructor included', async () => {
    const mock = world();
    const t = mock.tenant('d#r');
    for (const u of ['__proto__', 'constructor', 'toString']) t.addUser(u, 'pw');
    const res = await client(mock)('POST', '/d/r/messages/users', { token: mock.tokens.issue(t, undefined).token, body: { from: 'ann', to: ['__proto__', 'constructor', 'toString', 'ben'], type: 'txt', body: { msg: 'x' } } });
    expect(res.status).toBe(200);
    expect(Object.keys(JSON.parse(res.text, (k, v) => v).data)).toEqual(['__proto__', 'constructor', 'toString', 'ben']);
    expect(res.text).toMatch(/"data":\{"__proto__":"\d+","constructor":"\d+","toString":"\d+","ben":"\d+"\}/);
  });
});

describe('finding 9: validate reports schema and reference errors together, each with its JSON path', () => {
  it('a bad at, an unknown to and a duplicate user: all three', () => {
    const f = base();
    f.apps[0].messages[0].at = 'yesterday';
    f.apps[0].messages[0].to = 'bobb';
    f.apps[0].users.push({ username: 'ann' });
    const report = validateFixture(f).map(formatIssue);
    expect(report).toContainEqual(expect.stringMatching(/^apps\[0\]\.messages\[0\]\.at: must be ISO-8601/));
    expect(report).toContainEqual('apps[0].messages[0].to: unknown user "bobb"');
    expect(report).toContainEqual('apps[0].users[2].username: duplicate username "ann"');
  });

  it('reference checks run over whatever parsed: an unknown key elsewhere hides nothing', () => {
    const f = base();
    f.apps[0].users[0].nickame = 'typo';
    f.apps[0].messages.push({ from: 'ghost', to: 'ann', type: 'txt', body: { msg: 'x' }, at: 5 });
    f.apps[0].messages.push({ from: 'ben', to: 42, type: 'txt', body: {} });
    const report = validateFixture(f).map(formatIssue);
    expect(report).toContainEqual(expect.stringMatching(/^apps\[0\]\.users\[0\]: Unrecognized key/));
    expect(report).toContainEqual('apps[0].messages[1].from: unknown user "ghost"');
    expect(report).toContainEqual(expect.stringMatching(/^apps\[0\]\.messages\[2\]\.to: /));
    expect(report).toContainEqual(expect.stringMatching(/^apps\[0\]\.messages\[2\]\.body\.msg: required/));
  });

  it('every fixture load reports the same list', async () => {
    const f = base();
    f.apps[0].messages[0].at = 'yesterday';
    f.apps[0].messages[0].to = 'bobb';
    const res = await client(world())('POST', '/_mock/fixtures?mode=replace', { body: f });
    expect(res.status).toBe(400);
    expect(res.json.error_description).toMatch(/^fixture: 2 errors, nothing loaded: .*messages\[0\]\.at.*messages\[0\]\.to: unknown user "bobb"/);
  });
});

describe('finding 10: a fixture gives the same world at start and through the control plane', () => {
  const DAY = 86_400_000;
  const dated = () => {
    const f = base();
    f.now = '2026-03-01T00:00:00Z';
    f.apps[0].users.push(...Array.from({ length: 10 }, (_, i) => ({ username: `p${i}` })));
    f.apps[0].messages = Array.from({ length: 10 }, (_, i) => ({ from: `p${i}`, to: 'ann', type: 'txt', body: { msg: `day ${i}` }, at: `-${i}d` }));
    return f;
  };
  const legacy = (mock: RoamingMock) => mock.tenant('d#r').legacyConversations('ann').map((e) => e.id);

  it('R6: replace and PUT /_mock/snapshot set the clock to now, so the legacy list is what serve --fixture shows', async () => {
    const atStart = createRoamingMock({ fixture: dated(), frozen: true });
    expect(atStart.clock.now()).toBe(Date.parse('2026-03-01T00:00:00Z'));
    const expected = legacy(atStart);
    expect(expected).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7']);
    for (const [method, path] of [['POST', '/_mock/fixtures?mode=replace'], ['PUT', '/_mock/snapshot']] as const) {
      const mock = world();
      expect((await client(mock)(method, path, { body: dated() })).status).toBe(200);
      expect(mock.clock.now()).toBe(Date.parse('2026-03-01T00:00:00Z'));
      expect(legacy(mock)).toEqual(expected);
    }
  });

  it('"frozen" in the fixture freezes the clock at now, at start and on a replace load', async () => {
    const running = createRoamingMock({ seed: 1 });
    expect(running.clock.frozen).toBe(false);
    expect((await client(running)('POST', '/_mock/fixtures?mode=replace', { body: { ...dated(), frozen: true } })).status).toBe(200);
    expect(running.clock.frozen).toBe(true);
    expect(running.clock.now()).toBe(Date.parse('2026-03-01T00:00:00Z'));
    expect(createRoamingMock({ fixture: { ...dated(), frozen: true } }).clock.frozen).toBe(true);
  });

  it('merge never moves the clock (its relative times count from the fixture\'s now)', async () => {
    const mock = world();
    const f = dated();
    f.apps[0].org = 'other';
    expect((await client(mock)('POST', '/_mock/fixtures?mode=merge', { body: { ...f, frozen: false } })).status).toBe(200);
    expect([mock.clock.now(), mock.clock.frozen]).toEqual([NOW, true]);
    expect(mock.tenant('other#r').history('ann', { chatType: 'chat', id: 'p1' }).messages[0]!.timestamp).toBe(Date.parse('2026-03-01T00:00:00Z') - DAY);
  });

  it('a failed replace load leaves the clock where it was', async () => {
    const mock = world();
    const f = dated();
    f.apps[0].messages[0].to = 'bobb';
    expect((await client(mock)('POST', '/_mock/fixtures?mode=replace', { body: f })).status).toBe(400);
    expect(mock.clock.now()).toBe(NOW);
  });
});

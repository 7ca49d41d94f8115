import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/adapters/server.ts';
import { exportFixture } from '../../src/fixtures/export.ts';
import { validateFixture } from '../../src/fixtures/validate.ts';
import { createRoamingMock, type Fixture } from '../../src/index.ts';
import { knownChoice } from '../../src/record/choices.ts';
import { compareJson, type CompareContext, type Difference } from '../../src/record/compare.ts';
import { fixtureFromSession } from '../../src/record/fixture-from.ts';
import { startRecorder } from '../../src/record/proxy.ts';
import { readSession } from '../../src/record/read.ts';
import { diffSession } from '../../src/record/replay.ts';
import { sdkFixture } from '../sdk/harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'roaming-knowledge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const context = (beyond: string[] = []): CompareContext => ({ idMap: new Map([['111111111111111111', '222222222222222222']]), newIds: new Set(), beyond: new Set(beyond) });
const compare = (a: unknown, b: unknown, beyond: string[] = []): Difference[] => {
  const out: Difference[] = [];
  compareJson(a, b, '', context(beyond), out);
  return out;
};

describe('diff: what counts as a difference', () => {
  it('volatile fields match by shape, masked values match any string, mapped ids match their replayed id', () => {
    expect(compare({ timestamp: 1, duration: 0, uri: 'http://a', access_token: '<masked>', data: { id: '111111111111111111' } }, { timestamp: 9, duration: 3, uri: 'http://b', access_token: 'YWMt-x', data: { id: '222222222222222222' } })).toEqual([]);
    expect(compare({ timestamp: 1 }, { timestamp: '1' })).toEqual([{ path: 'timestamp', recorded: 1, mock: '1' }]);
    expect(compare({ data: { cursor: 'abc' } }, { data: { cursor: '' } })).toEqual([{ path: 'data.cursor', recorded: 'abc', mock: '' }]);
    expect(compare({ data: { unread_num: 2 } }, { data: { unread_num: 3 } })).toEqual([{ path: 'data.unread_num', recorded: 2, mock: 3 }]);
  });

  it('listed items are matched by identity: one missing item is one difference, another order is one more', () => {
    const a = { data: { channel_infos: [{ session_to: 'bob', unread_num: 1 }, { session_to: 'carol', unread_num: 0 }] } };
    const b = { data: { channel_infos: [{ session_to: 'carol', unread_num: 0 }, { session_to: 'bob', unread_num: 1 }, { session_to: 'dave', unread_num: 0 }] } };
    expect(compare(a, b).map((d) => d.path)).toEqual(['data.channel_infos[session_to=dave]', 'data.channel_infos(order)']);
    // Beyond the session's knowledge (a list it did not read to the end): extra items are not differences.
    expect(compare(a, b, ['data.channel_infos[]']).map((d) => d.path)).toEqual(['data.channel_infos(order)']);
  });
});

describe('diff: differences the mock makes on purpose (README, Behaviour choices)', () => {
  const base = { identity: 'user', recordedStatus: 200, mockStatus: 200, mockBody: {}, path: '/demo/roaming/users/alice/messageroaming' };
  it('are labelled with the choice they come from; anything else is not', () => {
    const history = 'POST /:org/:app/users/:user/messageroaming';
    expect(knownChoice({ path: 'data.is_last', recorded: false, mock: true }, { ...base, endpoint: history })).toMatch(/^history cursors: `is_last` is true on the page that reaches the end/);
    expect(knownChoice({ path: 'status', recorded: 200, mock: 400 }, { ...base, endpoint: history, mockStatus: 400, mockBody: { error: 'illegal_argument', error_description: 'start: unknown message id "1"' } })).toMatch(/unknown `start` id is a 400/);
    expect(knownChoice({ path: 'status', recorded: 200, mock: 403 }, { ...base, endpoint: 'POST /:org/:app/messages/users', mockStatus: 403, mockBody: { error: 'forbidden_op' } })).toMatch(/user tokens on app-server REST endpoints/);
    expect(knownChoice({ path: 'status', recorded: 200, mock: 404 }, { ...base, endpoint: 'GET /:org/:app/users/:user', path: '/demo/roaming/users/Alice', mockStatus: 404 })).toMatch(/case-sensitive/);
    expect(knownChoice({ path: 'data.is_last', recorded: true, mock: false }, { ...base, endpoint: history })).toBeUndefined();
    expect(knownChoice({ path: 'status', recorded: 503, mock: 200 }, { ...base, endpoint: history, recordedStatus: 503 })).toBeUndefined();
  });
});

describe('fixtures: knowledge bounds', () => {
  const withKnowledge = (user: string): Fixture => {
    const f = sdkFixture();
    f.apps[0]!.knowledge = { source: 's.jsonl', lists: [{ user, complete: true }], histories: [{ user: 'alice', type: 'chat', conversation: 'bob', complete: false }] };
    return f;
  };

  it('validate: knowledge is optional, checked (unknown users named with their path), and ignored by loads', () => {
    expect(validateFixture(sdkFixture())).toEqual([]);
    expect(validateFixture(withKnowledge('alice'))).toEqual([]);
    expect(validateFixture(withKnowledge('alicee'))).toEqual([{ path: 'apps[0].knowledge.lists[0].user', message: 'unknown user "alicee"' }]);
    const bad = withKnowledge('alice');
    (bad.apps[0]!.knowledge as Record<string, unknown>)['histories'] = [{ user: 'alice', type: 'chat', conversation: 'bob' }];
    expect(validateFixture(bad).map((i) => i.path)).toEqual(['apps[0].knowledge.histories[0].complete']);
    const plain = createRoamingMock({ fixture: sdkFixture(), now: '2026-01-15T12:00:00Z', frozen: true, seed: 3 });
    const bounded = createRoamingMock({ fixture: withKnowledge('alice'), now: '2026-01-15T12:00:00Z', frozen: true, seed: 3 });
    expect(exportFixture(bounded)).toEqual(exportFixture(plain));
  });

  it('a history read one page deep and a list read one page deep: the fixture says so, and the diff counts nothing beyond', async () => {
    const mock = createRoamingMock({ fixture: sdkFixture(), seed: 5 });
    const server = await startServer(mock, { port: 0 });
    const file = join(dir, 'partial.jsonl');
    const recorder = await startRecorder({ upstream: server.url, out: file });
    const post = (path: string, body: unknown, token?: string) =>
      fetch(`${recorder.url}/sdk/test${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    const { access_token: token } = (await (await post('/token', { grant_type: 'password', username: 'alice', password: 'alice-pw' })).json()) as { access_token: string };
    const page = (await (await post('/users/alice/messageroaming', { queue: 'bob@easemob.com', start: -1, pull_number: 5, is_positive: false }, token)).json()) as { data: { is_last: boolean } };
    expect(page.data.is_last).toBe(false);
    const list = (await (await fetch(`${recorder.url}/sdk/test/sdk/user/alice/user_channels/list?limit=2&cursor=`, { headers: { authorization: `Bearer ${token}` } })).json()) as { data: { cursor: string } };
    expect(list.data.cursor).not.toBe('');
    await recorder.close();
    await server.close();

    const session = readSession(file);
    const fixture = fixtureFromSession(session, { at: 'start' });
    expect(fixture.apps[0]!.knowledge).toEqual({ lists: [{ user: 'alice', complete: false }], histories: [{ user: 'alice', type: 'chat', conversation: 'bob', complete: false }] });
    // Five messages of bob's thread and the latest of the two conversations listed (team, dave): all it revealed.
    expect(fixture.apps[0]!.messages!.length).toBe(7);
    const report = await diffSession(session);
    expect(report.differences).toEqual([]);
    expect(report.endpoints.map((e) => [e.endpoint, e.requests, e.identical])).toEqual([
      ['GET /:org/:app/sdk/user/:user/user_channels/list', 1, 1],
      ['POST /:org/:app/token', 1, 1],
      ['POST /:org/:app/users/:user/messageroaming', 1, 1],
    ]);
  });
});

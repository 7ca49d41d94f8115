import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/adapters/server.ts';
import { validateFixture } from '../../src/fixtures/validate.ts';
import { createRoamingMock, type RoamingMock } from '../../src/index.ts';
import type { DiffReport } from '../../src/record/replay.ts';
import { sdkFixture, until, websdk } from '../sdk/harness.ts';
import type { SdkConnection } from '../support/websdk.ts';
import { runCli, startRecord, stop } from './support.ts';

const dir = mkdtempSync(join(tmpdir(), 'roaming-record-'));
afterAll(() => process.env['KEEP_RECORD'] || rmSync(dir, { recursive: true, force: true }));

interface Upstream { mock: RoamingMock; server: RunningServer }

async function upstream(config: Record<string, unknown>, fault?: Record<string, unknown>): Promise<Upstream> {
  const mock = createRoamingMock({ fixture: sdkFixture(config), seed: 5 });
  if (fault) mock.faults.add(fault);
  return { mock, server: await startServer(mock, { port: 0 }) };
}

/** What an app does: the real Web SDK through the recorder (lists, history, pins, marks, a send, a delete) and an app server's REST send. */
async function drive(recorder: { url: string; wsUrl: string }): Promise<string[]> {
  const alice: SdkConnection = new websdk.connection({ appKey: 'sdk#test', isHttpDNS: false, url: recorder.wsUrl, apiUrl: recorder.url, autoReconnectNumMax: 1 });
  const login = (await alice.open({ user: 'alice', pwd: 'alice-pw' })) as { accessToken: string };
  try {
    let cursor = '';
    for (let i = 0; i < 10; i++) {
      const page = await alice.getServerConversations({ pageSize: 3, cursor });
      cursor = page.data.cursor;
      if (!cursor) break;
    }
    // The first history call may meet the upstream's planted fault: the app retries.
    const first = await alice.getHistoryMessages({ targetId: 'bob', chatType: 'singleChat', pageSize: 7 }).catch(() => undefined);
    let page = first ?? (await alice.getHistoryMessages({ targetId: 'bob', chatType: 'singleChat', pageSize: 7 }));
    while (!page.isLast) page = await alice.getHistoryMessages({ targetId: 'bob', chatType: 'singleChat', pageSize: 7, cursor: page.cursor });
    // One page of the group only: the rest of its history stays unknown to the session.
    await alice.getHistoryMessages({ targetId: 'team', chatType: 'groupChat', pageSize: 4 });
    await alice.pinConversation({ conversationId: 'carol', conversationType: 'singleChat', isPinned: true });
    await alice.addConversationMark({ conversations: [{ conversationId: 'bob', conversationType: 'singleChat' }], mark: 3 });
    await alice.getServerPinnedConversations({ pageSize: 10 });
    const ack = await alice.send(websdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'bob', msg: 'recorded hello' }));
    await until(() => Boolean(ack?.serverMsgId), 'the send ack');
    const newest = await alice.getHistoryMessages({ targetId: 'bob', chatType: 'singleChat', pageSize: 2 });
    await alice.removeHistoryMessages({ targetId: 'bob', chatType: 'singleChat', messageIds: [newest.messages[1].id] });

    // An app server: app token, then a REST send (R15).
    const token = await (await fetch(`${recorder.url}/sdk/test/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'cid', client_secret: 'csecret' }) })).json() as { access_token: string };
    const sent = await fetch(`${recorder.url}/sdk/test/messages/users`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token.access_token}` },
      body: JSON.stringify({ from: 'carol', to: ['alice'], type: 'txt', body: { msg: 'from the app server' } }),
    });
    expect(sent.status).toBe(200);

    await alice.getServerConversations({ pageSize: 20, cursor: '' });
    await alice.getHistoryMessages({ targetId: 'carol', chatType: 'singleChat', pageSize: 5 });
    await alice.getConversationlist();
    return [login.accessToken, token.access_token];
  } finally {
    alice.close();
  }
}

/** Record the drive through `roaming-mock record`; the file and the tokens the upstream issued during it. */
async function recordSession(name: string, up: Upstream): Promise<{ file: string; tokens: string[] }> {
  const file = join(dir, `${name}.jsonl`);
  const recorder = await startRecord(['--upstream', up.server.url, '--out', file]);
  try {
    return { file, tokens: await drive(recorder) };
  } finally {
    expect(await stop(recorder.child)).toBe(0);
    await up.server.close();
  }
}

async function diff(file: string): Promise<{ code: number | null; report: DiffReport }> {
  const res = await runCli(['diff', file, '--json']);
  return { code: res.code, report: JSON.parse(res.stdout) as DiffReport };
}

describe('record → fixture-from → diff with the real Web SDK (issue #19)', () => {
  it('a session against an upstream that behaves like the mock diffs clean, and its fixture reproduces lists and histories', async () => {
    const up = await upstream({});
    const { file, tokens } = await recordSession('clean', up);
    const text = readFileSync(file, 'utf8');
    // Masked: no password, client secret or token of the session is in the file — JSON or msync login bytes.
    expect(text).not.toContain('alice-pw');
    expect(text).not.toContain('csecret');
    expect(tokens.every((t) => t.length > 10)).toBe(true);
    for (const token of tokens) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(Buffer.from(token).toString('base64').slice(0, 16));
    }
    expect(text).toContain('"command":"PROVISION"');
    for (const line of text.trim().split('\n').slice(1)) {
      const r = JSON.parse(line);
      if (r.kind === 'http' && r.request.path.endsWith('/token')) expect(r.response.body.access_token).toBe('<masked>');
    }

    const out = join(dir, 'clean-fixture.json');
    const made = await runCli(['fixture-from', file, '--out', out]);
    expect(made.code, made.stderr).toBe(0);
    const fixture = JSON.parse(readFileSync(out, 'utf8'));
    expect(validateFixture(fixture)).toEqual([]);
    expect((await runCli(['validate', out])).code).toBe(0);
    // The end of the session: alice's list and her history with bob as the upstream has them.
    const copy = createRoamingMock({ fixture, frozen: true });
    const real = up.mock.tenant('sdk#test');
    const rebuilt = copy.tenant('sdk#test');
    const list = (t: typeof real) => t.conversations('alice', { limit: 50 }).conversations.map((c) => [c.type, c.id, c.latest?.id, c.pinnedAt > 0, c.marks, c.unread]);
    expect(list(rebuilt)).toEqual(list(real));
    const history = (t: typeof real) => t.history('alice', { chatType: 'chat', id: 'bob', pageSize: 50 }).messages.map((m) => [m.id, m.timestamp, m.from, m.type, m.body]);
    expect(history(rebuilt)).toEqual(history(real));

    const { code, report } = await diff(file);
    expect(report.differences, JSON.stringify(report.differences, null, 2)).toEqual([]);
    expect(code).toBe(0);
    expect(report.endpoints.find((e) => e.endpoint.includes('messageroaming'))?.identical).toBeGreaterThan(3);
  });

  it('planted differences — legacy window 3 days, REST messages write conversations, a 503 fault — are each reported with endpoint and path, and nothing else', async () => {
    const up = await upstream(
      { legacyWindowDays: 3, restMessagesWriteConversation: true },
      { match: { method: 'POST', path: '/sdk/test/users/alice/messageroaming' }, status: 503, error: 'server_busy', errorDescription: 'planted', count: 1 },
    );
    const { file } = await recordSession('planted', up);
    const { code, report } = await diff(file);
    expect(code).toBe(1);
    const where = report.differences.map((d) => `${d.endpoint} ${d.path}`).sort();
    const list = 'GET /:org/:app/sdk/user/:user/user_channels/list';
    const legacy = 'GET /:org/:app/users/:user/user_channels';
    const carol = 'channel_id=sdk#test_carol@easemob.com';
    expect(where, JSON.stringify(report.differences, null, 2)).toEqual([
      // restMessagesWriteConversation: the REST message became carol's latest, moved her up and counted as unread.
      `${list} data.channel_infos(order)`,
      `${list} data.channel_infos[session_to=carol].meta.id`,
      `${list} data.channel_infos[session_to=carol].meta.payload.bodies[0].msg`,
      `${list} data.channel_infos[session_to=carol].unread_num`,
      `${legacy} data.channel_infos(order)`,
      `${legacy} data.channel_infos[${carol}].meta.id`,
      `${legacy} data.channel_infos[${carol}].meta.payload.bodies[0].msg`,
      `${legacy} data.channel_infos[${carol}].unread_num`,
      // legacyWindowDays 3: the mock's 7-day window also lists u2…u5 (2–6 days old).
      ...['u2', 'u3', 'u4', 'u5'].map((u) => `${legacy} data.channel_infos[channel_id=sdk#test_${u}@easemob.com]`),
      // The fault rule: 503 where the mock answers 200.
      'POST /:org/:app/users/:user/messageroaming error',
      'POST /:org/:app/users/:user/messageroaming error_description',
      'POST /:org/:app/users/:user/messageroaming status',
    ]);
    expect(report.differences.find((d) => d.path === 'status')).toMatchObject({ recorded: 503, mock: 200, request: expect.stringContaining('bob@easemob.com') });
    expect(report.differences.filter((d) => d.path.includes('test_u')).every((d) => d.recorded === undefined && d.mock !== undefined)).toBe(true);
    // The text report: a table per endpoint, then each difference with its request and both values.
    const text = await runCli(['diff', file]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/POST \/:org\/:app\/users\/:user\/messageroaming\s+\d+\s+\d+\s+1\n/);
    expect(text.stdout).toContain('  recorded: 503\n  mock:     200');
    expect(text.stdout).toContain('15 differences.');
  });
});

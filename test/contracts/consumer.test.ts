import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MatchersV3 as M, PactV4 } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';
import { RoamingClient, RoamingClientError } from '../../src/client/index.ts';
import { PACT_TOKENS } from '../../src/contracts/states.ts';
import { historyMeta } from '../../src/api/wire/meta.ts';
import type { Message } from '../../src/index.ts';
import { freshFetch } from '../support/fresh-fetch.ts';

/**
 * Consumer tests: the typed client against Pact's mock server. They write the contract into a fresh folder; the
 * last test compares it with contracts/roaming-client-roaming-service.json (set UPDATE_CONTRACTS=1 to rewrite it).
 */
const CONTRACT = 'contracts/roaming-client-roaming-service.json';
const outDir = mkdtempSync(join(tmpdir(), 'pact-'));
const pact = new PactV4({ consumer: 'roaming-client', provider: 'roaming-service', dir: outDir, logLevel: 'error' });
const P = '/pact/roaming';

const bearer = (who: keyof typeof PACT_TOKENS) => ({ Authorization: M.regex('^Bearer \\S+$', `Bearer ${PACT_TOKENS[who]}`) });
const id = (example = '7531425852292222976') => M.regex('^[1-9][0-9]{0,19}$', example);
const ms = () => M.integer(1_768_478_400_000);
const base64 = (example: string) => M.regex('^[A-Za-z0-9+/]+={0,2}$', example);
const errorBody = (status: number, error: string, mentions: string) => ({
  error: M.equal(error), exception: M.string('java.lang.IllegalArgumentException'), timestamp: ms(), duration: M.integer(0),
  error_description: M.regex(`.*${mentions.replace(/[[\]().*+?]/g, '\\$&')}.*`, `${mentions} (status ${status})`),
});
const envelope = (data: unknown) => ({ action: M.string('get'), application: M.uuid('dfebed9e-87bd-4b1e-afeb-ed9e87bdab1e'), data, timestamp: ms(), duration: M.integer(0) });
const restMeta = (from: string, to: string, msg: string) => ({
  id: id(), from: M.equal(`pact#roaming_${from}@easemob.com`), to: M.equal(`pact#roaming_${to}@easemob.com`), timestamp: ms(),
  payload: M.regex('^\\{.*\\}$', JSON.stringify({ bodies: [{ type: 'txt', msg }], ext: {}, from, to, type: 'chat' })),
});
const sample = (n: number, from: string, to: string): string =>
  historyMeta('pact#roaming', { id: String(7531425852292222976n + BigInt(n)), from, to, chatType: 'chat', type: 'txt', body: { msg: `message ${n}` }, ext: {}, timestamp: 1_768_478_400_000 + n, via: 'sdk', writesConversation: true } as Message);
const client = (url: string, who: keyof typeof PACT_TOKENS = 'alice') => new RoamingClient({ baseUrl: url, org: 'pact', app: 'roaming', token: PACT_TOKENS[who], fetch: freshFetch });
const refused = async (p: Promise<unknown>): Promise<RoamingClientError> => {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(RoamingClientError);
  return e as RoamingClientError;
};
const historyBody = (extra: Record<string, unknown>) => ({ queue: 'bob@easemob.com', start: '-1', pull_number: 2, is_positive: false, msgType: '', end: -1, startTime: null, endTime: null, userId: null, ...extra });

/**
 * On a machine loaded to 8–10 (several test runs at once) Pact's mock server now and then never sees one request
 * of an interaction (twice in ~20 full runs, different interactions each time, each passing alone). An attempt
 * that fails writes nothing to the contract, so a retry is safe; a real mismatch fails all three attempts.
 */
const PACT_RETRY = { retry: 2 };

describe('contract: roaming-client → roaming-service', PACT_RETRY, () => {
  it('R17: password login gives a token', async () => {
    await pact.addInteraction().given('a clean tenant').uponReceiving('a password login for alice')
      .withRequest('POST', `${P}/token`, (b) => b.jsonBody({ grant_type: 'password', username: 'alice', password: 'alice-pw' }))
      .willRespondWith(200, (b) => b.jsonBody({ access_token: M.string('YWMt-example'), expires_in: M.integer(5_184_000), user: M.like({ username: 'alice', type: 'user' }) }))
      .executeTest(async (server) => {
        const r = await new RoamingClient({ baseUrl: server.url, org: 'pact', app: 'roaming' }).login('alice', 'alice-pw');
        expect(r.token).toBe('YWMt-example');
      });
  });

  it('R3–R5: the first page of conversations, newest first, with a cursor', async () => {
    await pact.addInteraction().given('user alice has 3 conversations', { user: 'alice', count: 3 }).uponReceiving('the first page (2) of alice\'s conversations')
      .withRequest('GET', `${P}/sdk/user/alice/user_channels/list`, (b) => b.query({ limit: '2', cursor: '', need_mark: 'true' }).headers(bearer('alice')))
      .willRespondWith(200, (b) => b.jsonBody(envelope({
        cursor: M.regex('^.+$', 'WzE3Njg0Nzg0MDAwMDAsInBlZXIwMDIiLCJjaGF0Il0'),
        channel_infos: [1, 2].map((i) => ({
          session_to: `peer00${i}`, session_type: 'chat', is_top: false, update_top_status_time: 0, unread_num: 1, marks: [],
          meta: restMeta(`peer00${i}`, 'alice', `hello from peer00${i}`),
        })),
      })))
      .executeTest(async (server) => {
        const page = await client(server.url).conversations('alice', { limit: 2 });
        expect(page.conversations.map((c) => c.id)).toEqual(['peer001', 'peer002']);
        expect(page.conversations[0]!.latest!.payload.bodies[0]).toEqual({ type: 'txt', msg: 'hello from peer001' });
        expect(page.cursor).not.toBe('');
      });
  });

  it('R5: the last page has an empty cursor', async () => {
    await pact.addInteraction().given('user alice has 3 conversations', { user: 'alice', count: 3 }).uponReceiving('all of alice\'s conversations in one page')
      .withRequest('GET', `${P}/sdk/user/alice/user_channels/list`, (b) => b.query({ limit: '50', cursor: '', need_mark: 'true' }).headers(bearer('alice')))
      .willRespondWith(200, (b) => b.jsonBody(envelope({
        cursor: '',
        channel_infos: [1, 2, 3].map((i) => ({ session_to: `peer00${i}`, session_type: 'chat', is_top: false, update_top_status_time: 0, unread_num: 1, marks: [], meta: restMeta(`peer00${i}`, 'alice', `hello from peer00${i}`) })),
      })))
      .executeTest(async (server) => {
        const page = await client(server.url).conversations('alice', { limit: 50 });
        expect(page.cursor).toBe('');
        expect(page.conversations).toHaveLength(3);
      });
  });

  it('R48: a full page carries a cursor; the call after it answers [] and ""', async () => {
    await pact.addInteraction().given('user alice has 3 conversations', { user: 'alice', count: 3 }).uponReceiving('the page after a full last page of alice\'s conversations')
      .withRequest('GET', `${P}/sdk/user/alice/user_channels/list`, (b) => b.query({ limit: '3', cursor: 'WzE3Njg0Nzg0MDAwMDAsInBlZXIwMDMiLCJjaGF0Il0', need_mark: 'true' }).headers(bearer('alice')))
      .willRespondWith(200, (b) => b.jsonBody(envelope({ cursor: '', channel_infos: [] })))
      .executeTest(async (server) => {
        const page = await client(server.url).conversations('alice', { limit: 3, cursor: 'WzE3Njg0Nzg0MDAwMDAsInBlZXIwMDMiLCJjaGF0Il0' });
        expect(page).toEqual({ conversations: [], cursor: '' });
      });
  });

  it('R22–R24: an app server reads alice\'s roaming view of a chat (v6), oldest first, in pages', async () => {
    const record = (n: number, from: string, to: string) => ({
      msg_id: id(), timestamp: ms(), direction: 'outgoing', from, to, chat_type: 'chat',
      payload: { bodies: [{ type: 'txt', msg: `message ${n}` }], ext: {}, from, to },
    });
    await pact.addInteraction().given('alice and bob have 3 messages', { a: 'alice', b: 'bob', count: 3 }).uponReceiving('a v6 roaming fetch of alice\'s chat with bob, 2 oldest first')
      .withRequest('POST', `/api/server/v6${P}/roaming/chat`, (b) => b.headers(bearer('app')).jsonBody({ username: 'alice', to: 'bob', limit: 2, order: 'down' }))
      .willRespondWith(200, (b) => b.jsonBody({
        action: M.equal('post'), path: M.equal('/roaming/chat'), application: M.uuid('dfebed9e-87bd-4b1e-afeb-ed9e87bdab1e'), organization: 'pact', applicationName: 'roaming',
        timestamp: ms(), duration: M.integer(0),
        data: { messages: [record(1, 'alice', 'bob'), record(2, 'bob', 'alice')], pagination: { cursor: M.regex('^[A-Za-z0-9_-]+$', 'eyJ0IjoxNzY4NDcwMDAwMDAwfQ'), hasMore: true } },
      }))
      .executeTest(async (server) => {
        const page = await client(server.url, 'app').serverRoaming('alice', { peer: 'bob', limit: 2, order: 'down' });
        expect(page.messages.map((m) => m.payload.bodies[0]!['msg'])).toEqual(['message 1', 'message 2']);
        expect(page.hasMore).toBe(true);
        expect(page.cursor).not.toBe('');
      });
  });

  it('R22: the v6 fetch refuses a user token and an out-of-range limit', async () => {
    await pact.addInteraction().given('a clean tenant').uponReceiving('a v6 roaming fetch with limit 51')
      .withRequest('POST', `/api/server/v6${P}/roaming/group`, (b) => b.headers(bearer('app')).jsonBody({ username: 'alice', groupId: 'team', limit: 51 }))
      .willRespondWith(400, (b) => b.jsonBody(errorBody(400, 'illegal_argument', 'limit: must be an integer in [1, 50]')))
      .executeTest(async (server) => {
        const e = await refused(client(server.url, 'app').serverRoaming('alice', { group: 'team', limit: 51 }));
        expect([e.status, e.error]).toEqual([400, 'illegal_argument']);
      });
  });

  it('R5: limit 51 is refused, never clamped', async () => {
    await pact.addInteraction().given('a clean tenant').uponReceiving('a conversation page of 51')
      .withRequest('GET', `${P}/sdk/user/alice/user_channels/list`, (b) => b.query({ limit: '51', cursor: '', need_mark: 'true' }).headers(bearer('alice')))
      .willRespondWith(400, (b) => b.jsonBody(errorBody(400, 'illegal_argument', 'limit: must be an integer in [1, 50]')))
      .executeTest(async (server) => {
        const e = await refused(client(server.url).conversations('alice', { limit: 51 }));
        expect([e.status, e.error]).toEqual([400, 'illegal_argument']);
      });
  });

  it('R3, R16: pinned conversations', async () => {
    await pact.addInteraction().given('alice pinned the conversation with bob', { user: 'alice', peer: 'bob' }).uponReceiving('alice\'s pinned conversations')
      .withRequest('GET', `${P}/sdk/user/alice/user_channels/list`, (b) => b.query({ limit: '20', cursor: '', need_mark: 'true', is_top: 'true' }).headers(bearer('alice')))
      .willRespondWith(200, (b) => b.jsonBody(envelope({
        cursor: '',
        channel_infos: [{ session_to: 'bob', session_type: 'chat', is_top: true, update_top_status_time: ms(), unread_num: 1, marks: [], meta: restMeta('bob', 'alice', 'message 1') }],
      })))
      .executeTest(async (server) => {
        const page = await client(server.url).conversations('alice', { pinned: true });
        expect(page.conversations[0]).toMatchObject({ id: 'bob', pinned: true });
      });
  });

  it('R16: conversations by mark', async () => {
    await pact.addInteraction().given('alice marked the conversation with bob with mark 3', { user: 'alice', peer: 'bob', mark: 3 }).uponReceiving('alice\'s conversations with mark 3')
      .withRequest('GET', `${P}/sdk/user/alice/user_channels/mark/search`, (b) => b.query({ mark: 'mark_3', limit: '10', cursor: '', need_mark: 'true' }).headers(bearer('alice')))
      .willRespondWith(200, (b) => b.jsonBody(envelope({
        cursor: '',
        channel_infos: [{ session_to: 'bob', session_type: 'chat', is_top: false, update_top_status_time: 0, unread_num: 1, marks: ['mark_3'], meta: restMeta('bob', 'alice', 'message 1') }],
      })))
      .executeTest(async (server) => {
        const page = await client(server.url).conversationsByMark('alice', 3);
        expect(page.conversations[0]!.marks).toEqual([3]);
      });
  });

  it('R6: the legacy list', async () => {
    await pact.addInteraction().given('user alice has 3 conversations', { user: 'alice', count: 3 }).uponReceiving('alice\'s legacy conversation list')
      .withRequest('GET', `${P}/users/alice/user_channels`, (b) => b.headers(bearer('alice')))
      .willRespondWith(200, (b) => b.jsonBody(envelope({
        channel_infos: [1, 2, 3].map((i) => ({ channel_id: `pact#roaming_peer00${i}@easemob.com`, unread_num: 1, meta: restMeta(`peer00${i}`, 'alice', `hello from peer00${i}`) })),
      })))
      .executeTest(async (server) => {
        const list = await client(server.url).legacyConversations('alice');
        expect(list.map((c) => c.channelId)).toEqual(['pact#roaming_peer001@easemob.com', 'pact#roaming_peer002@easemob.com', 'pact#roaming_peer003@easemob.com']);
      });
  });

  it('R5: the list by page number', async () => {
    await pact.addInteraction().given('user alice has 3 conversations', { user: 'alice', count: 3 }).uponReceiving('page 2 (size 2) of alice\'s conversations')
      .withRequest('GET', `${P}/users/alice/user_channels/page`, (b) => b.query({ pageNum: '2', pageSize: '2' }).headers(bearer('alice')))
      .willRespondWith(200, (b) => b.jsonBody(envelope({ channel_infos: [{ channel_id: 'pact#roaming_peer003@easemob.com', unread_num: 1, meta: restMeta('peer003', 'alice', 'hello from peer003') }] })))
      .executeTest(async (server) => {
        expect(await client(server.url).legacyConversations('alice', { pageNum: 2, pageSize: 2 })).toHaveLength(1);
      });
  });

  it('R7: a history page, newest first, with next_key', async () => {
    await pact.addInteraction().given('alice and bob have 5 messages', { a: 'alice', b: 'bob', count: 5 }).uponReceiving('the newest 2 messages between alice and bob')
      .withRequest('POST', `${P}/users/alice/messageroaming`, (b) => b.headers(bearer('alice')).jsonBody(historyBody({})))
      .willRespondWith(200, (b) => b.jsonBody(envelope({ msgs: [5, 4].map((n) => ({ msg: base64(sample(n, n % 2 ? 'alice' : 'bob', n % 2 ? 'bob' : 'alice')) })), next_key: id(), is_last: false })))
      .executeTest(async (server) => {
        const page = await client(server.url).history('alice', { peer: 'bob', pageSize: 2 });
        expect(page.messages.map((m) => m.content['text'])).toEqual(['message 5', 'message 4']);
        expect(page.isLast).toBe(false);
      });
  });

  it('R7: the page that reaches the end has is_last true and an empty next_key', async () => {
    await pact.addInteraction().given('alice and bob have 5 messages', { a: 'alice', b: 'bob', count: 5 }).uponReceiving('all 5 messages between alice and bob, oldest first')
      .withRequest('POST', `${P}/users/alice/messageroaming`, (b) => b.headers(bearer('alice')).jsonBody(historyBody({ pull_number: 50, is_positive: true })))
      .willRespondWith(200, (b) => b.jsonBody(envelope({ msgs: [1, 2, 3, 4, 5].map((n) => ({ msg: base64(sample(n, n % 2 ? 'alice' : 'bob', n % 2 ? 'bob' : 'alice')) })), next_key: '', is_last: true })))
      .executeTest(async (server) => {
        const page = await client(server.url).history('alice', { peer: 'bob', pageSize: 50, direction: 'down' });
        expect(page).toMatchObject({ isLast: true, nextKey: '' });
        expect(page.messages).toHaveLength(5);
      });
  });

  it('R7: pull_number 51 is refused', async () => {
    await pact.addInteraction().given('a clean tenant').uponReceiving('a history page of 51')
      .withRequest('POST', `${P}/users/alice/messageroaming`, (b) => b.headers(bearer('alice')).jsonBody(historyBody({ pull_number: 51 })))
      .willRespondWith(400, (b) => b.jsonBody(errorBody(400, 'illegal_argument', 'pull_number: must be an integer in [1, 50]')))
      .executeTest(async (server) => {
        expect((await refused(client(server.url).history('alice', { peer: 'bob', pageSize: 51 }))).status).toBe(400);
      });
  });

  it('R10: 51 ids in one delete are refused with "param exception"', async () => {
    const ids = Array.from({ length: 51 }, (_, i) => String(7531425852292222976n + BigInt(i)));
    await pact.addInteraction().given('alice and bob have 5 messages', { a: 'alice', b: 'bob', count: 5 }).uponReceiving('a delete of 51 message ids')
      .withRequest('DELETE', `${P}/sdk/message/roaming/chat/user/alice`, (b) => b.query({ userId: 'bob', msgIdList: ids.join(','), resource: 'client' }).headers(bearer('alice')))
      .willRespondWith(400, (b) => b.jsonBody(errorBody(400, 'param exception', 'delete msg list limit can not greater than 50')))
      .executeTest(async (server) => {
        expect((await refused(client(server.url).deleteMessages('alice', { peer: 'bob' }, ids))).error).toBe('param exception');
      });
  });

  it('R9, R10: delete by ids (unknown ids are ignored)', async () => {
    await pact.addInteraction().given('alice and bob have 5 messages', { a: 'alice', b: 'bob', count: 5 }).uponReceiving('a delete of 2 message ids')
      .withRequest('DELETE', `${P}/sdk/message/roaming/chat/user/alice`, (b) => b.query({ userId: 'bob', msgIdList: '7531425852292222976,7531425852292222977', resource: 'client' }).headers(bearer('alice')))
      .willRespondWith(200, (b) => b.jsonBody({ requestStatusCode: 'ok', timestamp: ms() }))
      .executeTest(async (server) => {
        await client(server.url).deleteMessages('alice', { peer: 'bob' }, ['7531425852292222976', '7531425852292222977']);
      });
  });

  it('R11: delete by time', async () => {
    await pact.addInteraction().given('alice and bob have 5 messages', { a: 'alice', b: 'bob', count: 5 }).uponReceiving('a delete of messages before a time')
      .withRequest('DELETE', `${P}/sdk/message/roaming/chat/user/alice/time`, (b) => b.query({ userId: 'bob', delTime: '1768478400000', resource: 'client' }).headers(bearer('alice')))
      .willRespondWith(200, (b) => b.jsonBody({ requestStatusCode: 'ok', timestamp: ms() }))
      .executeTest(async (server) => {
        await client(server.url).deleteMessagesBefore('alice', { peer: 'bob' }, 1_768_478_400_000);
      });
  });

  it('R11: after a delete by time, only newer messages roam', async () => {
    await pact.addInteraction().given('alice deleted the messages with bob before -65s', { user: 'alice', peer: 'bob', time: '-65s' }).uponReceiving('alice\'s history with bob after her delete')
      .withRequest('POST', `${P}/users/alice/messageroaming`, (b) => b.headers(bearer('alice')).jsonBody(historyBody({ pull_number: 50 })))
      // 10 messages 1 s apart, the newest 61 s ago: those at or before −65 s (1–6) are gone for alice.
      .willRespondWith(200, (b) => b.jsonBody(envelope({ msgs: [10, 9, 8, 7].map((n) => ({ msg: base64(sample(n, n % 2 ? 'alice' : 'bob', n % 2 ? 'bob' : 'alice')) })), next_key: '', is_last: true })))
      .executeTest(async (server) => {
        expect((await client(server.url).history('alice', { peer: 'bob', pageSize: 50 })).messages).toHaveLength(4);
      });
  });

  it('R14: delete all', async () => {
    await pact.addInteraction().given('alice and bob have 5 messages', { a: 'alice', b: 'bob', count: 5 }).uponReceiving('a delete of everything of alice\'s')
      .withRequest('POST', `${P}/sdk/message/roaming/user/alice/delete/all`, (b) => b.query({ resource: 'client' }).headers(bearer('alice')))
      .willRespondWith(200, (b) => b.jsonBody({ requestStatusCode: 'ok', timestamp: ms() }))
      .executeTest(async (server) => client(server.url).deleteAll('alice'));
  });

  it('R13: delete a conversation with its roaming messages', async () => {
    await pact.addInteraction().given('alice and bob have 5 messages', { a: 'alice', b: 'bob', count: 5 }).uponReceiving('a delete of alice\'s conversation with bob')
      .withRequest('DELETE', `${P}/user/alice/user_channel`, (b) => b.query({ resource: 'client' }).headers(bearer('alice')).jsonBody({ channel: 'bob', type: 'chat', delete_roam: true }))
      .willRespondWith(200, (b) => b.jsonBody({ ...envelope({ result: 'ok' }), action: 'delete' }))
      .executeTest(async (server) => client(server.url).deleteConversation('alice', 'bob', 'chat', true));
  });

  it('R16: pin and unpin', async () => {
    await pact.addInteraction().given('alice and bob have 5 messages', { a: 'alice', b: 'bob', count: 5 }).uponReceiving('a pin of alice\'s conversation with bob')
      .withRequest('POST', `${P}/sdk/user/alice/user_channel/top`, (b) => b.query({ resource: 'client' }).headers(bearer('alice')).jsonBody({ type: 'chat', to: 'bob' }))
      .willRespondWith(200, (b) => b.jsonBody({ ...envelope({ is_top: true, update_top_status_time: ms() }), action: 'post' }))
      .executeTest(async (server) => expect((await client(server.url).pin('alice', 'bob', 'chat')).pinned).toBe(true));
    await pact.addInteraction().given('alice pinned the conversation with bob', { user: 'alice', peer: 'bob' }).uponReceiving('an unpin of alice\'s conversation with bob')
      .withRequest('DELETE', `${P}/sdk/user/alice/user_channel/top`, (b) => b.query({ type: 'chat', to: 'bob', resource: 'client' }).headers(bearer('alice')))
      .willRespondWith(200, (b) => b.jsonBody({ ...envelope({ is_top: false, update_top_status_time: ms() }), action: 'delete' }))
      .executeTest(async (server) => expect((await client(server.url).unpin('alice', 'bob', 'chat')).pinned).toBe(false));
  });

  it('R16: mark, with invalid targets ignored', async () => {
    await pact.addInteraction().given('alice and bob have 5 messages', { a: 'alice', b: 'bob', count: 5 }).uponReceiving('a mark on two conversations, one of them unknown')
      .withRequest('POST', `${P}/sdk/user/alice/user_channels/mark`, (b) => b.query({ resource: 'client' }).headers(bearer('alice')).jsonBody({ mark: 'mark_2', targets: [{ to: 'bob', type: 'chat' }, { to: 'nobody', type: 'chat' }] }))
      .willRespondWith(200, (b) => b.jsonBody({ ...envelope({ ignore: [{ to: 'nobody', type: 'chat' }] }), action: 'post' }))
      .executeTest(async (server) => {
        expect(await client(server.url).mark('alice', 2, [{ to: 'bob', type: 'chat' }, { to: 'nobody', type: 'chat' }])).toEqual([{ to: 'nobody', type: 'chat' }]);
      });
  });

  it('R17: a bad token is refused with 401 auth_bad_access_token', async () => {
    await pact.addInteraction().given('a clean tenant').uponReceiving('a list request with a token the service never issued')
      .withRequest('GET', `${P}/users/alice/user_channels`, (b) => b.headers({ Authorization: 'Bearer YWMt-not-a-token' }))
      .willRespondWith(401, (b) => b.jsonBody(errorBody(401, 'auth_bad_access_token', 'Unable to authenticate')))
      .executeTest(async (server) => {
        const c = new RoamingClient({ baseUrl: server.url, org: 'pact', app: 'roaming', token: 'YWMt-not-a-token' });
        expect((await refused(c.legacyConversations('alice'))).status).toBe(401);
      });
  });

  it('R1: with roaming disabled, history is refused (the SDK maps it to SERVICE_NOT_ENABLED)', async () => {
    await pact.addInteraction().given('roaming is disabled').uponReceiving('a history request while roaming is disabled')
      .withRequest('POST', `${P}/users/alice/messageroaming`, (b) => b.headers(bearer('alice')).jsonBody(historyBody({})))
      .willRespondWith(403, (b) => b.jsonBody(errorBody(403, 'forbidden_op', 'messageroaming function not open')))
      .executeTest(async (server) => {
        expect((await refused(client(server.url).history('alice', { peer: 'bob', pageSize: 2 }))).status).toBe(403);
      });
  });

  it('R15: a REST send answers message ids per recipient', async () => {
    await pact.addInteraction().given('a clean tenant').uponReceiving('a REST send from admin to bob')
      .withRequest('POST', `${P}/messages/users`, (b) => b.headers(bearer('app')).jsonBody({ from: 'admin', to: ['bob'], type: 'txt', body: { msg: 'notice' } }))
      .willRespondWith(200, (b) => b.jsonBody({ ...envelope({ bob: id() }), action: 'post' }))
      .executeTest(async (server) => {
        expect(Object.keys(await client(server.url, 'app').sendToUsers({ from: 'admin', to: ['bob'], type: 'txt', body: { msg: 'notice' } }))).toEqual(['bob']);
      });
  });

  it('R15: REST-sent messages write no conversation', async () => {
    await pact.addInteraction().given('the REST API sent 2 messages from admin to alice', { from: 'admin', user: 'alice', count: 2 }).uponReceiving('alice\'s conversations after REST sends only')
      .withRequest('GET', `${P}/sdk/user/alice/user_channels/list`, (b) => b.query({ limit: '20', cursor: '', need_mark: 'true' }).headers(bearer('alice')))
      .willRespondWith(200, (b) => b.jsonBody(envelope({ cursor: '', channel_infos: [] })))
      .executeTest(async (server) => {
        expect((await client(server.url).conversations('alice')).conversations).toEqual([]);
      });
  });
});

describe('contract: SPEC-2 — recall, rewrite, directed sends, import, membership', PACT_RETRY, () => {
  const MSG = '7531425852292222999';
  it('R25: a recall answers data{recalled: "yes", chattype, from, to, msg_id}', async () => {
    await pact.addInteraction().given(`alice sent bob the message ${MSG}`, { a: 'alice', b: 'bob', id: MSG }).uponReceiving('a recall of alice\'s message to bob')
      .withRequest('POST', `${P}/messages/msg_recall`, (b) => b.headers(bearer('app')).jsonBody({ msg_id: MSG, to: 'bob', chat_type: 'chat', force: false }))
      .willRespondWith(200, (b) => b.jsonBody({ ...envelope({ recalled: 'yes', chattype: 'chat', from: 'alice', to: 'bob', msg_id: MSG }), action: 'post' }))
      .executeTest(async (server) => {
        expect(await client(server.url, 'app').recall({ msgId: MSG, to: 'bob', chatType: 'chat' })).toEqual({ recalled: 'yes', chattype: 'chat', from: 'alice', to: 'bob', msgId: MSG });
      });
  });

  it('R25: recalling an unknown message is refused with "not_found msg"', async () => {
    await pact.addInteraction().given('a clean tenant').uponReceiving('a recall of an unknown message')
      .withRequest('POST', `${P}/messages/msg_recall`, (b) => b.headers(bearer('app')).jsonBody({ msg_id: '123', to: 'bob', chat_type: 'chat', force: false }))
      .willRespondWith(403, (b) => b.jsonBody(errorBody(403, 'message_recall_error', 'not_found msg')))
      .executeTest(async (server) => {
        expect((await refused(client(server.url, 'app').recall({ msgId: '123', to: 'bob', chatType: 'chat' }))).status).toBe(403);
      });
  });

  it('R29: after a recall the conversation shows the previous message and one unread less', async () => {
    await pact.addInteraction().given('alice recalled their last message to bob', { user: 'alice', peer: 'bob' }).uponReceiving('bob\'s conversations after alice recalled her last message')
      .withRequest('GET', `${P}/sdk/user/bob/user_channels/list`, (b) => b.query({ limit: '20', cursor: '', need_mark: 'true' }).headers(bearer('bob')))
      .willRespondWith(200, (b) => b.jsonBody(envelope({
        cursor: '',
        channel_infos: [{ session_to: 'alice', session_type: 'chat', is_top: false, update_top_status_time: 0, unread_num: 1, marks: [], meta: restMeta('bob', 'alice', 'message 2') }],
      })))
      .executeTest(async (server) => {
        const [only] = (await client(server.url, 'bob').conversations('bob')).conversations;
        expect(only!.latest!.payload.bodies[0]).toEqual({ type: 'txt', msg: 'message 2' });
        expect(only!.unread).toBe(1);
      });
  });

  it('R30: a rewrite answers data "success"', async () => {
    await pact.addInteraction().given('editing is enabled').given(`alice sent bob the message ${MSG}`, { a: 'alice', b: 'bob', id: MSG }).uponReceiving('a rewrite of alice\'s message')
      .withRequest('PUT', `${P}/messages/rewrite/${MSG}`, (b) => b.headers(bearer('app')).jsonBody({ new_msg: { type: 'txt', msg: 'hello, edited' }, user: 'alice' }))
      .willRespondWith(200, (b) => b.jsonBody({ ...envelope('success'), action: 'put' }))
      .executeTest(async (server) => {
        await client(server.url, 'app').rewrite(MSG, { user: 'alice', newMsg: { type: 'txt', msg: 'hello, edited' } });
      });
  });

  it('R34: a directed group send answers the group → message id', async () => {
    await pact.addInteraction().given('a clean tenant').uponReceiving('a directed message to bob in team')
      .withRequest('POST', `${P}/messages/chatgroups/users`, (b) => b.headers(bearer('app')).jsonBody({ from: 'alice', users: ['bob'], type: 'txt', body: { msg: 'psst' }, to: ['team'] }))
      .willRespondWith(200, (b) => b.jsonBody({ ...envelope({ team: id() }), action: 'post', path: '/messages/chatgroups' }))
      .executeTest(async (server) => {
        expect(await client(server.url, 'app').sendDirected({ from: 'alice', group: 'team', users: ['bob'], type: 'txt', body: { msg: 'psst' } })).toMatch(/^\d+$/);
      });
  });

  it('R37: a bulk add answers data {newmembers, groupid, action: "add_member"}', async () => {
    await pact.addInteraction().given('a clean tenant').given('bob left group team', { user: 'bob', group: 'team' })
      .uponReceiving('a bulk add of bob and carol to team (carol is a member already)')
      .withRequest('POST', `${P}/chatgroups/team/users`, (b) => b.headers(bearer('app')).jsonBody({ usernames: ['bob', 'carol'] }))
      .willRespondWith(200, (b) => b.jsonBody({ ...envelope({ newmembers: ['bob'], groupid: 'team', action: 'add_member' }), action: 'post' }))
      .executeTest(async (server) => {
        expect(await client(server.url, 'app').addGroupMembers('team', ['bob', 'carol'])).toEqual(['bob']);
      });
  });

  it('R37: a bulk removal answers one result per user, with the reason of a refusal', async () => {
    await pact.addInteraction().given('a clean tenant').uponReceiving('a bulk removal of bob and nobody from team')
      .withRequest('DELETE', `${P}/chatgroups/team/users/bob,nobody`, (b) => b.headers(bearer('app')))
      .willRespondWith(200, (b) => b.jsonBody({
        ...envelope([
          { result: true, action: 'remove_member', user: 'bob', groupid: 'team' },
          { result: false, action: 'remove_member', reason: M.string("user nobody doesn't exist."), user: 'nobody', groupid: 'team' },
        ]),
        action: 'delete',
      }))
      .executeTest(async (server) => {
        const results = await client(server.url, 'app').removeGroupMembers('team', ['bob', 'nobody']);
        expect(results.map((r) => [r.user, r.result])).toEqual([['bob', true], ['nobody', false]]);
      });
  });

  it('R53: an import answers data{msg_id}', async () => {
    await pact.addInteraction().given('a clean tenant').uponReceiving('an import of an old message from alice to bob')
      .withRequest('POST', `${P}/messages/users/import`, (b) => b.headers(bearer('app')).jsonBody({ from: 'alice', target: 'bob', type: 'txt', body: { msg: 'from the old system' }, msg_timestamp: 1_700_000_000_000 }))
      .willRespondWith(200, (b) => b.jsonBody({ ...envelope({ msg_id: id() }), action: 'post', path: '/messages/users/import' }))
      .executeTest(async (server) => {
        expect(await client(server.url, 'app').import({ from: 'alice', target: 'bob', type: 'txt', body: { msg: 'from the old system' }, msgTimestamp: 1_700_000_000_000 })).toMatch(/^\d+$/);
      });
  });

  it('R38: with pre-join history (the default) a late joiner reads the group\'s earlier messages', async () => {
    await pact.addInteraction().given('group team has 2 messages', { group: 'team', count: 2 }).given('dave joined group team at -30s', { user: 'dave', group: 'team', time: '-30s' })
      .given('dave has the token YWMt-pact-dave', { user: 'dave', token: 'YWMt-pact-dave' })
      .uponReceiving('dave\'s first page of team after joining late')
      .withRequest('POST', `${P}/users/dave/messageroaming`, (b) => b.headers({ Authorization: M.regex('^Bearer \\S+$', 'Bearer YWMt-pact-dave') })
        .jsonBody(historyBody({ queue: 'team@conference.easemob.com', pull_number: 5 })))
      .willRespondWith(200, (b) => b.jsonBody(envelope({ msgs: M.eachLike({ msg: base64(sample(1, 'alice', 'team')) }, 2), next_key: '', is_last: true })))
      .executeTest(async (server) => {
        const page = await new RoamingClient({ baseUrl: server.url, org: 'pact', app: 'roaming', token: 'YWMt-pact-dave' }).history('dave', { group: 'team', pageSize: 5 });
        expect(page.isLast).toBe(true);
      });
  });
});

describe('the committed contract is current', () => {
  it(`${CONTRACT} equals what the consumer tests generate (UPDATE_CONTRACTS=1 to rewrite it)`, () => {
    const generated = JSON.parse(readFileSync(join(outDir, 'roaming-client-roaming-service.json'), 'utf8')) as Record<string, unknown>;
    // Versions of the tools that wrote it are not part of the contract.
    const normal = (p: Record<string, unknown>) => ({ ...p, metadata: { pactSpecification: (p['metadata'] as Record<string, unknown>)['pactSpecification'] } });
    if (process.env['UPDATE_CONTRACTS']) writeFileSync(CONTRACT, `${JSON.stringify(normal(generated), null, 2)}\n`);
    const committed = JSON.parse(readFileSync(CONTRACT, 'utf8')) as Record<string, unknown>;
    expect(normal(committed)).toEqual(normal(generated));
  });
});

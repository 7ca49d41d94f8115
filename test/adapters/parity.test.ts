import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixture } from '../../src/index.ts';
import { DOORS, type Door } from '../support/doors.ts';

const NOW = Date.parse('2026-01-15T12:00:00Z');
const FIXTURE: Fixture = {
  version: 1,
  apps: [
    {
      org: 'demo', app: 'roaming', clientId: 'cid', clientSecret: 'csecret',
      users: ['alice', 'bob', 'carol', 'dave'].map((username) => ({ username, password: `${username}-pw` })),
      groups: [{ id: 'team', owner: 'alice', members: ['bob', 'carol'] }],
      rooms: [{ id: 'lobby', members: ['alice', 'bob'] }],
      messages: [
        ...Array.from({ length: 25 }, (_, i) => ({ from: i % 2 ? 'alice' : 'bob', to: i % 2 ? 'bob' : 'alice', type: 'txt', body: { msg: `m${i}` }, at: `-${100 - i}m` })),
        { from: 'carol', to: 'alice', type: 'txt', body: { msg: 'hi from carol' }, at: '-30m' },
        { from: 'bob', to: 'team', chatType: 'groupchat' as const, type: 'txt', body: { msg: 'group hello' }, at: '-20m' },
        { from: 'bob', to: 'lobby', chatType: 'chatroom' as const, type: 'txt', body: { msg: 'room hello' }, at: '-10m' },
      ],
      views: [{ user: 'alice', conversation: 'carol', marks: [2] }],
    },
    { org: 'other', app: 'app', users: [{ username: 'alice', password: 'x' }] },
  ],
};

type Who = 'alice' | 'bob' | 'app' | 'other' | 'none' | 'garbage';
interface Case {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  rawBody?: string;
  as?: Who;
  status: number;
  /** Substring the body must contain (error names, fields, ranges). */
  has?: string[];
}

const D = '/demo/roaming';
const hist = (extra: object) => ({ queue: 'bob@easemob.com', start: -1, pull_number: 5, is_positive: false, msgType: '', end: -1, startTime: null, endTime: null, userId: null, ...extra });
const CASES: Case[] = [
  { name: 'token: password', method: 'POST', path: `${D}/token`, body: { grant_type: 'password', username: 'alice', password: 'alice-pw', timestamp: 1 }, as: 'none', status: 200, has: ['access_token', 'expires_in', '"username":"alice"'] },
  { name: 'token: wrong password', method: 'POST', path: `${D}/token`, body: { grant_type: 'password', username: 'alice', password: 'nope' }, as: 'none', status: 400, has: ['invalid_grant', 'invalid username or password'] },
  { name: 'token: client_credentials', method: 'POST', path: `${D}/token`, body: { grant_type: 'client_credentials', client_id: 'cid', client_secret: 'csecret' }, as: 'none', status: 200, has: ['application'] },
  { name: 'token: unknown grant', method: 'POST', path: `${D}/token`, body: { grant_type: 'magic' }, as: 'none', status: 400, has: ['grant_type', 'password, client_credentials, inherit'] },
  { name: 'token: malformed JSON', method: 'POST', path: `${D}/token`, rawBody: '{"grant_type":', as: 'none', status: 400, has: ['invalid_request_body', 'malformed JSON'] },
  { name: 'token: unknown app', method: 'POST', path: '/nope/app/token', body: { grant_type: 'password' }, as: 'none', status: 404, has: ['organization_application_not_found'] },
  { name: 'list: first page, SDK query string', method: 'GET', path: `${D}/sdk/user/alice/user_channels/list?&limit=2&cursor=&need_mark=true&needEmptySession=false&_v=1736942400000`, status: 200, has: ['"session_to":"team"', '"session_type":"groupchat"', '"marks":[', '"payload":"{'] },
  { name: 'list: limit 51', method: 'GET', path: `${D}/sdk/user/alice/user_channels/list?limit=51`, status: 400, has: ['limit', '[1, 50]'] },
  { name: 'list: limit not a number', method: 'GET', path: `${D}/sdk/user/alice/user_channels/list?limit=ten`, status: 400, has: ['limit', 'integer'] },
  { name: 'list: foreign cursor', method: 'GET', path: `${D}/sdk/user/alice/user_channels/list?cursor=zzz`, status: 400, has: ['cursor'] },
  { name: 'list: pinned only (none yet)', method: 'GET', path: `${D}/sdk/user/alice/user_channels/list?is_top=true&need_mark=true`, status: 200, has: ['"channel_infos":[]', '"cursor":""'] },
  { name: 'list by mark', method: 'GET', path: `${D}/sdk/user/alice/user_channels/mark/search?&limit=10&cursor=&need_mark=true&mark=mark_2`, status: 200, has: ['"session_to":"carol"', '"mark_2"'] },
  { name: 'list by mark: bad mark', method: 'GET', path: `${D}/sdk/user/alice/user_channels/mark/search?mark=mark_20`, status: 400, has: ['mark', 'mark_19'] },
  { name: 'list by mark: limit 11', method: 'GET', path: `${D}/sdk/user/alice/user_channels/mark/search?mark=mark_2&limit=11`, status: 400, has: ['[1, 10]'] },
  { name: 'legacy list', method: 'GET', path: `${D}/users/alice/user_channels`, status: 200, has: ['"channel_id":"demo#roaming_team@conference.easemob.com"', '"channel_id":"demo#roaming_bob@easemob.com"'] },
  { name: 'page list', method: 'GET', path: `${D}/users/alice/user_channels/page?pageNum=1&pageSize=1`, status: 200, has: ['demo#roaming_team@conference.easemob.com'] },
  { name: 'page list: pageSize 21', method: 'GET', path: `${D}/users/alice/user_channels/page?pageNum=1&pageSize=21`, status: 400, has: ['pageSize', '[1, 20]'] },
  { name: 'page list: pageSize missing', method: 'GET', path: `${D}/users/alice/user_channels/page?pageNum=1`, status: 400, has: ['pageSize', 'required'] },
  { name: 'history: newest page', method: 'POST', path: `${D}/users/alice/messageroaming`, body: hist({}), status: 200, has: ['"msgs":[{"msg":"', '"is_last":false', '"next_key":"'] },
  { name: 'history: down, all', method: 'POST', path: `${D}/users/alice/messageroaming`, body: hist({ is_positive: true, pull_number: 50 }), status: 200, has: ['"is_last":true', '"next_key":""'] },
  { name: 'history: pull_number 51', method: 'POST', path: `${D}/users/alice/messageroaming`, body: hist({ pull_number: 51 }), status: 400, has: ['pull_number', '[1, 50]'] },
  { name: 'history: pull_number as text', method: 'POST', path: `${D}/users/alice/messageroaming`, body: hist({ pull_number: '5' }), status: 400, has: ['pull_number'] },
  { name: 'history: bad queue', method: 'POST', path: `${D}/users/alice/messageroaming`, body: hist({ queue: 'bob' }), status: 400, has: ['queue', '@easemob.com'] },
  { name: 'history: unknown start', method: 'POST', path: `${D}/users/alice/messageroaming`, body: hist({ start: '123' }), status: 400, has: ['start', 'next_key'] },
  { name: 'history: unknown peer', method: 'POST', path: `${D}/users/alice/messageroaming`, body: hist({ queue: 'zed@easemob.com' }), status: 404, has: ['service_resource_not_found', 'zed'] },
  { name: 'history: group', method: 'POST', path: `${D}/users/alice/messageroaming`, body: hist({ queue: 'team@conference.easemob.com' }), status: 200, has: ['"is_last":true'] },
  // SPEC-2 R39: a user who never joined reads an empty page (no longer a 403).
  { name: 'history: group, never a member (R39)', method: 'POST', path: `${D}/users/dave/messageroaming`, body: hist({ queue: 'team@conference.easemob.com' }), as: 'app', status: 200, has: ['"msgs":[]', '"is_last":true'] },
  { name: 'history: room, chatroomRoaming off (R8)', method: 'POST', path: `${D}/users/alice/messageroaming`, body: hist({ queue: 'lobby@conference.easemob.com' }), status: 403, has: ['chatroomRoaming'] },
  { name: 'history: body not JSON object', method: 'POST', path: `${D}/users/alice/messageroaming`, body: [1, 2], status: 400, has: ['invalid_request_body', 'body'] },
  { name: 'delete ids: 51 ids (R10)', method: 'DELETE', path: `${D}/sdk/message/roaming/chat/user/alice?userId=bob&msgIdList=${Array.from({ length: 51 }, (_, i) => 1000 + i).join(',')}&resource=web`, status: 400, has: ['param exception', 'delete msg list limit can not greater than 50'] },
  { name: 'delete ids: unknown ids ignored', method: 'DELETE', path: `${D}/sdk/message/roaming/chat/user/alice?userId=bob&msgIdList=1,2&resource=web`, status: 200, has: ['"requestStatusCode":"ok"'] },
  { name: 'delete ids: missing msgIdList', method: 'DELETE', path: `${D}/sdk/message/roaming/chat/user/alice?userId=bob`, status: 400, has: ['msgIdList', 'required'] },
  { name: 'delete by time: bad delTime', method: 'DELETE', path: `${D}/sdk/message/roaming/chat/user/alice/time?userId=bob&delTime=yesterday&&resource=web`, status: 400, has: ['delTime'] },
  { name: 'delete by time: one-way', method: 'DELETE', path: `${D}/sdk/message/roaming/chat/user/alice/time?userId=bob&delTime=${NOW - 90 * 60_000}&&resource=web`, status: 200, has: ['"requestStatusCode":"ok"'] },
  { name: 'delete conversation: bad type', method: 'DELETE', path: `${D}/user/alice/user_channel?resource=web`, body: { channel: 'carol', type: 'room', delete_roam: true }, status: 400, has: ['type', 'groupChat'] },
  { name: 'delete conversation: missing delete_roam', method: 'DELETE', path: `${D}/user/alice/user_channel?resource=web`, body: { channel: 'carol', type: 'chat' }, status: 400, has: ['delete_roam'] },
  { name: 'pin: groupChat spelling', method: 'POST', path: `${D}/sdk/user/alice/user_channel/top?resource=web`, body: { type: 'groupChat', to: 'team' }, status: 200, has: ['"is_top":true', `"update_top_status_time":${NOW}`] },
  { name: 'list: pinned only', method: 'GET', path: `${D}/sdk/user/alice/user_channels/list?is_top=true`, status: 200, has: ['"session_to":"team"', '"is_top":true'] },
  { name: 'unpin', method: 'DELETE', path: `${D}/sdk/user/alice/user_channel/top?type=groupChat&to=team&resource=web`, status: 200, has: ['"is_top":false'] },
  { name: 'mark: groupchat spelling, one ignored', method: 'POST', path: `${D}/sdk/user/alice/user_channels/mark?resource=web`, body: { mark: 'mark_4', targets: [{ to: 'team', type: 'groupchat' }, { to: 'ghost', type: 'chat' }] }, status: 200, has: ['"ignore":[{"to":"ghost","type":"chat"}]'] },
  { name: 'unmark', method: 'DELETE', path: `${D}/sdk/user/alice/user_channels/mark?resource=web`, body: { mark: 'mark_4', targets: [{ to: 'team', type: 'groupchat' }] }, status: 200, has: ['"ignore":[]'] },
  { name: 'delete conversation: delete_roam true', method: 'DELETE', path: `${D}/user/alice/user_channel?resource=web`, body: { channel: 'carol', type: 'chat', delete_roam: true }, status: 200, has: ['"result":"ok"'] },
  { name: 'auth: no token', method: 'GET', path: `${D}/users/alice/user_channels`, as: 'none', status: 401, has: ['unauthorized', 'Unable to authenticate'] },
  { name: 'auth: garbage token', method: 'GET', path: `${D}/users/alice/user_channels`, as: 'garbage', status: 401, has: ['auth_bad_access_token'] },
  { name: 'auth: other tenant token', method: 'GET', path: `${D}/users/alice/user_channels`, as: 'other', status: 401, has: ['auth_bad_access_token', 'other#app'] },
  { name: 'auth: other user', method: 'GET', path: `${D}/users/alice/user_channels`, as: 'bob', status: 403, has: ['forbidden_op', 'cannot act for', 'alice'] },
  { name: 'auth: app token acts for anyone', method: 'GET', path: `${D}/users/alice/user_channels`, as: 'app', status: 200 },
  { name: 'auth: user token on a REST endpoint', method: 'POST', path: `${D}/messages/users`, body: { to: ['bob'], type: 'txt', body: { msg: 'x' } }, status: 403, has: ['app token'] },
  { name: 'rest: register user', method: 'POST', path: `${D}/users`, body: { username: 'erin', password: 'erin-pw' }, as: 'app', status: 200, has: ['"username":"erin"'] },
  { name: 'rest: register duplicate', method: 'POST', path: `${D}/users`, body: [{ username: 'frank', password: 'p' }, { username: 'alice', password: 'p' }], as: 'app', status: 400, has: ['duplicate_unique_property_exists', 'alice'] },
  { name: 'rest: get user', method: 'GET', path: `${D}/users/erin`, as: 'app', status: 200, has: ['"username":"erin"'] },
  { name: 'rest: get unknown user', method: 'GET', path: `${D}/users/frank`, as: 'app', status: 404, has: ['service_resource_not_found', 'frank'] },
  { name: 'rest: send to users', method: 'POST', path: `${D}/messages/users`, body: { from: 'admin', to: ['alice', 'erin'], type: 'txt', body: { msg: 'notice' } }, as: 'app', status: 200, has: ['"alice":"', '"erin":"'] },
  { name: 'rest: send to an unknown user changes nothing', method: 'POST', path: `${D}/messages/users`, body: { to: ['alice', 'zed'], type: 'txt', body: { msg: 'x' } }, as: 'app', status: 404, has: ['to[1]', 'zed'] },
  { name: 'rest: send, bad body', method: 'POST', path: `${D}/messages/users`, body: { to: ['alice'], type: 'txt', body: { text: 'x' } }, as: 'app', status: 400, has: ['body.msg', 'required'] },
  { name: 'rest: 4 groups', method: 'POST', path: `${D}/messages/chatgroups`, body: { to: ['team', 'team', 'team', 'team'], type: 'txt', body: { msg: 'x' } }, as: 'app', status: 400, has: ['to', '1–3'] },
  { name: 'rest: create group', method: 'POST', path: `${D}/chatgroups`, body: { groupname: 'new', owner: 'alice', members: ['bob'] }, as: 'app', status: 200, has: ['"groupid":"'] },
  { name: 'rest: delete conversation needs every field', method: 'DELETE', path: `${D}/users/alice/user_channel`, body: { channel: 'bob', type: 'chat' }, as: 'app', status: 400, has: ['delete_roam'] },
  { name: 'rest: history file list (R50: Beijing hour)', method: 'GET', path: `${D}/chatmessages/2026011518`, as: 'app', status: 200, has: ['/_mock/files/chatmessages/demo/roaming/2026011518'] },
  { name: 'R51: history file of an hour without messages', method: 'GET', path: `${D}/chatmessages/2026011501`, as: 'app', status: 404, has: ['storage_object_not_found', 'Failed to find chat message history download url for appkey: demo#roaming, time: 2026011501'] },
  { name: 'rest: history file too old', method: 'GET', path: `${D}/chatmessages/2026010111`, as: 'app', status: 400, has: ['illegal_argument', 'maybe chat message history is expired or unstored'] },
  { name: 'R22 v6 roaming: chat, oldest first', method: 'POST', path: `/api/server/v6${D}/roaming/chat`, body: { username: 'alice', to: 'bob', limit: 2, order: 'down' }, as: 'app', status: 200, has: ['"path":"/roaming/chat"', '/api/server/v6/demo/roaming/roaming/chat', '"msg":"m11"', '"hasMore":true'] },
  { name: 'R22 v6 roaming: group', method: 'POST', path: `/api/server/v6${D}/roaming/group`, body: { username: 'bob', groupId: 'team' }, as: 'app', status: 200, has: ['"chat_type":"groupchat"', '"cursor":""', '"hasMore":false'] },
  { name: 'R22 v6 roaming: a room id is no group', method: 'POST', path: `/api/server/v6${D}/roaming/group`, body: { username: 'bob', groupId: 'lobby' }, as: 'app', status: 404, has: ['resource_not_found', 'grpID lobby does not exist!'] },
  { name: 'R22 v6 roaming: limit 51', method: 'POST', path: `/api/server/v6${D}/roaming/chat`, body: { username: 'alice', to: 'bob', limit: 51 }, as: 'app', status: 400, has: ['illegal_argument', 'limit', '[1, 50]'] },
  { name: 'R22 v6 roaming: user token', method: 'POST', path: `/api/server/v6${D}/roaming/chat`, body: { username: 'alice', to: 'bob' }, status: 403, has: ['forbidden_op', 'app token'] },
  { name: 'R22 v6: unknown path of a known tenant is the mock\'s 404', method: 'POST', path: `/api/server/v6${D}/roaming/room`, body: {}, as: 'app', status: 404, has: ['no endpoint'] },
  { name: 'R40: room delete through /group/', method: 'DELETE', path: `${D}/sdk/message/roaming/group/user/alice?groupId=lobby&msgIdList=1&resource=web`, status: 200, has: ['"requestStatusCode":"ok"'] },
  { name: 'R41: pin of a conversation not in the list', method: 'POST', path: `${D}/sdk/user/alice/user_channel/top?resource=web`, body: { type: 'chat', to: 'dave' }, status: 404, has: ['resource_not_found', '"error_code":91001', 'conversation not exist'] },
  { name: 'R1: roaming off', method: 'PATCH', path: '/_mock/tenants/demo/roaming/config', body: { roamingEnabled: false }, as: 'none', status: 200, has: ['"roamingEnabled":false'] },
  { name: 'R1: SDK history refused', method: 'POST', path: `${D}/users/alice/messageroaming`, body: hist({}), status: 403, has: ['messageroaming function not open'] },
  { name: 'R1: REST delete refused', method: 'DELETE', path: `${D}/rest/message/roaming/chat/user/alice?userId=bob&msgIdList=1`, as: 'app', status: 400, has: ['service open exception', 'not open message roaming'] },
  { name: 'R1: roaming on again', method: 'PATCH', path: '/_mock/tenants/demo/roaming/config', body: { roamingEnabled: true }, as: 'none', status: 200 },
  { name: 'config: bad value', method: 'PATCH', path: '/_mock/tenants/demo/roaming/config', body: { legacyLimit: 0 }, as: 'none', status: 400, has: ['legacyLimit', '[1, 1000]'] },
  { name: 'control: health', method: 'GET', path: '/_mock/health', as: 'none', status: 200, has: ['"status":"ok"', '"tenants":2'] },
  { name: 'control: clock advance', method: 'POST', path: '/_mock/clock/advance', body: { by: '2d' }, as: 'none', status: 200, has: [`"now":${NOW + 2 * 86_400_000}`] },
  { name: 'control: clock advance, bad', method: 'POST', path: '/_mock/clock/advance', body: { by: 'soon' }, as: 'none', status: 400, has: ['by'] },
  { name: 'control: inject', method: 'POST', path: '/_mock/tenants/demo/roaming/messages', body: { from: 'dave', to: 'alice', type: 'txt', body: { msg: 'injected' } }, as: 'none', status: 200, has: ['"via":"sdk"'] },
  { name: 'R6 legacy window after 2 days', method: 'GET', path: `${D}/users/alice/user_channels`, status: 200, has: ['demo#roaming_dave@easemob.com'] },
  { name: 'body over 1 MiB', method: 'POST', path: `${D}/users/alice/messageroaming`, rawBody: `{"queue":"${'x'.repeat(1_100_000)}"}`, status: 413, has: ['1 MiB'] },
  { name: 'unknown path', method: 'GET', path: `${D}/nothing/here`, status: 404, has: ['no endpoint'] },
  { name: 'wrong method', method: 'PUT', path: `${D}/users/alice/user_channels`, status: 405, has: ['allowed: GET'] },
  { name: 'control: snapshot', method: 'GET', path: '/_mock/snapshot', as: 'none', status: 200, has: ['"version":1', '"deletedBefore"'] },
];

async function runCases(door: Door): Promise<Array<{ status: number; body: string }>> {
  const demo = door.mock.tenant('demo#roaming');
  const tokens: Record<Who, string | undefined> = {
    alice: door.mock.tokens.issue(demo, 'alice').token,
    bob: door.mock.tokens.issue(demo, 'bob').token,
    app: door.mock.tokens.issue(demo, undefined).token,
    other: door.mock.tokens.issue(door.mock.tenant('other#app'), 'alice').token,
    none: undefined,
    garbage: 'not-a-token',
  };
  const out: Array<{ status: number; body: string }> = [];
  for (const c of CASES) {
    const token = tokens[c.as ?? 'alice'];
    const res = await fetch(door.base + c.path, {
      method: c.method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(c.rawBody !== undefined ? { body: c.rawBody } : c.body !== undefined ? { body: JSON.stringify(c.body) } : {}),
    });
    // Envelopes and file URLs name the door's address, and file URLs a per-server signature; only those differ.
    out.push({ status: res.status, body: (await res.text()).split(door.base).join('<origin>').replace(/Signature=[0-9a-f]{64}/g, 'Signature=<hmac>') });
  }
  return out;
}

const results = new Map<string, Array<{ status: number; body: string }>>();
const doors: Door[] = [];

beforeAll(async () => {
  for (const [name, factory] of DOORS) {
    const door = await factory(FIXTURE, { now: NOW, seed: 11 });
    doors.push(door);
    try {
      results.set(name, await runCases(door));
    } finally {
      await door.close();
    }
  }
}, 60_000);

afterAll(async () => {
  for (const d of doors) await d.close().catch(() => undefined);
});

describe.each(DOORS.map(([name]) => name))('door: %s', (name) => {
  it.each(CASES.map((c, i) => [c.name, i] as const))('%s', (_label, i) => {
    const c = CASES[i]!;
    const r = results.get(name)![i]!;
    expect(r.status, r.body).toBe(c.status);
    for (const needle of c.has ?? []) expect(r.body).toContain(needle);
    if (c.status >= 400) {
      const body = JSON.parse(r.body) as Record<string, unknown>;
      expect(Object.keys(body).filter((k) => k !== 'error_code').sort()).toEqual(['duration', 'error', 'error_description', 'exception', 'timestamp']);
    }
  });
});

describe('parity', () => {
  it('every door answers every case with the same status and body', () => {
    const [first, ...rest] = DOORS.map(([name]) => results.get(name)!);
    for (const other of rest) {
      other.forEach((r, i) => expect({ case: CASES[i]!.name, ...r }).toEqual({ case: CASES[i]!.name, ...first![i]! }));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { client } from '../support/http.ts';
import { say, world } from '../support/world.ts';

/** SPEC-2 §K: list ends, empty conversations and the extra ChannelInfo fields. */
const D = '/demo/roaming';
function setup() {
  const w = world();
  const token = w.mock.tokens.issue(w.t, 'alice').token;
  const call = client(w.mock);
  const get = async (path: string) => (await call('GET', `${D}${path}`, { token })).json;
  return { ...w, get };
}

describe('R48: the cursor is "" iff the page is short', () => {
  it('R48: a full last page carries a cursor; the next call answers channel_infos [] and cursor ""', async () => {
    const { t, tick, get } = setup();
    for (const u of ['bob', 'carol']) say(t, tick, u, 'alice', u);
    const full = await get('/sdk/user/alice/user_channels/list?limit=2&cursor=');
    expect(full.data.channel_infos).toHaveLength(2);
    expect(full.data.cursor).not.toBe('');
    const after = await get(`/sdk/user/alice/user_channels/list?limit=2&cursor=${full.data.cursor}`);
    expect(after.data).toEqual({ cursor: '', channel_infos: [] });
    const short = await get('/sdk/user/alice/user_channels/list?limit=3&cursor=');
    expect([short.data.channel_infos.length, short.data.cursor]).toEqual([2, '']);
  });
  it('R48: the mark search follows the same rule', async () => {
    const { t, tick, get } = setup();
    say(t, tick, 'bob', 'alice', 'x');
    t.mark('alice', 3, [{ type: 'chat', id: 'bob' }]);
    const full = await get('/sdk/user/alice/user_channels/mark/search?mark=mark_3&limit=1');
    expect(full.data.cursor).not.toBe('');
    expect((await get(`/sdk/user/alice/user_channels/mark/search?mark=mark_3&limit=1&cursor=${full.data.cursor}`)).data).toEqual({ cursor: '', channel_infos: [] });
  });
});

describe('R47: empty conversations', () => {
  it('R47: the cursor list and the mark search show them only with needEmptySession=true, as meta {} and unread 0 (Q9)', async () => {
    const { t, tick, get } = setup();
    say(t, tick, 'bob', 'alice', 'x');
    t.mark('alice', 1, [{ type: 'chat', id: 'dave' }]); // listed, nothing to show
    t.setUnread('alice', 'chat', 'dave', 3);
    const ids = (json: any) => json.data.channel_infos.map((c: any) => c.session_to);
    expect(ids(await get('/sdk/user/alice/user_channels/list'))).toEqual(['bob']);
    const withEmpty = await get('/sdk/user/alice/user_channels/list?needEmptySession=true');
    expect(withEmpty.data.channel_infos.find((c: any) => c.session_to === 'dave')).toMatchObject({ meta: {}, unread_num: 0 });
    expect(ids(await get('/sdk/user/alice/user_channels/mark/search?mark=mark_1'))).toEqual([]);
    expect(ids(await get('/sdk/user/alice/user_channels/mark/search?mark=mark_1&needEmptySession=true'))).toEqual(['dave']);
  });
  it('R47: the legacy lists include them as {channel_id, unread_num, meta: {}} while active within legacyWindowDays', async () => {
    const { t, tick, get, mock } = setup();
    say(t, tick, 'bob', 'alice', 'x');
    t.mark('alice', 1, [{ type: 'chat', id: 'dave' }]);
    const legacy = await get('/users/alice/user_channels');
    expect(legacy.data.channel_infos).toContainEqual({ channel_id: 'demo#roaming_dave@easemob.com', unread_num: 0, meta: {} });
    expect((await get('/users/alice/user_channels/page?pageNum=1&pageSize=20')).data.channel_infos).toContainEqual({ channel_id: 'demo#roaming_dave@easemob.com', unread_num: 0, meta: {} });
    mock.clock.advance(8 * 86_400_000);
    expect((await get('/users/alice/user_channels')).data.channel_infos).toEqual([]);
  });
});

describe('R49: extra ChannelInfo fields', () => {
  it('R49: cursor-list items carry channel_id (…@easemob.com | …@conference.easemob.com) and created_at (ms)', async () => {
    const { t, tick, get, mock } = setup();
    const listedAt = mock.clock.now();
    say(t, tick, 'bob', 'alice', 'x');
    say(t, tick, 'bob', 'team', 'g', 'groupchat');
    const infos = (await get('/sdk/user/alice/user_channels/list')).data.channel_infos;
    expect(infos.find((c: any) => c.session_to === 'bob')).toMatchObject({ channel_id: 'demo#roaming_bob@easemob.com', created_at: listedAt });
    expect(infos.find((c: any) => c.session_to === 'team')).toMatchObject({ channel_id: 'demo#roaming_team@conference.easemob.com', created_at: listedAt + 1000 });
  });
});

describe('R20(b)/R21: messageRetentionDays over HTTP', () => {
  it('R20b: PATCH /_mock/tenants/{org}/{app}/config names the key and the range for a bad value and changes nothing; POST /_mock/tenants takes it', async () => {
    const { mock } = setup();
    const call = client(mock);
    const bad = await call('PATCH', '/_mock/tenants/demo/roaming/config', { body: { messageRetentionDays: 0 } });
    expect([bad.status, bad.json.error, bad.json.error_description]).toEqual([400, 'illegal_argument', 'config.messageRetentionDays: must be null (never expire) or an integer in [1, 3650], got 0']);
    expect((await call('GET', '/_mock/tenants/demo/roaming/config')).json.messageRetentionDays).toBeNull();
    expect((await call('PATCH', '/_mock/tenants/demo/roaming/config', { body: { messageRetentionDays: 7 } })).json.messageRetentionDays).toBe(7);
    const created = await call('POST', '/_mock/tenants', { body: { org: 'ret', app: 'app', config: { messageRetentionDays: 3 } } });
    expect([created.status, created.json.config.messageRetentionDays]).toEqual([200, 3]);
    const refused = await call('POST', '/_mock/tenants', { body: { org: 'ret2', app: 'app', config: { messageRetentionDays: '3' } } });
    expect([refused.status, refused.json.error_description]).toEqual([400, 'config.messageRetentionDays: must be null (never expire) or an integer in [1, 3650], got "3"']);
    expect(mock.tenants().map((t) => t.appKey)).not.toContain('ret2#app');
  });
  it('R21: after expiry the cursor list shows the conversation only with needEmptySession (meta {}), SDK history is empty', async () => {
    const { t, tick, get, mock } = setup();
    t.configure({ messageRetentionDays: 1 });
    say(t, tick, 'bob', 'alice', 'x');
    mock.clock.advance(2 * 86_400_000);
    expect((await get('/sdk/user/alice/user_channels/list')).data.channel_infos).toEqual([]);
    const withEmpty = await get('/sdk/user/alice/user_channels/list?needEmptySession=true');
    expect(withEmpty.data.channel_infos).toMatchObject([{ session_to: 'bob', meta: {}, unread_num: 0 }]);
    const inspector = (await client(mock)('GET', '/_mock/tenants/demo/roaming/users/alice/history?type=chat&id=bob')).json;
    expect(inspector.messages).toEqual([]);
  });
});

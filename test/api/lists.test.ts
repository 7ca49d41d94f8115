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

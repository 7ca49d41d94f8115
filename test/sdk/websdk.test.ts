import { afterEach, describe, expect, it } from 'vitest';
import { harness, sdkFixture, until, websdk, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

type Conv = { conversationId: string; conversationType: string; isPinned: boolean; unReadCount: number; marks?: number[]; lastMessage: any };

async function allServerConversations(conn: any, pageSize: number, extra: Record<string, unknown> = {}): Promise<Conv[]> {
  const out: Conv[] = [];
  let cursor = '';
  for (let i = 0; i < 50; i++) {
    const page = await conn.getServerConversations({ pageSize, cursor, ...extra });
    expect(page.data.conversations.length).toBeLessThanOrEqual(pageSize);
    out.push(...page.data.conversations);
    if (!page.data.cursor) return out;
    cursor = page.data.cursor;
  }
  throw new Error('conversation paging did not end');
}

async function allHistory(conn: any, options: Record<string, unknown>): Promise<any[]> {
  const out: any[] = [];
  let cursor: string | undefined = undefined;
  for (let i = 0; i < 100; i++) {
    const page: any = await conn.getHistoryMessages({ ...options, ...(cursor ? { cursor } : {}) });
    out.push(...page.messages);
    if (page.isLast) return out;
    cursor = page.cursor;
  }
  throw new Error('history paging did not end');
}

describe('the real easemob-websdk 4.21.1 against roaming-mock serve', () => {
  it('R17: password login and token login connect; a bad token and a bad password are refused', async () => {
    h = await harness();
    const alice = await h.login('alice');
    expect(alice.isOpened()).toBe(true);
    const token = h.mock.tokens.issue(h.mock.tenant('sdk#test'), 'bob').token;
    const bob = await h.login('bob', { token });
    expect(bob.isOpened()).toBe(true);
    const connections = (await (await fetch(`${h.server.url}/_mock/connections`)).json()) as { devices: Record<string, Record<string, number>> };
    expect(connections.devices['sdk#test']).toEqual({ alice: 1, bob: 1 });

    const refused = h.connect();
    const err: any = await refused.open({ user: 'carol', accessToken: 'YWMtnot-a-real-token' }).then(() => undefined, (e: unknown) => e);
    expect(err).toMatchObject({ type: 2 }); // WEBIM_CONNCTION_AUTH_ERROR
    expect(refused.isOpened()).toBe(false);

    const shortLived = h.mock.tokens.issue(h.mock.tenant('sdk#test'), 'carol', 1).token;
    h.mock.clock.advance(2000);
    const expired: any = await h.connect().open({ user: 'carol', accessToken: shortLived }).then(() => undefined, (e: unknown) => e);
    expect(expired).toMatchObject({ type: 2, message: 'Sorry, token expired' });

    const badPw = h.connect();
    const pwErr: any = await badPw.open({ user: 'carol', pwd: 'wrong' }).then(() => undefined, (e: unknown) => e);
    expect(pwErr).toBeDefined();
    expect(JSON.stringify(pwErr)).toContain('invalid username or password');
  });

  it('R2–R5: getServerConversations pages to the end, newest first, each conversation once', async () => {
    h = await harness();
    const alice = await h.login('alice');
    const all = await allServerConversations(alice, 3);
    expect(all.map((c) => c.conversationId)).toEqual(['team', 'dave', 'carol', 'bob', 'u1', 'u2', 'u3', 'u4', 'u5']);
    expect(all[0]).toMatchObject({ conversationType: 'groupChat', unReadCount: 10 });
    expect(all[0]!.lastMessage).toMatchObject({ type: 'txt', msg: 'g9', from: 'bob', to: 'team' });
    const bob = all.find((c) => c.conversationId === 'bob')!;
    expect(bob.lastMessage).toMatchObject({ type: 'custom', customEvent: 'event29', customExts: { i: '29' } });
  });

  it('R3, R16: pinned listing by pin time, and the mark filter', async () => {
    h = await harness();
    const alice = await h.login('alice');
    await alice.pinConversation({ conversationId: 'carol', conversationType: 'singleChat', isPinned: true });
    await new Promise((r) => setTimeout(r, 5));
    const pin = await alice.pinConversation({ conversationId: 'team', conversationType: 'groupChat', isPinned: true });
    expect(pin.data).toMatchObject({ isPinned: true });
    const pinned = await alice.getServerPinnedConversations({ pageSize: 10 });
    expect(pinned.data.conversations.map((c: Conv) => c.conversationId)).toEqual(['team', 'carol']);
    await alice.pinConversation({ conversationId: 'carol', conversationType: 'singleChat', isPinned: false });
    expect((await alice.getServerPinnedConversations({ pageSize: 10 })).data.conversations.map((c: Conv) => c.conversationId)).toEqual(['team']);

    await alice.addConversationMark({ conversations: [{ conversationId: 'bob', conversationType: 'singleChat' }, { conversationId: 'team', conversationType: 'groupChat' }], mark: 3 });
    const marked = await alice.getServerConversationsByFilter({ pageSize: 10, filter: { mark: 3 } });
    expect(marked.data.conversations.map((c: Conv) => c.conversationId).sort()).toEqual(['bob', 'team']);
    expect(marked.data.conversations[0].marks).toEqual([3]);
    await alice.removeConversationMark({ conversations: [{ conversationId: 'bob', conversationType: 'singleChat' }], mark: 3 });
    const after = await alice.getServerConversationsByFilter({ pageSize: 10, filter: { mark: 3 } });
    expect(after.data.conversations.map((c: Conv) => c.conversationId)).toEqual(['team']);
  });

  it('R7: getHistoryMessages up and down to the end, and with sender, type and time filters', async () => {
    h = await harness();
    const alice = await h.login('alice');
    const up = await allHistory(alice, { targetId: 'bob', chatType: 'singleChat', pageSize: 7, searchDirection: 'up' });
    expect(up).toHaveLength(30);
    const times = up.map((m) => m.time);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const down = await allHistory(alice, { targetId: 'bob', chatType: 'singleChat', pageSize: 7, searchDirection: 'down' });
    expect(down.map((m) => m.id)).toEqual(up.map((m) => m.id).reverse());
    expect(down[0]).toMatchObject({ type: 'txt', msg: 'ab0', from: 'alice', to: 'bob' });
    expect(down[2]).toMatchObject({ type: 'loc', addr: 'place 2', lat: 2 });
    expect(down[4]).toMatchObject({ type: 'custom', customEvent: 'event4' });

    const locs = await allHistory(alice, { targetId: 'bob', chatType: 'singleChat', pageSize: 50, searchOptions: { msgTypes: ['loc'] } });
    expect(locs).toHaveLength(6);
    expect(locs.every((m) => m.type === 'loc')).toBe(true);
    const mid = down[10].time;
    const ranged = await allHistory(alice, { targetId: 'bob', chatType: 'singleChat', pageSize: 50, searchOptions: { startTime: mid, endTime: mid + 4 * 60_000 } });
    expect(ranged.map((m) => m.id)).toEqual(down.slice(10, 15).map((m) => m.id).reverse());

    const group = await allHistory(alice, { targetId: 'team', chatType: 'groupChat', pageSize: 4 });
    expect(group.map((m) => m.msg)).toEqual(['g9', 'g8', 'g7', 'g6', 'g5', 'g4', 'g3', 'g2', 'g1', 'g0']);
    const fromBob = await allHistory(alice, { targetId: 'team', chatType: 'groupChat', pageSize: 50, searchOptions: { from: 'bob' } });
    expect(fromBob.map((m) => m.msg)).toEqual(['g9', 'g7', 'g5', 'g3', 'g1']);
  });

  it('R9–R11: removeHistoryMessages by ids and by time are one-way', async () => {
    h = await harness();
    const alice = await h.login('alice');
    const bob = await h.login('bob');
    const newest = await alice.getHistoryMessages({ targetId: 'bob', chatType: 'singleChat', pageSize: 3 });
    await alice.removeHistoryMessages({ targetId: 'bob', chatType: 'singleChat', messageIds: newest.messages.map((m: any) => m.id) });
    const aliceView = await allHistory(alice, { targetId: 'bob', chatType: 'singleChat', pageSize: 50 });
    expect(aliceView).toHaveLength(27);
    expect(aliceView.map((m) => m.id)).not.toContain(newest.messages[0].id);
    expect(await allHistory(bob, { targetId: 'alice', chatType: 'singleChat', pageSize: 50 })).toHaveLength(30);

    const oldest = await allHistory(alice, { targetId: 'bob', chatType: 'singleChat', pageSize: 50, searchDirection: 'down' });
    await alice.removeHistoryMessages({ targetId: 'bob', chatType: 'singleChat', beforeTimeStamp: oldest[9].time });
    expect(await allHistory(alice, { targetId: 'bob', chatType: 'singleChat', pageSize: 50 })).toHaveLength(17);
    expect(await allHistory(bob, { targetId: 'alice', chatType: 'singleChat', pageSize: 50 })).toHaveLength(30);
  });

  it('R13: deleteConversation with deleteRoam removes history; without it only the list entry', async () => {
    h = await harness();
    const alice = await h.login('alice');
    await alice.deleteConversation({ channel: 'carol', chatType: 'singleChat', deleteRoam: false });
    let ids = (await allServerConversations(alice, 20)).map((c) => c.conversationId);
    expect(ids).not.toContain('carol');
    expect(await allHistory(alice, { targetId: 'carol', chatType: 'singleChat', pageSize: 20 })).toHaveLength(1);

    await alice.deleteConversation({ channel: 'team', chatType: 'groupChat', deleteRoam: true });
    ids = (await allServerConversations(alice, 20)).map((c) => c.conversationId);
    expect(ids).not.toContain('team');
    expect(await allHistory(alice, { targetId: 'team', chatType: 'groupChat', pageSize: 20 })).toEqual([]);
    const bob = await h.login('bob');
    expect(await allHistory(bob, { targetId: 'team', chatType: 'groupChat', pageSize: 20 })).toHaveLength(10);
  });

  it('R14: deleteAllMessagesAndConversations clears the caller only', async () => {
    h = await harness();
    const alice = await h.login('alice');
    await alice.deleteAllMessagesAndConversations();
    expect(await allServerConversations(alice, 20)).toEqual([]);
    expect(await allHistory(alice, { targetId: 'bob', chatType: 'singleChat', pageSize: 20 })).toEqual([]);
    const bob = await h.login('bob');
    expect((await allServerConversations(bob, 20)).map((c) => c.conversationId)).toContain('alice');
  });

  it('live: a message sent by one SDK client is received by the other, then roamed by both', async () => {
    h = await harness();
    const alice = await h.login('alice');
    const bob = await h.login('bob');
    const received: any[] = [];
    bob.addEventHandler('live', { onTextMessage: (m: any) => received.push(m) });
    const msg = websdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'bob', msg: 'live hello', ext: { k: 'v', n: 2 } });
    const ack = await alice.send(msg);
    expect(ack.serverMsgId).toMatch(/^\d+$/);
    await until(() => received.some((m) => m.id === ack.serverMsgId), 'bob to receive the message');
    const got = received.find((m) => m.id === ack.serverMsgId);
    expect(got).toMatchObject({ msg: 'live hello', from: 'alice', to: 'bob', ext: { k: 'v', n: 2 } });
    for (const [conn, peer] of [[alice, 'bob'], [bob, 'alice']] as const) {
      const page = await conn.getHistoryMessages({ targetId: peer, chatType: 'singleChat', pageSize: 1 });
      expect(page.messages[0]).toMatchObject({ id: ack.serverMsgId, msg: 'live hello' });
    }
    const convs = await bob.getServerConversations({ pageSize: 1 });
    expect(convs.data.conversations[0]).toMatchObject({ conversationId: 'alice', lastMessage: { id: ack.serverMsgId } });
  });

  it('live: control-plane injects and REST sends reach connected SDKs; group messages reach every member', async () => {
    h = await harness();
    const alice = await h.login('alice');
    const carol = await h.login('carol');
    const seen: Array<[string, any]> = [];
    alice.addEventHandler('live', { onTextMessage: (m: any) => seen.push(['alice', m]), onLocationMessage: (m: any) => seen.push(['alice', m]) });
    carol.addEventHandler('live', { onTextMessage: (m: any) => seen.push(['carol', m]) });
    await fetch(`${h.server.url}/_mock/tenants/sdk/test/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: 'bob', to: 'team', chatType: 'groupchat', type: 'txt', body: { msg: 'injected to group' } }),
    });
    await until(() => seen.filter(([, m]) => m.msg === 'injected to group').length === 2, 'both members to receive the group message');
    const app = h.mock.tokens.issue(h.mock.tenant('sdk#test'), undefined).token;
    await fetch(`${h.server.url}/sdk/test/messages/users`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${app}` },
      body: JSON.stringify({ from: 'admin', to: ['alice'], type: 'loc', body: { lat: 1, lng: 2, addr: 'rest place' } }),
    });
    await until(() => seen.some(([, m]) => m.addr === 'rest place'), 'alice to receive the REST message');
  });

  it('offline: messages sent while a user was away arrive at login, once', async () => {
    h = await harness();
    h.mock.tenant('sdk#test').send({ from: 'dave', to: 'bob', chatType: 'chat', type: 'txt', body: { msg: 'while you were away' } });
    const seen: any[] = [];
    const bob = h.connect();
    bob.addEventHandler('offline', { onTextMessage: (m: any) => seen.push(m) });
    await bob.open({ user: 'bob', pwd: 'bob-pw' });
    await until(() => seen.some((m) => m.msg === 'while you were away'), 'the offline message');
    bob.close();
    const again: any[] = [];
    const bob2 = h.connect();
    bob2.addEventHandler('offline', { onTextMessage: (m: any) => again.push(m) });
    await bob2.open({ user: 'bob', pwd: 'bob-pw' });
    await new Promise((r) => setTimeout(r, 200));
    expect(again.filter((m) => m.msg === 'while you were away')).toEqual([]);
  });

  it('R6, R5: legacy getConversationlist without and with paging', async () => {
    h = await harness();
    const alice = await h.login('alice');
    const legacy = await alice.getConversationlist();
    const ids = legacy.data.channel_infos.map((c: any) => c.channel_id);
    // u1…u5 wrote 2–6 days ago: all inside the 7-day window, and 9 conversations are under the limit of 10.
    expect(ids).toEqual([
      'sdk#test_team@conference.easemob.com',
      ...['dave', 'carol', 'bob', 'u1', 'u2', 'u3', 'u4', 'u5'].map((u) => `sdk#test_${u}@easemob.com`),
    ]);
    expect(legacy.data.channel_infos[0].lastMessage).toMatchObject({ msg: 'g9' });
    const page2 = await alice.getConversationlist({ pageNum: 2, pageSize: 3 });
    expect(page2.data.channel_infos.map((c: any) => c.channel_id)).toEqual(['sdk#test_bob@easemob.com', 'sdk#test_u1@easemob.com', 'sdk#test_u2@easemob.com']);
    h.mock.clock.advance(3 * 86_400_000 + 1000);
    const later = (await alice.getConversationlist()).data.channel_infos.map((c: any) => c.channel_id);
    expect(later).toContain('sdk#test_u2@easemob.com');
    expect(later).not.toContain('sdk#test_u3@easemob.com');
    h.mock.tenant('sdk#test').configure({ legacyLimit: 2 });
    expect((await alice.getConversationlist()).data.channel_infos).toHaveLength(2);
  });

  it('R1: with roaming disabled the SDK reports SERVICE_NOT_ENABLED (505)', async () => {
    h = await harness(sdkFixture({ roamingEnabled: false }));
    const alice = await h.login('alice');
    const err: any = await alice.getHistoryMessages({ targetId: 'bob', chatType: 'singleChat', pageSize: 5 }).then(() => undefined, (e: unknown) => e);
    expect(err?.type).toBe(505);
    const listErr: any = await alice.getServerConversations({ pageSize: 5 }).then(() => undefined, (e: unknown) => e);
    expect(listErr?.type).toBe(505);
  });
});

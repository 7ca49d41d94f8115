import { afterEach, describe, expect, it } from 'vitest';
import { harness, sdkFixture, until, websdk, type Harness } from './harness.ts';

/** SPEC-2 with the unmodified easemob-websdk 4.21.1: recall, edit, directed messages and group membership. */
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const text = (to: string, msg: string, chatType: 'singleChat' | 'groupChat' = 'singleChat', extra: Record<string, unknown> = {}) =>
  websdk.message.create({ type: 'txt', chatType, to, msg, ...extra });

async function history(conn: any, targetId: string, chatType: 'singleChat' | 'groupChat' = 'singleChat'): Promise<any[]> {
  const page = await conn.getHistoryMessages({ targetId, chatType, pageSize: 50 });
  return page.messages;
}

describe('the real Web SDK: recall, edit, directed messages, membership (SPEC-2)', () => {
  it('R27/R29: recallMessage removes the message for both; bob\'s client fires onRecallMessage; unread drops', async () => {
    h = await harness();
    const alice = await h.login('alice');
    const bob = await h.login('bob');
    const recalls: any[] = [];
    bob.addEventHandler('recall', { onRecallMessage: (m: any) => recalls.push(m) });
    const ack = await alice.send(text('bob', 'regret'));
    const before = h.mock.tenant('sdk#test').unread('bob', 'chat', 'alice');
    await alice.recallMessage({ mid: ack.serverMsgId, to: 'bob', chatType: 'singleChat' });
    await until(() => recalls.length > 0, 'bob to hear the recall');
    expect(recalls[0]).toMatchObject({ from: 'alice', to: 'bob', mid: ack.serverMsgId });
    expect(h.mock.tenant('sdk#test').unread('bob', 'chat', 'alice')).toBe(before - 1);
    for (const [conn, peer] of [[alice, 'bob'], [bob, 'alice']] as const) {
      expect((await history(conn, peer)).map((m) => m.id)).not.toContain(ack.serverMsgId);
    }
  });

  it('R28: after the window recallMessage is refused with MESSAGE_RECALL_TIME_LIMIT (504); bob cannot recall alice\'s message', async () => {
    h = await harness(sdkFixture({ recallWindowSeconds: 60 }));
    const alice = await h.login('alice');
    const bob = await h.login('bob');
    const ack = await alice.send(text('bob', 'too late'));
    const denied: any = await bob.recallMessage({ mid: ack.serverMsgId, to: 'alice', chatType: 'singleChat' }).then(() => undefined, (e: unknown) => e);
    expect(denied).toBeDefined();
    h.mock.clock.advance(61_000);
    const late: any = await alice.recallMessage({ mid: ack.serverMsgId, to: 'bob', chatType: 'singleChat' }).then(() => undefined, (e: unknown) => e);
    expect(late).toMatchObject({ type: 504 });
    expect((await history(bob, 'alice')).map((m) => m.id)).toContain(ack.serverMsgId);
  });

  it('R33/R32: modifyMessage edits; bob\'s client fires onModifiedMessage; history carries modifiedInfo', async () => {
    h = await harness(sdkFixture({ editEnabled: true }));
    const alice = await h.login('alice');
    const bob = await h.login('bob');
    const edits: any[] = [];
    bob.addEventHandler('edit', { onModifiedMessage: (m: any) => edits.push(m) });
    const ack = await alice.send(text('bob', 'tpyo'));
    await alice.modifyMessage({ messageId: ack.serverMsgId, modifiedMessage: text('bob', 'typo fixed') });
    await until(() => edits.length > 0, 'bob to hear the edit');
    expect(edits[0]).toMatchObject({ id: ack.serverMsgId, msg: 'typo fixed' });
    const [latest] = await history(bob, 'alice');
    expect(latest).toMatchObject({ id: ack.serverMsgId, msg: 'typo fixed', modifiedInfo: { operatorId: 'alice', operationCount: 1 } });
    const convs = await bob.getServerConversations({ pageSize: 1 });
    expect(convs.data.conversations[0].lastMessage).toMatchObject({ id: ack.serverMsgId, msg: 'typo fixed', modifiedInfo: { operatorId: 'alice', operationCount: 1 } });
  });

  it('R35/R36: a group message with receiverList reaches only the listed member, stays out of lists and roams only with directedRoaming', async () => {
    h = await harness(sdkFixture({ directedRoaming: true }));
    const alice = await h.login('alice');
    const bob = await h.login('bob');
    const carol = await h.login('carol');
    const got: Array<[string, any]> = [];
    bob.addEventHandler('d', { onTextMessage: (m: any) => got.push(['bob', m]) });
    carol.addEventHandler('d', { onTextMessage: (m: any) => got.push(['carol', m]) });
    const ack = await alice.send(text('team', 'for bob only', 'groupChat', { receiverList: ['bob'] }));
    await until(() => got.some(([u]) => u === 'bob'), 'bob to receive the directed message');
    await alice.send(text('team', 'for everyone', 'groupChat'));
    await until(() => got.some(([u, m]) => u === 'carol' && m.msg === 'for everyone'), 'carol to receive the group message');
    // carol's offline group messages arrive at login too: look only at the two sent here.
    const mine = (u: string) => got.filter(([who, m]) => who === u && ['for bob only', 'for everyone'].includes(m.msg)).map(([, m]) => m.msg);
    expect(mine('carol')).toEqual(['for everyone']);
    expect(mine('bob')).toEqual(['for bob only', 'for everyone']);
    const bobConvs = await bob.getServerConversations({ pageSize: 20 });
    expect(bobConvs.data.conversations.find((c: any) => c.conversationId === 'team').lastMessage).toMatchObject({ msg: 'for everyone' });
    expect((await history(bob, 'team', 'groupChat')).map((m) => m.id)).toContain(ack.serverMsgId);
    expect((await history(carol, 'team', 'groupChat')).map((m) => m.id)).not.toContain(ack.serverMsgId);
    h.mock.tenant('sdk#test').configure({ directedRoaming: false });
    expect((await history(bob, 'team', 'groupChat')).map((m) => m.id)).not.toContain(ack.serverMsgId);
  });

  it('R38/R39: history before and after joining; a removed member keeps what came before and cannot send', async () => {
    h = await harness(sdkFixture({ groupHistoryBeforeJoin: false }));
    const t = h.mock.tenant('sdk#test');
    const dave = await h.login('dave');
    const alice = await h.login('alice');
    expect(await history(dave, 'team', 'groupChat')).toEqual([]); // R39: never joined → empty page
    t.addGroupMember('team', 'dave');
    h.mock.clock.advance(1000);
    const after = await alice.send(text('team', 'welcome dave', 'groupChat'));
    expect((await history(dave, 'team', 'groupChat')).map((m) => m.msg)).toEqual(['welcome dave']);
    t.removeGroupMember('team', 'dave');
    h.mock.clock.advance(1000);
    await alice.send(text('team', 'dave is gone', 'groupChat'));
    expect((await history(dave, 'team', 'groupChat')).map((m) => m.id)).toEqual([after.serverMsgId]);
    const refused: any = await dave.send(text('team', 'let me back', 'groupChat')).then(() => undefined, (e: unknown) => e);
    expect(refused).toMatchObject({ type: 602 });
  });
});

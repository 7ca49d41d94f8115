import { afterEach, describe, expect, it } from 'vitest';
import type { Fixture } from '../../src/index.ts';
import { harness, type Harness } from './harness.ts';

/** SPEC-2 §H, §I, §J through the real easemob-websdk 4.21.1: what its parsers and error mapper make of the mock. */
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const FILE = { url: 'http://files.test/f', secret: 'sec', filename: 'f.bin', file_length: 42 };
/** One message of every type; each from its own peer, so each is the latest message of one conversation. */
const SAMPLES: Array<{ peer: string; type: string; body: Record<string, unknown> }> = [
  { peer: 'p_txt', type: 'txt', body: { msg: 'plain' } },
  { peer: 'p_img', type: 'img', body: { ...FILE, size: { width: 640, height: 480 } } },
  { peer: 'p_gif', type: 'img', body: { ...FILE, size: { width: 10, height: 10 }, subType: 'sub_gif' } },
  { peer: 'p_video', type: 'video', body: { ...FILE, length: 12, thumb: 'http://files.test/t', thumb_secret: 'ts' } },
  { peer: 'p_audio', type: 'audio', body: { ...FILE, length: 7 } },
  { peer: 'p_file', type: 'file', body: FILE },
  { peer: 'p_loc', type: 'loc', body: { lat: 39.9, lng: 116.4, addr: 'Beijing' } },
  { peer: 'p_custom', type: 'custom', body: { customEvent: 'gift_1', customExts: { name: 'flower', size: '16' } } },
  { peer: 'p_combine', type: 'combine', body: { ...FILE, title: '聊天记录', summary: 'a: hi', compatibleText: 'your client is too old', combineLevel: 1 } },
];

function fixture(): Fixture {
  const peers = SAMPLES.map((s) => s.peer);
  return {
    version: 1,
    apps: [{
      org: 'sdk', app: 'test', clientId: 'cid', clientSecret: 'csecret', config: { chatroomRoaming: true, pinLimit: 2 },
      users: ['alice', 'bob', ...peers].map((username) => ({ username, password: `${username}-pw` })),
      rooms: [{ id: 'lobby', members: ['alice', 'bob'] }],
      messages: [
        ...SAMPLES.map((s, i) => ({ from: s.peer, to: 'alice', type: s.type, body: s.body, ext: { k: 'v' }, at: `-${60 - i}m` })),
        ...SAMPLES.map((s, i) => ({ from: 'bob', to: 'alice', type: s.type, body: s.body, at: `-${40 - i}m` })),
        ...['r1', 'r2', 'r3'].map((msg, i) => ({ from: 'bob', to: 'lobby', chatType: 'chatroom' as const, type: 'txt', body: { msg }, at: `-${20 - i}m` })),
      ],
    }],
  };
}

/** The fields the SDK exposes for each type, as it must read them from the mock (list and history alike). */
function expectFields(m: any, s: (typeof SAMPLES)[number]): void {
  switch (s.peer) {
    case 'p_txt': return void expect(m).toMatchObject({ type: 'txt', msg: 'plain' });
    case 'p_img': return void expect(m).toMatchObject({ type: 'img', width: 640, height: 480, secret: 'sec', file_length: 42 });
    case 'p_gif': return void expect(m).toMatchObject({ type: 'img', isGif: true });
    case 'p_video': return void expect(m).toMatchObject({ type: 'video', length: 12, secret: 'sec', file_length: 42 });
    case 'p_audio': return void expect(m).toMatchObject({ type: 'audio', length: 7, secret: 'sec', file_length: 42 });
    case 'p_file': return void expect(m).toMatchObject({ type: 'file', filename: 'f.bin', secret: 'sec', file_length: 42 });
    case 'p_loc': return void expect(m).toMatchObject({ type: 'loc', lat: 39.9, lng: 116.4, addr: 'Beijing' });
    case 'p_custom': return void expect(m).toMatchObject({ type: 'custom', customEvent: 'gift_1', customExts: { name: 'flower', size: '16' } });
    case 'p_combine':
      return void expect(m).toMatchObject({ type: 'combine', compatibleText: 'your client is too old', title: '聊天记录', summary: 'a: hi', combineLevel: 1, filename: 'f.bin', file_length: 42 });
  }
}

describe('SPEC-2 §J: every message type as the Web SDK reads it', () => {
  it('R42–R44: getServerConversations — every type\'s lastMessage carries its fields (combine\'s compatibleText, custom\'s customExts, ext)', async () => {
    h = await harness(fixture());
    const alice = await h.login('alice');
    const page: any = await alice.getServerConversations({ pageSize: 50, cursor: '' });
    const byPeer = new Map<string, any>(page.data.conversations.map((c: any) => [c.conversationId, c.lastMessage]));
    for (const s of SAMPLES) {
      const last = byPeer.get(s.peer);
      expect(last, s.peer).toBeDefined();
      expectFields(last, s);
      expect(last.ext, s.peer).toEqual({ k: 'v' });
    }
  });

  it('R42–R44: getConversationlist (legacy list) parses every type too', async () => {
    h = await harness(fixture());
    h.mock.tenant('sdk#test').configure({ legacyLimit: 20 });
    const alice = await h.login('alice');
    const list: any = await alice.getConversationlist();
    const byPeer = new Map<string, any>(list.data.channel_infos.map((c: any) => [c.channel_id.replace(/^.*_(p_\w+)@.*$/, '$1'), c.lastMessage]));
    for (const s of SAMPLES) {
      // R44: the legacy parser passes customExts through unchanged — the list of one-pair objects.
      if (s.type === 'custom') expect(byPeer.get(s.peer)).toMatchObject({ type: 'custom', customEvent: 'gift_1', customExts: [{ name: 'flower' }, { size: '16' }] });
      else expectFields(byPeer.get(s.peer), s);
    }
  });

  it('R43, R46: getHistoryMessages — every type from the protobuf history (combine as TEXT + subType COMBINE)', async () => {
    h = await harness(fixture());
    const alice = await h.login('alice');
    const page: any = await alice.getHistoryMessages({ targetId: 'bob', chatType: 'singleChat', pageSize: 50, searchDirection: 'down' });
    expect(page.messages).toHaveLength(SAMPLES.length);
    page.messages.forEach((m: any, i: number) => expectFields(m, SAMPLES[i]!));
  });
});

describe('SPEC-2 §H: chat-room one-way deletes from the Web SDK', () => {
  it('R40: removeHistoryMessages on a chat room (by ids, then by time) hides them for alice only', async () => {
    h = await harness(fixture());
    const alice = await h.login('alice');
    const bob = await h.login('bob');
    const room = async (conn: any) => (await conn.getHistoryMessages({ targetId: 'lobby', chatType: 'chatRoom', pageSize: 50, searchDirection: 'down' })).messages as any[];
    const all = await room(alice);
    expect(all.map((m) => m.msg)).toEqual(['r1', 'r2', 'r3']);
    await alice.removeHistoryMessages({ targetId: 'lobby', chatType: 'chatRoom', messageIds: [all[2].id] });
    expect((await room(alice)).map((m) => m.msg)).toEqual(['r1', 'r2']);
    await alice.removeHistoryMessages({ targetId: 'lobby', chatType: 'chatRoom', beforeTimeStamp: Number(all[0].time) });
    expect((await room(alice)).map((m) => m.msg)).toEqual(['r2']);
    expect((await room(bob)).map((m) => m.msg)).toEqual(['r1', 'r2', 'r3']);
  });
});

describe('SPEC-2 §I: the SDK\'s specific errors from error_code', () => {
  it('R41: pinning a conversation that does not exist → CONVERSATION_NOT_EXIST (1400)', async () => {
    h = await harness(fixture());
    const alice = await h.login('alice');
    const err: any = await alice.pinConversation({ conversationId: 'nobody_here', conversationType: 'singleChat', isPinned: true }).then(() => undefined, (e: unknown) => e);
    expect(err?.type).toBe(1400);
  });

  it('R41: one pin over pinLimit → MAX_LIMIT (50)', async () => {
    h = await harness(fixture());
    const alice = await h.login('alice');
    await alice.pinConversation({ conversationId: 'p_txt', conversationType: 'singleChat', isPinned: true });
    await alice.pinConversation({ conversationId: 'p_img', conversationType: 'singleChat', isPinned: true });
    const err: any = await alice.pinConversation({ conversationId: 'p_gif', conversationType: 'singleChat', isPinned: true }).then(() => undefined, (e: unknown) => e);
    expect(err?.type).toBe(50);
  });
});

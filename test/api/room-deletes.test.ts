import { describe, expect, it } from 'vitest';
import { exportFixture } from '../../src/fixtures/export.ts';
import { client } from '../support/http.ts';
import { say, world } from '../support/world.ts';

/** SPEC-2 §H: the `/group/` delete paths take a chat-room id too (the Web SDK sends rooms there). */
const D = '/demo/roaming';
function setup() {
  const w = world({ chatroomRoaming: true });
  const call = client(w.mock);
  const tokens = { sdk: w.mock.tokens.issue(w.t, 'alice').token, rest: w.mock.tokens.issue(w.t, undefined).token };
  const room = (user: string) => w.t.history(user, { chatType: 'chatroom', id: 'lobby', direction: 'down' }).messages.map((m) => m.body['msg']);
  return { ...w, call, tokens, room };
}

describe('R40: chat-room one-way deletes through /group/', () => {
  for (const plane of ['sdk', 'rest'] as const) {
    it(`R40 (${plane}): by ids and by time, one-way, for a room id in groupId`, async () => {
      const { t, tick, call, tokens, room } = setup();
      const a = say(t, tick, 'bob', 'lobby', 'a', 'chatroom');
      say(t, tick, 'bob', 'lobby', 'b', 'chatroom');
      const c = say(t, tick, 'alice', 'lobby', 'c', 'chatroom');
      const byIds = await call('DELETE', `${D}/${plane}/message/roaming/group/user/alice?groupId=lobby&msgIdList=${c.id}&resource=web`, { token: tokens[plane] });
      expect([byIds.status, byIds.json.requestStatusCode]).toEqual([200, 'ok']);
      expect(room('alice')).toEqual(['a', 'b']);
      const byTime = await call('DELETE', `${D}/${plane}/message/roaming/group/user/alice/time?groupId=lobby&delTime=${a.timestamp}&resource=web`, { token: tokens[plane] });
      expect(byTime.status).toBe(200);
      expect(room('alice')).toEqual(['b']);
      expect(room('bob')).toEqual(['a', 'b', 'c']);
      // Rooms are never listed (R2): nothing appears in alice's list.
      expect(t.conversations('alice', { includeEmpty: true }).conversations.map((e) => e.id)).not.toContain('lobby');
    });

    it(`R40 (${plane}): delete-all clears rooms too`, async () => {
      const { t, tick, call, tokens, room } = setup();
      say(t, tick, 'bob', 'lobby', 'a', 'chatroom');
      const res = await call('POST', `${D}/${plane}/message/roaming/user/alice/delete/all`, { token: tokens[plane] });
      expect(res.status).toBe(200);
      expect(room('alice')).toEqual([]);
      expect(room('bob')).toEqual(['a']);
    });

    it(`R40 (${plane}): an id that is neither group nor room → 200 ok and no change`, async () => {
      const { mock, call, tokens } = setup();
      const before = JSON.stringify(exportFixture(mock));
      const res = await call('DELETE', `${D}/${plane}/message/roaming/group/user/alice?groupId=ghost&msgIdList=1`, { token: tokens[plane] });
      expect([res.status, res.json.requestStatusCode]).toEqual([200, 'ok']);
      const time = await call('DELETE', `${D}/${plane}/message/roaming/group/user/alice/time?groupId=ghost&delTime=1`, { token: tokens[plane] });
      expect(time.status).toBe(200);
      expect(JSON.stringify(exportFixture(mock))).toBe(before);
    });
  }

  it('R40, Q3: with chatroomRoaming off the delete answers 200 and is recorded — seen once roaming is on', async () => {
    const { t, tick, call, tokens, room } = setup();
    say(t, tick, 'bob', 'lobby', 'a', 'chatroom');
    const b = say(t, tick, 'bob', 'lobby', 'b', 'chatroom');
    t.configure({ chatroomRoaming: false });
    const res = await call('DELETE', `${D}/sdk/message/roaming/group/user/alice?groupId=lobby&msgIdList=${b.id}`, { token: tokens.sdk });
    expect(res.status).toBe(200);
    t.configure({ chatroomRoaming: true });
    expect(room('alice')).toEqual(['a']);
  });

  it('R40: a room the user is not in is refused like a group (403), a room id on a group-only endpoint keeps its error', async () => {
    const { call, tokens } = setup();
    const carol = await call('DELETE', `${D}/rest/message/roaming/group/user/carol?groupId=lobby&msgIdList=1`, { token: tokens.rest });
    expect([carol.status, carol.json.error]).toEqual([403, 'forbidden_op']);
    const pin = await call('POST', `${D}/sdk/user/alice/user_channel/top`, { token: tokens.sdk, body: { type: 'groupChat', to: 'lobby' } });
    expect([pin.status, pin.json.error_code]).toEqual([404, 91001]);
  });
});

import { describe, expect, it } from 'vitest';
import { createRoamingMock, type RoamingMock } from '../../src/index.ts';
import { hubOf } from '../../src/api/msync/hub.ts';
import { MsyncSession } from '../../src/api/msync/session.ts';
import { pb } from '../../src/api/wire/proto.ts';
import { exportFixture } from '../../src/fixtures/export.ts';

/**
 * Finding 1 of #14 (R20(c)): dave is in no conversation of `team`, `lobby` or alice–bob. Every reader that acts
 * for a user — generated from the route table — and every msync queue kind must give him nothing and write
 * nothing for him.
 */
const NOW = Date.parse('2026-03-01T12:00:00Z');
const SECRET = 'SECRET-of-the-members';

function world(): RoamingMock {
  return createRoamingMock({
    now: NOW, frozen: true, seed: 11,
    fixture: {
      version: 1,
      apps: [{
        org: 'demo', app: 'roaming',
        config: { chatroomRoaming: true },
        users: ['alice', 'bob', 'carol', 'dave'].map((username) => ({ username, password: 'pw' })),
        groups: [{ id: 'team', owner: 'alice', members: ['bob', 'carol'] }],
        rooms: [{ id: 'lobby', members: ['alice', 'bob'] }],
        messages: [
          { id: '7000000000000000001', from: 'alice', to: 'team', chatType: 'groupchat', type: 'txt', body: { msg: `${SECRET} 1` }, at: '-3m' },
          { id: '7000000000000000002', from: 'bob', to: 'team', chatType: 'groupchat', type: 'txt', body: { msg: `${SECRET} 2` }, at: '-2m' },
          { id: '7000000000000000003', from: 'alice', to: 'lobby', chatType: 'chatroom', type: 'txt', body: { msg: `${SECRET} room` }, at: '-2m' },
          { id: '7000000000000000004', from: 'alice', to: 'bob', type: 'txt', body: { msg: `${SECRET} chat` }, at: '-1m' },
        ],
      }],
    },
  });
}

/** Every string of a JSON answer, and the bytes of those that are base64 (protobuf history messages). */
function leaks(text: string): boolean {
  if (text.includes(SECRET)) return true;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  const stack = [parsed];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string' && v.length > 16 && Buffer.from(v, 'base64').toString('latin1').includes(SECRET)) return true;
    if (typeof v === 'object' && v !== null) stack.push(...Object.values(v));
  }
  return false;
}

/** dave's view of anything but his own conversations, as the snapshot holds it. */
const daveViews = (mock: RoamingMock) => (exportFixture(mock).apps[0]!.views ?? []).filter((v) => v.user === 'dave');

const TEAM_QUERY = 'groupId=team&userId=bob&type=groupchat&id=team&to=team&msgIdList=7000000000000000001&ids=7000000000000000001&delTime=1900000000000&mark=mark_1&resource=web';
const TEAM_BODY = {
  queue: 'team@conference.easemob.com', start: -1, pull_number: 20, channel: 'team', type: 'groupchat', delete_roam: true,
  to: 'team', mark: 'mark_1', targets: [{ to: 'team', type: 'groupchat' }],
};

describe('finding 1 / R20(c): a non-member reads nothing, through every route that acts for a user', () => {
  const routes = world().routes.filter((r) => r.path.includes(':user'));
  it('the table has such routes (the list below is generated from it)', () => {
    expect(routes.length).toBeGreaterThan(20);
  });
  for (const route of routes) {
    for (const target of ['team', 'lobby', 'bob'] as const) {
      it(`${route.method} ${route.path} → nothing of ${target} for dave, no view written`, async () => {
        const mock = world();
        const t = mock.tenant('demo#roaming');
        const token = route.auth === 'app' ? mock.tokens.issue(t, undefined).token : mock.tokens.issue(t, 'dave').token;
        const path = route.path.replace(':org', 'demo').replace(':app', 'roaming').replace(':user', 'dave');
        const query = target === 'team' ? TEAM_QUERY : target === 'lobby' ? TEAM_QUERY.replaceAll('team', 'lobby').replace('groupchat', 'chatroom') : 'userId=bob&type=chat&id=bob&to=bob&ids=7000000000000000004&msgIdList=7000000000000000004&delTime=1900000000000&mark=mark_1';
        const body = target === 'team' ? TEAM_BODY : JSON.parse(JSON.stringify(TEAM_BODY).replaceAll('team@conference', `${target}@${target === 'bob' ? '' : 'conference.'}`).replaceAll('team', target).replaceAll('groupchat', target === 'bob' ? 'chat' : 'chatroom'));
        const before = daveViews(mock);
        const res = await mock.handle({ method: route.method, path, search: query, headers: { authorization: `Bearer ${token}` }, rawBody: JSON.stringify(body) });
        expect(res.status, res.body).toBeLessThan(500);
        expect(leaks(res.body), `${res.status} ${res.body.slice(0, 300)}`).toBe(false);
        // dave may pin or mark his own (empty) chat with bob; of team and lobby he holds nothing.
        if (target !== 'bob') expect(daveViews(mock)).toEqual(before);
      });
    }
  }
  it('the same read by a member does return the messages (the check above can see a leak)', async () => {
    const mock = world();
    const token = mock.tokens.issue(mock.tenant('demo#roaming'), 'bob').token;
    const res = await mock.handle({ method: 'POST', path: '/demo/roaming/users/bob/messageroaming', search: '', headers: { authorization: `Bearer ${token}` }, rawBody: JSON.stringify(TEAM_BODY) });
    expect(res.status).toBe(200);
    expect(leaks(res.body)).toBe(true);
  });
});

/** A logged-in msync session of `user` on a fake transport: the frames it receives, decoded. */
function session(mock: RoamingMock, user: string) {
  const received: Array<{ command: number; payload: Uint8Array }> = [];
  const s = new MsyncSession(hubOf(mock), { send: (b) => void received.push(pb.MSync.decode(b) as unknown as { command: number; payload: Uint8Array }), close: () => undefined });
  const token = mock.tokens.issue(mock.tenant('demo#roaming'), user).token;
  s.receive(pb.MSync.encode(pb.MSync.fromObject({ command: 3, guid: { appKey: 'demo#roaming', name: user }, auth: `$t$${token}`, payload: pb.Provision.encode(pb.Provision.fromObject({ resource: 'w' })).finish() })).finish());
  received.length = 0;
  const metas = (): number =>
    received.filter((f) => f.command === 0).reduce((n, f) => n + ((pb.CommSyncDL.decode(f.payload) as unknown as { metas?: unknown[] }).metas?.length ?? 0), 0);
  const pull = (name: string, domain: string): void =>
    s.receive(pb.MSync.encode(pb.MSync.fromObject({ command: 0, payload: pb.CommSyncUL.encode(pb.CommSyncUL.fromObject({ queue: { name, domain } })).finish() })).finish());
  return { received, metas, pull, close: () => s.closed() };
}

describe('finding 1 / R20(c): msync — every queue kind, the UNREAD answer and live push', () => {
  it.each([
    ['group', 'team', 'conference.easemob.com'],
    ['chat room', 'lobby', 'conference.easemob.com'],
    ['chat (someone else\'s peer)', 'bob', 'easemob.com'],
  ])('%s queue: a SYNC from dave gets no message and writes no delivery watermark', (_kind, name, domain) => {
    const mock = world();
    const dave = session(mock, 'dave');
    dave.pull(name, domain);
    expect(dave.metas()).toBe(0);
    expect(daveViews(mock)).toEqual([]);
    dave.close();
  });

  it('a member pulling the same group queue gets its messages (the check above can see a leak)', () => {
    const mock = world();
    const carol = session(mock, 'carol');
    carol.pull('team', 'conference.easemob.com');
    expect(carol.metas()).toBe(2);
    carol.close();
  });

  it('live push: a message to team reaches the members\' devices, never dave\'s', () => {
    const mock = world();
    const dave = session(mock, 'dave');
    const carol = session(mock, 'carol');
    mock.tenant('demo#roaming').send({ from: 'alice', to: 'team', chatType: 'groupchat', type: 'txt', body: { msg: SECRET } });
    expect(carol.metas()).toBe(1);
    expect(dave.metas()).toBe(0);
    expect(daveViews(mock)).toEqual([]);
  });
});

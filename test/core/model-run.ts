import fc from 'fast-check';
import { expect } from 'vitest';
import { RoamingError, createRoamingMock, type Message } from '../../src/index.ts';
import type { TenantApi } from '../../src/core/tenant-api.ts';
import type { RoamingMock } from '../../src/mock.ts';
import { metaObject, toBase64 } from '../../src/api/wire/meta.ts';
import { pb } from '../../src/api/wire/proto.ts';
import { ReferenceModel, type RefMessage } from './reference-model.ts';

const USERS = ['a', 'b', 'c', 'd'];
const GROUP = { id: 'g', members: ['a', 'b', 'c'] };
const LIMIT = 2;
const PIN_LIMIT = 2;
const T0 = Date.parse('2026-03-01T00:00:00Z');

type Conv = { type: 'chat' | 'groupchat'; id: string };
type Cmd =
  | { k: 'send'; from: number; to: number; group: boolean; rest: boolean; ignore: boolean; loc: boolean; directed: boolean }
  | { k: 'recall'; pick: number }
  | { k: 'edit'; pick: number }
  | { k: 'join'; user: number }
  | { k: 'leave'; user: number }
  | { k: 'cfg'; key: 'directedRoaming' | 'groupHistoryBeforeJoin' | 'messageRetentionDays' }
  | { k: 'tick'; ms: number }
  | { k: 'delIds'; user: number; conv: number; picks: number[] }
  | { k: 'delBefore'; user: number; conv: number; back: number }
  | { k: 'delConv'; user: number; conv: number; roam: boolean }
  | { k: 'delAll'; user: number }
  | { k: 'pin'; user: number; conv: number }
  | { k: 'unpin'; user: number; conv: number };

const idx = fc.nat({ max: 3 });
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constant('send' as const), from: idx, to: idx, group: fc.boolean(), rest: fc.boolean(), ignore: fc.boolean(), loc: fc.boolean(), directed: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('recall' as const), pick: fc.nat({ max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('edit' as const), pick: fc.nat({ max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('join' as const), user: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('leave' as const), user: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('cfg' as const), key: fc.constantFrom('directedRoaming' as const, 'groupHistoryBeforeJoin' as const, 'messageRetentionDays' as const) }) },
  // Half a day and a day: with messageRetentionDays 1 or 2 messages expire between commands (R20(b)).
  { weight: 3, arbitrary: fc.record({ k: fc.constant('tick' as const), ms: fc.constantFrom(0, 1, 1000, 60_000, -500, 43_200_000, 86_400_000) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('delIds' as const), user: idx, conv: idx, picks: fc.array(fc.nat({ max: 40 }), { maxLength: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('delBefore' as const), user: idx, conv: idx, back: fc.nat({ max: 5000 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('delConv' as const), user: idx, conv: idx, roam: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('delAll' as const), user: idx }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('pin' as const), user: idx, conv: idx }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('unpin' as const), user: idx, conv: idx }) },
);

/** Conversation number `n` of user `u`: a chat with another user, or the group when u is or was a member. */
function convOf(ref: ReferenceModel, u: string, n: number): Conv {
  const others = USERS.filter((x) => x !== u);
  if (n === 3 && ref.everMember(u)) return { type: 'groupchat', id: GROUP.id };
  return { type: 'chat', id: others[n % others.length]! };
}

export function setup() {
  const mock = createRoamingMock({
    now: T0,
    frozen: true,
    seed: 3,
    config: { conversationLimit: LIMIT, pinLimit: PIN_LIMIT, editEnabled: true, editLimit: 1000 },
    fixture: { version: 1, apps: [{ org: 'p', app: 'q', users: USERS.map((username) => ({ username })), groups: [{ ...GROUP, owner: 'a' }] }] },
  });
  const ref = new ReferenceModel(USERS, { ...GROUP, created: T0 }, LIMIT, PIN_LIMIT);
  ref.now = () => mock.clock.now();
  return { mock, t: mock.tenant('p#q'), ref };
}

/** A message as the comparison sees it: its id and its current text (edits show). */
const shown = (m: { id: string; body: Record<string, unknown> }): string => `${m.id}|${String(m.body['msg'] ?? '')}`;
const refShown = (m: RefMessage): string => `${m.id}|${m.text}`;

function walkHistory(t: TenantApi, u: string, c: Conv, pageSize: number, direction: 'up' | 'down', types?: string[]): string[] {
  const out: string[] = [];
  let start = '-1';
  for (let guard = 0; guard < 1000; guard++) {
    const page = t.history(u, { chatType: c.type, id: c.id, pageSize, direction, start, ...(types ? { types: types as never } : {}) });
    expect(page.messages.length).toBeLessThanOrEqual(pageSize);
    if (!page.isLast) expect(page.messages.length).toBe(pageSize);
    out.push(...page.messages.map(shown));
    if (page.isLast) {
      expect(page.nextKey).toBe('');
      return out;
    }
    start = page.nextKey;
  }
  throw new Error('history walk did not end');
}

function walkList(t: TenantApi, u: string, limit: number, pinnedOnly: boolean, includeEmpty = false) {
  const out: Array<{ id: string; type: string; latest: string | undefined; unread: number; pinnedAt?: number }> = [];
  let cursor = '';
  for (let guard = 0; guard < 100; guard++) {
    const page = t.conversations(u, { limit, cursor, pinnedOnly, includeEmpty });
    out.push(...page.conversations.map((e) => ({ id: e.id, type: e.type, latest: e.latest?.id, unread: e.unread, ...(includeEmpty ? {} : { pinnedAt: e.pinnedAt }) })));
    if (page.cursor === '') return out;
    cursor = page.cursor;
  }
  throw new Error('list walk did not end');
}

function apply(cmd: Cmd, t: TenantApi, ref: ReferenceModel, now: () => number, advance: (ms: number) => void, sent: Message[]): void {
  switch (cmd.k) {
    case 'send': {
      const from = USERS[cmd.from]!;
      // SDK group sends need a current member (R39); REST sends are not checked.
      const group = cmd.group && (cmd.rest || ref.isMember(from));
      const to = group ? GROUP.id : USERS[cmd.to === cmd.from ? (cmd.to + 1) % 4 : cmd.to]!;
      const chatType = group ? ('groupchat' as const) : ('chat' as const);
      const ignore = cmd.rest && cmd.ignore ? [USERS[(cmd.from + 1) % 4]!] : [];
      const directed = group && cmd.directed ? [USERS[(cmd.from + 1) % 4]!] : undefined;
      const m = t.send({
        ...(directed ? { directedUsers: directed } : {}),
        from, to, chatType,
        type: cmd.loc ? 'loc' : 'txt',
        body: cmd.loc ? { lat: 1, lng: 2, addr: 'x' } : { msg: 'x' },
        via: cmd.rest ? 'rest' : 'sdk',
        ...(ignore.length ? { roamIgnoreUsers: ignore } : {}),
      });
      sent.push(m);
      const r: RefMessage = { id: m.id, timestamp: m.timestamp, from, to, chatType, type: m.type, writes: !cmd.rest && !directed, ignore, text: cmd.loc ? '' : 'x', ...(directed ? { directed } : {}) };
      ref.send(r);
      return;
    }
    case 'tick':
      advance(cmd.ms);
      return;
    case 'recall': {
      const m = sent[cmd.pick % Math.max(1, sent.length)];
      if (!m) return;
      // R25 force: any age; an id recalled before answers success and changes nothing.
      t.recall({ msgId: m.id, to: m.to, chatType: m.chatType, force: true });
      ref.recall(m.id);
      return;
    }
    case 'edit': {
      const m = sent[cmd.pick % Math.max(1, sent.length)];
      if (!m || m.type !== 'txt' || !t.state.messagesById.has(m.id)) return;
      const text = `edit ${cmd.pick}`;
      // R30: an expired message is unavailable (404); an edit restarts its retention (R20(b)).
      if (ref.edit(m.id, text)) t.rewrite(m.id, { newMsg: { type: 'txt', msg: text } });
      else expect(() => t.rewrite(m.id, { newMsg: { type: 'txt', msg: text } })).toThrow(/unavailable or has expired/);
      return;
    }
    case 'join':
    case 'leave': {
      const u = USERS[cmd.user]!;
      const ok = cmd.k === 'join' ? ref.join(u, now()) : ref.leave(u, now());
      const call = () => (cmd.k === 'join' ? t.addGroupMember(GROUP.id, u) : t.removeGroupMember(GROUP.id, u));
      if (ok) call();
      else expect(call).toThrow(RoamingError);
      return;
    }
    case 'cfg': {
      const key = cmd.key;
      if (key === 'messageRetentionDays') {
        // null → 1 → 2 → null days (R20(b)).
        const days = t.config().messageRetentionDays;
        const next = days === null ? 1 : days === 1 ? 2 : null;
        t.configure({ messageRetentionDays: next });
        ref.config.retentionDays = next;
        return;
      }
      const next = !t.config()[key];
      t.configure({ [key]: next });
      if (key === 'directedRoaming') ref.config.directedRoaming = next;
      else ref.config.beforeJoin = next;
      return;
    }
    case 'delIds': {
      const u = USERS[cmd.user]!;
      const c = convOf(ref, u, cmd.conv);
      const ids = cmd.picks.map((p) => sent[p]?.id ?? String(1000 + p));
      if (ids.length === 0) return;
      guarded(ref, u, c, () => t.deleteMessages(u, c.type, c.id, ids), () => ref.deleteIds(u, c.type, c.id, ids));
      return;
    }
    case 'delBefore': {
      const u = USERS[cmd.user]!;
      const c = convOf(ref, u, cmd.conv);
      const time = Math.max(0, now() - cmd.back);
      guarded(ref, u, c, () => t.deleteMessagesBefore(u, c.type, c.id, time), () => ref.deleteBefore(u, c.type, c.id, time));
      return;
    }
    case 'delConv': {
      const u = USERS[cmd.user]!;
      const c = convOf(ref, u, cmd.conv);
      guarded(ref, u, c, () => t.deleteConversation(u, c.type, c.id, { deleteRoam: cmd.roam }), () => ref.deleteConversation(u, c.type, c.id, cmd.roam, now()));
      return;
    }
    case 'delAll':
      t.deleteAll(USERS[cmd.user]!);
      ref.deleteAll(USERS[cmd.user]!, now());
      return;
    case 'pin': {
      const u = USERS[cmd.user]!;
      const c = convOf(ref, u, cmd.conv);
      // R20(c): a group's non-member may not pin it, whatever he still holds (SPEC-2 Q4 for the rest).
      if (c.type === 'groupchat' && !ref.isMember(u)) {
        expect(() => t.pin(u, c.type, c.id)).toThrow(/not a member/);
        return;
      }
      const outcome = ref.pin(u, c.type, c.id, now());
      if (outcome === 'ok') t.pin(u, c.type, c.id);
      else expect(() => t.pin(u, c.type, c.id)).toThrow(outcome === 'limit' ? /pinLimit/ : /conversation not exist/);
      return;
    }
    case 'unpin': {
      const u = USERS[cmd.user]!;
      const c = convOf(ref, u, cmd.conv);
      // A former member may still tidy a conversation he holds; one he does not hold is refused either way.
      if (ref.unpin(u, c.type, c.id)) t.unpin(u, c.type, c.id);
      else expect(() => t.unpin(u, c.type, c.id)).toThrow(/conversation not exist|not a member/);
    }
  }
}

/**
 * R20(c): a former member may tidy a group only while he holds a view of it; otherwise the engine refuses (403)
 * and nothing changes — the model then does nothing either.
 */
function guarded(ref: ReferenceModel, u: string, c: Conv, engine: () => unknown, model: () => void): void {
  if (c.type === 'groupchat' && !ref.isMember(u)) {
    try {
      engine();
    } catch (err) {
      if (err instanceof RoamingError && err.kind === 'forbidden') return;
      throw err;
    }
    model();
    return;
  }
  engine();
  model();
}

function unreadOf(t: TenantApi, u: string, c: Conv): number {
  try {
    return t.unread(u, c.type, c.id);
  } catch (err) {
    // A former member without a view of the group: refused, and he has nothing unread there.
    if (err instanceof RoamingError && err.kind === 'forbidden') return 0;
    throw err;
  }
}

/** The doors' view: every list page and history page through `mock.handle`, which renders and caches pages (#18). */
function httpList(mock: RoamingMock, t: TenantApi, token: string, u: string, limit: number) {
  const out: unknown[] = [];
  let cursor = '';
  for (let guard = 0; guard < 100; guard++) {
    const res = mock.handle({ method: 'GET', path: `/p/q/sdk/user/${u}/user_channels/list`, search: `limit=${limit}&cursor=${encodeURIComponent(cursor)}&need_mark=true`, headers: { authorization: `Bearer ${token}` } }) as { status: number; body: string };
    expect(res.status).toBe(200);
    // The envelope is the service's too (§3.2): this request's clock, whatever page cache answered.
    expect((JSON.parse(res.body) as { timestamp: number }).timestamp).toBe(mock.clock.now());
    const data = (JSON.parse(res.body) as { data: { cursor: string; channel_infos: Array<{ session_to: string; unread_num: number; is_top: boolean; meta: { id?: string; payload?: string } }> } }).data;
    out.push(...data.channel_infos.map((c) => [c.session_to, c.unread_num, c.is_top, c.meta.id ?? null, c.meta.payload === undefined ? null : String((JSON.parse(c.meta.payload) as { bodies: Array<{ msg?: string }> }).bodies[0]?.msg ?? '')]));
    if (data.cursor === '') return out;
    cursor = data.cursor;
  }
  throw new Error('HTTP list walk did not end');
}

function engineList(t: TenantApi, u: string, limit: number) {
  const out: unknown[] = [];
  let cursor = '';
  for (let guard = 0; guard < 100; guard++) {
    const page = t.conversations(u, { limit, cursor });
    out.push(...page.conversations.map((e) => [e.id, e.unread, e.pinnedAt > 0, e.latest?.id ?? null, e.latest ? String(e.latest.body['msg'] ?? '') : null]));
    if (page.cursor === '') return out;
    cursor = page.cursor;
  }
  throw new Error('list walk did not end');
}

function httpHistory(mock: RoamingMock, token: string, u: string, c: Conv, pageSize: number): string[] {
  const out: string[] = [];
  let start = '-1';
  const queue = c.type === 'chat' ? `${c.id}@easemob.com` : `${c.id}@conference.easemob.com`;
  for (let guard = 0; guard < 1000; guard++) {
    const res = mock.handle({ method: 'POST', path: `/p/q/users/${u}/messageroaming`, search: '', headers: { authorization: `Bearer ${token}` }, rawBody: JSON.stringify({ queue, start, pull_number: pageSize, is_positive: false, msgType: '' }) }) as { status: number; body: string };
    // A former member without a view of the group is refused (403); the engine walk says the same below.
    if (res.status !== 200) return [`status ${res.status}`];
    expect((JSON.parse(res.body) as { timestamp: number }).timestamp).toBe(mock.clock.now());
    const data = (JSON.parse(res.body) as { data: { msgs: Array<{ msg: string }>; next_key: string; is_last: boolean } }).data;
    out.push(...data.msgs.map((m) => m.msg));
    if (data.is_last) return out;
    start = data.next_key;
  }
  throw new Error('HTTP history walk did not end');
}

function engineHistory(t: TenantApi, u: string, c: Conv, pageSize: number): string[] {
  const out: string[] = [];
  let start = '-1';
  for (let guard = 0; guard < 1000; guard++) {
    let page;
    try {
      page = t.history(u, { chatType: c.type, id: c.id, pageSize, direction: 'up', start });
    } catch (err) {
      if (err instanceof RoamingError && err.kind === 'forbidden') return ['status 403'];
      throw err;
    }
    // Encoded afresh (not through the per-message cache the HTTP side uses), so a stale encoding shows.
    out.push(...page.messages.map((m) => toBase64(pb.Meta.encode(pb.Meta.fromObject(metaObject(t.appKey, m))).finish())));
    if (page.isLast) return out;
    start = page.nextKey;
  }
  throw new Error('history walk did not end');
}

function compare(t: TenantApi, ref: ReferenceModel, pageSize: number, mock?: RoamingMock, tokens?: Map<string, string>): void {
  for (const u of USERS) {
    if (mock && tokens) {
      const token = tokens.get(u)!;
      expect(httpList(mock, t, token, u, Math.min(pageSize, 50))).toEqual(engineList(t, u, Math.min(pageSize, 50)));
      for (let n = 0; n < 4; n++) {
        const c = convOf(ref, u, n);
        expect(httpHistory(mock, token, u, c, pageSize)).toEqual(engineHistory(t, u, c, pageSize));
      }
    }
    expect(walkList(t, u, Math.min(pageSize, 50), false)).toEqual(ref.list(u));
    expect(walkList(t, u, Math.min(pageSize, 50), true)).toEqual(ref.list(u, true));
    expect(walkList(t, u, Math.min(pageSize, 50), false, true)).toEqual(ref.listAll(u));
    for (let n = 0; n < 4; n++) {
      const c = convOf(ref, u, n);
      const all = ref.conversationMessages(u, c.type, c.id);
      expect(walkHistory(t, u, c, pageSize, 'down')).toEqual(all.map(refShown));
      expect(walkHistory(t, u, c, pageSize, 'up')).toEqual(all.map(refShown).reverse());
      expect(walkHistory(t, u, c, pageSize, 'up', ['loc'])).toEqual(all.filter((m) => m.type === 'loc').map(refShown).reverse());
      expect(unreadOf(t, u, c)).toBe(ref.unread(u, c.type, c.id));
    }
  }
}


/**
 * R2–R18, R20, R20b, R21, R29, R31, R36–R39 against the reference model: random command sequences, every list, page and
 * unread count compared after each command — through the engine and, with `http`, through the router's page cache.
 */
export function runModel({ numRuns, http, shrink = true }: { numRuns: number; http: boolean; shrink?: boolean }): void {
  fc.assert(
    fc.property(fc.array(cmdArb, { maxLength: 50, size: 'medium' }), fc.integer({ min: 1, max: 7 }), (cmds, pageSize) => {
      const { mock, t, ref } = setup();
      const tokens = http ? new Map(USERS.map((u) => [u, mock.tokens.issue(t, u).token])) : undefined;
      const sent: Message[] = [];
      for (const cmd of cmds) {
        apply(cmd, t, ref, () => mock.clock.now(), (ms) => mock.clock.advance(ms), sent);
        compare(t, ref, pageSize, http ? mock : undefined, tokens);
      }
    }),
    // Mutant checks only need to see a failure: shrinking one would re-run the HTTP walks for minutes.
    { numRuns, seed: Number(process.env['FC_SEED'] ?? 20261125), verbose: 1, endOnFailure: !shrink },
  );
}

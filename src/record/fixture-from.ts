import type { Fixture, FixtureApp, FixtureView } from '../fixtures/types.ts';
import type { SeenMessage } from './messages.ts';
import { convKey, observeSession, type SeenListing, type TenantKnowledge } from './observe.ts';
import type { Session } from './session.ts';

export interface FixtureFromOptions {
  /**
   * `end` (default): the world as the session left it — messages sent during it, the last pins, marks and unread
   * counts seen, and the deletes made. `start`: the world before the session, which `diff` replays it against.
   */
  at?: 'start' | 'end';
  /** Written into `knowledge.source`. */
  source?: string;
}

/** The password a recorded user gets when the session kept no secret (`--keep-secrets` keeps the real one). */
export const placeholderPassword = (user: string): string => `${user}-pw`;
export const placeholderClientSecret = (app: string): string => `${app}-secret`;

/** A fixture (SPEC §5) rebuilt from what a session revealed, with the bounds of that knowledge. */
export function fixtureFromSession(session: Session, options: FixtureFromOptions = {}, tenants: Map<string, TenantKnowledge> = observeSession(session)): Fixture {
  const at = options.at ?? 'end';
  const last = session.records.at(-1)?.at ?? session.header.startedAt;
  return {
    version: 1,
    now: at === 'start' ? session.header.startedAt : last,
    frozen: true,
    apps: [...tenants.values()].map((t) => appOf(t, at, options.source)),
  };
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function appOf(t: TenantKnowledge, at: 'start' | 'end', source: string | undefined): FixtureApp {
  const messages = [...t.messages.values()]
    .filter((m) => at === 'end' || !m.inSession)
    .sort((a, b) => a.at - b.at || (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  // Every sender of a message that is not known to be REST-sent must be a user, and a member where it wrote.
  for (const m of messages) if (m.via !== 'rest' && !t.users.has(m.from)) t.users.set(m.from, {});
  const users = [...t.users.keys()].sort(byName);
  const groups = [...t.groups].sort(([a], [b]) => byName(a, b)).map(([id, g]) => {
    const members = [...g.members].filter((m) => t.users.has(m)).sort(byName);
    const owner = g.owner && t.users.has(g.owner) ? g.owner : members[0] ?? users[0] ?? 'admin';
    return { id, owner, members: members.filter((m) => m !== owner) };
  });
  const views = viewsOf(t, at, new Set(messages.map((m) => m.id)));
  // An unread count the fixture's messages already imply stays implied: then the mock counts deletes and reads (R18).
  for (const v of views) if (v.unread !== undefined && v.unread === impliedUnread(messages, v)) delete v.unread;
  return {
    org: t.org,
    app: t.app,
    clientId: t.clientId ?? `${t.org}-${t.app}-client`,
    clientSecret: t.clientSecret ?? placeholderClientSecret(t.app),
    users: users.map((username) => ({ username, password: t.users.get(username)?.password ?? placeholderPassword(username) })),
    groups,
    rooms: [...t.rooms].sort(([a], [b]) => byName(a, b)).map(([id, members]) => ({ id, members: [...members].filter((m) => t.users.has(m)).sort(byName) })),
    messages: messages.map(({ inSession: _, at: time, via, ...m }) => ({ ...m, at: time, ...(via === 'rest' ? { via } : {}) })),
    views,
    knowledge: {
      ...(source !== undefined ? { source } : {}),
      lists: [...new Set([...t.completeLists, ...[...t.firstListing.keys()].map((k) => k.split('|')[0]!)])].sort(byName).map((user) => ({ user, complete: t.completeLists.has(user) })),
      histories: [...t.fetchedHistories].sort(byName).map((key) => {
        const [user, type, conversation] = key.split('|') as [string, 'chat' | 'groupchat', string];
        return { user, type, conversation, complete: t.completeHistories.has(key) };
      }),
    },
  };
}

/** The unread count a load computes for a view without `unread` (SPEC §5): incoming, conversation-writing messages. */
function impliedUnread(messages: SeenMessage[], v: FixtureView): number {
  return messages.filter((m) => m.from !== v.user && m.via !== 'rest' && (m.chatType ?? 'chat') === (v.type ?? 'chat') && (v.type === 'chat' || v.type === undefined ? m.from === v.conversation && m.to === v.user : m.to === v.conversation)).length;
}

/**
 * Per-user views: pin, marks and unread as a listing showed them — at `start`, only listings made before the
 * session changed that conversation; at `end`, the last listing, plus the deletes the session made.
 */
function viewsOf(t: TenantKnowledge, at: 'start' | 'end', kept: Set<string>): FixtureView[] {
  const views = new Map<string, FixtureView>();
  const listings: Map<string, SeenListing> = at === 'start' ? t.firstListing : t.lastListing;
  for (const [key, l] of listings) {
    const touched = t.firstTouch.get(key);
    if (at === 'start' && touched !== undefined && touched < l.seq) continue;
    const [user, type, conversation] = key.split('|') as [string, 'chat' | 'groupchat', string];
    if (!t.users.has(user)) continue;
    views.set(key, {
      user, conversation, type,
      ...(l.pinned ? { pinnedAt: l.pinnedAt } : {}),
      ...(l.marks.length > 0 ? { marks: l.marks } : {}),
      unread: l.unread,
    });
  }
  if (at === 'end') {
    for (const d of t.deletes) {
      const keys = d.whole === 'all' ? [...views.keys()].filter((k) => k.startsWith(`${d.user}|`)) : [convKey(d.user, d.type, d.id ?? '')];
      for (const key of keys) {
        const [user, type, conversation] = key.split('|') as [string, 'chat' | 'groupchat', string];
        const v = views.get(key) ?? { user, conversation, type };
        if (d.ids) v.deletedIds = [...new Set([...(v.deletedIds ?? []), ...d.ids.filter((id) => kept.has(id))])];
        if (d.before !== undefined) v.deletedBefore = d.before;
        if (d.whole) {
          v.listed = false;
          delete v.pinnedAt;
          delete v.marks;
          v.unread = 0;
          if (d.whole === 'all' || d.deleteRoam) v.deletedBefore = d.at;
        }
        views.set(key, v);
      }
    }
  }
  // A view must name a conversation with a message, or be listed with a peer or group that exists (SPEC §5).
  const threads = new Set<string>();
  for (const m of t.messages.values()) {
    if (!kept.has(m.id)) continue;
    if (m.chatType === 'chat') threads.add(`${m.from}|chat|${m.to}`).add(`${m.to}|chat|${m.from}`);
    else for (const u of t.groups.get(m.to)?.members ?? []) threads.add(`${u}|${m.chatType}|${m.to}`);
  }
  return [...views.entries()]
    .filter(([key, v]) => threads.has(key) || ((v.pinnedAt !== undefined || (v.marks?.length ?? 0) > 0) && v.listed !== false))
    .sort(([a], [b]) => byName(a, b))
    .map(([, v]) => v);
}

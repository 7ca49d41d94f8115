import { Command, decodeAs, decodeMSync } from '../api/msync/frames.ts';
import { MASK } from './mask.ts';
import { messageOfBase64, messageOfMeta, messageOfRestMeta, type SeenMessage } from './messages.ts';
import { jidName, normalType, queryOf, queueOf, tenantPath } from './paths.ts';
import type { HttpRecord, Session, WsFrameRecord } from './session.ts';

type ChatType = 'chat' | 'groupchat' | 'chatroom';

/** One conversation as a listing showed it to a user. */
export interface SeenListing { seq: number; pinned: boolean; pinnedAt: number; marks: number[]; unread: number }

/** A per-user conversation: `user|type|id`. */
export const convKey = (user: string, type: ChatType, id: string): string => `${user}|${type}|${id}`;

/** Everything a session revealed about one tenant. */
export interface TenantKnowledge {
  org: string;
  app: string;
  users: Map<string, { password?: string }>;
  clientId?: string;
  clientSecret?: string;
  groups: Map<string, { owner?: string; members: Set<string> }>;
  rooms: Map<string, Set<string>>;
  messages: Map<string, SeenMessage>;
  /** First and last listing of each conversation, per user. */
  firstListing: Map<string, SeenListing>;
  lastListing: Map<string, SeenListing>;
  /** The first session event that changed a conversation for a user (a send, pin, mark, delete). */
  firstTouch: Map<string, number>;
  /** Deletes that succeeded, in order (for a fixture of the end of the session). */
  deletes: Array<{ user: string; type: ChatType; id?: string; ids?: string[]; before?: number; at: number; whole?: 'conversation' | 'all'; deleteRoam?: boolean }>;
  /** Users whose whole conversation list was read (a page ended with an empty cursor). */
  completeLists: Set<string>;
  /** Conversations whose history was paged to its oldest message. */
  completeHistories: Set<string>;
  fetchedHistories: Set<string>;
}

/** An msync connection: its tenant and user (from its login) and the sends awaiting their ack. */
interface Connection { t?: TenantKnowledge; user?: string; sent: Map<string, Omit<SeenMessage, 'inSession'>> }

const isRecord = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Read a session into per-tenant knowledge: users, groups, rooms, messages by id, listings, deletes, bounds. */
export function observeSession(session: Session): Map<string, TenantKnowledge> {
  const tenants = new Map<string, TenantKnowledge>();
  const tenant = (org: string, app: string): TenantKnowledge => {
    const key = `${org}#${app}`;
    let t = tenants.get(key);
    if (!t) {
      t = {
        org, app, users: new Map(), groups: new Map(), rooms: new Map(), messages: new Map(), firstListing: new Map(), lastListing: new Map(),
        firstTouch: new Map(), deletes: [], completeLists: new Set(), completeHistories: new Set(), fetchedHistories: new Set(),
      };
      tenants.set(key, t);
    }
    return t;
  };
  const connections = new Map<number, Connection>();

  for (const r of session.records) {
    if (r.kind === 'http') observeHttp(r, tenant);
    else if (r.kind === 'ws-open') connections.set(r.conn, { sent: new Map() });
    else if (r.kind === 'ws-frame') observeFrame(r, connections, tenants, tenant);
  }
  return tenants;
}

function addUser(t: TenantKnowledge, name: string | undefined): void {
  if (name && !t.users.has(name)) t.users.set(name, {});
}

function addMessage(t: TenantKnowledge, m: Omit<SeenMessage, 'inSession'>, inSession: boolean, authoritative: boolean): void {
  const known = t.messages.get(m.id);
  if (known) {
    // A push may be recorded before the sender's ack: whichever comes first, a relayed send stays in-session.
    if (inSession) known.inSession = true;
    if (m.via === 'rest') known.via = 'rest';
    // A message the service showed (history, list, push) wins over what a send request said about it.
    if (!authoritative) return;
  }
  t.messages.set(m.id, { ...m, inSession: known?.inSession === true || inSession, ...(known?.via ? { via: known.via } : {}) });
  if (m.via !== 'rest' && known?.via !== 'rest') addUser(t, m.from);
  if (m.chatType === 'chat') addUser(t, m.to);
  else if (m.chatType === 'groupchat') member(t, m.to, known?.via === 'rest' || m.via === 'rest' ? undefined : m.from);
  else {
    const room = t.rooms.get(m.to) ?? new Set<string>();
    if (m.via !== 'rest') room.add(m.from);
    t.rooms.set(m.to, room);
  }
}

function member(t: TenantKnowledge, group: string, user: string | undefined): void {
  const g = t.groups.get(group) ?? { members: new Set<string>() };
  if (user) g.members.add(user);
  t.groups.set(group, g);
}

function touch(t: TenantKnowledge, key: string, seq: number): void {
  if (!t.firstTouch.has(key)) t.firstTouch.set(key, seq);
}

function observeHttp(r: HttpRecord, tenant: (org: string, app: string) => TenantKnowledge): void {
  const p = tenantPath(r.request.path);
  if (!p) return;
  const t = tenant(p.org, p.app);
  const status = r.response?.status;
  const body = r.response?.body;
  const req = (isRecord(r.request.body) ? r.request.body : {}) as Record<string, any>;
  const q = queryOf(r.request.query);
  const method = r.request.method.toUpperCase();
  const data = isRecord(body) ? body['data'] : undefined;
  const user = p.user;
  if (user && r.request.identity.as === 'user') addUser(t, user);

  if (p.rest === '/token' && status === 200) {
    if (req['grant_type'] === 'password' && typeof req['username'] === 'string') {
      addUser(t, req['username']);
      if (typeof req['password'] === 'string' && req['password'] !== MASK) t.users.get(req['username'])!.password = req['password'];
    }
    if (req['grant_type'] === 'client_credentials') {
      if (typeof req['client_id'] === 'string') t.clientId = req['client_id'];
      if (typeof req['client_secret'] === 'string' && req['client_secret'] !== MASK) t.clientSecret = req['client_secret'];
    }
    return;
  }
  if (status !== 200 || !user && !/^\/(users|chatgroups|messages\/)/.test(p.rest)) return;

  if (method === 'POST' && p.rest === '/users') {
    for (const u of Array.isArray(r.request.body) ? r.request.body : [req]) if (isRecord(u) && typeof u['username'] === 'string') addUser(t, u['username']);
  } else if (method === 'POST' && p.rest === '/chatgroups' && isRecord(data) && typeof data['groupid'] === 'string') {
    const g = { owner: typeof req['owner'] === 'string' ? req['owner'] : undefined, members: new Set<string>((Array.isArray(req['members']) ? req['members'] : []).filter((m: unknown) => typeof m === 'string')) };
    t.groups.set(data['groupid'], { ...(g.owner ? { owner: g.owner } : {}), members: g.members });
    for (const m of [g.owner, ...g.members]) addUser(t, m);
  } else if (method === 'POST' && /^\/messages\/(users|chatgroups|chatrooms)$/.test(p.rest) && isRecord(data)) {
    const chatType: ChatType = p.rest.endsWith('users') ? 'chat' : p.rest.endsWith('chatgroups') ? 'groupchat' : 'chatroom';
    const at = isRecord(body) && typeof body['timestamp'] === 'number' ? body['timestamp'] : r.at;
    for (const [to, id] of Object.entries(data)) {
      if (typeof id !== 'string') continue;
      addMessage(t, { id, from: String(req['from'] ?? 'admin'), to, chatType, type: String(req['type'] ?? 'txt'), body: isRecord(req['body']) ? req['body'] : {}, ...(isRecord(req['ext']) ? { ext: req['ext'] } : {}), at, via: 'rest' }, true, false);
      if (chatType === 'chat') touch(t, convKey(to, 'chat', String(req['from'] ?? 'admin')), r.seq);
    }
  } else if (method === 'POST' && p.rest.endsWith('/messageroaming') && user && isRecord(data)) {
    const { type, id } = queueOf(String(req['queue'] ?? ''));
    const key = convKey(user, type, id);
    t.fetchedHistories.add(key);
    if (type === 'groupchat') member(t, id, user);
    for (const m of Array.isArray(data['msgs']) ? data['msgs'] : []) {
      const seen = isRecord(m) && typeof m['msg'] === 'string' ? messageOfBase64(m['msg']) : undefined;
      if (seen) addMessage(t, seen, false, true);
    }
    const unfiltered = !req['msgType'] && !req['startTime'] && !req['endTime'] && !req['userId'];
    const fromStart = req['start'] === undefined || String(req['start']) === '-1' || req['start'] === '';
    if (unfiltered && ((req['is_positive'] !== true && data['is_last'] === true) || (req['is_positive'] === true && fromStart))) t.completeHistories.add(key);
  } else if (method === 'GET' && user && /\/user_channels(\/list|\/mark\/search|\/page)?$/.test(p.rest) && isRecord(data)) {
    observeListing(t, user, r, data, q);
  } else if (user) {
    observeChange(t, user, r, method, p.rest, req, q);
  }
}

function observeListing(t: TenantKnowledge, user: string, r: HttpRecord, data: Record<string, any>, q: Record<string, string>): void {
  const appKey = `${t.org}#${t.app}`;
  const infos = Array.isArray(data['channel_infos']) ? data['channel_infos'] : [];
  for (const c of infos) {
    if (!isRecord(c)) continue;
    // Cursor-list items carry channel_id too (SPEC-2 R49): legacy items are the ones without session_to.
    const legacy = typeof c['channel_id'] === 'string' && c['session_to'] === undefined;
    const type: ChatType = legacy ? (String(c['channel_id']).includes('@conference') ? 'groupchat' : 'chat') : normalType(c['session_type']);
    const id = legacy ? jidName(String(c['channel_id']), appKey) : String(c['session_to'] ?? '');
    if (!id) continue;
    if (type === 'chat') addUser(t, id);
    else member(t, id, user);
    const m = isRecord(c['meta']) ? messageOfRestMeta(c['meta'], appKey) : undefined;
    if (m) addMessage(t, m, false, true);
    const key = convKey(user, type, id);
    const listing: SeenListing = {
      seq: r.seq,
      pinned: c['is_top'] === true,
      pinnedAt: Number(c['update_top_status_time'] ?? 0),
      marks: (Array.isArray(c['marks']) ? c['marks'] : []).map((x: unknown) => Number(String(x).replace('mark_', ''))).filter((n: number) => Number.isInteger(n)),
      unread: Number(c['unread_num'] ?? 0),
    };
    // The legacy lists show neither pins nor marks: keep what a cursor listing said, only the unread count is news.
    const prev = t.lastListing.get(key);
    const merged = legacy && prev ? { ...prev, seq: r.seq, unread: listing.unread } : legacy ? { ...listing, pinned: false, marks: [] } : listing;
    if (!t.firstListing.has(key) && !legacy) t.firstListing.set(key, merged);
    t.lastListing.set(key, merged);
  }
  const plain = r.request.path.endsWith('/list') && q['is_top'] !== 'true';
  if (plain && (data['cursor'] === '' || data['cursor'] === undefined)) t.completeLists.add(user);
  if (r.request.path.endsWith('/page') && infos.length < Number(q['pageSize'] ?? 20)) t.completeLists.add(user);
}

/** Pins, marks and deletes: they mark the conversation as changed by the session (and deletes are kept). */
function observeChange(t: TenantKnowledge, user: string, r: HttpRecord, method: string, rest: string, req: Record<string, any>, q: Record<string, string>): void {
  const seq = r.seq;
  if (rest.endsWith('/user_channel/top')) {
    const to = String(req['to'] ?? q['to'] ?? '');
    touch(t, convKey(user, normalType(req['type'] ?? q['type']), to), seq);
  } else if (rest.endsWith('/user_channels/mark')) {
    for (const target of Array.isArray(req['targets']) ? req['targets'] : []) if (isRecord(target)) touch(t, convKey(user, normalType(target['type']), String(target['to'])), seq);
  } else if (/\/message\/roaming\/(chat|group)\/user\//.test(rest)) {
    const type: ChatType = rest.includes('/group/') ? 'groupchat' : 'chat';
    const id = String(q['userId'] ?? q['groupId'] ?? '');
    touch(t, convKey(user, type, id), seq);
    if (rest.endsWith('/time')) t.deletes.push({ user, type, id, before: Number(q['delTime']), at: r.at });
    else t.deletes.push({ user, type, id, ids: String(q['msgIdList'] ?? '').split(',').filter(Boolean), at: r.at });
  } else if (/\/delete\/all$/.test(rest)) {
    for (const key of [...t.lastListing.keys()].filter((k) => k.startsWith(`${user}|`))) touch(t, key, seq);
    t.deletes.push({ user, type: 'chat', at: r.at, whole: 'all' });
  } else if (method === 'DELETE' && rest.endsWith('/user_channel')) {
    const type = normalType(req['type']);
    const id = String(req['channel'] ?? '');
    touch(t, convKey(user, type, id), seq);
    t.deletes.push({ user, type, id, at: r.at, whole: 'conversation', deleteRoam: req['delete_roam'] === true || req['delete_roam'] === 'true' });
  }
}

function observeFrame(
  r: WsFrameRecord,
  connections: Map<number, Connection>,
  tenants: Map<string, TenantKnowledge>,
  tenant: (org: string, app: string) => TenantKnowledge,
): void {
  const c: Connection = connections.get(r.conn) ?? { sent: new Map() };
  connections.set(r.conn, c);
  let msync;
  try {
    msync = decodeMSync(Buffer.from(r.bytes, 'base64'));
  } catch {
    return;
  }
  const command = Number(msync['command'] ?? 0);
  if (r.dir === 'up' && command === Command.PROVISION) {
    const appKey = String(msync['guid']?.['appKey'] ?? '');
    const [org, app] = appKey.split('#');
    if (org && app) c.t = tenant(org, app);
    c.user = msync['guid']?.['name'];
    if (c.t) addUser(c.t, c.user);
    return;
  }
  const t = c.t ?? (tenants.size === 1 ? [...tenants.values()][0] : undefined);
  if (!t || command !== Command.SYNC) return;
  if (r.dir === 'up') {
    const ul = decodeAs('CommSyncUL', msync['payload']);
    const meta = ul['meta'];
    const m = meta ? messageOfMeta(meta) : undefined;
    if (m) c.sent.set(String(meta['id']), { ...m, from: m.from || c.user || '' });
    return;
  }
  const dl = decodeAs('CommSyncDL', msync['payload']);
  const ackOf = dl['metaId'] !== undefined ? c.sent.get(String(dl['metaId'])) : undefined;
  if (ackOf && Number(dl['status']?.['errorCode'] ?? 0) === 0 && dl['serverId'] !== undefined) {
    const m = { ...ackOf, id: String(dl['serverId']), at: Number(dl['timestamp'] ?? r.at) };
    addMessage(t, m, true, false);
    touch(t, convKey(m.from, m.chatType ?? 'chat', m.to), r.seq);
    if (m.chatType === 'chat') touch(t, convKey(m.to, 'chat', m.from), r.seq);
  }
  for (const meta of (dl['metas'] as Array<Record<string, any>> | undefined) ?? []) {
    const m = messageOfMeta(meta);
    if (m) addMessage(t, m, t.messages.get(m.id)?.inSession === true, true);
  }
}

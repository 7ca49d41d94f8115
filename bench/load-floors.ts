/**
 * Two lower bounds for the fixture load (issue #18), each written as tight as we could, on the generated fixture
 * only. They show what part of the load is the machine's and what part is ours.
 *
 * - minimalLoad: parse, body text, a thread map, an object a message. It does nothing the rules ask for.
 * - rulesFloorLoad: the work every message needs, at the least it can cost: the strict shape check, the time and its
 *   order, the sender and target references (R39: an SDK sender is a member), the body's shape by type (bodies.ts)
 *   and its limits (json-limits.ts), `ext` the same way, the body kept as JSON text (#18's own heap target rules out
 *   parsed bodies), a fixture id checked and unique, a time-based id (R19) in an id-ordered list (R25/R30 find a
 *   message by id alone), the first listing of each conversation for its participants (R21; not by REST messages,
 *   R15), and R2: each user whose list outgrows the limit replays his listings through a lazy heap (a message
 *   touches only the users it lists again), evicting the least recently active. It leaves out unread counts (read time), the fixture's view records
 *   (a few deletes), R20 visibility (the generator writes no stays, hidden or directed messages) and the by-sender
 *   lists (a read-speed choice, not a rule).
 *
 * Each answers what it filed, so the caller can check it against the real load (the rules floor: its threads, its
 * listings and, after R2, who lists what). Anything the generator does not write (other time forms, member stays,
 * config) throws instead of being skipped.
 */

interface Row {
  from: string;
  to: string;
  at: unknown;
  body: string;
  hi: number;
  lo: number;
  kinds: number;
}

interface FloorThread {
  rows: FloorRow[];
  /** R21: its participants list it from its first conversation-writing message on (R15: not a REST one, by default). */
  listed: boolean;
  /** R2's replay: the time of its latest conversation-writing message so far (every member's activity in it). */
  lastAt: number;
  /** R2's replay: the over-full users who do not list it now; its next message lists them again (R13). */
  waiting: Slot[] | undefined;
}

interface FloorUser {
  /** His listed conversations (R21), by peer or group id. */
  readonly listed: Set<string>;
  /** His single chats, by peer (store.ts keeps them the same way). */
  readonly peers: Map<string, FloorThread>;
}

/** R2 for one over-full user: how many he lists, and a lazy heap of them, least recently active first. */
interface Lister {
  count: number;
  readonly activities: number[];
  readonly entries: Slot[];
  readonly slots: Slot[];
}

/** One conversation of an over-full user. */
interface Slot {
  readonly id: string;
  readonly type: string;
  readonly lister: Lister;
  readonly thread: FloorThread;
  listed: boolean;
  /** The activity of its newest heap entry (older entries of it are dropped when they surface); -1: none. */
  entryAt: number;
}

interface FloorRow {
  from: string;
  to: string;
  hi: number;
  lo: number;
  body: string;
  kinds: number;
}

interface GeneratedApp {
  users: Array<{ username: string }>;
  groups?: Array<{ id: string; owner: string; members?: unknown[] }>;
  messages: Array<Record<string, unknown>>;
  views?: Array<Record<string, unknown>>;
}

export interface FloorCounts {
  messages: number;
  threads: number;
  /** (user, conversation) pairs ever listed. */
  listings: number;
  /** (user, conversation) pairs listed after R2's evictions, and an order-free checksum of them (listingSum). */
  listed: number;
  listedSum: number;
}

/** One listed (user, conversation) pair as a number; summed mod 2^32 it names a set of them in any order (FNV-1a). */
export function listingHash(user: string, type: string, id: string): number {
  let h = 2166136261;
  for (const part of [user, type, id]) {
    for (let i = 0; i < part.length; i++) h = Math.imul(h ^ part.charCodeAt(i), 16777619) >>> 0;
    h = Math.imul(h ^ 10, 16777619) >>> 0;
  }
  return h;
}

/** The floor of any load keeping bodies as text per conversation: no checks, no ids, no lists, no unread. Answers the messages filed. */
export function minimalLoad(text: string): number {
  const fixture = JSON.parse(text) as { apps: Array<{ messages: Array<{ from: string; to: string; at: unknown; body: unknown }> }> };
  const threads = new Map<string, Map<string, Row[]>>();
  const all: Row[] = [];
  for (const app of fixture.apps) {
    for (const m of app.messages) {
      const [a, b] = m.from < m.to ? [m.from, m.to] : [m.to, m.from];
      let peers = threads.get(a);
      if (!peers) threads.set(a, (peers = new Map()));
      let rows = peers.get(b);
      if (!rows) peers.set(b, (rows = []));
      const row: Row = { from: m.from, to: m.to, at: m.at, body: JSON.stringify(m.body), hi: all.length, lo: rows.length, kinds: 0 };
      rows.push(row);
      all.push(row);
    }
  }
  return all.length;
}

const KEYS: ReadonlySet<string> = new Set(['id', 'from', 'to', 'chatType', 'type', 'body', 'ext', 'at', 'via']);
const TYPES: ReadonlySet<string> = new Set(['txt', 'img', 'loc', 'audio', 'video', 'file', 'cmd', 'custom', 'combine']);
const NAME_RE = /^[A-Za-z0-9_.-]{1,64}$/;
const LO = 4_194_304;

/** The generated fixture's times are `-<n>ms` before `now`, read digit by digit; anything else is not what this floor was written for. */
function timeOf(at: unknown, now: number): number {
  if (typeof at === 'number') return at;
  const n = typeof at === 'string' ? at.length : 0;
  if (n < 4 || (at as string).charCodeAt(0) !== 45 || (at as string).charCodeAt(n - 2) !== 109 || (at as string).charCodeAt(n - 1) !== 115) {
    throw new Error(`rules floor: a time it does not read: ${String(at)}`);
  }
  let ago = 0;
  for (let i = 1; i < n - 2; i++) {
    const d = (at as string).charCodeAt(i) - 48;
    if (d < 0 || d > 9) throw new Error(`rules floor: a time it does not read: ${String(at)}`);
    ago = ago * 10 + d;
  }
  return now - ago;
}

const UNIT: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A view's relative time (`-385h`), as the generator writes them. */
function agoOf(at: unknown, now: number): number {
  const match = typeof at === 'string' ? /^-(\d+)(ms|s|m|h|d)$/.exec(at) : null;
  if (!match) throw new Error(`rules floor: a view time it does not read: ${String(at)}`);
  return now - Number(match[1]) * UNIT[match[2]!]!;
}

/** Nesting depth of a JSON value, stopping past `limit`. */
function depthOf(v: unknown, limit: number): number {
  if (typeof v !== 'object' || v === null) return 0;
  if (limit === 0) return 1;
  let deepest = 0;
  for (const key in v) {
    const d = depthOf((v as Record<string, unknown>)[key], limit - 1);
    if (d > deepest) deepest = d;
  }
  return deepest + 1;
}

/**
 * The body limits (64 levels, 64 KiB of UTF-8; json-limits.ts, finding #14.2) at their least: a text under 130
 * characters can break neither; a longer one has its parsed object walked for depth and, only near the size
 * limit, its bytes counted (UTF-8 takes 1–3 bytes a UTF-16 unit).
 */
function bodyWithinLimits(body: object, json: string): boolean {
  if (json.length < 130) return true;
  if (depthOf(body, 64) > 64) return false;
  if (json.length * 3 <= 65_536) return true;
  return json.length <= 65_536 && Buffer.byteLength(json) <= 65_536;
}

const str = (v: unknown): boolean => v === undefined || typeof v === 'string';
const num = (v: unknown): boolean => v === undefined || (typeof v === 'number' && Number.isFinite(v));
const plain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The body's shape by type (bodies.ts BODY_RULES), one property read a field. */
function bodyFits(type: string, b: Record<string, unknown>): boolean {
  switch (type) {
    case 'txt':
      return typeof b['msg'] === 'string';
    case 'img': {
      const size = b['size'];
      return typeof b['url'] === 'string' && str(b['filename']) && str(b['secret']) && num(b['file_length']) &&
        (size === undefined || (plain(size) && typeof size['width'] === 'number' && typeof size['height'] === 'number'));
    }
    case 'audio':
      return typeof b['url'] === 'string' && str(b['filename']) && num(b['length']) && str(b['secret']) && num(b['file_length']);
    case 'video':
      return typeof b['url'] === 'string' && str(b['filename']) && num(b['length']) && str(b['secret']) && str(b['thumb']) && str(b['thumb_secret']) && num(b['file_length']);
    case 'file':
      return typeof b['url'] === 'string' && str(b['filename']) && str(b['secret']) && num(b['file_length']);
    case 'loc':
      return typeof b['lat'] === 'number' && Number.isFinite(b['lat']) && typeof b['lng'] === 'number' && Number.isFinite(b['lng']) && typeof b['addr'] === 'string';
    case 'cmd':
      return typeof b['action'] === 'string';
    case 'custom':
      return str(b['customEvent']) && (b['customExts'] === undefined || plain(b['customExts']));
    case 'combine':
      return str(b['title']) && str(b['summary']) && str(b['compatibleText']) && str(b['url']) && str(b['secret']) && str(b['filename']) && num(b['file_length']) && num(b['combineLevel']);
    default:
      return false;
  }
}

/** A fixture id (R19): an unsigned 64-bit decimal. */
function isIdText(id: string): boolean {
  if (id.length === 0 || id.length > 20) return false;
  for (let i = 0; i < id.length; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
  }
  return id.length < 20 || id <= '18446744073709551615';
}

/** Heap order = R2's eviction order: least recently active first; on a tie, the one the list shows last (id, then type). */
function before(l: Lister, i: number, j: number): boolean {
  const a = l.activities[i]!;
  const b = l.activities[j]!;
  if (a !== b) return a < b;
  const v = l.entries[i]!;
  const w = l.entries[j]!;
  return v.id > w.id || (v.id === w.id && v.type > w.type);
}

function swap(l: Lister, i: number, j: number): void {
  const a = l.activities[i]!;
  l.activities[i] = l.activities[j]!;
  l.activities[j] = a;
  const e = l.entries[i]!;
  l.entries[i] = l.entries[j]!;
  l.entries[j] = e;
}

function pushEntry(l: Lister, activity: number, slot: Slot): void {
  slot.entryAt = activity;
  let i = l.entries.length;
  l.activities.push(activity);
  l.entries.push(slot);
  while (i > 0 && before(l, i, (i - 1) >> 1)) {
    swap(l, i, (i - 1) >> 1);
    i = (i - 1) >> 1;
  }
}

function popEntry(l: Lister): void {
  const last = l.entries.length - 1;
  swap(l, 0, last);
  l.activities.pop();
  l.entries.pop();
  for (let i = 0; ; ) {
    const a = 2 * i + 1;
    const b = a + 1;
    let m = i;
    if (a < last && before(l, a, m)) m = a;
    if (b < last && before(l, b, m)) m = b;
    if (m === i) return;
    swap(l, i, m);
    i = m;
  }
}

/** Evict the least recently active listed conversation but `fresh`. Entries made stale by newer messages are refreshed as they surface. */
function evict(l: Lister, fresh: Slot): void {
  let held = false;
  for (;;) {
    const slot = l.entries[0]!;
    const at = l.activities[0]!;
    popEntry(l);
    if (slot === fresh && at === slot.entryAt) held = true;
    else if (!slot.listed || at !== slot.entryAt) continue;
    else if (at < slot.thread.lastAt) pushEntry(l, slot.thread.lastAt, slot);
    else {
      slot.listed = false;
      slot.entryAt = -1;
      l.count--;
      (slot.thread.waiting ??= []).push(slot);
      break;
    }
  }
  if (held) pushEntry(l, fresh.entryAt, fresh);
}

/** The least work every message needs (see the module comment); relative times are anchored at `now`. */
export function rulesFloorLoad(text: string, now: number): FloorCounts {
  const fixture = JSON.parse(text) as { apps: GeneratedApp[] };
  let messages = 0;
  let threadCount = 0;
  let listings = 0;
  let listed = 0;
  let listedSum = 0;
  for (const app of fixture.apps) {
    if ((app as { config?: unknown }).config !== undefined) throw new Error('rules floor: config is not what it was written for');
    const limit = 100;
    const users = new Map<string, FloorUser>();
    for (const u of app.users) users.set(u.username, { listed: new Set(), peers: new Map() });
    const groups = new Map<string, { members: Set<string>; thread: FloorThread | undefined }>();
    for (const g of app.groups ?? []) {
      const members = new Set<string>([g.owner]);
      for (const m of g.members ?? []) {
        if (typeof m !== 'string') throw new Error('rules floor: member stays are not what it was written for');
        members.add(m);
      }
      groups.set(g.id, { members, thread: undefined });
    }
    // The id index at its least: every row in id order (recall and edit find a message by its id alone, R25, R30).
    const byId: FloorRow[] = [];
    const fixtureIds = new Map<string, FloorRow>();
    const exts = new Map<FloorRow, string>();
    // The conversation-writing messages in filing order, for R2's replay.
    const filedThreads: FloorThread[] = [];
    const filedAt: number[] = [];
    const freeNames = new Set<string>();
    let last = -Infinity;
    let sequence = 0;
    for (const m of app.messages) {
      for (const k in m) if (!KEYS.has(k)) throw new Error(`rules floor: field ${k}`);
      const from = m['from'];
      const to = m['to'];
      const type = m['type'];
      const body = m['body'];
      const via = m['via'];
      if (typeof from !== 'string' || typeof to !== 'string' || typeof type !== 'string' || !TYPES.has(type)) throw new Error('rules floor: shape');
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('rules floor: body');
      const at = timeOf(m['at'], now);
      if (!(at >= 0) || at < last) throw new Error('rules floor: time');
      sequence = at === last ? sequence + 1 : 0;
      last = at;
      // R39: an SDK sender is a user (and, below, a member); REST senders are free names (`admin`).
      const sdk = via === undefined || via === 'sdk';
      const sender = users.get(from);
      if (sdk && !sender) throw new Error(`rules floor: unknown sender ${from}`);
      if (!sdk && !sender && !freeNames.has(from)) {
        if (!NAME_RE.test(from)) throw new Error('rules floor: sender name');
        freeNames.add(from);
      }
      // Bodies kept as JSON text: #18's heap target (≤ 400 B a message) does not fit parsed bodies (~330 B each).
      if (!bodyFits(type, body as Record<string, unknown>)) throw new Error('rules floor: body shape');
      const json = JSON.stringify(body);
      if (!bodyWithinLimits(body, json)) throw new Error('rules floor: body limits');
      const ext = m['ext'];
      let extJson = '';
      if (ext !== undefined) {
        if (!plain(ext)) throw new Error('rules floor: ext');
        extJson = JSON.stringify(ext);
        if (!bodyWithinLimits(ext, extJson)) throw new Error('rules floor: ext limits');
      }
      const id = m['id'];
      if (id !== undefined) {
        if (typeof id !== 'string' || !isIdText(id) || fixtureIds.has(id)) throw new Error('rules floor: id');
      }
      let thread: FloorThread | undefined;
      if (m['chatType'] === 'groupchat') {
        const group = groups.get(to);
        if (!group || (sdk && !group.members.has(from))) throw new Error('rules floor: group');
        thread = group.thread;
        if (!thread) {
          thread = group.thread = { rows: [], listed: false, lastAt: -Infinity, waiting: undefined };
          threadCount++;
        }
        if (!thread.listed && sdk) {
          thread.listed = true;
          for (const member of group.members) users.get(member)!.listed.add(to);
        }
      } else {
        const peer = users.get(to);
        if (!peer) throw new Error(`rules floor: unknown user ${to}`);
        thread = sender ? sender.peers.get(to) : peer.peers.get(from);
        if (!thread) {
          thread = { rows: [], listed: false, lastAt: -Infinity, waiting: undefined };
          sender?.peers.set(to, thread);
          peer.peers.set(from, thread);
          threadCount++;
        }
        if (!thread.listed && sdk) {
          thread.listed = true;
          sender!.listed.add(to);
          peer.listed.add(from);
        }
      }
      const lo = at % LO;
      // kinds: the sequence within its millisecond, and whether it writes conversations (an SDK message, R15).
      const row: FloorRow = { from, to, hi: (at - lo) / LO, lo: lo | 0, body: json, kinds: sequence * 2 + (sdk ? 1 : 0) };
      if (typeof id === 'string') fixtureIds.set(id, row);
      thread.rows.push(row);
      byId.push(row);
      if (extJson !== '' && extJson !== '{}') exts.set(row, extJson);
      if (sdk) {
        filedThreads.push(thread);
        filedAt.push(at);
      }
      messages++;
    }
    // R2: only a user who listed more conversations than the limit can have evicted any. His lists replay in filing
    // order, starting empty; a message touches only the over-full users who do not list its conversation now.
    const listers = new Map<string, Lister>();
    for (const [name, u] of users) {
      listings += u.listed.size;
      if (u.listed.size <= limit) continue;
      const lister: Lister = { count: 0, activities: [], entries: [], slots: [] };
      listers.set(name, lister);
      for (const id of u.listed) {
        const peer = u.peers.get(id);
        const thread = peer ?? groups.get(id)!.thread!;
        const slot: Slot = { id, type: peer ? 'chat' : 'groupchat', lister, thread, listed: false, entryAt: -1 };
        lister.slots.push(slot);
        (thread.waiting ??= []).push(slot);
      }
    }
    for (let i = 0; i < filedThreads.length; i++) {
      const thread = filedThreads[i]!;
      const at = filedAt[i]!;
      thread.lastAt = at;
      const waiting = thread.waiting;
      if (waiting === undefined) continue;
      thread.waiting = undefined;
      for (const slot of waiting) {
        const lister = slot.lister;
        slot.listed = true;
        pushEntry(lister, at, slot);
        if (++lister.count > limit) evict(lister, slot);
      }
    }
    // Each user's list now (conversation ids: a peer's name never looks like a group's id).
    const lists = new Map<string, Set<string>>();
    for (const [name, u] of users) {
      const lister = listers.get(name);
      if (!lister) {
        lists.set(name, u.listed);
        continue;
      }
      const list = new Set<string>();
      for (const slot of lister.slots) if (slot.listed) list.add(slot.id);
      lists.set(name, list);
    }
    // The fixture's view records (after R2, as the load applies them): deletes, and the list as they leave it.
    for (const v of app.views ?? []) {
      for (const k in v) if (k !== 'user' && k !== 'conversation' && k !== 'type' && k !== 'deletedIds' && k !== 'deletedBefore') throw new Error(`rules floor: view field ${k}`);
      const name = v['user'] as string;
      const id = v['conversation'] as string;
      const u = users.get(name);
      if (!u) throw new Error('rules floor: view user');
      const thread = v['type'] === 'groupchat' ? groups.get(id)?.thread : v['type'] === 'chat' ? u.peers.get(id) : undefined;
      if (!u.listed.has(id) && listers.has(name)) throw new Error('rules floor: a view of an over-full user on a conversation he never listed');
      if (!u.listed.has(id)) listings++;
      const deleted = new Set<FloorRow>();
      for (const d of (v['deletedIds'] as string[] | undefined) ?? []) {
        const row = fixtureIds.get(d);
        if (!row || !thread?.rows.includes(row)) throw new Error('rules floor: deleted id');
        deleted.add(row);
      }
      const before = v['deletedBefore'] === undefined ? -Infinity : agoOf(v['deletedBefore'], now);
      // R21 as the view leaves it: listed while a conversation-writing message of it is still visible to him.
      let visible = false;
      const rows = thread?.rows ?? [];
      for (let i = rows.length - 1; i >= 0 && !visible; i--) {
        const row = rows[i]!;
        if (row.hi * LO + row.lo <= before) break;
        visible = (row.kinds & 1) === 1 && !deleted.has(row);
      }
      if (visible) lists.get(name)!.add(id);
      else lists.get(name)!.delete(id);
    }
    for (const [name, list] of lists) {
      const peers = users.get(name)!.peers;
      listed += list.size;
      for (const id of list) listedSum = (listedSum + listingHash(name, peers.has(id) ? 'chat' : 'groupchat', id)) >>> 0;
    }
  }
  return { messages, threads: threadCount, listings, listed, listedSum };
}

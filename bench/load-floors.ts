/**
 * Two lower bounds for the fixture load (issue #18), each written as tight as we could, on the generated fixture
 * only. They show what part of the load is the machine's and what part is ours.
 *
 * - minimalLoad: parse, body text, a thread map, an object a message. It does nothing the rules ask for.
 * - rulesFloorLoad: every rule the load applies to the generated fixture, each at the least it can cost:
 *   - strict keys and field types; the time, digit by digit, and its order;
 *   - the references: an SDK sender is a user and a member (R39), REST senders are free names;
 *   - the body's shape by type (bodies.ts) and its limits (json-limits.ts), `ext` likewise;
 *   - the body and ext kept as JSON text (#18's own heap target rules out parsed bodies);
 *   - fixture ids checked and unique, minted ids (R19) implied by an id-ordered list (R25/R30 find a message by id);
 *   - the first listing of a conversation for its participants (R21; not by REST messages, R15), with its time (R49);
 *   - R2: each user whose list outgrows the limit replays his listings through a lazy heap (a message touches only
 *     the users it lists again), evicting the least recently active, and keeps when each re-entered;
 *   - the fixture's view records: deletes, and whether they leave the conversation listed.
 *   It leaves out unread counts (counted at read time), R20 visibility (the generator writes no stays, hidden or
 *   directed messages) and the by-sender lists (a read-speed choice, not a rule).
 *
 * The rules floor answers what it filed; floorDigest and loadDigest reduce it and the real load to the same numbers
 * (every message's thread, sender, time and text; who listed what, and who lists what since when), so the caller
 * checks one against the other once the timer stopped. What the generator does not write (other time forms, member
 * stays, imports, config) throws instead of being skipped (test/bench/load-floors.test.ts).
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
  /** When it was first listed (its first conversation-writing message): each participant's `listedAt` (R49 `created_at`). */
  firstAt: number;
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
  /** When it last entered his list (R49 `created_at`; R3 orders an empty conversation by it). */
  listedAt: number;
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
  rooms?: unknown[];
  messages: Array<Record<string, unknown>>;
  views?: Array<Record<string, unknown>>;
}

/** What a floor filed, for the caller to check against the real load once the timer stopped (floorDigest). */
export interface FloorResult {
  messages: number;
  threads: number;
  apps: FloorApp[];
}

interface FloorApp {
  users: Map<string, FloorUser>;
  groups: Map<string, { members: Set<string>; thread: FloorThread | undefined }>;
  listers: Map<string, Lister>;
  /** What the fixture's view records left listed or not, per user and conversation. */
  viewed: Map<string, Map<string, boolean>>;
  exts: Map<FloorRow, string>;
}

/** Order-free digests of a load: counts, and sums (mod 2^32) of hashes of what was filed and listed. */
export interface LoadDigest {
  messages: number;
  threads: number;
  /** Each message: its thread, sender, time, body and ext text. */
  messageSum: number;
  /** (user, conversation) pairs ever listed (a view each in the load). */
  listings: number;
  listingSum: number;
  /** Pairs listed at the end (after R2 and the fixture's views), with when each entered the list. */
  listed: number;
  listedSum: number;
}

/** Some strings as one number; summed mod 2^32 over a set, it names the set in any order (FNV-1a). */
export function partsHash(...parts: string[]): number {
  let h = 2166136261;
  for (const part of parts) {
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

const NAME_RE = /^[A-Za-z0-9_.-]{1,64}$/;
const LO = 4_194_304;

/** The generated fixture's times are `-<n>ms` before `now`, read digit by digit; anything else is not what this floor was written for. */
function timeOf(at: unknown, now: number): number {
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
  if (id.length === 0 || id.length > 20 || (id.length > 1 && id.charCodeAt(0) === 48)) return false;
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

const TOP_KEYS: ReadonlySet<string> = new Set(['version', 'seed', 'apps']);
const APP_KEYS: ReadonlySet<string> = new Set(['org', 'app', 'clientId', 'clientSecret', 'users', 'groups', 'rooms', 'messages', 'views']);
const USER_KEYS: ReadonlySet<string> = new Set(['username', 'password', 'nickname']);
const GROUP_KEYS: ReadonlySet<string> = new Set(['id', 'name', 'owner', 'members']);
const VIEW_KEYS: ReadonlySet<string> = new Set(['user', 'conversation', 'type', 'deletedIds', 'deletedBefore']);

function onlyKeys(record: object, keys: ReadonlySet<string>, what: string): void {
  for (const k in record) if (!keys.has(k)) throw new Error(`rules floor: ${what} field ${k} is not what it was written for`);
}

/** The users and groups (names checked, unique; members are users; no group id is a username: lists key by id alone). */
function floorWorld(app: GeneratedApp): Pick<FloorApp, 'users' | 'groups'> {
  onlyKeys(app, APP_KEYS, 'app');
  if ((app.rooms ?? []).length > 0) throw new Error('rules floor: rooms are not what it was written for');
  const users = new Map<string, FloorUser>();
  for (const u of app.users) {
    onlyKeys(u, USER_KEYS, 'user');
    if (typeof u.username !== 'string' || !NAME_RE.test(u.username) || users.has(u.username)) throw new Error('rules floor: username');
    users.set(u.username, { listed: new Set(), peers: new Map() });
  }
  const groups = new Map<string, { members: Set<string>; thread: FloorThread | undefined }>();
  for (const g of app.groups ?? []) {
    onlyKeys(g, GROUP_KEYS, 'group');
    if (typeof g.id !== 'string' || !NAME_RE.test(g.id) || groups.has(g.id) || users.has(g.id) || !users.has(g.owner)) throw new Error('rules floor: group');
    const members = new Set<string>([g.owner]);
    for (const m of g.members ?? []) {
      if (typeof m !== 'string') throw new Error('rules floor: member stays are not what it was written for');
      if (!users.has(m)) throw new Error('rules floor: group member');
      members.add(m);
    }
    groups.set(g.id, { members, thread: undefined });
  }
  return { users, groups };
}

/** The least work every message needs (see the module comment); relative times are anchored at `now`. */
export function rulesFloorLoad(text: string, now: number): FloorResult {
  const fixture = JSON.parse(text) as { apps: GeneratedApp[] };
  onlyKeys(fixture, TOP_KEYS, 'fixture');
  const result: FloorResult = { messages: 0, threads: 0, apps: [] };
  for (const app of fixture.apps) {
    const limit = 100;
    const { users, groups } = floorWorld(app);
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
    let mintedAt = -Infinity;
    // Fixture ids must lie below the ids the load mints (those grow from the first message's millisecond, R19).
    let idCeiling = '';
    for (const m of app.messages) {
      for (const k in m) {
        switch (k) {
          case 'id': case 'from': case 'to': case 'chatType': case 'type': case 'body': case 'ext': case 'at': case 'via':
            continue;
          default:
            throw new Error(`rules floor: field ${k}`);
        }
      }
      const from = m['from'];
      const to = m['to'];
      const type = m['type'];
      const body = m['body'];
      const via = m['via'];
      const chatType = m['chatType'];
      if (typeof from !== 'string' || typeof to !== 'string' || typeof type !== 'string') throw new Error('rules floor: shape');
      if (!plain(body) || 'type' in body) throw new Error('rules floor: body');
      const at = timeOf(m['at'], now);
      if (!(at >= 0) || at < last) throw new Error('rules floor: time');
      last = at;
      // R39: an SDK sender is a user (and, below, a member); REST senders are free names (`admin`). No imports (R53).
      const sdk = via === undefined || via === 'sdk';
      if (!sdk && via !== 'rest') throw new Error('rules floor: via');
      const sender = users.get(from);
      if (sdk && !sender) throw new Error(`rules floor: unknown sender ${from}`);
      if (!sdk && !sender && !freeNames.has(from)) {
        if (!NAME_RE.test(from)) throw new Error('rules floor: sender name');
        freeNames.add(from);
      }
      // The type's shape (an unknown type fits none). Bodies kept as JSON text: #18's heap target (≤ 400 B a
      // message) does not fit parsed bodies (~330 B each).
      if (!bodyFits(type, body)) throw new Error('rules floor: body shape');
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
        idCeiling ||= BigInt(at * LO).toString();
        if (id.length > idCeiling.length || (id.length === idCeiling.length && id >= idCeiling)) throw new Error('rules floor: an id among those the load mints');
      } else {
        // The load mints ids only for messages without one: the sequence within a millisecond counts those.
        sequence = at === mintedAt ? sequence + 1 : 0;
        mintedAt = at;
      }
      let thread: FloorThread | undefined;
      if (chatType === 'groupchat') {
        const group = groups.get(to);
        if (!group || (sdk && !group.members.has(from))) throw new Error('rules floor: group');
        thread = group.thread;
        if (!thread) {
          thread = group.thread = { rows: [], listed: false, lastAt: -Infinity, waiting: undefined, firstAt: 0 };
          result.threads++;
        }
        if (!thread.listed && sdk) {
          thread.listed = true;
          thread.firstAt = at;
          for (const member of group.members) users.get(member)!.listed.add(to);
        }
      } else {
        if (chatType !== undefined && chatType !== 'chat') throw new Error('rules floor: chatType');
        // The sender's own record first: the peer is looked up only for a new chat, a first listing or a free-named sender.
        thread = sender?.peers.get(to);
        const peer = thread && (thread.listed || !sdk) ? undefined : users.get(to);
        if (!thread) {
          if (!peer) throw new Error(`rules floor: unknown user ${to}`);
          thread = sender ? undefined : peer.peers.get(from);
          if (!thread) {
            thread = { rows: [], listed: false, lastAt: -Infinity, waiting: undefined, firstAt: 0 };
            sender?.peers.set(to, thread);
            peer.peers.set(from, thread);
            result.threads++;
          }
        }
        if (!thread.listed && sdk) {
          thread.listed = true;
          thread.firstAt = at;
          sender!.listed.add(to);
          peer!.listed.add(from);
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
      result.messages++;
    }
    // R2: only a user who listed more conversations than the limit can have evicted any. His lists replay in filing
    // order, starting empty; a message touches only the over-full users who do not list its conversation now.
    const listers = new Map<string, Lister>();
    for (const [name, u] of users) {
      if (u.listed.size <= limit) continue;
      const lister: Lister = { count: 0, activities: [], entries: [], slots: [] };
      listers.set(name, lister);
      for (const id of u.listed) {
        const peer = u.peers.get(id);
        const thread = peer ?? groups.get(id)!.thread!;
        const slot: Slot = { id, type: peer ? 'chat' : 'groupchat', lister, thread, listed: false, listedAt: 0, entryAt: -1 };
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
        slot.listedAt = at;
        pushEntry(lister, at, slot);
        if (++lister.count > limit) evict(lister, slot);
      }
    }
    // The fixture's view records (after R2, as the load applies them): deletes, and whether each leaves the conversation listed.
    const viewed = new Map<string, Map<string, boolean>>();
    for (const v of app.views ?? []) {
      onlyKeys(v, VIEW_KEYS, 'view');
      const name = v['user'] as string;
      const id = v['conversation'] as string;
      const u = users.get(name);
      if (!u) throw new Error('rules floor: view user');
      const type = v['type'] ?? 'chat';
      const thread = type === 'groupchat' ? groups.get(id)?.thread : type === 'chat' ? u.peers.get(id) : undefined;
      if (!thread) throw new Error('rules floor: a view of a conversation without messages is not what it was written for');
      const deleted = new Set<FloorRow>();
      for (const d of (v['deletedIds'] as string[] | undefined) ?? []) {
        const row = fixtureIds.get(d);
        if (!row || !thread.rows.includes(row)) throw new Error('rules floor: deleted id');
        deleted.add(row);
      }
      const before = v['deletedBefore'] === undefined ? -Infinity : agoOf(v['deletedBefore'], now);
      // R21 as the view leaves it: listed while a conversation-writing message of it is still visible to him.
      let visible = false;
      for (let i = thread.rows.length - 1; i >= 0 && !visible; i--) {
        const row = thread.rows[i]!;
        if (row.hi * LO + row.lo <= before) break;
        visible = (row.kinds & 1) === 1 && !deleted.has(row);
      }
      let mine = viewed.get(name);
      if (!mine) viewed.set(name, (mine = new Map()));
      mine.set(id, visible);
    }
    result.apps.push({ users, groups, listers, viewed, exts });
  }
  return result;
}

/** The floor's digest (not timed: the caller computes it after the timer, as for the load). */
export function floorDigest(result: FloorResult): LoadDigest {
  const d: LoadDigest = { messages: result.messages, threads: result.threads, messageSum: 0, listings: 0, listingSum: 0, listed: 0, listedSum: 0 };
  for (const app of result.apps) {
    const threads = new Map<FloorThread, string>();
    for (const [id, g] of app.groups) if (g.thread) threads.set(g.thread, `groupchat:${id}`);
    for (const u of app.users.values()) {
      for (const thread of u.peers.values()) {
        const { from, to } = thread.rows[0]!;
        threads.set(thread, from < to ? `chat:${from}:${to}` : `chat:${to}:${from}`);
      }
    }
    for (const [thread, key] of threads) {
      for (const row of thread.rows) d.messageSum = (d.messageSum + partsHash(key, row.from, String(row.hi * LO + row.lo), row.body, app.exts.get(row) ?? '{}')) >>> 0;
    }
    for (const [name, u] of app.users) {
      const typeOf = (id: string): string => (u.peers.has(id) ? 'chat' : 'groupchat');
      const threadOf = (id: string): FloorThread => u.peers.get(id) ?? app.groups.get(id)!.thread!;
      // listedAt: the last time R2's replay listed it for an over-full user, else its first listing.
      const lister = app.listers.get(name);
      const slots = new Map(lister?.slots.map((s) => [s.id, s]));
      const final = new Map<string, number>();
      for (const id of u.listed) {
        const slot = slots.get(id);
        if (!slot || slot.listed) final.set(id, slot ? slot.listedAt : threadOf(id).firstAt);
      }
      const ever = new Set(u.listed);
      for (const [id, listed] of app.viewed.get(name) ?? []) {
        ever.add(id);
        if (!listed) final.delete(id);
        else if (!final.has(id)) final.set(id, slots.get(id)?.listedAt ?? threadOf(id).firstAt);
      }
      d.listings += ever.size;
      for (const id of ever) d.listingSum = (d.listingSum + partsHash(name, typeOf(id), id)) >>> 0;
      d.listed += final.size;
      for (const [id, at] of final) d.listedSum = (d.listedSum + partsHash(name, typeOf(id), id, String(at))) >>> 0;
    }
  }
  return d;
}

/** What the load's state must offer loadDigest (structural: the child reads the compiled package's tenants). */
interface LoadedTenant {
  state: {
    threads: Map<string, { key: string; messages: Array<{ from: string; timestamp: number; bodyJson?: string; extJson?: string }> }>;
    userStates: Map<string, { views: Map<string, { type: string; id: string }>; listed: Set<{ type: string; id: string; listedAt: number }> }>;
  };
}

/** The same digest of the real load's state. */
export function loadDigest(tenants: readonly LoadedTenant[], messages: number): LoadDigest {
  const d: LoadDigest = { messages, threads: 0, messageSum: 0, listings: 0, listingSum: 0, listed: 0, listedSum: 0 };
  for (const { state } of tenants) {
    d.threads += state.threads.size;
    for (const thread of state.threads.values()) {
      for (const m of thread.messages) d.messageSum = (d.messageSum + partsHash(thread.key, m.from, String(m.timestamp), m.bodyJson!, m.extJson!)) >>> 0;
    }
    for (const [user, s] of state.userStates) {
      d.listings += s.views.size;
      for (const view of s.views.values()) d.listingSum = (d.listingSum + partsHash(user, view.type, view.id)) >>> 0;
      d.listed += s.listed.size;
      for (const view of s.listed) d.listedSum = (d.listedSum + partsHash(user, view.type, view.id, String(view.listedAt))) >>> 0;
    }
  }
  return d;
}

/**
 * Two lower bounds for the fixture load (issue #18), each written as tight as we could, on the generated fixture
 * only. They show what part of the load is the machine's and what part is ours.
 *
 * - minimalLoad: parse, body text, a thread map, an object a message. It does nothing the rules ask for.
 * - rulesFloorLoad: the work every message needs, at the least it can cost: the strict shape check, the time and its
 *   order, the sender and target references (R39: an SDK sender is a member), the body limits (json-limits.ts), the
 *   body kept as JSON text (#18's own heap target rules out parsed bodies), a time-based id (R19) in an id-ordered
 *   list (R25/R30 find a message by id alone), and the first listing of each conversation for its participants
 *   (R21; not by REST messages, R15). It leaves out R2 caps and evictions, unread counts, views, R20 visibility,
 *   body checks by type, `ext` and the by-sender lists. Each of those only adds to the cost, so any complete load
 *   stays above this one.
 *
 * Each answers what it filed, so the caller can check it against the real load (the rules floor: its threads and
 * listings too). Anything the generator does not write (other time forms, member stays) throws instead of being
 * skipped.
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
}

interface FloorUser {
  /** His listed conversations (R21), by peer or group id. */
  readonly listed: Set<string>;
  /** His single chats, by peer (store.ts keeps them the same way). */
  readonly peers: Map<string, FloorThread>;
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
}

export interface FloorCounts {
  messages: number;
  threads: number;
  /** (user, conversation) pairs ever listed. */
  listings: number;
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

/** The least work every message needs (see the module comment); relative times are anchored at `now`. */
export function rulesFloorLoad(text: string, now: number): FloorCounts {
  const fixture = JSON.parse(text) as { apps: GeneratedApp[] };
  let messages = 0;
  let threadCount = 0;
  let listings = 0;
  for (const app of fixture.apps) {
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
      const json = JSON.stringify(body);
      if (!bodyWithinLimits(body, json)) throw new Error('rules floor: body limits');
      let thread: FloorThread | undefined;
      if (m['chatType'] === 'groupchat') {
        const group = groups.get(to);
        if (!group || (sdk && !group.members.has(from))) throw new Error('rules floor: group');
        thread = group.thread;
        if (!thread) {
          thread = group.thread = { rows: [], listed: false };
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
          thread = { rows: [], listed: false };
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
      const row: FloorRow = { from, to, hi: (at - lo) / LO, lo: lo | 0, body: json, kinds: sequence };
      thread.rows.push(row);
      byId.push(row);
      messages++;
    }
    for (const u of users.values()) listings += u.listed.size;
  }
  return { messages, threads: threadCount, listings };
}

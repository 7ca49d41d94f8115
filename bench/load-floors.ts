/**
 * Two lower bounds for the fixture load (issue #18), each written as tight as we could, on the generated fixture
 * only. They show what part of the load is the machine's and what part is ours.
 *
 * - minimalLoad: parse, body text, a thread map, an object a message. It does nothing the rules ask for.
 * - rulesFloorLoad: minimalLoad plus the work SPEC requires of every message at the least it can cost: the strict
 *   shape check, the time, the order, the sender and target references (R39 group membership), the body limits,
 *   a time-based id (R19) and the first listing of each conversation for its participants (R21). It leaves out
 *   R2 caps and evictions, unread counts, views, R15/R20 visibility, body checks by type and the by-sender and
 *   by-id indexes. Each of those only adds to the cost, so any complete load stays above this one.
 *
 * Each answers what it filed, so the caller can check it against the real load (the rules floor: its threads too).
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
}

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

/** The generated fixture's times are `-<n>ms` before `now`; anything else is not what this floor was written for. */
function timeOf(at: unknown, now: number): number {
  if (typeof at === 'number') return at;
  if (typeof at === 'string' && at.charCodeAt(0) === 45 && at.endsWith('ms')) return now - Number(at.slice(1, -2));
  throw new Error(`rules floor: a time it does not read: ${String(at)}`);
}

/** The body limits (64 levels, 64 KiB): a text shorter than 130 characters can neither nest 65 deep nor pass 64 KiB. */
function bodyWithinLimits(json: string): boolean {
  if (json.length < 130) return true;
  if (json.length * 3 > 65_536) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > 64) return false;
    } else if (c === 125 || c === 93) depth--;
  }
  return true;
}

export function rulesFloorLoad(text: string, now: number): FloorCounts {
  const fixture = JSON.parse(text) as { apps: GeneratedApp[] };
  let messages = 0;
  let threadCount = 0;
  for (const app of fixture.apps) {
    // Each user's listed conversations (R21), by peer or group id.
    const users = new Map<string, Set<string>>();
    for (const u of app.users) users.set(u.username, new Set());
    const groups = new Map<string, { members: Set<string>; thread: FloorThread | undefined }>();
    for (const g of app.groups ?? []) {
      const members = new Set<string>([g.owner]);
      for (const m of g.members ?? []) {
        if (typeof m !== 'string') throw new Error('rules floor: member stays are not what it was written for');
        members.add(m);
      }
      groups.set(g.id, { members, thread: undefined });
    }
    const chats = new Map<string, Map<string, FloorThread>>();
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
      const listed = users.get(from);
      if (via === undefined || via === 'sdk') {
        if (!listed) throw new Error(`rules floor: unknown sender ${from}`);
      } else if (!freeNames.has(from)) {
        if (!NAME_RE.test(from)) throw new Error('rules floor: sender name');
        freeNames.add(from);
      }
      const json = JSON.stringify(body);
      if (!bodyWithinLimits(json)) throw new Error('rules floor: body limits');
      let thread: FloorThread | undefined;
      if (m['chatType'] === 'groupchat') {
        const group = groups.get(to);
        if (!group || (listed && !group.members.has(from))) throw new Error('rules floor: group');
        thread = group.thread;
        if (!thread) {
          thread = group.thread = { rows: [] };
          threadCount++;
          for (const member of group.members) users.get(member)?.add(to);
        }
      } else {
        const peer = users.get(to);
        if (!peer) throw new Error(`rules floor: unknown user ${to}`);
        const a = from < to ? from : to;
        const b = a === from ? to : from;
        let peers = chats.get(a);
        if (!peers) chats.set(a, (peers = new Map()));
        thread = peers.get(b);
        if (!thread) {
          peers.set(b, (thread = { rows: [] }));
          threadCount++;
          listed?.add(to);
          peer.add(from);
        }
      }
      const lo = at % LO;
      const row: FloorRow = { from, to, hi: (at - lo) / LO, lo: lo | 0, body: json, kinds: sequence };
      thread.rows.push(row);
      byId.push(row);
      messages++;
    }
  }
  return { messages, threads: threadCount };
}

import { MASK } from './mask.ts';

/** One place where the mock's answer is not the recorded one. */
export interface Difference {
  /** JSON path in the response (`status`, `data.channel_infos[session_to=bob].unread_num`, `data.msgs[id=…]`). */
  path: string;
  recorded: unknown;
  mock: unknown;
}

export interface CompareContext {
  /** Recorded id → the id the mock gave the same message (sends replayed during the diff). */
  idMap: Map<string, string>;
  /** Ids of messages created during the session: matched by shape when no mapping is known. */
  newIds: Set<string>;
  /** Paths not compared because the session's knowledge ends there (see FixtureKnowledge). */
  beyond: Set<string>;
}

/** Matched by shape, not value: they differ between any two servers or runs (created_at: when a list entry was made, SPEC-2 R49). */
const VOLATILE = new Set(['timestamp', 'duration', 'uri', 'access_token', 'expires_in', 'application', 'update_top_status_time', 'created_at', 'time', 'traceId', 'created', 'modified', 'uuid']);
/** Cursors: only whether they are empty matters (the SDK stops on ""). */
const CURSORS = new Set(['cursor', 'next_key']);
const ID_KEYS = new Set(['id', 'serverId', 'metaId']);

const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** How elements of a known array are matched: by their identity, so one missing item is one difference. */
function keyOf(field: string, item: unknown, ctx: CompareContext, side: 'recorded' | 'mock'): string | undefined {
  if (!isRecord(item)) return undefined;
  if (field === 'channel_infos') {
    if (typeof item['session_to'] === 'string') return `session_to=${item['session_to']}`;
    if (typeof item['channel_id'] === 'string') return `channel_id=${item['channel_id']}`;
  }
  if (field === 'msgs' && isRecord(item['msg']) && typeof item['msg']['id'] === 'string') {
    const id = item['msg']['id'];
    return `id=${side === 'recorded' ? ctx.idMap.get(id) ?? id : id}`;
  }
  if (field === 'entities' && typeof item['username'] === 'string') return `username=${item['username']}`;
  return undefined;
}

/** Compare two JSON values field by field, appending every difference (volatile fields by shape). */
export function compareJson(recorded: unknown, mock: unknown, path: string, ctx: CompareContext, out: Difference[]): void {
  if (ctx.beyond.has(path)) return;
  const field = path.slice(path.lastIndexOf('.') + 1).replace(/\[.*$/, '');
  if (recorded === MASK && typeof mock === 'string') return;
  if (VOLATILE.has(field)) {
    if (kindOf(recorded) !== kindOf(mock)) out.push({ path, recorded, mock });
    return;
  }
  if (CURSORS.has(field)) {
    const empty = (v: unknown): boolean => v === '' || v === undefined || v === null;
    if (empty(recorded) !== empty(mock)) out.push({ path, recorded, mock });
    return;
  }
  if (ID_KEYS.has(field) && typeof recorded === 'string' && typeof mock === 'string') {
    if (recorded === mock || ctx.idMap.get(recorded) === mock) return;
    if (ctx.newIds.has(recorded) && !ctx.idMap.has(recorded)) return;
    out.push({ path, recorded, mock });
    return;
  }
  if (Array.isArray(recorded) && Array.isArray(mock)) return compareArrays(recorded, mock, path, field, ctx, out);
  if (isRecord(recorded) && isRecord(mock)) {
    for (const key of new Set([...Object.keys(recorded), ...Object.keys(mock)])) {
      const sub = path ? `${path}.${key}` : key;
      if (!(key in mock)) out.push({ path: sub, recorded: recorded[key], mock: undefined });
      else if (!(key in recorded)) out.push({ path: sub, recorded: undefined, mock: mock[key] });
      else compareJson(recorded[key], mock[key], sub, ctx, out);
    }
    return;
  }
  // A new message's id wherever it appears (REST sends answer `{<to>: <id>}`).
  if (typeof recorded === 'string' && ctx.idMap.get(recorded) === mock) return;
  if (!Object.is(recorded, mock)) out.push({ path, recorded, mock });
}

function compareArrays(recorded: unknown[], mock: unknown[], path: string, field: string, ctx: CompareContext, out: Difference[]): void {
  const rk = recorded.map((x) => keyOf(field, x, ctx, 'recorded'));
  const mk = mock.map((x) => keyOf(field, x, ctx, 'mock'));
  if (rk.every((k) => k !== undefined) && mk.every((k) => k !== undefined) && new Set(rk).size === rk.length && new Set(mk).size === mk.length) {
    const byKey = new Map(mk.map((k, i) => [k!, mock[i]]));
    const recordedKeys = new Set(rk);
    rk.forEach((k, i) => {
      const sub = `${path}[${k}]`;
      if (byKey.has(k!)) compareJson(recorded[i], byKey.get(k!), sub, ctx, out);
      else if (!ctx.beyond.has(`${path}[]`)) out.push({ path: sub, recorded: recorded[i], mock: undefined });
    });
    mk.forEach((k, i) => recordedKeys.has(k!) || ctx.beyond.has(`${path}[]`) || out.push({ path: `${path}[${k}]`, recorded: undefined, mock: mock[i] }));
    // The same items in another order is a difference of its own (lists are ordered by rule, R3 and R7).
    const common = rk.filter((k) => byKey.has(k!));
    const mockOrder = mk.filter((k) => recordedKeys.has(k!));
    if (common.join('\n') !== mockOrder.join('\n')) out.push({ path: `${path}(order)`, recorded: common, mock: mockOrder });
    return;
  }
  const n = Math.max(recorded.length, mock.length);
  for (let i = 0; i < n; i++) {
    if (i >= mock.length) out.push({ path: `${path}[${i}]`, recorded: recorded[i], mock: undefined });
    else if (i >= recorded.length) out.push({ path: `${path}[${i}]`, recorded: undefined, mock: mock[i] });
    else compareJson(recorded[i], mock[i], `${path}[${i}]`, ctx, out);
  }
}

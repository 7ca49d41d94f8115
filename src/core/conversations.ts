import { comparePositions, pageAfter, pageOfSorted, type ListPosition } from './cursor.ts';
import { requireIntInRange } from './errors.ts';
import { entryOf, listedRows, type ConversationEntry, type ListedRow } from './listing.ts';
import type { Tenant } from './model.ts';
import { requireRoaming } from './roaming.ts';
import { cacheStamp } from './stamp.ts';
import { requireUser } from './store.ts';
import { keptThrough, retentionHorizon } from './visibility.ts';

export interface CursorListOptions {
  /** [1, 50], default 20 (R5). */
  limit?: number;
  /** "" for the first page. */
  cursor?: string;
  /** Only pinned conversations, by pin time (R3). */
  pinnedOnly?: boolean;
  /** Include listed conversations with no visible message (ordered by creation time, R3). Default false. */
  includeEmpty?: boolean;
}

export interface ConversationPage {
  readonly conversations: ConversationEntry[];
  /** "" on the last page (R5). */
  readonly cursor: string;
}

const byActivity = (r: ListedRow): ListPosition => ({ value: r.activity, id: r.view.id, type: r.view.type });
const byPin = (r: ListedRow): ListPosition => ({ value: r.view.pinnedAt, id: r.view.id, type: r.view.type });
/** Order all rows cheaply, then compute full entries (unread…) only for the page shown. */
const entries = (t: Tenant, user: string, rows: ListedRow[]): ConversationEntry[] => rows.map((r) => entryOf(t, user, r));

const NOTHING = { all: [] as ListedRow[], visible: [] as ListedRow[] };

/**
 * The user's list in R3 order, ranked once per change of the tenant (its `version`): repeated list calls —
 * an app polling its conversation list — cost a lookup and a page, not a sort of every conversation.
 * With messageRetentionDays the clock alone changes latest messages (R20(b)): the ranking holds while the retention
 * horizon stays between the one it was made at and the first latest message's expiry. Order never changes by
 * expiry (activeAt, R21), only which rows have a latest message.
 */
function ranked(t: Tenant, user: string): { all: ListedRow[]; visible: ListedRow[] } {
  const state = t.userStates.get(user);
  if (!state) return NOTHING;
  const horizon = retentionHorizon(t);
  const stamp = cacheStamp(t);
  const r = state.ranked;
  if (r?.version !== stamp || horizon < r.horizon || horizon > r.until) {
    const all = listedRows(t, user).sort((a, b) => comparePositions(byActivity(a), byActivity(b)));
    let until = Infinity;
    if (horizon !== -Infinity) for (const row of all) if (row.latest) until = Math.min(until, keptThrough(row.latest));
    state.ranked = { version: stamp, horizon, until, all, visible: all.filter((row) => row.latest !== undefined) };
  }
  return state.ranked as { all: ListedRow[]; visible: ListedRow[] };
}

/** R2–R5: the user's list by cursor — newest activity first, or pinned only by pin time. */
export function listConversations(t: Tenant, user: string, options: CursorListOptions = {}): ConversationPage {
  requireRoaming(t);
  requireUser(t, user);
  const limit = requireIntInRange('limit', options.limit ?? 20, 1, 50);
  const { all, visible } = ranked(t, user);
  const rows = options.includeEmpty ? all : visible;
  const { page, cursor } = options.pinnedOnly
    ? pageAfter(rows.filter((r) => r.view.pinnedAt > 0), byPin, options.cursor ?? '', limit)
    : pageOfSorted(rows, byActivity, options.cursor ?? '', limit);
  return { conversations: entries(t, user, page), cursor };
}

export interface MarkListOptions {
  /** 0–19 (mark_0 … mark_19). */
  mark: number;
  /** [1, 10], default 10 (R5). */
  limit?: number;
  cursor?: string;
  /** Include marked conversations with no visible message (SPEC-2 R47, like the cursor list's needEmptySession). */
  includeEmpty?: boolean;
}

/** R3, R5, R16: conversations carrying one mark, newest mark first. */
export function listByMark(t: Tenant, user: string, options: MarkListOptions): ConversationPage {
  requireRoaming(t);
  requireUser(t, user);
  const mark = requireIntInRange('mark', options.mark, 0, 19);
  const limit = requireIntInRange('limit', options.limit ?? 10, 1, 10);
  const rows = listedRows(t, user).filter((r) => r.view.marks.has(mark) && (options.includeEmpty === true || r.latest !== undefined));
  const position = (r: ListedRow): ListPosition => ({ value: r.view.marks.get(mark) ?? 0, id: r.view.id, type: r.view.type });
  const { page, cursor } = pageAfter(rows, position, options.cursor ?? '', limit);
  return { conversations: entries(t, user, page), cursor };
}

/** SPEC-2 R47 [unconfirmed]: the legacy lists show empty conversations (`meta: {}`) active within legacyWindowDays. */
const legacyRows = (t: Tenant, user: string, since: number): ListedRow[] => ranked(t, user).all.filter((r) => r.latest !== undefined || r.activity >= since);
const legacySince = (t: Tenant): number => t.clock.now() - t.config.legacyWindowDays * 86_400_000;

/** R5: page-number listing (pageNum ≥ 1, pageSize in [1, 20]), same order as the cursor listing. */
export function listConversationPage(t: Tenant, user: string, pageNum: number, pageSize: number): ConversationEntry[] {
  requireRoaming(t);
  requireUser(t, user);
  requireIntInRange('pageNum', pageNum, 1, Number.MAX_SAFE_INTEGER);
  requireIntInRange('pageSize', pageSize, 1, 20);
  return entries(t, user, legacyRows(t, user, legacySince(t)).slice((pageNum - 1) * pageSize, pageNum * pageSize));
}

/** R6: the `legacyLimit` most recent conversations active within `legacyWindowDays` (their latest message, or R47 activity). */
export function listLegacy(t: Tenant, user: string): ConversationEntry[] {
  requireRoaming(t);
  requireUser(t, user);
  const since = legacySince(t);
  const recent = legacyRows(t, user, since).filter((r) => r.activity >= since);
  return entries(t, user, recent.slice(0, t.config.legacyLimit));
}

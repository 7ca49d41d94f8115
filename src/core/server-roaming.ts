import { RoamingError, badArg, describe, notFound, requireIntInRange } from './errors.ts';
import { isUint64Decimal } from './ids.ts';
import { ID_MAX, ID_MIN, lowerBound, upperBound, type Key } from './key.ts';
import { threadKey, type Message, type Tenant } from './model.ts';
import { requireRoaming } from './roaming.ts';
import { conversationSeenBy } from './seen.ts';
import { retentionFloor, retentionHorizon } from './visibility.ts';

/** SPEC-2 R22: what an app server asks of `POST /api/server/v6/{org}/{app}/roaming/{chat|group}`. */
export interface ServerRoamingQuery {
  /** Whose view is read (not a sender filter). */
  readonly username: string;
  readonly chatType: 'chat' | 'groupchat';
  /** The peer user (chat) or the group id. */
  readonly target: string;
  /** [1, 50], default 20 [unconfirmed]. */
  readonly limit?: number;
  /** "down" = oldest first, "up" = newest first (default). */
  readonly order?: 'up' | 'down';
  /** `pagination.cursor` of the previous page; absent or "" for the first. */
  readonly cursor?: string;
  /** Inclusive bounds, ms. */
  readonly startTimestamp?: number;
  readonly endTimestamp?: number;
}

/** R23: a page, and `cursor` "" exactly when `hasMore` is false. */
export interface ServerRoamingPage {
  readonly messages: Message[];
  readonly cursor: string;
  readonly hasMore: boolean;
}

export const SERVER_ROAMING_LIMIT_MAX = 50;

/** The parameters a cursor belongs to: a follow-up page must repeat them (R22). FNV-1a, short and stable. */
function fingerprint(q: ServerRoamingQuery, order: string): string {
  const text = [q.username, q.chatType, q.target, order, q.startTimestamp ?? '', q.endTimestamp ?? ''].join('\n');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h.toString(36);
}

const toBase64Url = (s: string): string => btoa(s).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

/** Opaque: the last message's (timestamp, id) — a position, so inserts between pages never shift it (R7, R23). */
function encodeCursor(last: Key, fp: string): string {
  return toBase64Url(JSON.stringify({ t: last.timestamp, i: last.id, q: fp }));
}

function decodeCursor(cursor: string, fp: string): Key {
  let raw: unknown;
  try {
    raw = JSON.parse(atob(cursor.replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    raw = undefined;
  }
  const c = raw as { t?: unknown; i?: unknown; q?: unknown } | undefined;
  if (typeof c !== 'object' || c === null || !Number.isSafeInteger(c.t) || typeof c.i !== 'string' || !isUint64Decimal(c.i) || typeof c.q !== 'string') {
    throw badArg('cursor', `${describe(cursor)} is not a cursor this server returned; omit it for the first page`);
  }
  if (c.q !== fp) {
    throw badArg('cursor', 'cursor does not match the request (repeat the username, target, order, startTimestamp and endTimestamp of the page that returned it)');
  }
  return { timestamp: c.t as number, id: c.i };
}

/** R22's refusals for the target: an unknown user is the user service's 404, an unknown group the group service's. */
function requireTarget(t: Tenant, q: ServerRoamingQuery): void {
  if (!t.users.has(q.username)) throw notFound('username', `Service resource not found (user "${q.username}" does not exist in ${t.appKey})`);
  if (q.chatType === 'chat') {
    // A REST sender that is no user (`admin`) still has a thread: as the SDK history allows it.
    if (!t.users.has(q.target) && !t.threads.has(threadKey('chat', q.username, q.target))) {
      throw notFound('to', `Service resource not found (user "${q.target}" does not exist in ${t.appKey})`);
    }
  } else if (!t.groups.has(q.target)) {
    // A room id is no group here: the v6 fetch has no chat-room variant (R22).
    throw new RoamingError('resource_not_found', `groupId: grpID ${q.target} does not exist!`, 'groupId');
  }
}

/**
 * R22–R24: one page of `username`'s roaming view of a chat or group, for an app server. Exactly what the user sees
 * (conversationSeenBy); O(log n + page + hidden messages skipped).
 */
export function fetchServerRoaming(t: Tenant, q: ServerRoamingQuery): ServerRoamingPage {
  requireRoaming(t);
  const limit = requireIntInRange('limit', q.limit ?? 20, 1, SERVER_ROAMING_LIMIT_MAX);
  const order = q.order ?? 'up';
  if (order !== 'up' && order !== 'down') throw badArg('order', `must be "up" (newest first) or "down" (oldest first), got ${describe(order)}`);
  for (const field of ['startTimestamp', 'endTimestamp'] as const) {
    if (q[field] !== undefined) requireIntInRange(field, q[field], 0, Number.MAX_SAFE_INTEGER);
  }
  if (q.startTimestamp !== undefined && q.endTimestamp !== undefined && q.startTimestamp > q.endTimestamp) {
    throw badArg('startTimestamp', `must not be after endTimestamp (${q.startTimestamp} > ${q.endTimestamp})`);
  }
  requireTarget(t, q);
  const fp = fingerprint(q, order);
  const after = q.cursor === undefined || q.cursor === '' ? undefined : decodeCursor(q.cursor, fp);

  const seen = conversationSeenBy(t, q.username, q.chatType, q.target);
  if (!seen) return { messages: [], cursor: '', hasMore: false };
  const all = seen.thread.messages;
  // The window [lo, hi) that can match: inside the time bounds, and past the user's deletion watermark.
  let lo = upperBound(all, seen.view?.watermark ?? null);
  if (q.startTimestamp !== undefined) lo = Math.max(lo, lowerBound(all, { timestamp: q.startTimestamp, id: ID_MIN }));
  // R20(b): nothing stamped before the retention floor is kept.
  const floor = retentionFloor(seen.thread, retentionHorizon(t));
  if (floor !== -Infinity) lo = Math.max(lo, lowerBound(all, { timestamp: floor, id: ID_MIN }));
  const hi = q.endTimestamp === undefined ? all.length : upperBound(all, { timestamp: q.endTimestamp, id: ID_MAX });

  const down = order === 'down';
  let i = down ? lo : hi - 1;
  if (after) i = down ? Math.max(lo, upperBound(all, after)) : Math.min(hi, lowerBound(all, after)) - 1;

  const messages: Message[] = [];
  let hasMore = false;
  for (; down ? i < hi : i >= lo; down ? i++ : i--) {
    const m = all[i]!;
    if (!seen.sees(m)) continue;
    if (messages.length === limit) {
      hasMore = true;
      break;
    }
    messages.push(m);
  }
  const last = messages[messages.length - 1];
  return { messages, cursor: hasMore && last ? encodeCursor(last, fp) : '', hasMore };
}


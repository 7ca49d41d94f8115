import { badArg, describe } from './errors.ts';

/**
 * Conversation-list cursors name a position in the order (sort value desc, id asc, type asc), not an offset,
 * so a conversation that moves between pages is never repeated and nothing below it is skipped.
 */
export interface ListPosition {
  readonly value: number;
  readonly id: string;
  readonly type: string;
}

export function encodeCursor(p: ListPosition): string {
  return btoa(JSON.stringify([p.value, p.id, p.type])).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

export function decodeCursor(cursor: string, field = 'cursor'): ListPosition {
  try {
    const raw: unknown = JSON.parse(atob(cursor.replace(/-/g, '+').replace(/_/g, '/')));
    if (Array.isArray(raw) && raw.length === 3 && typeof raw[0] === 'number' && typeof raw[1] === 'string' && typeof raw[2] === 'string') {
      return { value: raw[0], id: raw[1], type: raw[2] };
    }
  } catch {
    // fall through to the friendly error
  }
  throw badArg(field, `${describe(cursor)} is not a cursor this server returned; send "" for the first page`);
}

export function comparePositions(a: ListPosition, b: ListPosition): number {
  return b.value - a.value || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0);
}

/** Sort by position, then cut the page that starts after `cursor`. The next cursor is "" iff the page is short (SPEC-2 R48). */
export function pageAfter<T>(items: T[], position: (item: T) => ListPosition, cursor: string, limit: number): { page: T[]; cursor: string } {
  const keyed = items.map((item) => ({ item, pos: position(item) }));
  keyed.sort((a, b) => comparePositions(a.pos, b.pos));
  let start = 0;
  if (cursor !== '') {
    const after = decodeCursor(cursor);
    while (start < keyed.length && comparePositions(keyed[start]!.pos, after) <= 0) start++;
  }
  const slice = keyed.slice(start, start + limit);
  const last = slice[slice.length - 1];
  return { page: slice.map((k) => k.item), cursor: slice.length === limit && last ? encodeCursor(last.pos) : '' };
}

/** The page of an already sorted list that starts after `cursor`: a binary search, O(log n + page). Cursor as pageAfter. */
export function pageOfSorted<T>(sorted: readonly T[], position: (item: T) => ListPosition, cursor: string, limit: number): { page: T[]; cursor: string } {
  let start = 0;
  if (cursor !== '') {
    const after = decodeCursor(cursor);
    let hi = sorted.length;
    while (start < hi) {
      const mid = (start + hi) >>> 1;
      if (comparePositions(position(sorted[mid]!), after) <= 0) start = mid + 1;
      else hi = mid;
    }
  }
  const page = sorted.slice(start, start + limit);
  const last = page[page.length - 1];
  // SPEC-2 R48: a full page always carries a cursor, even when nothing follows (the next call is then empty).
  return { page, cursor: page.length === limit && last !== undefined ? encodeCursor(position(last)) : '' };
}

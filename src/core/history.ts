import { RoamingError, badArg, describe, requireIntInRange } from './errors.ts';
import { isUint64Decimal } from './ids.ts';
import { ID_MAX, ID_MIN, lowerBound, upperBound } from './key.ts';
import { MESSAGE_TYPES, type ChatType, type Message, type MessageType, type Tenant } from './model.ts';
import { RoamingDisabled, requireRoaming } from './roaming.ts';
import { findThread, findView, requireUser } from './store.ts';
import { positionOfId, rememberCursor, requireConversation, retentionFloor, retentionHorizon, threadWindow, visible } from './visibility.ts';

export interface HistoryQuery {
  chatType: ChatType;
  /** Peer user id, group id or room id. */
  id: string;
  /** "" or "-1": start at the newest (up) or oldest (down) message; otherwise the `nextKey` of a previous page (inclusive). */
  start?: string;
  /** [1, historyPageMax], default 20 (R7). */
  pageSize?: number;
  /** up = newest first (default), down = oldest first. */
  direction?: 'up' | 'down';
  types?: readonly MessageType[];
  /** Inclusive bounds, ms. */
  startTime?: number;
  endTime?: number;
  /** Only messages from this sender (groups and rooms). */
  sender?: string;
}

export interface HistoryPage {
  readonly messages: Message[];
  /** Id of the first message of the next page; "" when `isLast`. */
  readonly nextKey: string;
  /** True on the page that reaches the end; always true on an empty page (R7). */
  readonly isLast: boolean;
}

/** R7–R9, R20: one page of roaming history as `user` sees it. O(log n + page + hidden messages skipped). */
export function fetchHistory(t: Tenant, user: string, q: HistoryQuery): HistoryPage {
  requireRoaming(t);
  requireUser(t, user);
  // R39: a user who never joined the group is no error — he reads an empty page (the window below is null).
  const neverJoined = q.chatType === 'groupchat' && t.groups.get(q.id)?.memberships.has(user) === false;
  if (!neverJoined) requireConversation(t, user, q.chatType, q.id, q.chatType === 'chat' ? 'queue' : q.chatType === 'groupchat' ? 'groupId' : 'roomId');
  if (q.chatType === 'chatroom' && !t.config.chatroomRoaming) {
    throw new RoamingDisabled(t.appKey, 'chatroomRoaming', `chat room roaming is not open for ${t.appKey} (config.chatroomRoaming is false)`);
  }
  const pageSize = requireIntInRange('pull_number', q.pageSize ?? 20, 1, t.config.historyPageMax);
  const types = q.types && q.types.length > 0 ? new Set(q.types) : undefined;
  for (const type of types ?? []) {
    if (!MESSAGE_TYPES.includes(type)) throw badArg('msgType', `${describe(type)} is not a message type; allowed: ${MESSAGE_TYPES.join(', ')}`);
  }
  if (q.startTime !== undefined && q.endTime !== undefined && q.startTime > q.endTime) {
    throw badArg('startTime', `must not be after endTime (${q.startTime} > ${q.endTime})`);
  }
  const sender = q.chatType === 'chat' ? undefined : q.sender;

  const start = q.start ?? '';
  const fromEnd = start === '' || start === '-1';
  if (!fromEnd && !isUint64Decimal(start)) throw badArg('start', `must be "-1" or a message id (unsigned 64-bit decimal), got ${describe(start)}`);
  const unknownStart = (): RoamingError => badArg('start', `no message "${start}" in this conversation; send "-1" or a next_key from a previous page`);

  const thread = findThread(t, user, q.chatType, q.id);
  if (!thread) {
    if (!fromEnd) throw unknownStart();
    return { messages: [], nextKey: '', isLast: true };
  }
  const view = findView(t, user, q.chatType, q.id);
  const all = thread.messages;
  // R38/R39: a group's membership window bounds the positions too (never-joined: an empty page).
  const window = threadWindow(t, user, thread);
  if (!window) {
    if (!fromEnd && positionOfId(thread, start) < 0) throw unknownStart();
    return { messages: [], nextKey: '', isLast: true };
  }

  // The window [lo, hi) of positions that can match: after the watermark, inside the time range and the membership.
  let lo = upperBound(all, view?.watermark ?? null);
  if (q.startTime !== undefined) lo = Math.max(lo, lowerBound(all, { timestamp: q.startTime, id: ID_MIN }));
  if (window.from !== -Infinity) lo = Math.max(lo, lowerBound(all, { timestamp: window.from, id: ID_MIN }));
  // R20(b): nothing stamped before the retention floor is kept.
  const floor = retentionFloor(thread, retentionHorizon(t));
  if (floor !== -Infinity) lo = Math.max(lo, lowerBound(all, { timestamp: floor, id: ID_MIN }));
  let hi = q.endTime === undefined ? all.length : upperBound(all, { timestamp: q.endTime, id: ID_MAX });
  if (window.until !== Infinity) hi = Math.min(hi, lowerBound(all, { timestamp: window.until, id: ID_MIN }));

  const down = q.direction === 'down';
  let i = down ? lo : hi - 1;
  if (!fromEnd) {
    const at = positionOfId(thread, start);
    if (at < 0) throw unknownStart();
    i = down ? Math.max(at, lo) : Math.min(at, hi - 1);
  }

  const messages: Message[] = [];
  let nextKey = '';
  for (; down ? i < hi : i >= lo; down ? i++ : i--) {
    const m = all[i]!;
    if (!visible(t, user, m, view, window)) continue;
    if (types && !types.has(m.type)) continue;
    if (sender !== undefined && m.from !== sender) continue;
    if (messages.length === pageSize) {
      nextKey = m.id;
      rememberCursor(thread, m.id, i);
      break;
    }
    messages.push(m);
  }
  return { messages, nextKey, isLast: nextKey === '' };
}

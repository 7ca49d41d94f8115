import { RoamingError, badArg, forbidden, requireIntInRange, withCode } from './errors.ts';
import { listConversation } from './listing.ts';
import type { ChatType, Tenant, View } from './model.ts';
import { requireConversation } from './visibility.ts';
import { requireRoaming } from './roaming.ts';
import { ensureView, findView, marksOf, requireUser, userState } from './store.ts';

export interface PinState {
  readonly pinned: boolean;
  /** When the pin state last changed (ms). */
  readonly changedAt: number;
}

function listable(type: ChatType): 'chat' | 'groupchat' {
  if (type === 'chatroom') throw badArg('type', 'chat rooms are never in the conversation list (R2); use "chat" or "groupChat"');
  return type;
}

/**
 * SPEC-2 R41, Q4: pin and unpin need a conversation in the user's list (an empty one counts); anything else —
 * unknown peer, not a member, unlisted by a delete — is 404 `conversation not exist` with error_code 91001.
 */
function requireListed(t: Tenant, user: string, type: ChatType, id: string): View {
  const view = findView(t, user, listable(type), id);
  if (view?.listed) return view;
  throw withCode(new RoamingError('resource_not_found', `to: conversation not exist (${type === 'chat' ? 'chat' : 'groupChat'} "${id}" is not in ${user}'s conversation list)`, 'to'), 91001);
}

/**
 * A group's non-member is refused as R20(c) says (403) before the list is asked; anything else that is not in the
 * user's list is 404 91001 (R41), unknown peers and ids included (rooms are never listed).
 */
function requireListedFor(t: Tenant, user: string, type: ChatType, id: string, purpose: 'read' | 'cleanup'): View {
  const group = type === 'groupchat' ? t.groups.get(id) : undefined;
  if (group && !group.members.has(user)) requireConversation(t, user, 'groupchat', id, 'to', purpose);
  return requireListed(t, user, type, id);
}

/** R16: pin — at most `pinLimit` (50) per user (403 with error_code 91101, R41). Pinning twice keeps the first pin time. */
export function pinConversation(t: Tenant, user: string, type: ChatType, id: string): PinState {
  requireRoaming(t);
  requireUser(t, user);
  const view = requireListedFor(t, user, type, id, 'read');
  if (view.pinnedAt > 0) return { pinned: true, changedAt: view.pinnedAt };
  let pinned = 0;
  for (const v of userState(t, user).listed) if (v.pinnedAt > 0) pinned++;
  if (pinned >= t.config.pinLimit) {
    throw withCode(forbidden('to', `pinned conversation count exceeds the limit ${t.config.pinLimit} (pinLimit); unpin one first`), 91101);
  }
  const now = t.clock.now();
  view.pinnedAt = now;
  return { pinned: true, changedAt: now };
}

export function unpinConversation(t: Tenant, user: string, type: ChatType, id: string): PinState {
  requireRoaming(t);
  requireUser(t, user);
  requireListedFor(t, user, type, id, 'cleanup').pinnedAt = 0;
  return { pinned: false, changedAt: t.clock.now() };
}

export interface MarkTarget {
  readonly type: ChatType;
  readonly id: string;
}

/**
 * R16: add (or remove) mark `mark` (0–19) on at most 20 conversations. Targets that are not valid conversations
 * of the user (unknown peer, not a member, chat room) are returned as ignored instead of failing the call [ours].
 */
export function markConversations(t: Tenant, user: string, mark: number, targets: readonly MarkTarget[], add: boolean): MarkTarget[] {
  requireRoaming(t);
  requireUser(t, user);
  requireIntInRange('mark', mark, 0, 19);
  if (targets.length === 0) throw badArg('targets', 'must hold 1–20 conversations per call, got 0');
  // SPEC-2 R41: over 20 is the SDK's MAX_LIMIT (403, error_code 91002).
  if (targets.length > 20) throw withCode(forbidden('targets', `mark targets exceed the limit 20 (got ${targets.length})`), 91002);
  const now = t.clock.now();
  const ignored: MarkTarget[] = [];
  for (const target of targets) {
    try {
      requireConversation(t, user, listable(target.type), target.id, 'targets', add ? 'read' : 'cleanup');
    } catch (err) {
      if (err instanceof RoamingError) {
        ignored.push(target);
        continue;
      }
      throw err;
    }
    if (add) {
      const view = ensureView(t, user, target.type, target.id);
      listConversation(t, user, view, now);
      if (!view.marks.has(mark)) marksOf(view).set(mark, now);
    } else {
      findView(t, user, target.type, target.id)?.marks.delete(mark);
    }
  }
  return ignored;
}

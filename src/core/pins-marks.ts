import { RoamingError, badArg, requireIntInRange } from './errors.ts';
import { listConversation } from './listing.ts';
import type { ChatType, Tenant } from './model.ts';
import { requireConversation } from './visibility.ts';
import { requireRoaming } from './roaming.ts';
import { ensureView, findView, requireUser, userState } from './store.ts';

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
 * R16: pin — at most `pinLimit` (50) per user. Pinning a conversation that is not in the list puts it there
 * (empty until a message arrives) [ours]. Pinning twice keeps the first pin time.
 */
export function pinConversation(t: Tenant, user: string, type: ChatType, id: string): PinState {
  requireRoaming(t);
  requireUser(t, user);
  requireConversation(t, user, listable(type), id, 'to');
  const now = t.clock.now();
  const existing = findView(t, user, type, id);
  if (existing?.listed && existing.pinnedAt > 0) return { pinned: true, changedAt: existing.pinnedAt };
  let pinned = 0;
  for (const v of userState(t, user).listed) if (v.pinnedAt > 0) pinned++;
  if (pinned >= t.config.pinLimit) {
    throw new RoamingError('illegal_argument', `to: at most ${t.config.pinLimit} pinned conversations per user (pinLimit); unpin one first`, 'to');
  }
  const view = ensureView(t, user, type, id);
  listConversation(t, user, view, now);
  view.pinnedAt = now;
  return { pinned: true, changedAt: now };
}

export function unpinConversation(t: Tenant, user: string, type: ChatType, id: string): PinState {
  requireRoaming(t);
  requireUser(t, user);
  requireConversation(t, user, listable(type), id, 'to', 'cleanup');
  const view = findView(t, user, type, id);
  if (view) view.pinnedAt = 0;
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
  if (targets.length === 0 || targets.length > 20) {
    throw badArg('targets', `must hold 1–20 conversations per call, got ${targets.length}`);
  }
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
      if (!view.marks.has(mark)) view.marks.set(mark, now);
    } else {
      findView(t, user, target.type, target.id)?.marks.delete(mark);
    }
  }
  return ignored;
}

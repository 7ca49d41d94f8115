import { RoamingError } from './errors.ts';
import { isGroupManager } from './membership.ts';
import type { ChatType, Message, Tenant } from './model.ts';
import type { RecallNotice } from './notices.ts';
import { removeMessage } from './removal.ts';
import { threadKey } from './model.ts';
import { audienceOf, expired, retentionHorizon } from './visibility.ts';

/** R25/R26: one recall as the REST API asks for it (fields already present; the route checks that). */
export interface RecallRequest {
  msgId: string;
  /** The stored message's `to`: peer user, group or room (SPEC-2 §Q.1). */
  to: string;
  chatType: ChatType;
  /** Who recalls (default `admin`); not checked against the sender (R28). */
  from?: string;
  /** R25: skip the time window; on an unknown id only push the notice. */
  force: boolean;
  /** R29: the recaller's own devices hear it too (default true). */
  syncDevice?: boolean;
  /** `recallMessageExtensionInfo`, passed through to the notice. */
  ext?: string;
}

/** What a recall did: the message it removed (none for a forced recall of an unknown id) and who to tell. */
export interface RecallOutcome {
  readonly message: Message | undefined;
  readonly notice: RecallNotice;
}

const refused = (reason: string): RoamingError => new RoamingError('recall_refused', reason, 'msg_id');
const NOT_FOUND = 'not_found msg';
const TOO_LATE = 'exceed recall time limit';

function requireRecallEnabled(t: Tenant): void {
  if (!t.config.recallEnabled) throw new RoamingError('recall_disabled', 'message recall service is unopened', 'recallEnabled');
}

/**
 * R25/R29: a stored message that can be recalled — cmd messages never roam as content, so they count as unknown
 * [ours]; an expired one (R20(b)) is `not_found msg`, and a forced recall of it changes no history.
 */
function recallable(t: Tenant, msgId: string): Message | undefined {
  const m = t.messagesById.get(msgId);
  return m && m.type !== 'cmd' && !expired(m, retentionHorizon(t)) ? m : undefined;
}

/** R28: within the window iff `now − timestamp ≤ recallWindowSeconds` (the boundary is allowed). */
const withinWindow = (t: Tenant, m: Message): boolean => t.clock.now() - m.timestamp <= t.config.recallWindowSeconds * 1000;

/** R25/R28/R29 through the REST API: acts as the app admin — any message, the window unless `force`. */
export function recallByApp(t: Tenant, req: RecallRequest): RecallOutcome {
  requireRecallEnabled(t);
  const by = req.from ?? 'admin';
  const m = recallable(t, req.msgId);
  if (!m) {
    if (!req.force) throw refused(NOT_FOUND);
    // R25: a forced recall of an unknown or expired id changes no history; it only tells the devices.
    return { message: undefined, notice: notice(t, undefined, req.msgId, req.chatType, req.to, by, req.ext, req.syncDevice ?? true) };
  }
  if (m.to !== req.to || m.chatType !== req.chatType) throw new RoamingError('recall_bad_request', "can't find msg to", 'to');
  if (!req.force && !withinWindow(t, m)) throw refused(TOO_LATE);
  return apply(t, m, by, req.ext, req.syncDevice ?? true);
}

/**
 * R27/R28 from an SDK: single chat — only the sender, within the window; group — members their own within the
 * window, the owner and admins anyone's at any age; room — the sender within the window.
 */
export function recallByUser(t: Tenant, user: string, msgId: string, ext?: string): RecallOutcome {
  if (!t.config.recallEnabled) throw new RoamingError('recall_disabled', 'message recall disabled', 'recallEnabled');
  const m = recallable(t, msgId);
  if (!m) throw refused(NOT_FOUND);
  const group = m.chatType === 'groupchat' ? t.groups.get(m.to) : undefined;
  const manager = group !== undefined && group.members.has(user) && isGroupManager(group, user);
  if (m.from !== user && !manager) throw refused('no permission');
  if (!manager && !withinWindow(t, m)) throw refused(TOO_LATE);
  return apply(t, m, user, ext, true);
}

function apply(t: Tenant, m: Message, by: string, ext: string | undefined, syncDevice: boolean): RecallOutcome {
  const thread = t.threads.get(threadKey(m.chatType, m.from, m.to))!;
  // Who hears it is decided before the message goes: the audience it had.
  const n = notice(t, m, m.id, m.chatType, m.to, by, ext, syncDevice);
  removeMessage(t, thread, m);
  return { message: m, notice: n };
}

/** R29: the other participants' devices, and the recaller's own when synced. */
function notice(t: Tenant, m: Message | undefined, msgId: string, chatType: ChatType, to: string, by: string, ext: string | undefined, syncDevice: boolean): RecallNotice {
  const everyone = m ? audienceOf(t, m) : chatType === 'chat' ? [to] : [...((chatType === 'groupchat' ? t.groups.get(to) : t.rooms.get(to))?.members ?? [])];
  const audience = [...new Set(syncDevice && t.users.has(by) ? [...everyone, by] : everyone.filter((u) => u !== by))];
  return { kind: 'recall', id: t.ids.next(t.clock.now()), msgId, chatType, by, to, ...(ext !== undefined ? { ext } : {}), audience };
}

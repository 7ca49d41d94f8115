import { RoamingError, badArg, describe } from './errors.ts';
import { ingestMessage } from './messages.ts';
import { threadKey, type Message, type Tenant } from './model.ts';

/** R53: one message to import, as the route parsed it. */
export interface ImportInput {
  chatType: 'chat' | 'groupchat';
  from: string;
  /** Peer user or group id. */
  target: string;
  type: string;
  body: unknown;
  ext?: unknown;
  /** ms; absent → now. */
  msgTimestamp?: number;
  /** R54 `is_ack_read`: with importWritesConversation, true leaves the target's unread unchanged; false/absent counts it. */
  isAckRead?: boolean;
}

const invalidTime = (): RoamingError => new RoamingError('illegal_argument', 'msg_timestamp is invalid', 'msg_timestamp');

/**
 * R53/R54: store a message at its own time with `via: "import"`: it roams under R20, is never pushed, and writes
 * conversations only with `importWritesConversation`. The time must be ≥ 1000, not after now, after the last
 * import of the same conversation and (groups) after the group's creation.
 */
export function importMessage(t: Tenant, input: ImportInput): Message {
  if (input.isAckRead !== undefined && typeof input.isAckRead !== 'boolean') throw badArg('is_ack_read', `must be true or false, got ${describe(input.isAckRead)}`);
  const now = t.clock.now();
  const at = input.msgTimestamp ?? now;
  if (!Number.isSafeInteger(at) || at < 1000 || at > now) throw invalidTime();
  const last = t.lastImport.get(threadKey(input.chatType, input.from, input.target));
  if (last !== undefined && at <= last) throw invalidTime();
  if (input.chatType === 'groupchat') {
    const group = t.groups.get(input.target);
    if (group && at <= group.created) throw invalidTime();
  }
  return ingestMessage(t, {
    from: input.from, to: input.target, chatType: input.chatType, type: input.type, body: input.body,
    ...(input.ext !== undefined ? { ext: input.ext } : {}), via: 'import', timestamp: at,
    ...(input.isAckRead === true ? { ackRead: true } : {}),
  });
}

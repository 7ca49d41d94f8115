import type { JsonObject, Message } from '../../core/model.ts';
import { restPayload } from './meta.ts';

/**
 * The history-file record (SPEC-2 R52), also each message of the v6 server roaming fetch (R23):
 * `{msg_id, timestamp, direction, to, from, chat_type, payload: {bodies, ext, from, to}}`.
 */
export function historyRecord(m: Message): JsonObject {
  return {
    msg_id: m.id,
    timestamp: m.timestamp,
    direction: 'outgoing',
    to: m.to,
    from: m.from,
    chat_type: m.chatType,
    payload: restPayload(m),
  };
}

import { stringifyJson } from '../../core/json-limits.ts';
import type { Message } from '../../core/model.ts';
import { editMeta } from '../wire/meta.ts';
import { pb } from '../wire/proto.ts';

/** msync commands (SPEC §4.2). */
export const Command = { SYNC: 0, UNREAD: 1, NOTICE: 2, PROVISION: 3, LOGOUT: 4 } as const;
/** Status.ErrorCode values we answer with. */
export const ErrorCode = { OK: 0, FAIL: 1, UNAUTHORIZED: 2, MISSING_PARAMETER: 3, WRONG_PARAMETER: 4, TOKEN_EXPIRED: 6, PERMISSION_DENIED: 7, TOO_MANY_DEVICES: 13 } as const;
/** Meta namespaces: statistics frames are ignored, chat frames are messages. */
export const NameSpace = { STATISTIC: 0, CHAT: 1, NOTIFY: 5 } as const;
/** MessageBody.Type: the chat kinds, and the acks an SDK sends as messages. */
export const BodyType = { NORMAL: 0, CHAT: 1, GROUPCHAT: 2, CHATROOM: 3, READ_ACK: 4, DELIVER_ACK: 5, RECALL: 6, CHANNEL_ACK: 7, EDIT: 8 } as const;

export interface Jid {
  appKey?: string;
  name?: string;
  domain?: string;
  clientResource?: string;
}

/** Decoded frames, with 64-bit numbers as decimal strings. */
export type Decoded = Record<string, any>;

const TO_OBJECT = { longs: String, enums: Number, bytes: Array, defaults: false } as const;

export function decodeMSync(bytes: Uint8Array): Decoded {
  return pb.MSync.toObject(pb.MSync.decode(bytes), { ...TO_OBJECT, bytes: Uint8Array as never });
}

export function decodeAs(type: keyof typeof pb, bytes: Uint8Array | undefined): Decoded {
  const t = pb[type] as typeof pb.Meta;
  return t.toObject(t.decode(bytes ?? new Uint8Array()), { ...TO_OBJECT, bytes: Uint8Array as never });
}

function frame(command: number, payloadType: keyof typeof pb, payload: object): Uint8Array {
  const t = pb[payloadType] as typeof pb.Meta;
  const body = t.encode(t.fromObject(payload)).finish();
  return pb.MSync.encode(pb.MSync.fromObject({ version: 1, command, payload: body })).finish();
}

/** PROVISION answer: OK (no compression offered), or a refusal with a reason. */
export function provisionReply(errorCode: number, reason: string, resource?: string, sessionId?: string): Uint8Array {
  return frame(Command.PROVISION, 'Provision', {
    status: { errorCode, ...(errorCode === ErrorCode.OK ? {} : { reason }) },
    ...(resource !== undefined ? { resource } : {}),
    ...(sessionId !== undefined ? { sessionId } : {}),
    ...(errorCode === ErrorCode.OK ? {} : { reason }),
  });
}

export function unreadReply(queues: Array<{ queue: Jid; n: number }>, now: number): Uint8Array {
  return frame(Command.UNREAD, 'CommUnreadDL', { status: { errorCode: ErrorCode.OK }, unread: queues, timestamp: String(now) });
}

/** Messages for a queue (live push, or offline sync): no metaId, so the SDK delivers them as received messages. */
export function messagesFrame(queue: Jid, metas: object[], now: number): Uint8Array {
  return frame(Command.SYNC, 'CommSyncDL', { status: { errorCode: ErrorCode.OK }, metas, queue, isLast: true, timestamp: String(now) });
}

/** Ack of a message the SDK sent: its own meta id, the server id, and the server time. */
export function sendAck(metaId: string, serverId: string, timestamp: number): Uint8Array {
  return frame(Command.SYNC, 'CommSyncDL', { status: { errorCode: ErrorCode.OK }, metaId, serverId, timestamp: String(timestamp) });
}

/** R33: an edit's ack carries one NOTIFY meta whose payload is the `edit_msg` JSON. */
export function editAck(metaId: string, m: Message, now: number): Uint8Array {
  const payload = new TextEncoder().encode(stringifyJson(editMeta(m) ?? {}));
  return frame(Command.SYNC, 'CommSyncDL', {
    status: { errorCode: ErrorCode.OK }, metaId, serverId: m.id, metas: [{ id: m.id, ns: NameSpace.NOTIFY, payload, timestamp: String(now) }], timestamp: String(now),
  });
}

export function sendRefused(metaId: string, errorCode: number, reason: string, now: number): Uint8Array {
  return frame(Command.SYNC, 'CommSyncDL', { status: { errorCode, reason }, metaId, timestamp: String(now) });
}

export function logoutReply(reason: string): Uint8Array {
  return frame(Command.LOGOUT, 'Logout', { status: { errorCode: ErrorCode.OK }, reason });
}

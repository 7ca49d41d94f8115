import { bodyOf, extOf } from '../api/msync/inbound.ts';
import { decodeAs, type Decoded } from '../api/msync/frames.ts';
import type { FixtureMessage } from '../fixtures/types.ts';
import { jidName, normalType } from './paths.ts';

/** A message the session revealed, in fixture shape, with where and when it was learned. */
export interface SeenMessage extends FixtureMessage {
  id: string;
  at: number;
  /** Created during the session (a send the recorder relayed): not part of the world before it. */
  inSession: boolean;
}

const CHAT_OF: Record<number, 'chat' | 'groupchat' | 'chatroom'> = { 1: 'chat', 2: 'groupchat', 3: 'chatroom' };

/** A decoded protobuf Meta (history page, msync push) → a message; undefined for acks and other non-messages. */
export function messageOfMeta(meta: Decoded): Omit<SeenMessage, 'inSession'> | undefined {
  if (Number(meta['ns'] ?? 0) !== 1 || !(meta['payload'] instanceof Uint8Array)) return undefined;
  const body = decodeAs('MessageBody', meta['payload']);
  const chatType = CHAT_OF[Number(body['type'] ?? 0)];
  const content = (body['contents'] as Decoded[] | undefined)?.[0];
  if (!chatType || !content) return undefined;
  const { type, body: restBody } = bodyOf(content);
  const ext = extOf(body['ext'] as Decoded[] | undefined);
  return {
    id: String(meta['id']),
    from: String(body['from']?.name ?? meta['from']?.name ?? ''),
    to: String(body['to']?.name ?? meta['to']?.name ?? ''),
    chatType, type, body: restBody, ...(Object.keys(ext).length > 0 ? { ext } : {}),
    at: Number(meta['timestamp'] ?? 0),
  };
}

/** base64 Meta of a history page → a message. */
export const messageOfBase64 = (base64: string): Omit<SeenMessage, 'inSession'> | undefined =>
  messageOfMeta(decodeAs('Meta', Buffer.from(base64, 'base64')));

/** The RestMeta of a conversation list (its `payload` a JSON string of REST bodies) → a message. */
export function messageOfRestMeta(meta: Record<string, any>, appKey: string): Omit<SeenMessage, 'inSession'> | undefined {
  if (typeof meta['payload'] !== 'string' || meta['id'] === undefined) return undefined;
  let payload: Record<string, any>;
  try {
    payload = JSON.parse(meta['payload']);
  } catch {
    return undefined;
  }
  const first = payload['bodies']?.[0] as Record<string, unknown> | undefined;
  if (!first || typeof first['type'] !== 'string') return undefined;
  const { type, ...body } = first;
  const ext = (payload['ext'] ?? {}) as Record<string, unknown>;
  return {
    id: String(meta['id']),
    from: jidName(String(payload['from'] ?? meta['from'] ?? ''), appKey),
    to: jidName(String(payload['to'] ?? meta['to'] ?? ''), appKey),
    chatType: normalType(payload['type']),
    type: type as string, body, ...(Object.keys(ext).length > 0 ? { ext } : {}),
    at: Number(meta['timestamp'] ?? 0),
  };
}

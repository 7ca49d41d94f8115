import { RoamingError } from '../../core/errors.ts';
import type { ChatType, JsonObject, MessageType } from '../../core/model.ts';
import { BodyType, type Decoded } from './frames.ts';

const CONTENT_TYPES: MessageType[] = ['txt', 'img', 'video', 'loc', 'audio', 'file', 'cmd', 'custom', 'combine'];
const CHAT_TYPES: Record<number, ChatType> = { [BodyType.CHAT]: 'chat', [BodyType.GROUPCHAT]: 'groupchat', [BodyType.CHATROOM]: 'chatroom' };

/** KeyValue → JSON value, by its declared type (the inverse of the history encoder). */
function kvValue(kv: Decoded): unknown {
  switch (kv['type']) {
    case 1:
      return Number(kv['varintValue'] ?? 0) !== 0;
    case 2:
    case 3:
    case 4:
      return Number(kv['varintValue'] ?? 0);
    case 5:
      return kv['floatValue'] ?? 0;
    case 6:
      return kv['doubleValue'] ?? 0;
    case 8:
      try {
        return JSON.parse(String(kv['stringValue'] ?? 'null'));
      } catch {
        return kv['stringValue'];
      }
    default:
      return kv['stringValue'] ?? '';
  }
}

export function extOf(kvs: Decoded[] | undefined): JsonObject {
  const out: JsonObject = {};
  // defineProperty: a key named `__proto__` is data like any other, not the object's prototype.
  for (const kv of kvs ?? []) if (typeof kv['key'] === 'string') Object.defineProperty(out, kv['key'], { value: kvValue(kv), enumerable: true, writable: true, configurable: true });
  return out;
}

const defined = (o: JsonObject): JsonObject => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** protobuf Content → the REST body shape the core stores (the inverse of wire/meta.ts contentOf). */
export function bodyOf(c: Decoded): { type: MessageType; body: JsonObject } {
  const type = CONTENT_TYPES[c['type'] ?? 0];
  if (!type) throw new RoamingError('illegal_argument', `contents[0].type: unknown content type ${String(c['type'])}`, 'contents');
  const file = { url: c['remotePath'], filename: c['displayName'], secret: c['secretKey'], file_length: c['fileLength'] };
  switch (type) {
    case 'txt':
      return { type, body: { msg: c['text'] ?? '' } };
    case 'img':
      return { type, body: defined({ ...file, url: c['remotePath'] ?? '', size: c['size'] ? { width: c['size'].width ?? 0, height: c['size'].height ?? 0 } : undefined }) };
    case 'video':
      return { type, body: defined({ ...file, url: c['remotePath'] ?? '', length: c['duration'], thumb: c['thumbnailRemotePath'], thumb_secret: c['thumbnailSecretKey'] }) };
    case 'loc':
      return { type, body: defined({ lat: c['latitude'] ?? 0, lng: c['longitude'] ?? 0, addr: c['address'] ?? '', buildingName: c['buildingName'] }) };
    case 'audio':
      return { type, body: defined({ ...file, url: c['remotePath'] ?? '', length: c['duration'] }) };
    case 'file':
      return { type, body: defined({ ...file, url: c['remotePath'] ?? '' }) };
    case 'cmd':
      return { type, body: { action: c['action'] ?? '' } };
    case 'custom':
      return { type, body: defined({ customEvent: c['customEvent'], customExts: extOf(c['customExts']) }) };
    case 'combine':
      return { type, body: defined({ title: c['title'], summary: c['summary'], compatibleText: c['text'], url: c['remotePath'], secret: c['secretKey'], combineLevel: c['combineLevel'] }) };
  }
}

/** What a chat meta from an SDK asks for: a message to store, a conversation read, or something only to ack. */
export type Inbound =
  | { kind: 'message'; chatType: ChatType; to: string; type: MessageType; body: JsonObject; ext: JsonObject; directedUsers?: string[] }
  /** R27: `ackMessageId` names the message to recall. */
  | { kind: 'recall'; msgId: string; ext?: string }
  /** R33: `editMessageId` names the message; 1 BODY, 2 BODY_AND_EXT. */
  | { kind: 'edit'; msgId: string; type: MessageType; body: JsonObject; ext: JsonObject; scope: 1 | 2 }
  | { kind: 'read'; chatType: ChatType; to: string }
  | { kind: 'ack-only' };

export function classify(meta: Decoded, body: Decoded): Inbound {
  const to = (meta['to'] as Decoded | undefined)?.['name'] ?? (body['to'] as Decoded | undefined)?.['name'];
  const domain = (meta['to'] as Decoded | undefined)?.['domain'] ?? '';
  const bodyType = Number(body['type'] ?? 0);
  if (bodyType === BodyType.CHANNEL_ACK && typeof to === 'string') {
    return { kind: 'read', chatType: String(domain).startsWith('conference') ? 'groupchat' : 'chat', to };
  }
  if (bodyType === BodyType.RECALL) {
    const info = ((meta['ext'] as Decoded[] | undefined) ?? []).find((kv) => kv['key'] === 'recallMessageExtensionInfo');
    return { kind: 'recall', msgId: String(body['ackMessageId'] ?? '0'), ...(info ? { ext: String(info['stringValue'] ?? '') } : {}) };
  }
  if (bodyType === BodyType.EDIT) {
    const content = ((body['contents'] as Decoded[] | undefined) ?? [])[0];
    if (!content) throw new RoamingError('illegal_argument', 'Sorry, format is incorrect', 'contents');
    const { type, body: restBody } = bodyOf(content);
    const scope = Number(body['editScope'] ?? 1) === 2 ? 2 : 1;
    return { kind: 'edit', msgId: String(body['editMessageId'] ?? '0'), type, body: restBody, ext: extOf(body['ext'] as Decoded[] | undefined), scope };
  }
  const chatType = CHAT_TYPES[bodyType];
  if (!chatType) return { kind: 'ack-only' };
  if (typeof to !== 'string' || to === '') throw new RoamingError('illegal_argument', 'to: the message names no recipient', 'to');
  const contents = (body['contents'] as Decoded[] | undefined) ?? [];
  if (contents.length === 0) throw new RoamingError('illegal_argument', 'contents: a message needs one content', 'contents');
  const { type, body: restBody } = bodyOf(contents[0]!);
  // R35: `receiverList` arrives as Meta.directedUsers (ignored on single chats by the core).
  const directed = (meta['directedUsers'] as string[] | undefined) ?? [];
  return { kind: 'message', chatType, to, type, body: restBody, ext: extOf(body['ext'] as Decoded[] | undefined), ...(directed.length > 0 ? { directedUsers: directed } : {}) };
}

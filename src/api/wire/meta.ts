import { stringifyJson } from '../../core/json-limits.ts';
import type { JsonObject, Message } from '../../core/model.ts';
import { pb } from './proto.ts';

/** Chat peers live at `easemob.com`; groups and rooms at `conference.easemob.com` (SPEC §3.1). */
export const domainOf = (chatType: Message['chatType']): string => (chatType === 'chat' ? 'easemob.com' : 'conference.easemob.com');

/** `org#app_name@domain`: the JID text the REST shapes carry. */
export const jidText = (appKey: string, name: string, domain: string): string => `${appKey}_${name}@${domain}`;

const CHAT_KIND = { chat: 1, groupchat: 2, chatroom: 3 } as const;

/** ext values on the wire (SPEC §4.1): strings STRING, objects JSON_STRING, booleans BOOL, integers LLINT, else DOUBLE. */
export function extToKeyValues(ext: JsonObject): object[] {
  return Object.entries(ext).map(([key, value]) => {
    if (typeof value === 'string') return { key, type: 7, stringValue: value };
    if (typeof value === 'boolean') return { key, type: 1, varintValue: value ? 1 : 0 };
    if (typeof value === 'number') return Number.isInteger(value) ? { key, type: 4, varintValue: value } : { key, type: 6, doubleValue: value };
    return { key, type: 8, stringValue: stringifyJson(value) };
  });
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' ? Math.trunc(v) : undefined);
const defined = (o: Record<string, unknown>): Record<string, unknown> => {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
};

/** REST body shape → protobuf Content (what the SDK decodes into a message object). */
export function contentOf(m: Message): object {
  const b = m.body;
  const file = { displayName: str(b['filename']), remotePath: str(b['url']), secretKey: str(b['secret']), fileLength: int(b['file_length']) };
  switch (m.type) {
    case 'txt':
      return { type: 0, text: str(b['msg']) ?? '' };
    case 'img': {
      const size = b['size'] as { width?: number; height?: number } | undefined;
      // SPEC-2 R42: a GIF is `subType: "sub_gif"` in REST shapes, SubType GIF(1) here — the SDK's `isGif`.
      return defined({ type: 1, ...file, size: size ? { width: size.width, height: size.height } : undefined, subType: b['subType'] === 'sub_gif' ? 1 : undefined });
    }
    case 'video':
      return defined({
        type: 2, ...file, duration: int(b['length']),
        thumbnailRemotePath: str(b['thumb']), thumbnailSecretKey: str(b['thumb_secret']),
      });
    case 'loc':
      return defined({ type: 3, latitude: b['lat'], longitude: b['lng'], address: str(b['addr']), buildingName: str(b['buildingName']) });
    case 'audio':
      return defined({ type: 4, ...file, duration: int(b['length']) });
    case 'file':
      return defined({ type: 5, ...file });
    case 'cmd':
      return { type: 6, action: str(b['action']) ?? '' };
    case 'custom': {
      const exts = (b['customExts'] ?? {}) as JsonObject;
      return defined({ type: 7, customEvent: str(b['customEvent']), customExts: Object.entries(exts).map(([key, v]) => ({ key, type: 7, stringValue: typeof v === 'string' ? v : stringifyJson(v) })) });
    }
    case 'combine':
      // SPEC-2 R43: TEXT with SubType COMBINE(0) set on the wire — the SDK tests hasOwnProperty("subType").
      return defined({
        type: 0, subType: 0, title: str(b['title']), summary: str(b['summary']), text: str(b['compatibleText']) ?? '',
        ...file, combineLevel: int(b['combineLevel']),
      });
  }
}

const EDIT_CHAT_TYPE = { chat: 'chat:user', groupchat: 'chat:group', chatroom: 'chat:room' } as const;

/** R32: `edit_msg` of an edited message — the protobuf `MessageBody.meta` JSON (the SDK's `modifiedInfo`). */
export function editMeta(m: Message): { edit_msg: Record<string, unknown> } | undefined {
  const edit = editMsg(m);
  if (!edit) return undefined;
  return { edit_msg: { count: edit.count, operator: edit.operator, edit_time: edit.edit_time, sender: m.from, send_time: m.timestamp, chat_type: EDIT_CHAT_TYPE[m.chatType] } };
}

/** The protobuf `MessageBody` of a stored message (an edited one carries `meta`, R32; a group-ack one `msgConfig`, R46). */
export function messageBodyObject(m: Message, type: number = CHAT_KIND[m.chatType]): Record<string, unknown> {
  const meta = editMeta(m);
  return {
    type,
    from: { name: m.from },
    to: { name: m.to },
    contents: [contentOf(m)],
    ext: extToKeyValues(m.ext),
    ...(groupAck(m) ? { msgConfig: { allowGroupAck: true } } : {}),
    ...(meta ? { meta: stringifyJson(meta) } : {}),
  };
}

/** The protobuf `Meta` of a stored message, as roaming history and live push carry it (SPEC §4.1, SPEC-2 R35, R46). */
export function metaObject(appKey: string, m: Message): object {
  const body = pb.MessageBody.encode(pb.MessageBody.fromObject(messageBodyObject(m))).finish();
  return {
    id: m.id,
    from: { appKey, name: m.from, domain: 'easemob.com' },
    to: { appKey, name: m.to, domain: domainOf(m.chatType) },
    timestamp: String(m.timestamp),
    ns: 1,
    payload: body,
    ...(m.directedUsers ? { directedUsers: [...m.directedUsers], routetype: 2 } : {}),
  };
}

/** A per-message encoding, made again only after an edit (each edit replaces `m.edit`). */
function cached(cache: WeakMap<Message, { edit: unknown; text: string }>, m: Message, make: () => string): string {
  const hit = cache.get(m);
  if (hit !== undefined && hit.edit === m.edit) return hit.text;
  const text = make();
  cache.set(m, { edit: m.edit, text });
  return text;
}

const historyCache = new WeakMap<Message, { edit: unknown; text: string }>();

/** Base64 of the encoded Meta, encoded once per message content (history is the hot path). */
export function historyMeta(appKey: string, m: Message): string {
  return cached(historyCache, m, () => toBase64(pb.Meta.encode(pb.Meta.fromObject(metaObject(appKey, m))).finish()));
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** RestMeta (SPEC §3.1): `payload` is a JSON *string* of {bodies, ext, from, to, type, meta?, msgConfig?} (SPEC-2 R42, R45). */
export function restMeta(appKey: string, m: Message): object {
  return {
    id: m.id,
    from: jidText(appKey, m.from, 'easemob.com'),
    to: jidText(appKey, m.to, domainOf(m.chatType)),
    timestamp: m.timestamp,
    payload: stringifyJson({ ...restPayload(m), type: m.chatType, ...(groupAck(m) ? { msgConfig: { allowGroupAck: true } } : {}) }),
  };
}

/** `{bodies, ext, from, to}` plus `meta.edit_msg` for an edited message: RestMeta, history files and v6 roaming share it (R32, R45). */
export function restPayload(m: Message): JsonObject {
  const edit = editMsg(m);
  // `ext` is always an object: the SDK reads `ext.file_type` and throws on undefined (R42).
  return { bodies: [restBody(m)], ext: m.ext ?? {}, from: m.from, to: m.to, ...(edit ? { meta: { edit_msg: edit } } : {}) };
}

/**
 * A stored body as the service renders it in RestMeta payloads and history files (SPEC-2 R43, R44): combine is
 * `txt` + `subType: "sub_combine"` with the compatible text in `msg`; custom carries `customExts` as a list of
 * one-pair objects (the SDK maps over it) and the map as `v2:customExts`.
 */
export function restBody(m: Message): JsonObject {
  if (m.type === 'combine') {
    const { compatibleText, ...rest } = m.body;
    return { type: 'txt', subType: 'sub_combine', msg: typeof compatibleText === 'string' ? compatibleText : '', ...rest };
  }
  const exts = m.body['customExts'];
  if (m.type !== 'custom' || typeof exts !== 'object' || exts === null || Array.isArray(exts)) return { type: m.type, ...m.body };
  // Object.entries keeps the map's key order (Q7).
  return { type: m.type, ...m.body, customExts: Object.entries(exts as JsonObject).map(([k, v]) => ({ [k]: v })), 'v2:customExts': exts };
}

/** What an edit left on a message (SPEC-2 R30–R32), as RestMeta and history files name it. */
function editMsg(m: Message): { edit_time: number; operator: string; count: number } | undefined {
  return m.edit && m.edit.count > 0 ? { edit_time: m.edit.at, operator: m.edit.operator, count: m.edit.count } : undefined;
}

/** R45: a group message that asked for read acks (`needGroupAck`, SPEC-2 §O; not in the model yet). */
const groupAck = (m: Message): boolean => m.chatType === 'groupchat' && (m as Message & { needGroupAck?: boolean }).needGroupAck === true;

const restMetaCache = new WeakMap<Message, { edit: unknown; text: string }>();

/** RestMeta as JSON text, made once per message content: lists splice it in as is. */
export function restMetaJson(appKey: string, m: Message): string {
  return cached(restMetaCache, m, () => stringifyJson(restMeta(appKey, m)));
}

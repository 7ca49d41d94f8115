import { pb } from '../api/wire/proto.ts';

/** A roaming message as the client hands it out: the protobuf Meta and MessageBody decoded into plain data. */
export interface RoamedMessage {
  id: string;
  from: string;
  to: string;
  chatType: 'chat' | 'groupchat' | 'chatroom';
  timestamp: number;
  /** The content kind: txt, img, video, loc, audio, file, cmd, custom, combine. */
  type: string;
  /** The decoded protobuf content fields (text, remotePath, latitude…). */
  content: Record<string, unknown>;
  ext: Record<string, unknown>;
}

const CONTENT = ['txt', 'img', 'video', 'loc', 'audio', 'file', 'cmd', 'custom', 'combine'];
const CHAT = { 1: 'chat', 2: 'groupchat', 3: 'chatroom' } as const;

function extValue(kv: Record<string, any>): unknown {
  switch (kv['type']) {
    case 1: return Number(kv['varintValue'] ?? 0) !== 0;
    case 2: case 3: case 4: return Number(kv['varintValue'] ?? 0);
    case 5: return kv['floatValue'];
    case 6: return kv['doubleValue'];
    case 8: try { return JSON.parse(kv['stringValue']); } catch { return kv['stringValue']; }
    default: return kv['stringValue'];
  }
}

/** base64 `easemob.pb.Meta` (a history `msgs[].msg`) → a plain message. */
export function decodeHistoryMessage(base64: string): RoamedMessage {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const meta = pb.Meta.toObject(pb.Meta.decode(bytes), { longs: String, enums: Number }) as Record<string, any>;
  const body = pb.MessageBody.toObject(pb.MessageBody.decode(meta['payload']), { longs: String, enums: Number }) as Record<string, any>;
  const content = (body['contents'] ?? [])[0] ?? {};
  const { type: contentType, ...fields } = content as Record<string, unknown>;
  return {
    id: String(meta['id']),
    from: String(body['from']?.name ?? meta['from']?.name ?? ''),
    to: String(body['to']?.name ?? meta['to']?.name ?? ''),
    chatType: CHAT[(body['type'] ?? 1) as 1 | 2 | 3] ?? 'chat',
    timestamp: Number(meta['timestamp']),
    type: CONTENT[Number(contentType ?? 0)] ?? 'txt',
    content: fields,
    ext: Object.fromEntries((body['ext'] ?? []).map((kv: Record<string, any>) => [kv['key'], extValue(kv)])),
  };
}

/** A RestMeta of the conversation lists: its `payload` is a JSON *string*; this parses it. */
export interface LatestMessage {
  id: string;
  from: string;
  to: string;
  timestamp: number;
  payload: { bodies: Array<Record<string, unknown>>; ext: Record<string, unknown>; from: string; to: string; type: string };
}

export function decodeRestMeta(meta: Record<string, unknown>): LatestMessage | undefined {
  if (!meta || Object.keys(meta).length === 0) return undefined;
  return { ...(meta as Omit<LatestMessage, 'payload'>), payload: JSON.parse(String(meta['payload'])) as LatestMessage['payload'] };
}

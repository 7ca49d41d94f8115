import { Command, decodeAs, decodeMSync, type Decoded } from '../api/msync/frames.ts';
import { decodeHistoryMessage, decodeRestMeta } from '../client/decode.ts';

/**
 * Readable forms of what the wire carries in bytes or JSON strings: history pages (base64 protobuf Meta), the
 * RestMeta `payload` strings of conversation lists, and msync frames. The session keeps them beside the raw.
 */

const isRecord = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A response body with history `msgs[].msg` and list `meta.payload` decoded; undefined when there is nothing to decode. */
export function readableBody(body: unknown): unknown {
  if (!isRecord(body) || !isRecord(body['data'])) return undefined;
  const data = body['data'];
  if (Array.isArray(data['msgs'])) {
    return { ...body, data: { ...data, msgs: data['msgs'].map((m: unknown) => (isRecord(m) && typeof m['msg'] === 'string' ? { ...m, msg: decodeHistoryMessage(m['msg']) } : m)) } };
  }
  if (Array.isArray(data['channel_infos'])) {
    return { ...body, data: { ...data, channel_infos: data['channel_infos'].map((c: unknown) => (isRecord(c) && isRecord(c['meta']) ? { ...c, meta: decodeRestMeta(c['meta']) ?? {} } : c)) } };
  }
  return undefined;
}

/** The payload type of each command, by direction. */
const PAYLOAD: Record<'up' | 'down', Partial<Record<number, 'Provision' | 'CommSyncUL' | 'CommSyncDL' | 'CommUnreadDL' | 'Logout'>>> = {
  up: { [Command.PROVISION]: 'Provision', [Command.SYNC]: 'CommSyncUL', [Command.LOGOUT]: 'Logout' },
  down: { [Command.PROVISION]: 'Provision', [Command.SYNC]: 'CommSyncDL', [Command.UNREAD]: 'CommUnreadDL', [Command.LOGOUT]: 'Logout' },
};
const COMMAND_NAME = Object.fromEntries(Object.entries(Command).map(([k, v]) => [v, k]));

/** A Meta with its MessageBody payload decoded (bytes become plain JSON). */
export function readableMeta(meta: Decoded): Decoded {
  const out: Decoded = { ...meta };
  if (meta['payload'] instanceof Uint8Array) {
    try {
      out['payload'] = plain(decodeAs('MessageBody', meta['payload']));
    } catch {
      out['payload'] = { undecodable: Buffer.from(meta['payload']).toString('base64') };
    }
  }
  if (meta['meta'] instanceof Uint8Array) out['meta'] = Buffer.from(meta['meta']).toString('base64');
  return plain(out);
}

/** Uint8Array → base64 everywhere, so the value is JSON. */
function plain(v: unknown): any {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map(plain);
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

/** One msync frame decoded: the MSync envelope, its command's payload, and every Meta's MessageBody. */
export function readableFrame(bytes: Uint8Array, dir: 'up' | 'down'): Record<string, unknown> {
  const msync = decodeMSync(bytes);
  const command = Number(msync['command'] ?? 0);
  const type = PAYLOAD[dir][command];
  const out: Decoded = { ...msync, command: COMMAND_NAME[command] ?? command };
  if (type && msync['payload'] instanceof Uint8Array) {
    const payload = decodeAs(type, msync['payload']);
    if (isRecord(payload['meta'])) payload['meta'] = readableMeta(payload['meta']);
    if (Array.isArray(payload['metas'])) payload['metas'] = payload['metas'].map(readableMeta);
    out['payload'] = plain(payload);
  } else if (msync['payload'] instanceof Uint8Array) {
    out['payload'] = Buffer.from(msync['payload']).toString('base64');
  }
  return plain(out);
}

import { readFileSync } from 'node:fs';
import { SESSION_FORMAT, SESSION_VERSION, type Session, type SessionHeader, type SessionRecord } from './session.ts';

/** A session file that cannot be used: the message names the file and line. */
export class SessionError extends Error {
  override name = 'SessionError';
}

const isRecord = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What each record kind must carry (enough to catch a foreign or hand-broken file early). */
function problem(r: Record<string, any>): string | undefined {
  if (typeof r['seq'] !== 'number' || typeof r['at'] !== 'number') return 'needs numeric "seq" and "at"';
  switch (r['kind']) {
    case 'http': {
      const q = r['request'];
      if (!isRecord(q) || typeof q['method'] !== 'string' || typeof q['path'] !== 'string' || typeof q['query'] !== 'string' || !isRecord(q['identity'])) return 'request needs method, path, query and identity';
      if (r['response'] === undefined && typeof r['error'] !== 'string') return 'needs a response or an error';
      if (r['response'] !== undefined && (!isRecord(r['response']) || typeof r['response']['status'] !== 'number')) return 'response needs a numeric status';
      return undefined;
    }
    case 'ws-open': return typeof r['conn'] === 'number' && typeof r['path'] === 'string' ? undefined : 'needs conn and path';
    case 'ws-frame': return typeof r['conn'] === 'number' && (r['dir'] === 'up' || r['dir'] === 'down') && typeof r['bytes'] === 'string' ? undefined : 'needs conn, dir ("up"|"down") and base64 bytes';
    case 'ws-close': return typeof r['conn'] === 'number' ? undefined : 'needs conn';
    case 'note': return typeof r['message'] === 'string' ? undefined : 'needs a message';
    default: return `unknown kind ${JSON.stringify(r['kind'])} (expected http, ws-open, ws-frame, ws-close or note)`;
  }
}

/** Parse a session (JSON lines); any broken line is an error naming `file:line` and what is wrong. */
export function parseSession(text: string, file: string): Session {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  let header: SessionHeader | undefined;
  const records: SessionRecord[] = [];
  lines.forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      const last = i === lines.length - 1;
      throw new SessionError(`${where}: not a JSON line${last ? ' (the file looks truncated: was the recorder killed mid-write?)' : ''}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!isRecord(value)) throw new SessionError(`${where}: each line must be a JSON object`);
    if (i === 0) {
      if (value['kind'] !== 'session' || value['format'] !== SESSION_FORMAT) {
        throw new SessionError(`${where}: not a roaming-mock session (line 1 must be {"kind":"session","format":"${SESSION_FORMAT}",…}; write one with \`roaming-mock record\`)`);
      }
      if (value['version'] !== SESSION_VERSION) throw new SessionError(`${where}: session version ${JSON.stringify(value['version'])} is not supported (expected ${SESSION_VERSION})`);
      header = value as SessionHeader;
      return;
    }
    const why = problem(value);
    if (why) throw new SessionError(`${where}: ${value['kind'] ?? 'record'}: ${why}`);
    records.push(value as SessionRecord);
  });
  if (!header) throw new SessionError(`${file}:1: empty file; a session starts with its header line`);
  return { header, records };
}

export function readSession(file: string): Session {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SessionError(`${file}: cannot read: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseSession(text, file);
}

/**
 * The session file `roaming-mock record` writes: JSON lines, one exchange each, in the order they happened.
 * Line 1 is the header; raw bytes and bodies sit beside their decoded, readable form.
 */
export const SESSION_FORMAT = 'roaming-mock-session';
export const SESSION_VERSION = 1;

/** Who a request acted as: learned from the token answers the proxy saw (tokens themselves are masked). */
export type Identity = { as: 'user'; user: string } | { as: 'app' } | { as: 'none' } | { as: 'unknown' };

export interface SessionHeader {
  kind: 'session';
  format: typeof SESSION_FORMAT;
  version: typeof SESSION_VERSION;
  upstream: string;
  wsUpstream: string;
  startedAt: number;
  /** `masked`: tokens, passwords and client secrets were replaced by MASK before writing. */
  secrets: 'masked' | 'kept';
}

export interface HttpRecord {
  kind: 'http';
  seq: number;
  /** When the request arrived (epoch ms) and how long the upstream took. */
  at: number;
  ms: number;
  request: {
    method: string;
    /** Path without the query string, as sent. */
    path: string;
    /** The raw query string without "?". */
    query: string;
    headers: Record<string, string>;
    /** The body: parsed JSON when it was JSON, else the text; absent when empty. */
    body?: unknown;
    identity: Identity;
  };
  /** Absent when the upstream could not be reached (`error` says why; the client got a 502). */
  response?: {
    status: number;
    headers: Record<string, string>;
    body: unknown;
    /** Protobuf history messages and JSON-string payloads, decoded (see readable.ts). */
    decoded?: unknown;
  };
  error?: string;
}

export interface WsOpenRecord { kind: 'ws-open'; seq: number; at: number; conn: number; path: string }
export interface WsFrameRecord {
  kind: 'ws-frame';
  seq: number;
  at: number;
  conn: number;
  /** `up`: the client sent it; `down`: the upstream did. */
  dir: 'up' | 'down';
  /** The frame as relayed (masked when secrets are), base64. */
  bytes: string;
  decoded: Record<string, unknown> | { error: string };
}
export interface WsCloseRecord { kind: 'ws-close'; seq: number; at: number; conn: number; by: 'client' | 'upstream'; code: number }
export interface NoteRecord { kind: 'note'; seq: number; at: number; message: string }

export type SessionRecord = HttpRecord | WsOpenRecord | WsFrameRecord | WsCloseRecord | NoteRecord;

export interface Session {
  header: SessionHeader;
  records: SessionRecord[];
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ApiResponse } from '../api/index.ts';

/** A client that goes away mid-request is no bug of ours: one line, no stack; anything else is a 500 and a log. */
export function failRequest(req: IncomingMessage, res: ServerResponse, err: unknown): void {
  const code = (err as { code?: string } | null)?.code ?? '';
  if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || req.destroyed) {
    console.error(`[roaming-mock] ${req.method} ${req.url?.split('?')[0]}: the client went away before the request was read (${(err as Error).message})`);
  } else console.error('[roaming-mock] request failed:', err);
  // The reason phrase explicitly: a writeHead that threw half-way may have left its own (an answer node refused).
  if (!res.headersSent && !res.destroyed) res.writeHead(500, 'Internal Server Error', { 'content-type': 'application/json' });
  res.end();
}

export function writeResponse(res: ServerResponse, out: ApiResponse, head = false): void {
  if (res.headersSent || res.destroyed) return;
  if (out.drop) {
    // A pipelined request's response gets its socket once the answers before it are out: drop it then, not never.
    if (res.socket) res.socket.destroy();
    else res.once('socket', (socket: Socket) => socket.destroy());
    return;
  }
  const body = out.status === 204 ? undefined : (out.bytes ?? out.body);
  // The response object is ours alone: add the length to it rather than copying the headers. HEAD: GET's length, no body.
  out.headers['content-length'] = body === undefined ? '0' : String(out.byteLength !== undefined && body === out.body ? out.byteLength : Buffer.byteLength(body));
  res.writeHead(out.status, out.headers);
  res.end(head ? undefined : body);
}

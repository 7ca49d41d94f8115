import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_BODY_BYTES, tooLargeResponse, type ApiResponse, type ControlGuard } from '../api/index.ts';
import type { RoamingMock } from '../mock.ts';
import { readBody } from './node-body.ts';
import { NodeApiRequest, hasBody, objectHead, rawHead } from './node-request.ts';
import { writeResponse } from './node-write.ts';
import type { AnswerWriter } from './write-batch.ts';

export { failRequest, writeResponse } from './node-write.ts';

/** node:http ⇄ plain request/response, shared by the standalone server and the express door. */

/** What a network door adds around the router: the control-plane guards and the base URL it announces. */
export interface NodeDoor {
  readonly guard: ControlGuard;
  /** The base URL of envelopes (`uri`) and file URLs: configured or the bound address, never the Host header. */
  publicUrl(req: IncomingMessage): string;
  /** Read the headers it needs from `rawHeaders` (the standalone server: no one else has touched the request). */
  readonly rawHeaders?: boolean;
  /** How answers go out (default: at once; the standalone server batches a turn's answers). */
  readonly write?: AnswerWriter;
}

/** `http://address:port` of a listening address (IPv6 in brackets, IPv4-mapped ones as IPv4). */
export function boundUrl(address: string, port: number): string {
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  return `http://${a.includes(':') ? `[${a}]` : a}:${port}`;
}

const writeAtOnce: AnswerWriter = (_req, res, out, head) => writeResponse(res, out, head);

/**
 * Convert and dispatch; `parsedBody` / `consumedBody` are a body a host framework already read. Requests without
 * a body are handled within the request event; the answer goes out as the door's writer says (at once, or with the
 * turn's other answers).
 */
export function serveNode(mock: RoamingMock, door: NodeDoor, req: IncomingMessage, res: ServerResponse, url: string, parsedBody?: unknown, consumedBody?: string): Promise<void> | void {
  const method = (req.method ?? 'GET').toUpperCase();
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const search = q === -1 ? '' : url.slice(q + 1);
  const head = door.rawHeaders === true ? rawHead(req.rawHeaders) : objectHead(req.headers);
  const bodySent = parsedBody !== undefined || (consumedBody === undefined ? hasBody(head) : consumedBody !== '');
  const refused = door.guard.covers(path) ? door.guard.check({ method, path, search, headers: req.headers, hasBody: bodySent }, mock.clock.now()) : undefined;
  if (refused) {
    if (!req.readableEnded) req.resume();
    return writeResponse(res, door.guard.finish(path, refused));
  }
  // The 1 MiB rule holds even when a host framework's parser allowed more.
  const declared = Number(head.contentLength ?? 0);
  const consumedBytes = consumedBody === undefined ? 0 : Buffer.byteLength(consumedBody);
  if (declared > MAX_BODY_BYTES || consumedBytes > MAX_BODY_BYTES) {
    if (!req.readableEnded) req.resume();
    res.setHeader('connection', 'close');
    writeResponse(res, tooLargeResponse(Math.max(declared, consumedBytes), mock.clock.now()));
    return;
  }
  const write = door.write ?? writeAtOnce;
  const answer = (rawBody: string | undefined): Promise<void> | void => {
    const out = mock.handle(new NodeApiRequest(method, path, search, req, head.authorization, door.publicUrl(req), rawBody, parsedBody));
    if (out instanceof Promise) return out.then((r) => write(req, res, door.guard.finish(path, r), method === 'HEAD'));
    write(req, res, door.guard.finish(path, out), method === 'HEAD');
  };
  if (parsedBody !== undefined || consumedBody !== undefined || !hasBody(head)) return answer(consumedBody);
  return readBody(req, head.contentLength === undefined ? undefined : declared).then((read) => {
    if (typeof read !== 'string') {
      res.setHeader('connection', 'close');
      writeResponse(res, tooLargeResponse(read.tooLarge, mock.clock.now()));
      return;
    }
    return answer(read);
  });
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { createControlGuard, tooLargeResponse, type ControlGuardOptions } from '../api/index.ts';
import type { RoamingMock } from '../mock.ts';
import { boundUrl, serveNode, writeResponse, type NodeDoor } from './node-http.ts';

export interface RoamingMiddlewareOptions extends ControlGuardOptions {
  /** Base URL of envelopes (`uri`) and history-file URLs, mount path included (default: the address the request arrived on). */
  publicUrl?: string;
}

type Next = (err?: unknown) => void;
type ExpressLikeRequest = IncomingMessage & { url: string; body?: unknown; baseUrl?: string };
/** What body-parser (express.json()) passes to next() when it refuses a body. */
type BodyParserError = { type?: string; body?: string; length?: number; limit?: number };

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/**
 * Mount the mock in your own express 5 app: `app.use(roamingMiddleware(mock))` (or under a path).
 * Paths the mock does not claim go on to `next()`; a body `express.json()` already parsed is used as is,
 * and a body it refused (malformed JSON, over its limit) still gets the service's error envelope.
 */
export function roamingMiddleware(mock: RoamingMock, options: RoamingMiddlewareOptions = {}) {
  const base = options.publicUrl?.replace(/\/+$/, '');
  const door: NodeDoor = {
    guard: createControlGuard(options),
    // The address the request arrived on plus the mount path: what the client can reach, never the Host header.
    publicUrl: (req: ExpressLikeRequest) => base ?? `${boundUrl(req.socket.localAddress ?? '127.0.0.1', req.socket.localPort ?? 80)}${req.baseUrl ?? ''}`,
  };
  const handle = (req: ExpressLikeRequest, res: ServerResponse, next: Next): void => {
    if (!mock.claims(req.method ?? 'GET', pathOf(req.url))) return next();
    const serve = (parsed?: unknown, consumed?: string): void => {
      try {
        serveNode(mock, door, req, res, req.url, parsed, consumed)?.catch(next);
      } catch (err) {
        next(err);
      }
    };
    if (!req.readableEnded) return serve();
    // A body parser consumed the stream: express.json() leaves an object, text/raw parsers a string or Buffer.
    const body = req.body;
    if (typeof body === 'string' || body === undefined) serve(undefined, body ?? '');
    else if (Buffer.isBuffer(body)) serve(undefined, body.toString('utf8'));
    else serve(body);
  };
  const bodyErrors = (err: unknown, req: ExpressLikeRequest, res: ServerResponse, next: Next): void => {
    const e = (err ?? {}) as BodyParserError;
    if (!mock.claims(req.method ?? 'GET', pathOf(req.url))) return next(err);
    if (e.type === 'entity.too.large') return writeResponse(res, tooLargeResponse(e.length ?? 0, mock.clock.now()));
    if (e.type === 'entity.parse.failed') {
      // Let the router parse the raw text itself: the same 400 the other doors give.
      try {
        serveNode(mock, door, req, res, req.url, undefined, e.body ?? '')?.catch(next);
      } catch (error) {
        next(error);
      }
      return;
    }
    next(err);
  };
  return [handle, bodyErrors];
}

import type { IncomingMessage } from 'node:http';
import type { ApiRequest } from '../api/index.ts';

/** What the node doors read of every request's headers: three of them, not the whole object. */
export interface RequestHead {
  readonly authorization: string | undefined;
  readonly contentLength: string | undefined;
  readonly chunked: boolean;
}

/**
 * From `rawHeaders` (name, value, …; names as sent): node builds `req.headers` only when something reads it, and
 * a tenant request needs just these. Duplicates as node resolves them: the first Authorization and Content-Length.
 */
export function rawHead(raw: readonly string[]): RequestHead {
  let authorization: string | undefined;
  let contentLength: string | undefined;
  let chunked = false;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    // Lengths first: most names are none of the three, and a length compare rejects them without lower-casing.
    if (name.length === 13) {
      if (authorization === undefined && name.toLowerCase() === 'authorization') authorization = raw[i + 1]!;
    } else if (name.length === 14) {
      if (contentLength === undefined && name.toLowerCase() === 'content-length') contentLength = raw[i + 1]!;
    } else if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') chunked = true;
  }
  return { authorization, contentLength, chunked };
}

/** The same from a headers object (the express door: middleware before us may have changed `req.headers`). */
export function objectHead(headers: IncomingMessage['headers']): RequestHead {
  return { authorization: headers['authorization'], contentLength: headers['content-length'], chunked: headers['transfer-encoding'] !== undefined };
}

/** Does the request carry a body? (RFC 9112: a length or a transfer coding says so.) */
export const hasBody = (head: RequestHead): boolean => head.chunked || (head.contentLength !== undefined && head.contentLength !== '0');

/** A node request as the router sees it: `headers` is node's own, built on first read (the dispatcher does not ask). */
export class NodeApiRequest implements ApiRequest {
  readonly rawBody?: string;
  readonly parsedBody?: unknown;

  constructor(
    readonly method: string,
    readonly path: string,
    readonly search: string,
    private readonly node: IncomingMessage,
    readonly authorization: string | undefined,
    readonly origin: string,
    rawBody: string | undefined,
    parsedBody: unknown,
  ) {
    if (rawBody !== undefined) this.rawBody = rawBody;
    if (parsedBody !== undefined) this.parsedBody = parsedBody;
  }

  get headers(): Record<string, string | undefined> {
    return this.node.headers as Record<string, string | undefined>;
  }
}

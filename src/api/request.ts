import { RoamingError } from '../core/errors.ts';

/** The plain request every door converts to — no Fetch objects on the hot path (DESIGN.md). */
export interface ApiRequest {
  /** Upper-case method (the Web SDK sends "Post"/"Delete" for marks). */
  readonly method: string;
  /** Path without the query string, still percent-encoded. */
  readonly path: string;
  /** The raw query string without "?" (may start with "&", may carry `_v`). */
  readonly search: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /**
   * The Authorization header, when the door read it apart from `headers` (the node doors take it from `rawHeaders`
   * and build `headers` only if something asks); absent: read it from `headers`.
   */
  readonly authorization?: string | undefined;
  /** The body as read by the door, if any. */
  readonly rawBody?: string;
  /** A body a host framework already parsed (express.json()): used instead of rawBody. */
  readonly parsedBody?: unknown;
  /** `http://host:port` as the client addressed us: envelopes and file URLs use it. */
  readonly origin?: string;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** `body`'s UTF-8 size when it is known without a pass over it (cached pages): saves the node door that pass. */
  byteLength?: number;
  /** A binary answer (gzip history files, SPEC-2 R52): doors send these bytes instead of `body`. */
  bytes?: Uint8Array<ArrayBuffer>;
  /** A fault rule asked to drop the connection: doors destroy the socket (MSW: a network error). */
  drop?: true;
}

/** R17's header: read apart by the node doors (no headers object per request), else from the headers. */
export const authorizationOf = (req: ApiRequest): string | undefined => ('authorization' in req ? req.authorization : req.headers['authorization']);

/** Bodies over 1 MiB are refused with 413 (SPEC §3.3); doors stop reading at this size. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The 413 of a body over MAX_BODY_BYTES (the dispatcher's parse and the Fetch conversion both refuse with it). */
export const tooLarge = (bytes: number): RoamingError =>
  new RoamingError('too_large', `body: ${bytes} bytes is over the limit of ${MAX_BODY_BYTES} bytes (1 MiB)`, 'body');

import { utf8Length } from '../../core/utf8-length.ts';
import { stringifyJson } from '../../core/json-limits.ts';
import { RoamingError } from '../../core/errors.ts';
import type { Plane } from '../router.ts';
import { wireOf } from './errors.ts';
import type { ApiResponse } from '../request.ts';

/** Response headers: JSON, and CORS so browser apps can call the standalone server (one literal: a stable shape). */
export function jsonHeaders(): Record<string, string> {
  return {
    'content-type': 'application/json;charset=UTF-8',
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
    'access-control-allow-headers': 'Authorization, Content-Type, Accept, X-Requested-With',
    'access-control-max-age': '86400',
  };
}

const uuids = new Map<string, string>();
/** The cache of a pure function, bounded: tenants come and go under a long-running server. */
const UUID_CACHE_LIMIT = 10_000;

/** A stable application uuid per appKey, so envelopes are deterministic. */
export function applicationUuid(appKey: string): string {
  let uuid = uuids.get(appKey);
  if (uuid === undefined) {
    if (uuids.size >= UUID_CACHE_LIMIT) uuids.clear();
    uuids.set(appKey, (uuid = computeUuid(appKey)));
  }
  return uuid;
}

function computeUuid(appKey: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < appKey.length; i++) {
    h1 = Math.imul(h1 ^ appKey.charCodeAt(i), 16777619) >>> 0;
    h2 = Math.imul(h2 + appKey.charCodeAt(i), 2246822507) >>> 0;
  }
  const hex = (h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')).repeat(2);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): ApiResponse {
  const h = jsonHeaders();
  if (headers) Object.assign(h, headers);
  return { status, headers: h, body: stringifyJson(body) };
}

export interface EnvelopeContext {
  method: string;
  org: string;
  app: string;
  /** Path after `/{org}/{app}`. */
  subPath: string;
  /** Path before `/{org}/{app}` (the v6 server API's `/api/server/v6`), usually "". */
  mount?: string;
  origin: string;
  now: number;
  params?: Record<string, string[]>;
}

/** The REST envelope (SPEC §3.2): handlers return plain data, this adds the service's fields. */
export function envelope(ctx: EnvelopeContext, data: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    action: ctx.method.toLowerCase(),
    application: applicationUuid(`${ctx.org}#${ctx.app}`),
    applicationName: ctx.app,
    organization: ctx.org,
    uri: `${ctx.origin}${ctx.mount ?? ''}/${ctx.org}/${ctx.app}${ctx.subPath}`,
    path: ctx.subPath,
    entities: [],
    ...(ctx.params ? { params: ctx.params } : {}),
    data,
    timestamp: ctx.now,
    duration: 0,
    ...extra,
  };
}

/** The same envelope around `data` given as JSON text: list and history pages splice cached fragments in. */
export function envelopeJson(ctx: EnvelopeContext, dataJson: string): string {
  return `${envelopeHead(ctx)}${dataJson},"timestamp":${ctx.now},"duration":0}`;
}

/** Everything before `data`'s value: the same for every request to one path from one origin. */
export function envelopeHead(ctx: EnvelopeContext): string {
  return `{"action":"${ctx.method.toLowerCase()}","application":"${applicationUuid(`${ctx.org}#${ctx.app}`)}","applicationName":${JSON.stringify(ctx.app)},"organization":${JSON.stringify(ctx.org)},"uri":${JSON.stringify(`${ctx.origin}${ctx.mount ?? ''}/${ctx.org}/${ctx.app}${ctx.subPath}`)},"path":${JSON.stringify(ctx.subPath)},"entities":[],"data":`;
}

const heads = new Map<string, { text: string; bytes: number }>();
/** Bounded like the uuid cache: paths carry user names, and a long-running server sees many. */
const HEAD_CACHE_LIMIT = 10_000;

/**
 * envelopeJson with the head looked up by method, origin and path (a client polling one page asks the same). With
 * `dataBytes` (data's UTF-8 size, known for a cached page), `envelopeBytes` then holds the whole body's size.
 */
export function envelopeJsonCached(key: string, ctx: () => EnvelopeContext, dataJson: string, now: number, dataBytes = -1): string {
  let head = heads.get(key);
  if (head === undefined) {
    if (heads.size >= HEAD_CACHE_LIMIT) heads.clear();
    const text = envelopeHead(ctx());
    heads.set(key, (head = { text, bytes: utf8Length(text) }));
  }
  const tail = `,"timestamp":${now},"duration":0}`;
  ENVELOPE_BYTES.size = dataBytes < 0 ? -1 : head.bytes + dataBytes + tail.length;
  return head.text + dataJson + tail;
}

/** The body size of the last envelopeJsonCached call given `dataBytes` (-1 otherwise): scratch, read right after. */
export const ENVELOPE_BYTES = { size: -1 };

/** The one error renderer (SPEC §3.3): `{error, exception, timestamp, duration, error_description}`. */
export function renderError(err: RoamingError, now: number, headers: Record<string, string> = {}, plane?: Plane): ApiResponse {
  const { wire, description } = wireOf(err, plane);
  const extra = err.retryAfter !== undefined ? { 'retry-after': String(err.retryAfter) } : {};
  return errorBody(wire.status, wire.error, wire.exception, description, now, { ...headers, ...extra }, err.code);
}

/** The envelope itself; fault rules use it directly for statuses the error table does not name. `code`: R41's `error_code`. */
export function errorBody(status: number, error: string, exception: string, description: string, now: number, headers: Record<string, string> = {}, code?: number): ApiResponse {
  const body = code === undefined
    ? { error, exception, timestamp: now, duration: 0, error_description: description }
    : { error, exception, timestamp: now, duration: 0, error_code: code, error_description: description };
  return json(status, body, headers);
}

/** Anything that is not a RoamingError is a bug of ours: 500, logged once with its stack. */
export function toRoamingError(err: unknown): RoamingError {
  if (err instanceof RoamingError) return err;
  console.error('[roaming-mock] internal error — please report it with this stack:', err);
  return new RoamingError('internal', `internal error in roaming-mock: ${err instanceof Error ? err.message : String(err)}`);
}

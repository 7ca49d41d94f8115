import { RoamingError, badArg, describe } from '../core/errors.ts';
import type { Query } from './query.ts';
import type { ChatType } from '../core/model.ts';

/** Query and body readers: each rejection names the field and what it must be (SPEC §3.3). */

export function queryString(q: Query, name: string): string | undefined {
  const v = q.get(name);
  return v === null ? undefined : v;
}

export function requiredQuery(q: Query, name: string, what: string): string {
  const v = q.get(name);
  if (v === null || v === '') throw badArg(name, `query parameter required: ${what}`);
  return v;
}

/** An integer query parameter; absent or "" gives the default. Range is checked by the core. */
export function queryInt(q: Query, name: string, fallback?: number): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return fallback;
  if (!/^-?\d{1,16}$/.test(v)) throw badArg(name, `must be an integer, got ${describe(v)}`);
  return Number(v);
}

export function queryBool(q: Query, name: string, fallback: boolean): boolean {
  const v = q.get(name);
  if (v === null || v === '') return fallback;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw badArg(name, `must be true or false, got ${describe(v)}`);
}

export type JsonBody = Record<string, unknown>;

export function requireObject(value: unknown, field = 'body'): JsonBody {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RoamingError('invalid_request_body', `${field}: must be a JSON object, got ${describe(value)}`, field);
  }
  return value as JsonBody;
}

export function bodyString(body: JsonBody, name: string, required: true): string;
export function bodyString(body: JsonBody, name: string, required?: false): string | undefined;
export function bodyString(body: JsonBody, name: string, required = false): string | undefined {
  const v = body[name];
  if (v === undefined || v === null) {
    if (required) throw badArg(name, 'required (a string)');
    return undefined;
  }
  if (typeof v !== 'string') throw badArg(name, `must be a string, got ${describe(v)}`);
  return v;
}

export function bodyBool(body: JsonBody, name: string, required: boolean, fallback = false): boolean {
  const v = body[name];
  if (v === undefined || v === null) {
    if (required) throw badArg(name, 'required (true or false)');
    return fallback;
  }
  if (typeof v !== 'boolean') throw badArg(name, `must be true or false, got ${describe(v)}`);
  return v;
}

/** A number that may arrive as a number or a numeric string; null/absent gives undefined. */
export function bodyInt(body: JsonBody, name: string): number | undefined {
  const v = body[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d{1,16}$/.test(v)) return Number(v);
  throw badArg(name, `must be an integer, got ${describe(v)}`);
}

/**
 * Conversation types on the wire: pin and delete-conversation send `groupChat`, marks `groupchat`; both are
 * accepted everywhere (SPEC §3.1). `chatroom` only where `rooms` allows it.
 */
export function conversationType(value: unknown, field: string, rooms = false): ChatType {
  if (value === 'chat' || value === 'singleChat') return 'chat';
  if (value === 'groupchat' || value === 'groupChat') return 'groupchat';
  if (rooms && (value === 'chatroom' || value === 'chatRoom')) return 'chatroom';
  throw badArg(field, `must be "chat" or "groupChat"${rooms ? ' or "chatroom"' : ''}, got ${describe(value)}`);
}

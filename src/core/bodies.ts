import { RoamingError, describe } from './errors.ts';
import { requireStorableJson } from './json-limits.ts';
import { MESSAGE_TYPES, type JsonObject, type MessageType } from './model.ts';

type FieldType = 'string' | 'number' | 'object' | 'size';
interface FieldRule {
  readonly type: FieldType;
  readonly required?: true;
}

/** The REST body shapes of SPEC §3.1 (what RestMeta payloads carry); extra fields are kept as sent. */
const BODY_RULES: Record<MessageType, Record<string, FieldRule>> = {
  txt: { msg: { type: 'string', required: true } },
  img: { url: { type: 'string', required: true }, filename: { type: 'string' }, secret: { type: 'string' }, size: { type: 'size' }, file_length: { type: 'number' } },
  audio: { url: { type: 'string', required: true }, filename: { type: 'string' }, length: { type: 'number' }, secret: { type: 'string' }, file_length: { type: 'number' } },
  video: {
    url: { type: 'string', required: true }, filename: { type: 'string' }, length: { type: 'number' }, secret: { type: 'string' },
    thumb: { type: 'string' }, thumb_secret: { type: 'string' }, file_length: { type: 'number' },
  },
  file: { url: { type: 'string', required: true }, filename: { type: 'string' }, secret: { type: 'string' }, file_length: { type: 'number' } },
  loc: { lat: { type: 'number', required: true }, lng: { type: 'number', required: true }, addr: { type: 'string', required: true } },
  cmd: { action: { type: 'string', required: true } },
  custom: { customEvent: { type: 'string' }, customExts: { type: 'object' } },
  combine: {
    title: { type: 'string' }, summary: { type: 'string' }, compatibleText: { type: 'string' }, url: { type: 'string' }, secret: { type: 'string' },
    filename: { type: 'string' }, file_length: { type: 'number' }, combineLevel: { type: 'number' },
  },
};

/** The same rules as entries, made once (validation runs for every message of a large fixture). */
const RULE_LIST = Object.fromEntries(Object.entries(BODY_RULES).map(([type, rules]) => [type, Object.entries(rules)])) as Record<MessageType, Array<[string, FieldRule]>>;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function fits(type: FieldType, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'object':
      return isObject(value);
    case 'size':
      return isObject(value) && typeof value['width'] === 'number' && typeof value['height'] === 'number';
  }
}

const EXPECTED: Record<FieldType, string> = {
  string: 'a string',
  number: 'a finite number',
  object: 'an object',
  size: 'an object {width: number, height: number}',
};

export function requireMessageType(value: unknown, field = 'type'): MessageType {
  if (typeof value !== 'string' || !MESSAGE_TYPES.includes(value as MessageType)) {
    throw new RoamingError('illegal_argument', `${field}: must be one of ${MESSAGE_TYPES.join(', ')}, got ${describe(value)}`, field);
  }
  return value as MessageType;
}

/** Check a body against its type's shape; the error names `body.<field>` and what it must be. */
export function validateBody(type: MessageType, body: unknown, field = 'body'): JsonObject {
  if (!isObject(body)) throw new RoamingError('invalid_request_body', `${field}: must be an object, got ${describe(body)}`, field);
  for (const [name, rule] of RULE_LIST[type]) {
    const value = body[name];
    if (value === undefined) {
      if (rule.required) throw new RoamingError('illegal_argument', `${field}.${name}: required for type "${type}" (${EXPECTED[rule.type]})`, `${field}.${name}`);
      continue;
    }
    if (!fits(rule.type, value)) {
      throw new RoamingError('illegal_argument', `${field}.${name}: must be ${EXPECTED[rule.type]}, got ${describe(value)}`, `${field}.${name}`);
    }
  }
  requireBoundedBody(field, body);
  return withoutType(body);
}

/** Depth and size limits of a body; a nested field over the limit is named (`body.customExts`). */
function requireBoundedBody(field: string, body: JsonObject): void {
  try {
    requireStorableJson(field, body);
  } catch (err) {
    for (const [name, value] of Object.entries(body)) if (typeof value === 'object' && value !== null) requireStorableJson(`${field}.${name}`, value);
    throw err;
  }
}

/** The REST shape may carry the type inside the body too; the message's own type is canonical. */
export function withoutType(body: JsonObject): JsonObject {
  if (!('type' in body)) return body;
  const { type: _ignored, ...rest } = body;
  return rest;
}

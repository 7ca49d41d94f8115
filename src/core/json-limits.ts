import { utf8Length } from './utf8-length.ts';
import { badArg } from './errors.ts';

/** Every stored JSON value (`ext`, bodies, `customExts`) nests at most this deep (finding #14.2: deep values overflow renderers). */
export const MAX_JSON_DEPTH = 64;
/** …and serializes to at most this many UTF-8 bytes. */
export const MAX_JSON_BYTES = 65_536;

/**
 * Depth of a JSON value (a scalar is 0, `{}` is 1) and an upper bound of its UTF-8 size. Stops as soon as the depth
 * passes `maxDepth`, so the recursion is at most maxDepth + 1 deep whatever the input: any value is measured safely,
 * and an ordinary body (every one of a million-message fixture is measured) allocates nothing.
 */
function measure(value: unknown, maxDepth: number): { readonly depth: number; readonly bytes: number } {
  walked.depth = 0;
  walked.bytes = 0;
  walk(value, 0, maxDepth);
  // The module's one record, read before the next measure: a million bodies allocate no result.
  return walked;
}

const walked = { depth: 0, bytes: 0 };

/** Add `v` at depth `d` to `walked`; false once the depth has passed `maxDepth`. */
function walk(v: unknown, d: number, maxDepth: number): boolean {
  if (typeof v === 'string') walked.bytes += v.length * 6 + 2; // worst case: every unit escaped as \uXXXX
  else if (typeof v === 'number') walked.bytes += 24;
  else if (typeof v !== 'object' || v === null) walked.bytes += 5;
  else {
    const level = d + 1;
    if (level > walked.depth) walked.depth = level;
    if (level > maxDepth) return false;
    walked.bytes += 2;
    if (Array.isArray(v)) {
      for (const item of v) {
        walked.bytes += 1;
        if (!walk(item, level, maxDepth)) return false;
      }
    } else {
      // for-in with an own check: Object.keys' keys, without an array per object.
      for (const key in v) {
        if (!Object.hasOwn(v, key)) continue;
        walked.bytes += key.length * 6 + 4;
        if (!walk((v as Record<string, unknown>)[key], level, maxDepth)) return false;
      }
    }
  }
  return true;
}


/**
 * A value the service may store: at most MAX_JSON_DEPTH levels and MAX_JSON_BYTES of JSON, else an illegal_argument naming
 * `field` and the limit. Cheap for ordinary values: the exact size is computed only when the bound is close.
 */
export function requireStorableJson(field: string, value: unknown): void {
  const { depth, bytes: bytesAtMost } = measure(value, MAX_JSON_DEPTH);
  if (depth > MAX_JSON_DEPTH) throw badArg(field, `nests deeper than ${MAX_JSON_DEPTH} levels; at most ${MAX_JSON_DEPTH} are allowed`);
  if (bytesAtMost <= MAX_JSON_BYTES) return;
  const bytes = utf8Length(JSON.stringify(value) ?? '');
  if (bytes > MAX_JSON_BYTES) throw badArg(field, `is ${bytes} bytes of JSON; at most ${MAX_JSON_BYTES} are allowed`);
}

/** The problem of a value, or undefined (fixture validation collects these instead of throwing). */
export function storableJsonProblem(field: string, value: unknown): string | undefined {
  try {
    requireStorableJson(field, value);
    return undefined;
  } catch (err) {
    return (err as Error & { description?: string }).description?.replace(/^[^:]+: /, '') ?? String(err);
  }
}

/**
 * JSON.stringify that cannot overflow the stack: the native one for everything ordinary, an iterative one for
 * values nested too deep for it (anything stored before the limits existed). Same output for JSON values.
 */
export function stringifyJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return stringifyIteratively(value);
  }
}

type Frame = { kind: 'array'; items: unknown[]; i: number } | { kind: 'object'; obj: Record<string, unknown>; keys: string[]; i: number; wrote: boolean };

function stringifyIteratively(root: unknown): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  /** Write a scalar, or open a container; false for what JSON.stringify leaves out of objects (undefined, functions). */
  const open = (v: unknown, inArray: boolean): boolean => {
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON: () => unknown }).toJSON();
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') {
      if (inArray) out.push('null');
      return inArray;
    }
    if (v === null || typeof v !== 'object') {
      out.push(JSON.stringify(v));
      return true;
    }
    if (Array.isArray(v)) {
      out.push('[');
      stack.push({ kind: 'array', items: v, i: 0 });
    } else {
      out.push('{');
      stack.push({ kind: 'object', obj: v as Record<string, unknown>, keys: Object.keys(v), i: 0, wrote: false });
    }
    return true;
  };
  open(root, true);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.kind === 'array') {
      if (top.i === top.items.length) {
        out.push(']');
        stack.pop();
        continue;
      }
      if (top.i > 0) out.push(',');
      open(top.items[top.i++], true);
      continue;
    }
    if (top.i === top.keys.length) {
      out.push('}');
      stack.pop();
      continue;
    }
    const key = top.keys[top.i++]!;
    const at = out.length;
    out.push(`${top.wrote ? ',' : ''}${JSON.stringify(key)}:`);
    if (open(top.obj[key], false)) top.wrote = true;
    else out.length = at;
  }
  return out.join('');
}

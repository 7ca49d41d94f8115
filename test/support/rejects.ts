import { expect } from 'vitest';
import { RoamingError } from '../../src/index.ts';

/** Expect a RoamingError of `kind` whose description is exactly `description` (SPEC-2 gives the texts). */
export function rejectsExactly(fn: () => unknown, kind: string, description: string): RoamingError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RoamingError);
    const e = err as RoamingError;
    expect({ kind: e.kind, description: e.description }).toEqual({ kind, description });
    return e;
  }
  throw new Error('expected a RoamingError');
}

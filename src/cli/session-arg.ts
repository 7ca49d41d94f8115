import { SessionError, readSession } from '../record/read.ts';
import type { Session } from '../record/session.ts';

/** A session file named on the command line, or undefined after saying why it cannot be used (the caller exits 2: bad input, not a difference). */
export function readSessionArg(file: string): Session | undefined {
  try {
    return readSession(file);
  } catch (err) {
    if (!(err instanceof SessionError)) throw err;
    console.error(`[roaming-mock] ${err.message}`);
    return undefined;
  }
}

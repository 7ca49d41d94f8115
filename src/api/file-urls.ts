import type { Query } from './query.ts';
import { RoamingError } from '../core/errors.ts';
import { hmacSha256 } from './hmac.ts';

/** History-file URLs stay valid this long on the engine clock, like the service's signed download links. */
export const FILE_URL_TTL_SECONDS = 3600;

/** Signed, expiring URLs for history files: the link itself is the credential, as with the real service. */
export interface FileUrlSigner {
  /** `Expires=…&Signature=…` for a path (mount-relative, exactly as it will be requested). */
  query(path: string, now: number): string;
  /** Throw a 403 unless `query` carries an unexpired signature of `path`. */
  check(path: string, query: Query, now: number): void;
}

const encoder = new TextEncoder();
const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const refuse = (why: string): RoamingError => new RoamingError('forbidden', `Signature: ${why}; get a fresh URL from GET /{org}/{app}/chatmessages/{time}`, 'Signature');

/** Constant time, so a signature cannot be guessed byte by byte from response times. */
function sameText(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length && i < b.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** `secret` defaults to 32 random bytes: per server, never derived from the seed (a seed is not a secret). */
export function createFileUrlSigner(secret: Uint8Array = globalThis.crypto.getRandomValues(new Uint8Array(32))): FileUrlSigner {
  const sign = (path: string, expires: number): string => hex(hmacSha256(secret, encoder.encode(`${path}\n${expires}`)));
  return {
    query(path, now) {
      const expires = Math.floor(now / 1000) + FILE_URL_TTL_SECONDS;
      return `Expires=${expires}&Signature=${sign(path, expires)}`;
    },
    check(path, query, now) {
      const expires = query.get('Expires');
      const signature = query.get('Signature');
      if (expires === null || signature === null) throw refuse('this URL is not signed (Expires and Signature are required)');
      if (!/^\d{1,12}$/.test(expires) || !sameText(signature, sign(path, Number(expires)))) throw refuse('does not match this URL');
      if (now >= Number(expires) * 1000) throw refuse(`the URL expired at ${new Date(Number(expires) * 1000).toISOString()}`);
    },
  };
}

import type { IncomingMessage } from 'node:http';
import { MAX_BODY_BYTES } from '../api/index.ts';

/** Read the body, stopping at 1 MiB: a bigger body is refused before it is read whole (413). */
export function readBody(req: IncomingMessage): Promise<string | { tooLarge: number }> {
  // Listen right away: many clients (autocannon among them) write the body apart from the headers, so it is not
  // there yet when the request is announced, and waiting a tick to look only adds a turn.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        req.resume();
        resolve({ tooLarge: size });
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}


import type { IncomingMessage } from 'node:http';
import { MAX_BODY_BYTES } from '../api/index.ts';

/**
 * Read the body, stopping at 1 MiB: a bigger body is refused before it is read whole (413). `declared`: the
 * Content-Length, if the request has one.
 */
export function readBody(req: IncomingMessage, declared: number | undefined): Promise<string | { tooLarge: number }> {
  return new Promise((resolve, reject) => {
    // Someone else reads this request already (an express middleware teeing the body): listen beside it, at once.
    if (req.readableFlowing !== null || req.listenerCount('data') > 0) return listen(req, resolve, reject);
    // A body that came in the same read as its headers is pushed right after the request event, before node
    // processes the next tick: then it is all buffered and one read() takes it.
    process.nextTick(() => {
      if (declared !== undefined && declared > 0 && req.readableLength === declared && req.listenerCount('data') === 0) {
        const whole = req.read() as Buffer | null;
        if (whole !== null && whole.length === declared) {
          // The message's end comes later: flowing, the stream then ends and closes as usual ('end', 'close').
          req.resume();
          return resolve(whole.toString('utf8'));
        }
        if (whole !== null) req.unshift(whole);
      }
      listen(req, resolve, reject);
    });
  });
}

/** The body as it streams in (it trickles, or it is chunked). */
function listen(req: IncomingMessage, resolve: (read: string | { tooLarge: number }) => void, reject: (err: unknown) => void): void {
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
}


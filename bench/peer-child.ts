import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMiddleware } from '@mswjs/http-middleware';
import express from 'express';
import { getLocal } from 'mockttp';
import { http, HttpResponse } from 'msw';
import { watchStdin } from './children.ts';
import type { Canned } from './peers.ts';

/**
 * A peer mock server for the HTTP benchmark, in its own process, answering the canned responses (roaming-mock's
 * own status, headers and bytes) with one static rule per request:
 * - `mockttp`: mockttp's Node API (getLocal), traffic recording off; rules match method, path, exact query, body.
 * - `msw-express`: express 5 with @mswjs/http-middleware and trivial MSW handlers (method and path).
 * Prints {"port": n} once listening; exits when the bench's end of stdin closes.
 */
const [mode = '', specFile = ''] = process.argv.slice(2);
const canned = JSON.parse(readFileSync(specFile, 'utf8')) as Canned[];
watchStdin();

const split = (path: string): { pathname: string; query: string } => {
  const q = path.indexOf('?');
  return q < 0 ? { pathname: path, query: '' } : { pathname: path.slice(0, q), query: path.slice(q) };
};

if (mode === 'mockttp') {
  const server = getLocal({ recordTraffic: false });
  await server.start();
  for (const c of canned) {
    const { pathname, query } = split(c.path);
    let rule = c.method === 'POST' ? server.forPost(pathname) : c.method === 'DELETE' ? server.forDelete(pathname) : server.forGet(pathname);
    rule = rule.withExactQuery(query);
    if (c.body !== undefined) rule = rule.withBody(c.body);
    await rule.thenReply(c.status, c.bytes, c.headers);
  }
  console.log(JSON.stringify({ port: server.port }));
} else if (mode === 'msw-express') {
  const handlers = canned.map((c) => {
    const { pathname } = split(c.path);
    const reply = () => new HttpResponse(c.bytes, { status: c.status, headers: c.headers });
    return c.method === 'POST' ? http.post(pathname, reply) : c.method === 'DELETE' ? http.delete(pathname, reply) : http.get(pathname, reply);
  });
  const app = express();
  app.disable('x-powered-by');
  // The middleware is CommonJS and sees msw's CJS typings; ours are the ESM ones — the same classes at run time.
  app.use(createMiddleware(...(handlers as unknown as Parameters<typeof createMiddleware>)));
  const server = createServer(app).listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: (server.address() as AddressInfo).port })));
} else {
  console.error(`peer-child: unknown mode ${mode}`);
  process.exit(2);
}

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
// The compiled package, as users run it (npm run bench builds it first): self-referenced through package.json#exports.
import { createRoamingMock } from 'roaming-mock';
import { startServer } from 'roaming-mock/server';
import { roamingMiddleware } from 'roaming-mock/express';
import { watchStdin } from './children.ts';
import { benchRequests, benchState } from './state.ts';
import type { createRoamingMock as createFromSource } from '../src/index.ts';

// The same code typed twice (src/ and dist/): state.ts speaks the source types, the server the built ones.
type BuiltMock = Parameters<typeof startServer>[0];

/**
 * A server for the HTTP benchmark, in its own process: `mock` (the standalone server), `express` (express 5 with
 * roamingMiddleware), `bare` (node:http answering the mock's own bytes for each request) or `bare-batched` (the same,
 * batching its writes per event-loop turn). Prints {port, ...}.
 */
const [mode = 'mock', threadArg = '1000000'] = process.argv.slice(2);
watchStdin();
const { mock, deepStart, deleteIds, token } = benchState(Number(threadArg), createRoamingMock as unknown as typeof createFromSource);
const built = mock as unknown as BuiltMock;
const requests = benchRequests(deepStart, deleteIds);
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

if (mode === 'mock') {
  const running = await startServer(built, { port: 0 });
  console.log(JSON.stringify({ port: running.port, token, requests }));
} else if (mode === 'express') {
  const app = express();
  app.use(roamingMiddleware(built));
  const server = createServer(app).listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: (server.address() as AddressInfo).port, token, requests })));
} else {
  // The baseline: the exact status, headers and bytes the mock gives, from a plain lookup.
  const canned = new Map<string, { status: number; headers: Record<string, string>; body: string }>();
  for (const r of requests) {
    const q = r.path.indexOf('?');
    const res = await mock.handle({ method: r.method, path: q < 0 ? r.path : r.path.slice(0, q), search: q < 0 ? '' : r.path.slice(q + 1), headers, ...(r.body ? { rawBody: r.body } : {}), origin: 'http://127.0.0.1' });
    canned.set(`${r.method} ${r.path}`, { ...res, headers: { ...res.headers, 'content-length': String(Buffer.byteLength(res.body)) } });
  }
  // `bare-batched`: the same, writing a turn's answers together after it, as the standalone server does.
  const pending: Array<() => void> = [];
  const flush = (): void => {
    for (const write of pending.splice(0)) write();
  };
  const server = createServer({ keepAlive: true }, (req, res) => {
    const c = canned.get(`${req.method} ${req.url}`);
    if (!c) {
      res.writeHead(404).end();
      return;
    }
    const write = (): void => {
      res.writeHead(c.status, c.headers);
      res.end(c.body);
    };
    if (mode !== 'bare-batched') return write();
    if (pending.length === 0) setImmediate(flush);
    pending.push(write);
  }).listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: (server.address() as AddressInfo).port, token, requests })));
}

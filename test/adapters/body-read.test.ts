import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { setTimeout as realSetTimeout } from 'node:timers';
import express from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { roamingMiddleware } from '../../src/adapters/express.ts';
import { createRoamingMock } from '../../src/index.ts';
import { startServer, type RunningServer } from '../../src/adapters/server.ts';

/**
 * #18: the standalone server reads a body that came with its headers and one that trickles
 * in. Both must give the same answer, and the connection must stay usable (keep-alive) after either.
 */
let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** Send raw bytes in pieces (`gapMs` apart) on one connection; resolve with everything read once `responses` answers arrived. */
function exchange(port: number, pieces: string[], responses: number, gapMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      if ((text.match(/HTTP\/1\.1 /g) ?? []).length >= responses && /\}\s*$/.test(text)) {
        socket.end();
        resolve(text);
      }
    });
    socket.on('error', reject);
    let i = 0;
    const next = (): void => {
      socket.write(pieces[i++]!);
      if (i < pieces.length) setTimeout(next, gapMs);
    };
    socket.on('connect', next);
  });
}

describe('request bodies on the standalone server (#18)', () => {
  it('R7: a history POST whose body arrives with its headers and one whose body trickles in (three pieces, 30 ms apart) answer the same page; two requests on one connection both answer', async () => {
    const mock = createRoamingMock({ now: Date.parse('2026-03-01T00:00:00Z'), frozen: true, seed: 1, fixture: { version: 1, apps: [{ org: 'o', app: 'a', users: [{ username: 'alice' }, { username: 'bob' }] }] } });
    const t = mock.tenant('o#a');
    for (let i = 0; i < 5; i++) t.send({ from: 'bob', to: 'alice', chatType: 'chat', type: 'txt', body: { msg: `m${i} — ünïcödé` } });
    const token = mock.tokens.issue(t, 'alice').token;
    running = await startServer(mock, { port: 0 });
    const body = JSON.stringify({ queue: 'bob@easemob.com', start: '-1', pull_number: 3, is_positive: false, msgType: '' });
    const head = `POST /o/a/users/alice/messageroaming HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
    const whole = await exchange(running.port, [head + body + head + body], 2, 0);
    const third = Math.ceil(body.length / 3);
    const trickled = await exchange(running.port, [head, body.slice(0, third), body.slice(third, 2 * third), body.slice(2 * third)], 1, 30);
    const pages = (raw: string): unknown[] => raw.split(/HTTP\/1\.1 /).slice(1).map((r) => {
      expect(r.startsWith('200')).toBe(true);
      return (JSON.parse(r.slice(r.indexOf('\r\n\r\n') + 4)) as { data: unknown }).data;
    });
    const [first, second] = pages(whole);
    const [slow] = pages(trickled);
    expect((first as { msgs: unknown[] }).msgs).toHaveLength(3);
    expect(second).toEqual(first);
    expect(slow).toEqual(first);
  });

  it('R4, R7: a cached page answers with its exact UTF-8 content-length (CJK, emoji, accents), first render and repeat alike', async () => {
    const mock = createRoamingMock({ now: Date.parse('2026-03-01T00:00:00Z'), frozen: true, seed: 1, fixture: { version: 1, apps: [{ org: 'o', app: 'a', users: [{ username: 'alice' }, { username: 'bob' }] }] } });
    const t = mock.tenant('o#a');
    for (const msg of ['plain', 'ünïcödé', '你好，世界 😀👍🏽']) t.send({ from: 'bob', to: 'alice', chatType: 'chat', type: 'txt', body: { msg } });
    const token = mock.tokens.issue(t, 'alice').token;
    running = await startServer(mock, { port: 0 });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const requests: Array<[string, RequestInit]> = [
      [`${running.url}/o/a/sdk/user/alice/user_channels/list?limit=20&cursor=&need_mark=true`, { headers }],
      [`${running.url}/o/a/users/alice/messageroaming`, { method: 'POST', headers, body: JSON.stringify({ queue: 'bob@easemob.com', start: '-1', pull_number: 10, is_positive: false, msgType: '' }) }],
    ];
    for (const [url, init] of requests) {
      for (let i = 0; i < 2; i++) {
        const res = await fetch(url, init);
        const bytes = new Uint8Array(await res.arrayBuffer());
        expect(res.status).toBe(200);
        expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
        // A length too short would cut the JSON (a too long one would leave fetch waiting: the test times out).
        expect((JSON.parse(new TextDecoder().decode(bytes)) as { data: unknown }).data).toBeDefined();
      }
    }
    // The list page really holds the non-ASCII text (the history page carries it base64-encoded).
    const page = await (await fetch(requests[0]![0], requests[0]![1])).text();
    expect(page).toContain('你好，世界 😀👍🏽');
  });

  it('R17, R7: the headers are read as sent (rawHeaders): any case, the first of two Authorization lines, a chunked body, none at all', async () => {
    const mock = createRoamingMock({ now: Date.parse('2026-03-01T00:00:00Z'), frozen: true, seed: 1, fixture: { version: 1, apps: [{ org: 'o', app: 'a', users: [{ username: 'alice' }, { username: 'bob' }] }] } });
    const t = mock.tenant('o#a');
    t.send({ from: 'bob', to: 'alice', chatType: 'chat', type: 'txt', body: { msg: 'hi' } });
    const alice = mock.tokens.issue(t, 'alice').token;
    const bob = mock.tokens.issue(t, 'bob').token;
    running = await startServer(mock, { port: 0 });
    const body = JSON.stringify({ queue: 'bob@easemob.com', start: '-1', pull_number: 3, is_positive: false, msgType: '' });
    const statusOf = async (headerLines: string, payload: string): Promise<string> => {
      const raw = await exchange(running!.port, [`POST /o/a/users/alice/messageroaming HTTP/1.1\r\nHost: 127.0.0.1\r\n${headerLines}\r\n${payload}`], 1, 0);
      return raw.slice('HTTP/1.1 '.length, 'HTTP/1.1 '.length + 3);
    };
    const sized = `Content-Type: application/json\r\nCONTENT-LENGTH: ${Buffer.byteLength(body)}\r\n`;
    expect(await statusOf(`AUTHORIZATION: bearer ${alice}\r\n${sized}`, body)).toBe('200');
    // Node keeps the first of duplicated Authorization lines: alice's token acts for alice, bob's would not.
    expect(await statusOf(`authorization: Bearer ${alice}\r\nAuthorization: Bearer ${bob}\r\n${sized}`, body)).toBe('200');
    expect(await statusOf(`Authorization: Bearer ${bob}\r\nAuthorization: Bearer ${alice}\r\n${sized}`, body)).toBe('403');
    const chunked = `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`;
    expect(await statusOf(`Authorization: Bearer ${alice}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n`, chunked)).toBe('200');
    expect(await statusOf(sized, body)).toBe('401');
  });

  it('R4, R7: pipelined requests of one turn are answered together and in their order (batched writes), 404 and 401 included', async () => {
    const mock = createRoamingMock({ now: Date.parse('2026-03-01T00:00:00Z'), frozen: true, seed: 1, fixture: { version: 1, apps: [{ org: 'o', app: 'a', users: [{ username: 'alice' }, { username: 'bob' }] }] } });
    const t = mock.tenant('o#a');
    t.send({ from: 'bob', to: 'alice', chatType: 'chat', type: 'txt', body: { msg: 'hi' } });
    const token = mock.tokens.issue(t, 'alice').token;
    running = await startServer(mock, { port: 0 });
    const body = JSON.stringify({ queue: 'bob@easemob.com', start: '-1', pull_number: 3, is_positive: false, msgType: '' });
    const auth = `Host: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n`;
    const list = `GET /o/a/sdk/user/alice/user_channels/list?limit=20&cursor= HTTP/1.1\r\n${auth}\r\n`;
    const history = `POST /o/a/users/alice/messageroaming HTTP/1.1\r\n${auth}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const missing = `GET /o/a/nothing/here HTTP/1.1\r\n${auth}\r\n`;
    const anonymous = `GET /o/a/sdk/user/alice/user_channels/list?limit=20&cursor= HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
    const raw = await exchange(running.port, [list + history + missing + anonymous + list], 5, 0);
    const answers = raw.split(/HTTP\/1\.1 /).slice(1).map((r) => [r.slice(0, 3), JSON.parse(r.slice(r.indexOf('\r\n\r\n') + 4)) as { data?: Record<string, unknown> }] as const);
    expect(answers.map(([status]) => status)).toEqual(['200', '200', '404', '401', '200']);
    expect(Object.keys(answers[0]![1].data!)).toContain('channel_infos');
    expect(Object.keys(answers[1]![1].data!)).toContain('msgs');
    expect(answers[4]![1]).toEqual(answers[0]![1]);
  });

  const world = () => {
    const mock = createRoamingMock({ now: Date.parse('2026-03-01T00:00:00Z'), frozen: true, seed: 1, fixture: { version: 1, apps: [{ org: 'o', app: 'a', users: [{ username: 'alice' }, { username: 'bob' }] }] } });
    const t = mock.tenant('o#a');
    t.send({ from: 'bob', to: 'alice', chatType: 'chat', type: 'txt', body: { msg: 'hi' } });
    const body = JSON.stringify({ queue: 'bob@easemob.com', start: '-1', pull_number: 3, is_positive: false, msgType: '' });
    const request = `POST /o/a/users/alice/messageroaming HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${mock.tokens.issue(t, 'alice').token}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    return { mock, request };
  };
  const statusOf = (raw: string): string => raw.slice('HTTP/1.1 '.length, 'HTTP/1.1 '.length + 3);

  it('R7: answers still go out under a test\'s fake timers (the batch uses node:timers, not the global setImmediate)', async () => {
    const { mock, request } = world();
    running = await startServer(mock, { port: 0 });
    // Given up after 3 s of real time (node:timers' own setTimeout: the global one is fake here).
    const within = <T>(p: Promise<T>): Promise<T> => Promise.race([p, new Promise<T>((_, reject) => realSetTimeout(() => reject(new Error('no answer within 3 s')), 3000))]);
    vi.useFakeTimers();
    try {
      expect(statusOf(await within(exchange(running.port, [request], 1, 0)))).toBe('200');
      expect(statusOf(await within(exchange(running.port, [request], 1, 0)))).toBe('200');
    } finally {
      vi.useRealTimers();
    }
  });

  it('R7: a body read in one go still ends its request stream (end and close reach other listeners)', async () => {
    const { mock, request } = world();
    running = await startServer(mock, { port: 0 });
    const events: string[] = [];
    running.server.on('request', (req: IncomingMessage) => {
      req.on('end', () => events.push('end'));
      req.on('close', () => events.push('close'));
    });
    expect(statusOf(await exchange(running.port, [request], 1, 0))).toBe('200');
    await vi.waitFor(() => expect(events).toEqual(['end', 'close']));
  });

  it('R7 express door: a middleware that tees the body before the mock does not take it away', async () => {
    const { mock, request } = world();
    const app = express();
    const teed: Buffer[] = [];
    app.use((req, _res, next) => {
      req.on('data', (chunk: Buffer) => teed.push(chunk));
      next();
    });
    app.use(roamingMiddleware(mock));
    const server = createServer(app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const raw = await exchange((server.address() as AddressInfo).port, [request], 1, 0);
      expect(statusOf(raw)).toBe('200');
      expect(Buffer.concat(teed).toString()).toContain('bob@easemob.com');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

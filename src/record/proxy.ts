import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer, type RawData } from 'ws';
import { maskAuthorization, maskJson } from './mask.ts';
import { maskFrame } from './mask-frame.ts';
import { readableBody, readableFrame } from './readable.ts';
import { SESSION_FORMAT, SESSION_VERSION, type Identity } from './session.ts';
import { SessionWriter } from './writer.ts';

export interface RecorderOptions {
  /** The real service (or another mock): `https://a1.easemob.com`. */
  upstream: string;
  /** The msync WebSocket base; default: the upstream with ws(s):// (paths such as `/websocket` are kept). */
  wsUpstream?: string;
  out: string;
  keepSecrets?: boolean;
  port?: number;
  host?: string;
}

export interface Recorder {
  /** Point the SDK's `apiUrl` (and app servers) here. */
  url: string;
  /** Point the SDK's `url` here (`…/websocket`). */
  wsUrl: string;
  close(): Promise<void>;
}

/** Request headers worth keeping in the session (and forwarding): the rest is transport. */
const KEPT_REQUEST = ['content-type', 'authorization', 'accept'];
const KEPT_RESPONSE = ['content-type', 'retry-after'];
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding', 'host']);

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

const parsed = (text: string): unknown => {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

const pick = (headers: Record<string, unknown>, names: string[]): Record<string, string> =>
  Object.fromEntries(names.filter((n) => typeof headers[n] === 'string').map((n) => [n, headers[n] as string]));

/**
 * `roaming-mock record`: a reverse proxy in front of the service. REST requests are forwarded and answered with
 * the upstream's answer; msync WebSockets are relayed frame by frame; every exchange goes to the session file.
 */
export async function startRecorder(options: RecorderOptions): Promise<Recorder> {
  const upstream = options.upstream.replace(/\/+$/, '');
  const wsUpstream = (options.wsUpstream ?? upstream.replace(/^http/, 'ws')).replace(/\/+$/, '');
  const keep = options.keepSecrets === true;
  const out = new SessionWriter(options.out, {
    kind: 'session', format: SESSION_FORMAT, version: SESSION_VERSION, upstream, wsUpstream, startedAt: Date.now(), secrets: keep ? 'kept' : 'masked',
  });
  // Tokens the upstream issued during the session → whom they act for (the file keeps the identity, not the token).
  const identities = new Map<string, Identity>();
  const identityOf = (authorization: string | undefined): Identity => {
    if (!authorization) return { as: 'none' };
    return identities.get(authorization.replace(/^Bearer\s+/i, '')) ?? { as: 'unknown' };
  };
  const secret = (value: unknown): unknown => (keep ? value : maskJson(value));

  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const raw = await readBody(req);
    const [path = '/', query = ''] = (req.url ?? '/').split(/\?(.*)/s);
    const headers = pick(req.headers as Record<string, unknown>, KEPT_REQUEST);
    const requestBody = parsed(raw.toString('utf8'));
    const request = {
      method: req.method ?? 'GET', path, query,
      headers: keep || !headers['authorization'] ? headers : { ...headers, authorization: maskAuthorization(headers['authorization']) },
      ...(requestBody !== undefined ? { body: secret(requestBody) } : {}),
      identity: identityOf(headers['authorization']),
    };
    let answer: Response;
    try {
      answer = await fetch(`${upstream}${req.url ?? '/'}`, {
        method: request.method,
        headers: Object.fromEntries(Object.entries(req.headers).filter(([k, v]) => !HOP_BY_HOP.has(k) && typeof v === 'string')) as Record<string, string>,
        ...(raw.length > 0 ? { body: new Uint8Array(raw) } : {}),
        redirect: 'manual',
      });
    } catch (err) {
      const cause = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
      const why = `upstream: cannot reach ${upstream} (${cause})`;
      out.write({ kind: 'note', at, message: `${request.method} ${path}: ${why}; answered 502` });
      out.write({ kind: 'http', at, ms: Date.now() - at, request, error: why });
      res.writeHead(502, { 'content-type': 'application/json;charset=UTF-8', 'access-control-allow-origin': '*' });
      res.end(JSON.stringify({ error: 'bad_gateway', exception: 'RecordProxyException', timestamp: Date.now(), duration: 0, error_description: `${why}: is it running?` }));
      return;
    }
    const text = await answer.text();
    const body = parsed(text);
    learnToken(request.path, requestBody, answer.status, body);
    const decoded = readableBody(body);
    out.write({
      kind: 'http', at, ms: Date.now() - at, request,
      response: { status: answer.status, headers: pick(Object.fromEntries(answer.headers), KEPT_RESPONSE), body: secret(body), ...(decoded !== undefined ? { decoded: secret(decoded) } : {}) },
    });
    const replyHeaders: Record<string, string> = {};
    answer.headers.forEach((v, k) => void (HOP_BY_HOP.has(k) || (replyHeaders[k] = v)));
    res.writeHead(answer.status, replyHeaders);
    res.end(text);
  }

  function learnToken(path: string, body: unknown, status: number, answer: unknown): void {
    if (status !== 200 || !/\/token$/.test(path) || typeof answer !== 'object' || answer === null) return;
    const token = (answer as Record<string, unknown>)['access_token'];
    if (typeof token !== 'string') return;
    const grant = (body as Record<string, unknown> | undefined)?.['grant_type'];
    const user = ((answer as Record<string, any>)['user']?.['username'] ?? (body as Record<string, unknown> | undefined)?.['username']) as string | undefined;
    identities.set(token, grant === 'client_credentials' ? { as: 'app' } : user ? { as: 'user', user } : { as: 'unknown' });
  }

  const server: Server = createServer((req, res) => {
    forward(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });

  let conns = 0;
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (client) => relay(client, req.url ?? '/websocket'));
  });

  function relay(client: WebSocket, path: string): void {
    const conn = ++conns;
    out.write({ kind: 'ws-open', at: Date.now(), conn, path });
    const target = new WebSocket(`${wsUpstream}${path}`);
    const pending: Buffer[] = [];
    const record = (bytes: Buffer, dir: 'up' | 'down'): Buffer => {
      const kept = keep ? bytes : Buffer.from(maskFrame(bytes));
      let decoded: Record<string, unknown> | { error: string };
      try {
        decoded = readableFrame(kept, dir);
      } catch (err) {
        decoded = { error: `undecodable frame: ${err instanceof Error ? err.message : String(err)}` };
      }
      out.write({ kind: 'ws-frame', at: Date.now(), conn, dir, bytes: kept.toString('base64'), decoded });
      return bytes;
    };
    const asBuffer = (data: RawData): Buffer => (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer));
    client.on('message', (data) => {
      const bytes = record(asBuffer(data), 'up');
      if (target.readyState === WebSocket.OPEN) target.send(bytes);
      else pending.push(bytes);
    });
    target.on('open', () => {
      for (const bytes of pending.splice(0)) target.send(bytes);
    });
    target.on('message', (data) => {
      const bytes = record(asBuffer(data), 'down');
      if (client.readyState === WebSocket.OPEN) client.send(bytes);
    });
    target.on('error', (err) => {
      out.write({ kind: 'note', at: Date.now(), message: `ws ${conn}: upstream ${wsUpstream}${path}: ${err.message}` });
      client.close(1011, 'upstream unreachable');
    });
    const closed = (by: 'client' | 'upstream') => (code: number): void => {
      out.write({ kind: 'ws-close', at: Date.now(), conn, by, code });
      const other = by === 'client' ? target : client;
      if (other.readyState === WebSocket.OPEN || other.readyState === WebSocket.CONNECTING) other.terminate();
    };
    client.once('close', closed('client'));
    target.once('close', closed('upstream'));
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host}:${port}`,
    wsUrl: `ws://${host}:${port}/websocket`,
    async close() {
      for (const c of wss.clients) c.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      out.close();
    },
  };
}


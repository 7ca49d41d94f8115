import type { Server } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { MAX_BODY_BYTES, MsyncSession, hubOf } from '../api/index.ts';
import type { RoamingMock } from '../mock.ts';

/** How long a socket may stay silent; both also free the device slot (8 per user) of a vanished client. */
export interface LivenessOptions {
  /** A socket must log in (PROVISION) within this, or it is closed (default 10 s). */
  loginTimeoutMs?: number;
  /** Every interval the server pings each socket; one that has not answered the last ping (nor sent a frame) is dropped (default 30 s). */
  heartbeatIntervalMs?: number;
}

const toBytes = (data: RawData): Uint8Array =>
  Array.isArray(data) ? new Uint8Array(Buffer.concat(data)) : data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data);

/** msync over `ws` at `/websocket`, on the same port as HTTP (SPEC §4.2). Returns a function that closes it. */
export function attachWebSocket(server: Server, mock: RoamingMock, options: LivenessOptions & { path?: string } = {}): () => void {
  const path = options.path ?? '/websocket';
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
  const hub = hubOf(mock);
  const alive = new WeakSet<WebSocket>();
  // One timer for all sockets: a socket that missed the previous round is gone (frozen client, dead network).
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) ws.terminate();
      else {
        alive.delete(ws);
        ws.ping();
      }
    }
  }, options.heartbeatIntervalMs ?? 30_000);
  heartbeat.unref();
  server.on('upgrade', (req, socket, head) => {
    const url = req.url ?? '/';
    if (url.split('?')[0] !== path) {
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const session = new MsyncSession(hub, {
        send: (bytes) => ws.readyState === ws.OPEN && ws.send(bytes),
        close: (code, reason) => ws.close(code, reason),
      });
      alive.add(ws);
      const login = setTimeout(() => session.user === undefined && ws.close(1008, 'no login (PROVISION) in time'), options.loginTimeoutMs ?? 10_000);
      login.unref();
      ws.on('pong', () => alive.add(ws));
      ws.on('message', (data) => {
        alive.add(ws);
        session.receive(toBytes(data));
      });
      ws.on('close', () => {
        clearTimeout(login);
        session.closed();
      });
      ws.on('error', () => session.closed());
    });
  });
  return () => {
    clearInterval(heartbeat);
    for (const client of wss.clients) client.terminate();
    wss.close();
  };
}

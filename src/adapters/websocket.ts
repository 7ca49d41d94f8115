import type { Server } from 'node:http';
import { WebSocketServer, type RawData } from 'ws';
import { MAX_BODY_BYTES, MsyncSession, hubOf } from '../api/index.ts';
import type { RoamingMock } from '../mock.ts';

const toBytes = (data: RawData): Uint8Array =>
  Array.isArray(data) ? new Uint8Array(Buffer.concat(data)) : data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data);

/** msync over `ws` at `/websocket`, on the same port as HTTP (SPEC §4.2). Returns a function that closes it. */
export function attachWebSocket(server: Server, mock: RoamingMock, path = '/websocket'): () => void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
  const hub = hubOf(mock);
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
      ws.on('message', (data) => session.receive(toBytes(data)));
      ws.on('close', () => session.closed());
      ws.on('error', () => session.closed());
    });
  });
  return () => {
    for (const client of wss.clients) client.terminate();
    wss.close();
  };
}

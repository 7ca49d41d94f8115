import { http, ws, type HttpHandler } from 'msw';
import { hubOf, MsyncSession } from '../api/index.ts';
import type { RoamingMock } from '../mock.ts';

export interface RoamingHandlersOptions {
  /** Where your client sends requests, e.g. `https://a1.easemob.com` or `http://roaming.test/api`. */
  baseUrl: string;
}

/**
 * MSW handlers over the same router: `setupServer(...roamingHandlers(mock, { baseUrl }))` in Node tests,
 * `setupWorker(...)` in a browser. Requests the route table does not know fall through to your other handlers.
 */
export function roamingHandlers(mock: RoamingMock, { baseUrl }: RoamingHandlersOptions): HttpHandler[] {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  return [
    http.all(`${base.origin}${prefix}/*`, async ({ request }) => {
      const url = new URL(request.url);
      const path = url.pathname.slice(prefix.length) || '/';
      if (!mock.claims(request.method, path)) return undefined;
      return mock.fetch(request, { basePath: prefix });
    }),
  ];
}

export interface RoamingWebSocketOptions {
  /** The SDK's `url`, e.g. `ws://im.test/websocket`. */
  url: string;
}

/** Close codes a WebSocket endpoint may send from script (1000, 3000–4999); others become 1000. */
const scriptCloseCode = (code?: number): number => (code !== undefined && code >= 3000 && code <= 4999 ? code : 1000);

/**
 * msync through MSW's WebSocket interception (`ws.link`): the same sessions as the standalone server's
 * `/websocket`. Needs a global `WebSocket` (browsers, Node ≥ 22, or one installed on globalThis in Node 20).
 */
export function roamingWebSocketHandler(mock: RoamingMock, { url }: RoamingWebSocketOptions) {
  const hub = hubOf(mock);
  return ws.link(url).addEventListener('connection', ({ client }) => {
    const session = new MsyncSession(hub, {
      send: (bytes) => client.send(bytes),
      close: (code, reason) => client.close(scriptCloseCode(code), reason),
    });
    client.addEventListener('message', (event) => {
      const data: unknown = event.data;
      if (data instanceof ArrayBuffer) session.receive(new Uint8Array(data));
      else if (ArrayBuffer.isView(data)) session.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      else if (data instanceof Blob) void data.arrayBuffer().then((buffer) => session.receive(new Uint8Array(buffer)));
      else session.receive(new TextEncoder().encode(String(data)));
    });
    client.addEventListener('close', () => session.closed());
  });
}

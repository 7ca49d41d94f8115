import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { websdk } from '../support/websdk.ts';
import { NodeXMLHttpRequest } from '../support/xhr.ts';
import { createRoamingMock } from '../../src/index.ts';
import { roamingHandlers, roamingWebSocketHandler } from '../../src/adapters/msw.ts';
import { sdkFixture, until } from './harness.ts';

// Everything in-process: the SDK's XHR (node:http) and its WebSocket (globalThis.WebSocket) both go through MSW.
const mock = createRoamingMock({ fixture: sdkFixture(), seed: 5 });
const server = setupServer(...roamingHandlers(mock, { baseUrl: 'http://im.test' }), roamingWebSocketHandler(mock, { url: 'ws://im.test/websocket' }));
const conns: any[] = [];
const connect = () => {
  const conn = new websdk.connection({ appKey: 'sdk#test', isHttpDNS: false, url: 'ws://im.test/websocket', apiUrl: 'http://im.test', autoReconnectNumMax: 1 });
  conns.push(conn);
  return conn;
};

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  // MSW's XMLHttpRequest interceptor expects a browser XHR; our Node XHR speaks node:http, which MSW's
  // ClientRequest interceptor already covers — so put the plain one back after MSW patched the global.
  (globalThis as Record<string, unknown>)['XMLHttpRequest'] = NodeXMLHttpRequest;
});
afterAll(() => {
  for (const c of conns) c.close();
  server.close();
});

describe('the real Web SDK through MSW (http + ws.link), no server at all', () => {
  it('logs in, lists, roams, and chats live between two clients', async () => {
    const alice = connect();
    const bob = connect();
    await alice.open({ user: 'alice', pwd: 'alice-pw' });
    await bob.open({ user: 'bob', pwd: 'bob-pw' });
    const page = await alice.getServerConversations({ pageSize: 2 });
    expect(page.data.conversations.map((c: any) => c.conversationId)).toEqual(['team', 'dave']);
    const hist = await alice.getHistoryMessages({ targetId: 'bob', chatType: 'singleChat', pageSize: 5 });
    expect(hist.messages).toHaveLength(5);
    const received: any[] = [];
    bob.addEventHandler('live', { onTextMessage: (m: any) => received.push(m) });
    const ack = await alice.send(websdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'bob', msg: 'through msw' }));
    await until(() => received.some((m) => m.id === ack.serverMsgId), 'bob to receive it through ws.link');
    const roamed = await bob.getHistoryMessages({ targetId: 'alice', chatType: 'singleChat', pageSize: 1 });
    expect(roamed.messages[0]).toMatchObject({ id: ack.serverMsgId, msg: 'through msw' });
  });
});

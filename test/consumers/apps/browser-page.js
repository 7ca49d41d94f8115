// The browser consumer, bundled by esbuild: the real Easemob Web SDK against roaming-mock inside MSW's service
// worker — REST through roamingHandlers, msync (login, send) through roamingWebSocketHandler. No server anywhere:
// im.test does not exist. The page reports what it saw on window.__result.
import { setupWorker } from 'msw/browser';
import websdk from 'easemob-websdk';
import { createRoamingMock } from 'roaming-mock';
import { roamingHandlers, roamingWebSocketHandler } from 'roaming-mock/msw';
import demo from 'roaming-mock/fixtures/demo.json' with { type: 'json' };

const baseUrl = 'http://im.test';
const url = 'ws://im.test/websocket';

async function main() {
  const mock = createRoamingMock({ fixture: demo, seed: 5 });
  const worker = setupWorker(...roamingHandlers(mock, { baseUrl }), roamingWebSocketHandler(mock, { url }));
  await worker.start({ onUnhandledRequest: 'bypass', quiet: true });
  const conn = new websdk.connection({ appKey: 'demo#roaming', isHttpDNS: false, url, apiUrl: baseUrl, autoReconnectNumMax: 1 });
  await conn.open({ user: 'alice', pwd: 'alice-pw' });
  const list = await conn.getServerConversations({ pageSize: 20, cursor: '' });
  const page1 = await conn.getHistoryMessages({ targetId: 'bob', chatType: 'singleChat', pageSize: 3 });
  const page2 = await conn.getHistoryMessages({ targetId: 'bob', chatType: 'singleChat', pageSize: 3, cursor: page1.cursor });
  const ack = await conn.send(websdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'bob', msg: 'from the browser' }));
  const bobSees = mock.tenant('demo#roaming').history('bob', { chatType: 'chat', id: 'alice', pageSize: 1 }).messages[0];
  conn.close();
  return {
    ok: true,
    controlled: navigator.serviceWorker.controller !== null,
    conversations: list.data.conversations.map((c) => c.conversationId),
    page1: page1.messages.map((m) => ({ id: m.id, type: m.type })),
    page2: page2.messages.map((m) => ({ id: m.id, type: m.type })),
    page2IsLast: page2.isLast,
    ackId: ack.serverMsgId,
    bobSees: bobSees ? { id: bobSees.id, from: bobSees.from, body: bobSees.body } : null,
  };
}

main().then(
  (result) => { window.__result = result; },
  (err) => { window.__result = { ok: false, error: err && (err.message || JSON.stringify(err)), stack: err && err.stack }; },
);

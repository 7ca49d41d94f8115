// A CommonJS consumer: require() of the engine, the server and the typed client; the client talks to the
// server over real HTTP (login, list, history, send). Prints one JSON line for the test to check.
const { createRoamingMock } = require('roaming-mock');
const { startServer } = require('roaming-mock/server');
const { RoamingClient, RoamingClientError } = require('roaming-mock/client');
const demo = require('roaming-mock/fixtures/demo.json');

(async () => {
  const mock = createRoamingMock({ fixture: demo, seed: 2 });
  const server = await startServer(mock, { port: 0 });
  try {
    const client = new RoamingClient({ baseUrl: server.url, org: 'demo', app: 'roaming' });
    await client.login('alice', 'alice-pw');
    const list = await client.conversations('alice', { limit: 10 });
    const page = await client.history('alice', { peer: 'bob', pageSize: 3 });
    const app = new RoamingClient({ baseUrl: server.url, org: 'demo', app: 'roaming' });
    await app.loginApp('demo-client', 'demo-secret');
    const sent = await app.sendToUsers({ from: 'carol', to: ['alice'], type: 'txt', body: { msg: 'hello from cjs' } });
    let refused;
    try {
      await client.login('alice', 'wrong-pw');
    } catch (err) {
      refused = { isClientError: err instanceof RoamingClientError, status: err.status };
    }
    console.log(JSON.stringify({
      node: process.version,
      resolved: [require.resolve('roaming-mock'), require.resolve('roaming-mock/server'), require.resolve('roaming-mock/client')],
      list: list.conversations.map((c) => c.id),
      history: page.messages.map((m) => ({ from: m.from, type: m.type })),
      isLast: page.isLast,
      sent,
      engineSeesIt: mock.tenant('demo#roaming').history('alice', { chatType: 'chat', id: 'carol', pageSize: 1 }).messages[0].body,
      refused,
    }));
  } finally {
    await server.close();
  }
})().catch((err) => {
  console.error(err);
  process.exit(1);
});

// A plain Node ESM consumer: the engine with the bundled demo fixture, the tenant API, mock.fetch, and the
// standalone server on a free port answering real HTTP. Prints one JSON line for the test to check.
import { createRoamingMock } from 'roaming-mock';
import { startServer } from 'roaming-mock/server';
import demo from 'roaming-mock/fixtures/demo.json' with { type: 'json' };

const mock = createRoamingMock({ fixture: demo, seed: 1 });
const tenant = mock.tenant('demo#roaming');
const engineList = tenant.conversations('alice').conversations.map((c) => c.id);

const { token } = mock.tokens.issue(tenant, 'alice');
const auth = { authorization: `Bearer ${token}` };
const listed = await mock.fetch(new Request('http://im.test/demo/roaming/sdk/user/alice/user_channels/list?limit=2&cursor=', { headers: auth }));
const listBody = await listed.json();

const server = await startServer(mock, { port: 0 });
let http;
try {
  const health = await fetch(`${server.url}/_mock/health`);
  const refused = await fetch(`${server.url}/demo/roaming/sdk/user/alice/user_channels/list?limit=51`, { headers: auth });
  http = { url: server.url, health: health.status, healthBody: await health.json(), refused: refused.status, refusedBody: await refused.json() };
} finally {
  await server.close();
}

console.log(JSON.stringify({
  node: process.version,
  resolved: import.meta.resolve('roaming-mock'),
  engineList,
  fetchStatus: listed.status,
  fetchList: listBody.data.channel_infos.map((c) => c.session_to),
  http,
}));

// An express 5 app of a consumer: the mock mounted under /im next to the app's own routes. Prints one JSON line.
import { createRequire } from 'node:module';
import express from 'express';
import { createRoamingMock } from 'roaming-mock';
import { roamingMiddleware } from 'roaming-mock/express';
import demo from 'roaming-mock/fixtures/demo.json' with { type: 'json' };

const mock = createRoamingMock({ fixture: demo, seed: 4 });
const app = express();
app.use(express.json());
app.use('/im', roamingMiddleware(mock));
app.get('/im/mine', (_req, res) => res.json({ mine: true }));
const server = await new Promise((resolve) => {
  const s = app.listen(0, '127.0.0.1', () => resolve(s));
});
const base = `http://127.0.0.1:${server.address().port}`;
try {
  const login = await fetch(`${base}/im/demo/roaming/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'password', username: 'alice', password: 'alice-pw' }),
  });
  const { access_token: token } = await login.json();
  const list = await fetch(`${base}/im/demo/roaming/sdk/user/alice/user_channels/list?limit=3&cursor=`, { headers: { authorization: `Bearer ${token}` } });
  const listBody = await list.json();
  const mine = await fetch(`${base}/im/mine`);
  const unknown = await fetch(`${base}/im/demo/roaming/no/such/route`, { headers: { authorization: `Bearer ${token}` } });
  console.log(JSON.stringify({
    node: process.version,
    express: createRequire(import.meta.url)('express/package.json').version,
    login: login.status,
    list: list.status,
    conversations: listBody.data.channel_infos.map((c) => c.session_to),
    mine: [mine.status, await mine.json()],
    unknown: [unknown.status, (await unknown.json()).error],
  }));
} finally {
  server.close();
}

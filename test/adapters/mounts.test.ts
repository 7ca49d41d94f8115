import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { describe, expect, it } from 'vitest';
import { createRoamingMock } from '../../src/index.ts';
import { roamingMiddleware } from '../../src/adapters/express.ts';
import { roamingHandlers } from '../../src/adapters/msw.ts';

const fixture = { version: 1 as const, apps: [{ org: 'demo', app: 'roaming', users: [{ username: 'alice' }, { username: 'bob' }], messages: [{ from: 'bob', to: 'alice', type: 'txt', body: { msg: 'hi' } }] }] };

describe('doors under a prefix', () => {
  it('express: app.use("/im", roamingMiddleware(mock)) serves the API and the inspector under /im; other paths go on', async () => {
    const mock = createRoamingMock({ fixture });
    const token = mock.tokens.issue(mock.tenant('demo#roaming'), 'alice').token;
    const app = express();
    app.use('/im', roamingMiddleware(mock));
    app.get('/im/own-route', (_req, res) => void res.json({ mine: true }));
    app.get('/elsewhere', (_req, res) => void res.json({ elsewhere: true }));
    const server = createServer(app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${base}/im/_mock/health`)).status).toBe(200);
      const list = await fetch(`${base}/im/demo/roaming/users/alice/user_channels`, { headers: { authorization: `Bearer ${token}` } });
      expect(((await list.json()) as any).data.channel_infos[0].channel_id).toBe('demo#roaming_bob@easemob.com');
      expect((await (await fetch(`${base}/im/_mock/ui`)).text())).toContain('ui/inspector.js');
      expect((await fetch(`${base}/im/_mock/ui/inspector.js`)).status).toBe(200);
      expect(await (await fetch(`${base}/im/own-route`)).json()).toEqual({ mine: true });
      expect(await (await fetch(`${base}/elsewhere`)).json()).toEqual({ elsewhere: true });
      // A typo inside a known tenant is the mock's to answer, with the service's 404.
      const typo = await fetch(`${base}/im/demo/roaming/nope`, { headers: { authorization: `Bearer ${token}` } });
      expect([typo.status, ((await typo.json()) as any).error]).toEqual([404, 'service_resource_not_found']);
    } finally {
      server.close();
    }
  });

  it('MSW: a baseUrl with a path strips it; requests outside the mock fall through to other handlers', async () => {
    const mock = createRoamingMock({ fixture });
    const token = mock.tokens.issue(mock.tenant('demo#roaming'), 'alice').token;
    const server = setupServer(...roamingHandlers(mock, { baseUrl: 'http://api.test/chat/v1' }), http.get('http://api.test/chat/v1/profile', () => HttpResponse.json({ other: true })));
    server.listen({ onUnhandledRequest: 'error' });
    try {
      expect((await fetch('http://api.test/chat/v1/_mock/health')).status).toBe(200);
      const history = await fetch('http://api.test/chat/v1/demo/roaming/users/alice/messageroaming', {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ queue: 'bob@easemob.com', start: -1, pull_number: 5 }),
      });
      expect(((await history.json()) as any).data.msgs).toHaveLength(1);
      expect(await (await fetch('http://api.test/chat/v1/profile')).json()).toEqual({ other: true });
    } finally {
      server.close();
    }
  });
});

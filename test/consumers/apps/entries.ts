// Type-checked by tsc (strict, no skipLibCheck) under nodenext and under bundler resolution: every entry, the
// JSON fixture import, and a few deliberate mistakes that must stay type errors (so the types are not `any`).
import { createRoamingMock, type FixtureInput, type RoamingMock } from 'roaming-mock';
import { startServer, type RunningServer } from 'roaming-mock/server';
import { roamingMiddleware } from 'roaming-mock/express';
import { roamingHandlers, roamingWebSocketHandler } from 'roaming-mock/msw';
import { RoamingClient, type RoamedMessage } from 'roaming-mock/client';
import { verifyProvider } from 'roaming-mock/contracts';
import demo from 'roaming-mock/fixtures/demo.json' with { type: 'json' };
import express from 'express';
import { setupServer } from 'msw/node';

const fixture: FixtureInput = demo;
const mock: RoamingMock = createRoamingMock({ fixture: demo, frozen: true, seed: 1 });
const ids: string[] = mock.tenant('demo#roaming').conversations('alice').conversations.map((c) => c.id);

const app = express();
app.use(express.json());
app.use('/im', roamingMiddleware(mock));

const server = setupServer(...roamingHandlers(mock, { baseUrl: 'https://a1.easemob.test' }), roamingWebSocketHandler(mock, { url: 'wss://im.test/websocket' }));
const client = new RoamingClient({ baseUrl: 'http://127.0.0.1:5280', org: 'demo', app: 'roaming' });

export async function typed(): Promise<void> {
  const running: RunningServer = await startServer(mock, { port: 0 });
  const url: string = running.url;
  const page = await client.history('alice', { peer: 'bob', pageSize: 3 });
  const first: RoamedMessage | undefined = page.messages[0];
  const { ok }: { ok: boolean } = await verifyProvider({ providerBaseUrl: url });
  console.log(first?.id, ok, ids, fixture, app, server);
  await running.close();
}

// @ts-expect-error a number is no fixture
createRoamingMock({ fixture: 42 });
// @ts-expect-error the handlers need a base URL
roamingHandlers(mock, {});
// @ts-expect-error conversations() returns a page, not an array
mock.tenant('demo#roaming').conversations('alice').map((c: unknown) => c);

import express from 'express';
import type { AddressInfo } from 'node:net';
import { setupServer } from 'msw/node';
import { createRoamingMock, type RoamingMock, type Fixture } from '../../src/index.ts';
import { startServer } from '../../src/adapters/server.ts';
import { roamingMiddleware } from '../../src/adapters/express.ts';
import { roamingHandlers } from '../../src/adapters/msw.ts';

/** One way in: a base URL to send requests to, and how to stop it. */
export interface Door {
  readonly name: string;
  readonly mock: RoamingMock;
  readonly base: string;
  close(): Promise<void>;
}

export type DoorFactory = (fixture: Fixture, options: { now: number; seed: number }) => Promise<Door>;

const make = (fixture: Fixture, o: { now: number; seed: number }) => createRoamingMock({ fixture, now: o.now, frozen: true, seed: o.seed });

export const serverDoor: DoorFactory = async (fixture, o) => {
  const mock = make(fixture, o);
  const running = await startServer(mock, { port: 0 });
  return { name: 'server', mock, base: running.url, close: () => running.close() };
};

export const expressDoor: DoorFactory = async (fixture, o) => {
  const mock = make(fixture, o);
  const app = express();
  app.use(express.json({ limit: '2mb', type: () => true }));
  app.use(roamingMiddleware(mock));
  app.use((_req, res) => void res.status(418).send('not the mock'));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as AddressInfo).port;
  return {
    name: 'express',
    mock,
    base: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    }),
  };
};

export const mswDoor: DoorFactory = async (fixture, o) => {
  const mock = make(fixture, o);
  const base = 'http://roaming.test';
  const server = setupServer(...roamingHandlers(mock, { baseUrl: base }));
  server.listen({ onUnhandledRequest: 'bypass' });
  return { name: 'msw', mock, base, close: async () => server.close() };
};

export const DOORS: Array<[string, DoorFactory]> = [
  ['server', serverDoor],
  ['express', expressDoor],
  ['msw', mswDoor],
];

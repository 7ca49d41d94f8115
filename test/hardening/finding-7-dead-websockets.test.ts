import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createRoamingMock, type RoamingMock } from '../../src/index.ts';
import { startServer, type RunningServer } from '../../src/adapters/server.ts';
import { hubOf } from '../../src/api/msync/hub.ts';
import { MAX_DEVICES_PER_USER } from '../../src/api/msync/session.ts';
import { pb } from '../../src/api/wire/proto.ts';
import { until } from '../sdk/harness.ts';

/** Finding 7 of issue #14: sockets that never log in stayed open; frozen clients held their device slots. */

const world = (): RoamingMock => createRoamingMock({ fixture: { version: 1, apps: [{ org: 'l', app: 'm', users: [{ username: 'ann' }] }] } });

const closed = (ws: WebSocket): Promise<number> => new Promise((r) => (ws.readyState === ws.CLOSED ? r(-1) : ws.once('close', (code) => r(code))));

/** Open a socket and log in as ann; resolves with the PROVISION error code (0 = logged in). */
async function login(mock: RoamingMock, running: RunningServer): Promise<{ ws: WebSocket; code: number }> {
  const ws = new WebSocket(running.wsUrl);
  ws.binaryType = 'arraybuffer';
  await new Promise((r) => ws.once('open', r));
  const token = mock.tokens.issue(mock.tenant('l#m'), 'ann').token;
  const provision = pb.Provision.encode(pb.Provision.fromObject({ resource: `r${Math.random()}` })).finish();
  ws.send(pb.MSync.encode(pb.MSync.fromObject({ command: 3, guid: { appKey: 'l#m', name: 'ann' }, auth: `$t$${token}`, payload: provision })).finish());
  const reply = await new Promise<ArrayBuffer>((r) => ws.once('message', (d) => r(d as ArrayBuffer)));
  const msync = pb.MSync.decode(new Uint8Array(reply)) as unknown as { payload: Uint8Array };
  const code = (pb.Provision.toObject(pb.Provision.decode(msync.payload), { enums: Number }) as { status?: { errorCode?: number } }).status?.errorCode ?? 0;
  return { ws, code };
}

describe('finding 7: msync liveness', () => {
  it('a socket that never logs in is closed (loginTimeoutMs)', async () => {
    const mock = world();
    const running = await startServer(mock, { port: 0, loginTimeoutMs: 50 });
    try {
      const silent = Array.from({ length: 20 }, () => new WebSocket(running.wsUrl));
      expect(await Promise.all(silent.map(closed))).toEqual(silent.map(() => 1008));
    } finally {
      await running.close();
    }
  });

  it(`frozen clients (no pong) are dropped and their ${MAX_DEVICES_PER_USER} device slots freed: the next login is accepted`, async () => {
    const mock = world();
    // Half a second: long enough that healthy sockets answer in time on a starved machine, short for a test.
    const running = await startServer(mock, { port: 0, heartbeatIntervalMs: 500 });
    try {
      const frozen = [];
      for (let i = 0; i < MAX_DEVICES_PER_USER; i++) frozen.push(await login(mock, running));
      expect(frozen.map((f) => f.code)).toEqual(frozen.map(() => 0));
      expect((await login(mock, running)).code).toBe(13);
      // Paused, a socket stays open at TCP level but reads nothing and answers no ping: a frozen tab, a dead laptop.
      for (const f of frozen) f.ws.pause();
      await until(() => hubOf(mock).devicesOf('l#m', 'ann').size === 0, 'the device slots to be freed', 20_000);
      const next = await login(mock, running);
      expect(next.code).toBe(0);
      next.ws.close();
    } finally {
      await running.close();
    }
  });
});

import { hourName } from '../support/http.ts';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest, createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRoamingMock, type RoamingMock } from '../../src/index.ts';
import { startServer } from '../../src/adapters/server.ts';
import { roamingMiddleware } from '../../src/adapters/express.ts';
import { removeStaleTemps, saveSnapshot } from '../../src/node/snapshot-file.ts';
import { until } from '../sdk/harness.ts';

/** Finding 8 of issue #14: the Host header echoed into URLs, stale temp files, a stack per aborted request. */

const fixture = { version: 1 as const, apps: [{ org: 'demo', app: 'roaming', users: [{ username: 'alice' }] }] };

function get(port: number, path: string, headers: Record<string, string>): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve(JSON.parse(text)));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A door on a free port; `base` is what it should announce. */
type Door = (mock: RoamingMock, publicUrl?: string) => Promise<{ port: number; base: string; close: () => Promise<void> }>;
const doors: Record<string, Door> = {
  server: async (mock, publicUrl) => {
    const running = await startServer(mock, { port: 0, ...(publicUrl ? { publicUrl } : {}) });
    return { port: running.port, base: publicUrl ?? running.url, close: () => running.close() };
  },
  express: async (mock, publicUrl) => {
    const app = express();
    app.use('/im', roamingMiddleware(mock, publicUrl ? { publicUrl } : {}));
    const server = createServer(app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as AddressInfo).port;
    return { port, base: publicUrl ?? `http://127.0.0.1:${port}/im`, close: () => new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections())) };
  },
};

describe.each(Object.keys(doors))('finding 8: %s door — uri and history-file URLs never echo the Host header', (name) => {
  it.each([undefined, 'https://mock.example.com/chat/'])('public URL %s', async (publicUrl) => {
    const mock = createRoamingMock({ fixture, frozen: true });
    const door = await doors[name]!(mock, publicUrl);
    const base = door.base.replace(/\/+$/, '');
    const prefix = name === 'express' ? '/im' : '';
    try {
      const token = mock.tokens.issue(mock.tenant('demo#roaming'), undefined).token;
      const headers = { host: 'evil.test', authorization: `Bearer ${token}` };
      const user = await get(door.port, `${prefix}/demo/roaming/users/alice`, headers);
      expect(user.uri).toBe(`${base}/demo/roaming/users/alice`);
      // An hour needs a message to have a file (SPEC-2 R51).
      mock.tenant('demo#roaming').send({ from: 'admin', to: 'alice', chatType: 'chat', type: 'txt', body: { msg: 'now' }, via: 'rest' });
      const hour = hourName(mock.clock.now());
      const files = await get(door.port, `${prefix}/demo/roaming/chatmessages/${hour}`, headers);
      expect(files.data[0].url).toMatch(new RegExp(`^${base.replace(/[.]/g, '\\.')}/_mock/files/chatmessages/demo/roaming/${hour}\\?Expires=`));
      expect(JSON.stringify([user, files])).not.toContain('evil.test');
    } finally {
      await door.close();
    }
  });
});

describe('finding 8: a save killed mid-write leaves no temp file behind for good', () => {
  it('stale temp files of dead processes are removed at start; a live process’s temp file and other files stay', () => {
    const dir = mkdtempSync(join(tmpdir(), 'roaming-mock-'));
    const file = join(dir, 'state.json');
    saveSnapshot(createRoamingMock({ fixture }), file);
    // A pid that is surely gone: a process that has exited.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const stale = [`.state.json.${dead}.1700000000000.tmp`, `.state.json.${dead}.1700000000001.tmp`];
    const kept = [`.state.json.${process.ppid}.1700000000000.tmp`, `.other.json.${dead}.1.tmp`, 'notes.tmp'];
    for (const n of [...stale, ...kept]) writeFileSync(join(dir, n), '{"half": ');
    expect(removeStaleTemps(file).sort()).toEqual(stale.map((n) => join(dir, n)).sort());
    expect(readdirSync(dir).sort()).toEqual([...kept, 'state.json'].sort());
    expect(existsSync(file)).toBe(true);
    expect(removeStaleTemps(join(dir, 'missing-dir', 'x.json'))).toEqual([]);
  });
});

describe('finding 8: an aborted request is one line in the log, not a stack', () => {
  afterEach(() => vi.restoreAllMocks());
  it('a client that sends half a body and goes away', async () => {
    const errors: unknown[][] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args));
    const running = await startServer(createRoamingMock({ fixture }), { port: 0 });
    try {
      const received = new Promise((r) => running.server.once('request', r));
      const socket = connect(running.port, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      socket.write('POST /_mock/clock/advance HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"by":');
      // The server has the head and waits for the body when the client goes away.
      await received;
      socket.destroy();
      await until(() => errors.length > 0, 'the log line', 20_000);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toHaveLength(1);
      const line = String(errors[0]![0]);
      expect(line).not.toContain('\n');
      expect(line).toMatch(/^\[roaming-mock\] POST \/_mock\/clock\/advance: the client went away before the request was read/);
    } finally {
      await running.close();
    }
  });
});

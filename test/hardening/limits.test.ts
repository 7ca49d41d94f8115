import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createRoamingMock } from '../../src/index.ts';
import { startServer } from '../../src/adapters/server.ts';
import { MAX_DEVICES_PER_USER } from '../../src/api/msync/session.ts';
import { hubOf } from '../../src/api/msync/hub.ts';
import { until } from '../sdk/harness.ts';
import { pb } from '../../src/api/wire/proto.ts';
import { validateFixture } from '../../src/fixtures/validate.ts';
import { CLI } from '../support/cli.ts';

const world = () => createRoamingMock({ fixture: { version: 1, apps: [{ org: 'l', app: 'm', users: [{ username: 'ann' }, { username: 'ben' }] }] } });

/**
 * Write raw bytes to the server and collect what comes back until the server closes the socket. `ceilingMs` only
 * turns a hang into a failure; nothing is measured against it (issue #14 finding 11: no windows that load can miss).
 */
function raw(port: number, chunks: string[], ceilingMs = 20_000): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d) => (text += d.toString()));
    socket.on('close', () => resolve({ text, closed: true }));
    socket.on('error', () => undefined);
    socket.on('connect', () => chunks.forEach((c) => socket.write(c)));
    setTimeout(() => {
      resolve({ text, closed: false });
      socket.destroy();
    }, ceilingMs);
  });
}

describe('limits', () => {
  it('a body declared over 1 MiB is refused with 413 before it is sent', async () => {
    const running = await startServer(world(), { port: 0 });
    try {
      const r = await raw(running.port, ['POST /l/m/users/ann/messageroaming HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{"queue":']);
      expect(r.text).toMatch(/^HTTP\/1\.1 413/);
      expect(r.text).toContain('1 MiB');
    } finally {
      await running.close();
    }
  });

  it('a chunked body is refused as soon as it passes 1 MiB', async () => {
    const running = await startServer(world(), { port: 0 });
    try {
      const chunk = 'x'.repeat(256 * 1024);
      const chunks = ['POST /l/m/users/ann/messageroaming HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', ...Array.from({ length: 6 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`)];
      const r = await raw(running.port, chunks);
      expect(r.text).toMatch(/^HTTP\/1\.1 413/);
    } finally {
      await running.close();
    }
  });

  it('a client that never finishes its headers is cut off (headersTimeout)', async () => {
    const running = await startServer(world(), { port: 0, headersTimeoutMs: 300 });
    try {
      // Node's own default would hold it for 60 s: closed before the 20 s ceiling proves the option works.
      const r = await raw(running.port, ['GET /_mock/health HTTP/1.1\r\nHost: x\r\n']);
      expect(r.closed).toBe(true);
      expect(r.text === '' || r.text.startsWith('HTTP/1.1 408')).toBe(true);
    } finally {
      await running.close();
    }
  });

  it(`at most ${MAX_DEVICES_PER_USER} devices per user; one more is refused cleanly (TOO_MANY_DEVICES)`, async () => {
    const mock = world();
    const running = await startServer(mock, { port: 0 });
    const sockets: WebSocket[] = [];
    const login = async (): Promise<number> => {
      const ws = new WebSocket(running.wsUrl);
      ws.binaryType = 'arraybuffer';
      sockets.push(ws);
      await new Promise((r) => ws.once('open', r));
      const token = mock.tokens.issue(mock.tenant('l#m'), 'ann').token;
      ws.send(pb.MSync.encode(pb.MSync.fromObject({ command: 3, guid: { appKey: 'l#m', name: 'ann' }, auth: `$t$${token}`, payload: pb.Provision.encode(pb.Provision.fromObject({ resource: `d${sockets.length}` })).finish() })).finish());
      const reply = await new Promise<ArrayBuffer>((r) => ws.once('message', (d) => r(d as ArrayBuffer)));
      const msync = pb.MSync.decode(new Uint8Array(reply)) as unknown as { payload: Uint8Array };
      return (pb.Provision.toObject(pb.Provision.decode(msync.payload), { enums: Number }) as { status?: { errorCode?: number } }).status?.errorCode ?? 0;
    };
    try {
      for (let i = 0; i < MAX_DEVICES_PER_USER; i++) expect(await login()).toBe(0);
      expect(await login()).toBe(13);
      const last = sockets[sockets.length - 1]!;
      await new Promise((r) => (last.readyState === last.CLOSED ? r(undefined) : last.once('close', r)));
      sockets[0]!.close();
      // Wait for the server to see the close, not for a fixed time a loaded machine may not give it.
      await until(() => hubOf(mock).devicesOf('l#m', 'ann').size < MAX_DEVICES_PER_USER, 'the server to free the slot');
      expect(await login()).toBe(0);
    } finally {
      for (const s of sockets) s.close();
      await running.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('SIGTERM under load: in-flight requests finish, the snapshot is saved, exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roaming-mock-'));
    const file = join(dir, 'state.json');
    const child = spawn(process.execPath, [...CLI, 'serve', '--port', '0', '--snapshot', file, '--save-on-exit'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(out)), 120_000);
      child.stdout!.on('data', () => {
        const m = /REST \(SDK apiUrl\):\s+(http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    const token = /alice\s+Bearer (\S+)/.exec(out)![1]!;
    // Every list request now takes 400 ms: they are in flight when SIGTERM arrives.
    await fetch(`${url}/_mock/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ match: { path: '/:org/:app/sdk/user/:user/user_channels/list' }, delayMs: 400 }) });
    await fetch(`${url}/_mock/tenants/demo/roaming/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: 'bob', to: 'alice', type: 'txt', body: { msg: 'saved on exit' } }) });
    const inFlight = Array.from({ length: 30 }, () => fetch(`${url}/demo/roaming/sdk/user/alice/user_channels/list`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status));
    // SIGTERM only once all 30 have reached the server (the fault rule counts them), however slow the machine is.
    const hits = async () => ((await (await fetch(`${url}/_mock/faults`)).json()) as { rules: Array<{ hits: number }> }).rules[0]!.hits;
    while ((await hits()) < 30) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(0);
    expect(await Promise.all(inFlight)).toEqual(Array.from({ length: 30 }, () => 200));
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(validateFixture(saved)).toEqual([]);
    expect(JSON.stringify(saved)).toContain('saved on exit');
  }, 240_000);
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/adapters/server.ts';
import { createRoamingMock } from '../../src/index.ts';
import { startRecorder } from '../../src/record/proxy.ts';
import { parseSession } from '../../src/record/read.ts';
import { validateFixture } from '../../src/fixtures/validate.ts';
import { sdkFixture } from '../sdk/harness.ts';
import { runCli } from './support.ts';

const dir = mkdtempSync(join(tmpdir(), 'roaming-record-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = JSON.stringify({ kind: 'session', format: 'roaming-mock-session', version: 1, upstream: 'http://x', wsUpstream: 'ws://x', startedAt: 0, secrets: 'masked' });

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

describe('record and diff: bad input', () => {
  it('a truncated session is refused naming its last line', async () => {
    const file = join(dir, 'truncated.jsonl');
    writeFileSync(file, `${HEADER}\n{"kind":"http","seq":1,"at":5,"ms":1,"request":{"method":"GET"`);
    const res = await runCli(['diff', file]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${file}:2: not a JSON line (the file looks truncated`);
    expect((await runCli(['fixture-from', file])).stderr).toContain(`${file}:2:`);
  });

  it('a foreign file (a fixture) is refused at line 1, and a foreign record names its line and kind', () => {
    expect(() => parseSession(readFileSync('fixtures/demo.json', 'utf8').split('\n').join(''), 'demo.json')).toThrow(/^demo\.json:1: not a roaming-mock session/);
    expect(() => parseSession(`${HEADER}\n{"kind":"note","seq":1,"at":1,"message":"x"}\n{"kind":"teleport","seq":2,"at":2}\n`, 's.jsonl')).toThrow('s.jsonl:3: teleport: unknown kind "teleport"');
    expect(() => parseSession(`${HEADER}\n{"kind":"http","seq":1,"at":1,"request":{"method":"GET","path":"/a/b/token","query":"","identity":{"as":"none"}}}\n`, 's.jsonl')).toThrow('s.jsonl:2: http: needs a response or an error');
  });

  it('an upstream that is down: 502 in the error envelope, a note in the session, and diff skips it', async () => {
    const file = join(dir, 'down.jsonl');
    const recorder = await startRecorder({ upstream: `http://127.0.0.1:${await closedPort()}`, out: file });
    const res = await fetch(`${recorder.url}/sdk/test/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'password', username: 'alice', password: 'alice-pw' }) });
    await recorder.close();
    expect(res.status).toBe(502);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['duration', 'error', 'error_description', 'exception', 'timestamp']);
    expect(body['error_description']).toMatch(/^upstream: cannot reach http:\/\/127\.0\.0\.1:\d+ /);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('"kind":"note"');
    expect(text).not.toContain('alice-pw');
    const diff = await runCli(['diff', file, '--json']);
    expect(diff.code).toBe(0);
    expect(JSON.parse(diff.stdout).skipped).toEqual([{ seq: 2, reason: expect.stringContaining('upstream did not answer') }]);
  });

  it('--keep-secrets writes credentials as they are; fixture-from then keeps the real password', async () => {
    const mock = createRoamingMock({ fixture: sdkFixture(), seed: 5, frozen: true });
    const server = await startServer(mock, { port: 0 });
    const file = join(dir, 'kept.jsonl');
    const recorder = await startRecorder({ upstream: server.url, out: file, keepSecrets: true });
    await fetch(`${recorder.url}/sdk/test/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'password', username: 'alice', password: 'alice-pw' }) });
    await recorder.close();
    await server.close();
    expect(readFileSync(file, 'utf8')).toContain('"password":"alice-pw"');
    const out = join(dir, 'kept-fixture.json');
    expect((await runCli(['fixture-from', file, '--out', out])).code).toBe(0);
    const fixture = JSON.parse(readFileSync(out, 'utf8'));
    expect(validateFixture(fixture)).toEqual([]);
    expect(fixture.apps[0].users).toEqual([{ username: 'alice', password: 'alice-pw' }]);
  });
});

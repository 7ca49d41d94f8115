import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRoamingMock, RoamingError, type RoamingMock } from '../../src/index.ts';
import { hubOf } from '../../src/api/msync/hub.ts';
import { MsyncSession } from '../../src/api/msync/session.ts';
import { pb } from '../../src/api/wire/proto.ts';
import { MAX_JSON_BYTES, MAX_JSON_DEPTH, stringifyJson } from '../../src/core/json-limits.ts';
import { ingestMessage } from '../../src/core/messages.ts';
import { exportFixture } from '../../src/fixtures/export.ts';
import { validateFixture, formatIssue } from '../../src/fixtures/validate.ts';
import { saveSnapshot } from '../../src/node/snapshot-file.ts';
import { CLI } from '../support/cli.ts';
import { client, hourName } from '../support/http.ts';

/** Finding 2 of #14: one deeply nested `ext` took a tenant down. Every stored JSON value is bounded at every door. */
const NOW = Date.parse('2026-03-01T12:00:00Z');
const nested = (levels: number): Record<string, unknown> => {
  let v: Record<string, unknown> = {};
  for (let i = 1; i < levels; i++) v = { a: v };
  return v;
};
const DEEP = nested(6000);
const world = (): RoamingMock =>
  createRoamingMock({
    now: NOW, frozen: true, seed: 3,
    fixture: { version: 1, apps: [{ org: 'j', app: 'l', users: [{ username: 'ann', password: 'pw' }, { username: 'ben', password: 'pw' }], messages: [{ from: 'ben', to: 'ann', type: 'txt', body: { msg: 'hi' }, at: '-1m' }] }] },
  });

describe('finding 2: depth and size limits at every door (400 naming the field and the limit, nothing stored)', () => {
  const appToken = (mock: RoamingMock) => mock.tokens.issue(mock.tenant('j#l'), undefined).token;
  const doors: Array<[string, { ext?: unknown; body?: unknown; type?: string }, string]> = [
    ['ext nested 6,000 levels', { ext: { deep: DEEP } }, `ext: nests deeper than ${MAX_JSON_DEPTH} levels`],
    [`ext one level over ${MAX_JSON_DEPTH}`, { ext: nested(MAX_JSON_DEPTH + 1) }, `ext: nests deeper than ${MAX_JSON_DEPTH} levels`],
    ['ext over the byte limit', { ext: { big: 'x'.repeat(MAX_JSON_BYTES) } }, `ext: is ${MAX_JSON_BYTES + 10} bytes of JSON; at most ${MAX_JSON_BYTES}`],
    ['customExts nested 6,000 levels', { type: 'custom', body: { customEvent: 'e', customExts: DEEP } }, `body.customExts: nests deeper than ${MAX_JSON_DEPTH} levels`],
  ];
  const send = (overrides: { ext?: unknown; body?: unknown; type?: string }) => ({ type: overrides.type ?? 'txt', body: overrides.body ?? { msg: 'x' }, ...(overrides.ext !== undefined ? { ext: overrides.ext } : {}) });

  it.each(doors)('REST POST /messages/users: %s', async (_name, overrides, expected) => {
    const mock = world();
    const before = JSON.stringify(exportFixture(mock));
    const res = await client(mock)('POST', '/j/l/messages/users', { token: appToken(mock), raw: stringifyJson({ from: 'ben', to: ['ann', 'ben'], ...send(overrides) }) });
    expect(res.status).toBe(400);
    expect(res.json.error_description).toContain(expected);
    expect(JSON.stringify(exportFixture(mock))).toBe(before);
  });

  it.each(doors)('inject POST /_mock/tenants/{org}/{app}/messages: %s', async (_name, overrides, expected) => {
    const mock = world();
    const before = JSON.stringify(exportFixture(mock));
    const res = await client(mock)('POST', '/_mock/tenants/j/l/messages', { raw: stringifyJson({ from: 'ben', to: 'ann', ...send(overrides) }) });
    expect(res.status).toBe(400);
    expect(res.json.error_description).toContain(expected);
    expect(JSON.stringify(exportFixture(mock))).toBe(before);
  });

  it.each(doors)('fixture load (POST /_mock/fixtures?mode=merge) and validate: %s', async (_name, overrides, expected) => {
    const mock = world();
    const fixture = { version: 1, apps: [{ org: 'k', app: 'l', users: [{ username: 'ann' }, { username: 'ben' }], messages: [{ from: 'ben', to: 'ann', ...send(overrides) }] }] };
    expect(validateFixture(fixture).map(formatIssue).join('\n')).toContain(`apps[0].messages[0].${expected}`);
    const res = await client(mock)('POST', '/_mock/fixtures?mode=merge', { raw: stringifyJson(fixture) });
    expect(res.status).toBe(400);
    expect(res.json.error_description).toContain(expected.split(':')[0]);
    expect(mock.tenants().map((t) => t.appKey)).toEqual(['j#l']);
  });

  it('msync send: the sender is told what is wrong (ext and the limit), and nothing is stored or pushed', () => {
    const mock = world();
    const frames: Uint8Array[] = [];
    const session = new MsyncSession(hubOf(mock), { send: (b) => void frames.push(b), close: () => undefined });
    const token = mock.tokens.issue(mock.tenant('j#l'), 'ben').token;
    session.receive(pb.MSync.encode(pb.MSync.fromObject({ command: 3, guid: { appKey: 'j#l', name: 'ben' }, auth: `$t$${token}`, payload: pb.Provision.encode(pb.Provision.fromObject({ resource: 'w' })).finish() })).finish());
    const body = pb.MessageBody.encode(pb.MessageBody.fromObject({ type: 1, to: { name: 'ann' }, contents: [{ type: 0, text: 'deep' }], ext: [{ key: 'deep', type: 8, stringValue: stringifyJson(DEEP) }] })).finish();
    const before = JSON.stringify(exportFixture(mock));
    session.receive(pb.MSync.encode(pb.MSync.fromObject({ command: 0, payload: pb.CommSyncUL.encode(pb.CommSyncUL.fromObject({ meta: { id: '77', to: { name: 'ann', domain: 'easemob.com' }, ns: 1, payload: body } })).finish() })).finish());
    const ack = pb.CommSyncDL.toObject(pb.CommSyncDL.decode((pb.MSync.decode(frames[frames.length - 1]!) as unknown as { payload: Uint8Array }).payload), { enums: Number, longs: String }) as { status?: { errorCode?: number; reason?: string }; serverId?: string };
    expect(ack.status?.errorCode).not.toBe(0);
    expect(ack.status?.reason).toContain(`ext: nests deeper than ${MAX_JSON_DEPTH} levels`);
    expect(JSON.stringify(exportFixture(mock))).toBe(before);
  });
});

describe('finding 2: what got in before the limits is rendered without overflowing the stack', () => {
  /** A message stored straight into the engine, past every door (an older fixture loaded into the core). */
  function poisoned(): RoamingMock {
    const mock = world();
    ingestMessage(mock.tenant('j#l').state, { from: 'ben', to: 'ann', chatType: 'chat', type: 'custom', body: { customEvent: 'e', customExts: { deep: DEEP } }, ext: { deep: DEEP }, timestamp: NOW - 1000 }, true);
    return mock;
  }

  it('stringifyJson gives what JSON.stringify gives, also where JSON.stringify overflows', () => {
    const samples = [{ a: [1, 'x', null, { b: undefined, c: true }], d: 'é"\n' }, [undefined, () => 1], 'x', 3, null, { toJSON: () => ({ y: 1 }) }];
    for (const s of samples) expect(stringifyJson(s)).toBe(JSON.stringify(s));
    expect(() => JSON.stringify(DEEP)).toThrow(RangeError);
    expect(stringifyJson(DEEP)).toBe(`${'{"a":'.repeat(5999)}{}${'}'.repeat(5999)}`);
  });

  it.each([
    ['GET', '/j/l/sdk/user/ann/user_channels/list?limit=20', 'ann'],
    ['GET', '/j/l/users/ann/user_channels', 'ann'],
    ['POST', '/j/l/users/ann/messageroaming', 'ann'],
    ['GET', '/_mock/snapshot', undefined],
    ['GET', '/_mock/tenants/j/l/users/ann/conversations', undefined],
    ['GET', '/_mock/tenants/j/l/users/ann/history?type=chat&id=ben', undefined],
    ['GET', `/_mock/files/chatmessages/j/l/${hourName(NOW - 1000)}`, undefined],
  ])('%s %s answers 200', async (method, path, user) => {
    const mock = poisoned();
    const token = user ? mock.tokens.issue(mock.tenant('j#l'), user).token : undefined;
    // History files are served behind the signed URL the list endpoint hands out (issue #14 finding 3).
    const signed = async (): Promise<string> => {
      const app = mock.tokens.issue(mock.tenant('j#l'), undefined).token;
      const url = new URL((await client(mock)('GET', `/j/l/chatmessages/${path.split('/').pop()}`, { token: app })).json.data[0].url);
      return `${url.pathname}${url.search}`;
    };
    const target = path.startsWith('/_mock/files/') ? await signed() : path;
    const res = await client(mock)(method, target, { ...(token ? { token } : {}), ...(method === 'POST' ? { body: { queue: 'ben@easemob.com', start: -1, pull_number: 5 } } : {}) });
    expect(res.status, res.text.slice(0, 200)).toBe(200);
  });

  it('POST /_mock/snapshot/save writes it, and a failing save answers the error envelope and leaves the old file', async () => {
    const mock = poisoned();
    const dir = mkdtempSync(join(tmpdir(), 'roaming-json-'));
    const file = join(dir, 'state.json');
    mock.snapshotSaver = () => ({ file, ...saveSnapshot(mock, file) });
    expect((await client(mock)('POST', '/_mock/snapshot/save')).status).toBe(200);
    expect(readFileSync(file, 'utf8')).toContain('"customEvent":"e"');

    // A save that cannot complete (its target is a directory now): reported, nothing replaced, no temp file left.
    const blocked = join(dir, 'blocked');
    mkdirSync(join(blocked, 'inside'), { recursive: true });
    writeFileSync(join(blocked, 'inside', 'keep.txt'), 'keep');
    mock.snapshotSaver = () => ({ file: blocked, ...saveSnapshot(mock, blocked) });
    const res = await client(mock)('POST', '/_mock/snapshot/save');
    expect(res.json.error_description).toMatch(/^snapshot: could not save to .*blocked .*the previous snapshot is untouched/);
    expect(readFileSync(join(blocked, 'inside', 'keep.txt'), 'utf8')).toBe('keep');
    expect(readdirSync(dir).sort()).toEqual(['blocked', 'state.json']);
    expect(() => saveSnapshot(mock, join(dir, 'missing', 'state.json'))).toThrow(RoamingError);
  });

  it('serve --save-on-exit: a save that fails on SIGTERM is reported, and the process exits without a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roaming-json-'));
    const file = join(dir, 'no-such-dir', 'state.json');
    const child = spawn(process.execPath, [...CLI, 'serve', '--port', '0', '--snapshot', file, '--save-on-exit'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(out)), 120_000);
      child.stdout!.on('data', () => /Ctrl-C to stop/.test(out) && (clearTimeout(timer), resolve()));
    });
    child.kill('SIGTERM');
    // 'close': after the exit and the last of its output.
    const code = await new Promise<number | null>((r) => child.once('close', r));
    expect(out).toContain('SIGTERM: snapshot: could not save to');
    expect(out).not.toMatch(/\n\s+at /);
    expect(code).toBe(1);
    expect(existsSync(file)).toBe(false);
  }, 240_000);
});

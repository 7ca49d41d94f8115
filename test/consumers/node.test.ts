import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTALL_MS, killAll, killGroup, lastJson, NODE, NPM, ok, PKG, project, run, start, treeSize, untilGroupGone, untilRefused } from './support.ts';

/**
 * A plain project: `npm install <tarball>` and nothing else — no msw, express, Pact, TypeScript. Plain Node ESM and
 * CommonJS consumers, the install size, the missing-peer messages, and `npm start` with a snapshot saved on SIGTERM.
 */
let dir: string;

beforeAll(async () => {
  dir = await project('plain', {
    manifest: { scripts: { start: 'roaming-mock serve --port 0 --snapshot state.json --save-on-exit' } },
    files: { 'app.mjs': { from: 'esm-app.mjs' }, 'app.cjs': { from: 'cjs-app.cjs' } },
  });
}, INSTALL_MS);

afterAll(() => killAll());

describe('a plain Node project with only the tarball installed', () => {
  it('node app.mjs (ESM): the engine with the demo fixture, mock.fetch, and roaming-mock/server on a free port', async () => {
    const out = lastJson(ok(await run(NODE, ['app.mjs'], { cwd: dir }), 'node app.mjs'));
    expect(out['node']).toBe(process.version);
    expect(out['resolved']).toBe(`file://${join(dir, 'node_modules/roaming-mock/dist/index.js')}`);
    expect(out['engineList']).toEqual(['bob', 'team', 'dave', 'carol']);
    expect(out['fetchStatus']).toBe(200);
    expect(out['fetchList']).toEqual(['bob', 'team']);
    expect(out['http'].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(out['http'].url).not.toMatch(/:0$/);
    expect(out['http'].health).toBe(200);
    expect(out['http'].healthBody).toMatchObject({ status: 'ok', version: PKG.version, tenants: 1, users: 4 });
    expect(out['http'].refused).toBe(400);
    expect(out['http'].refusedBody).toMatchObject({ error: 'illegal_argument', error_description: 'limit: must be an integer in [1, 50], got 51' });
  });

  it('node app.cjs (CommonJS): require() of roaming-mock, /server and /client; the client over real HTTP', async () => {
    const out = lastJson(ok(await run(NODE, ['app.cjs'], { cwd: dir }), 'node app.cjs'));
    expect(out['node']).toBe(process.version);
    expect(out['resolved']).toEqual(['index.cjs', 'server.cjs', 'client.cjs'].map((f) => join(dir, 'node_modules/roaming-mock/dist', f)));
    expect(out['list']).toEqual(['bob', 'team', 'dave', 'carol']);
    expect(out['history']).toHaveLength(3);
    expect(out['history'][0]).toEqual({ from: 'bob', type: 'txt' });
    expect(out['isLast']).toBe(false);
    expect(Object.keys(out['sent'])).toEqual(['alice']);
    expect(out['engineSeesIt']).toEqual({ msg: 'hello from cjs' });
    expect(out['refused']).toEqual({ isClientError: true, status: 400 });
  });

  it('installs small: node_modules ≤ 25 MB, and no optional peer is pulled in', () => {
    const nm = join(dir, 'node_modules');
    const bytes = treeSize(nm);
    const top = Object.entries(
      Object.fromEntries(
        ['@faker-js/faker', 'protobufjs', 'zod', 'yargs', 'ws', 'roaming-mock', '@types/node'].filter((p) => existsSync(join(nm, p))).map((p) => [p, treeSize(join(nm, p))]),
      ),
    ).map(([p, b]) => `${p} ${(b / 1e6).toFixed(1)} MB`);
    console.log(`[consumers] npm install <tarball> (no extras): node_modules = ${(bytes / 1e6).toFixed(1)} MB (${bytes} bytes); largest: ${top.join(', ')}`);
    expect(bytes).toBeLessThanOrEqual(25e6);
    for (const peer of ['msw', 'express', '@pact-foundation/pact', 'typescript']) expect(existsSync(join(nm, peer)), peer).toBe(false);
  });

  it('roaming-mock verify without Pact: one line naming @pact-foundation/pact and the install command, exit 2', async () => {
    // The bin as a shell runs it (#!/usr/bin/env node; the running Node is first on PATH).
    const r = await run(join(dir, 'node_modules/.bin/roaming-mock'), ['verify'], { cwd: dir });
    console.log(`[consumers] roaming-mock verify (no Pact) → exit ${r.code}: ${r.stderr.trim()}`);
    // the bin's #!/usr/bin/env node found the running Node first on PATH
    expect(ok(await run('sh', ['-c', 'node --version'], { cwd: dir }), 'node on PATH').stdout.trim()).toBe(process.version);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('@pact-foundation/pact');
    expect(lines[0]).toMatch(/npm install --save-dev @pact-foundation\/pact@\^16/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('roaming-mock/msw without msw installed: an error naming msw (ESM and CommonJS)', async () => {
    const esm = await run(NODE, ['--input-type=module', '-e', "import('roaming-mock/msw').then(() => console.log('loaded'), (e) => { console.log(JSON.stringify({ code: e.code, message: e.message })); })"], { cwd: dir });
    const cjs = await run(NODE, ['-e', "try { require('roaming-mock/msw'); console.log('loaded') } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message.split('\\n')[0] })) }"], { cwd: dir });
    for (const [kind, r] of [['ESM', esm], ['CJS', cjs]] as const) {
      const e = lastJson(ok(r, `${kind} import of roaming-mock/msw`));
      console.log(`[consumers] ${kind} roaming-mock/msw without msw → ${e['code']}: ${e['message']}`);
      expect(e['code']).toMatch(/^(ERR_)?MODULE_NOT_FOUND$/);
      expect(e['message']).toMatch(/'msw'/);
    }
    // while the engine itself loads fine without it
    ok(await run(NODE, ['--input-type=module', '-e', "await import('roaming-mock'); await import('roaming-mock/server'); await import('roaming-mock/client')"], { cwd: dir }), 'importing the entries without peers');
  });

  it('npm start (roaming-mock serve --snapshot f --save-on-exit): SIGTERM to npm saves the state and leaves no process', async () => {
    const server = start(NODE, [NPM, 'start'], { cwd: dir });
    try {
      const [, url] = await server.waitFor(/REST \(SDK apiUrl\):\s+(http:\/\/\S+)/);
      expect((await fetch(`${url}/_mock/health`)).status).toBe(200);
      // change the state, so the snapshot shows it is the live state that was saved
      const injected = await fetch(`${url}/_mock/tenants/demo/roaming/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: 'dave', to: 'alice', type: 'txt', body: { msg: 'saved on SIGTERM' } }),
      });
      expect(injected.status).toBe(200);
      const { id } = (await injected.json()) as { id: string };
      expect(existsSync(join(dir, 'state.json'))).toBe(false);

      process.kill(server.child.pid!, 'SIGTERM'); // to npm itself, as a process manager or Ctrl-C in a script would
      await server.exited;
      await untilGroupGone(server.child.pid!);
      await untilRefused(`${url}/_mock/health`);
      const snapshot = readFileSync(join(dir, 'state.json'), 'utf8');
      console.log(`[consumers] npm start → SIGTERM: snapshot ${snapshot.length} bytes; output: ${server.output().split('\n').filter((l) => l.startsWith('[roaming-mock]')).join(' ')}`);
      expect(snapshot).toContain(id);
      expect(snapshot).toContain('saved on SIGTERM');
      expect(server.output()).toMatch(/saved \d+ bytes to state\.json/);
    } finally {
      killGroup(server.child);
    }
  });
});

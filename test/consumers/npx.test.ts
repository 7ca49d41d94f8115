import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyDir, INSTALL_MS, killAll, killGroup, NODE, NPX, npm, npx, ok, PKG, root, start, tarball, untilGroupGone, untilRefused } from './support.ts';

/**
 * `npx --package=<tarball> roaming-mock …` from folders that are not the package: the CLI reports its own version
 * (not the caller's package.json) and `serve` stops with npx — npx runs it under `sh -c`, which does not pass
 * SIGTERM on, so the server watches its parent (src/node/parent-watch.ts).
 */
let tgz: string;
let npxCache = '';
let before = new Set<string>();
const listNpxCache = () => new Set(existsSync(npxCache) ? readdirSync(npxCache) : []);

beforeAll(async () => {
  tgz = await tarball();
  npxCache = join(ok(await npm(['config', 'get', 'cache'], root()), 'npm config get cache').stdout.trim(), '_npx');
  before = listNpxCache();
}, INSTALL_MS);

afterAll(() => {
  killAll();
  // npx keys its cache folder by the package spec, and our tarball's path is new every run: remove what we added
  for (const entry of listNpxCache()) {
    const manifest = join(npxCache, entry, 'package.json');
    if (!before.has(entry) && existsSync(manifest) && readFileSync(manifest, 'utf8').includes(basename(root()))) rmSync(join(npxCache, entry), { recursive: true, force: true });
  }
});

describe('npx roaming-mock', () => {
  it('--version from an empty folder, and from a project with its own version, prints the package version', async () => {
    const empty = await emptyDir('npx-version');
    const r = ok(await npx(['--yes', `--package=${tgz}`, 'roaming-mock', '--version'], empty, INSTALL_MS), 'npx roaming-mock --version');
    expect(r.stdout.trim()).toBe(PKG.version);

    const caller = await emptyDir('npx-caller');
    writeFileSync(join(caller, 'package.json'), JSON.stringify({ name: 'caller', version: '9.8.7', private: true }));
    const r2 = ok(await npx(['--yes', `--package=${tgz}`, 'roaming-mock', '--version'], caller, INSTALL_MS), 'npx roaming-mock --version (caller)');
    expect(r2.stdout.trim()).toBe(PKG.version);
    console.log(`[consumers] npx roaming-mock --version → ${r.stdout.trim()} (from an empty folder) and ${r2.stdout.trim()} (from a project at 9.8.7)`);
  }, INSTALL_MS);

  it('serve --port 0 from an empty folder answers /_mock/health; SIGTERM to npx stops it, no orphan', async () => {
    const empty = await emptyDir('npx-serve');
    const server = start(NODE, [NPX, '--yes', `--package=${tgz}`, 'roaming-mock', 'serve', '--port', '0'], { cwd: empty });
    try {
      const [, url] = await server.waitFor(/REST \(SDK apiUrl\):\s+(http:\/\/\S+)/);
      const health = await fetch(`${url}/_mock/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', version: PKG.version });
      process.kill(server.child.pid!, 'SIGTERM');
      const exit = await server.exited;
      await untilGroupGone(server.child.pid!);
      await untilRefused(`${url}/_mock/health`);
      console.log(`[consumers] npx roaming-mock serve on ${url}: SIGTERM → npx exit ${JSON.stringify(exit)}, process group gone, port closed`);
    } finally {
      killGroup(server.child);
    }
  }, INSTALL_MS);
});

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { INSTALL_MS, lastJson, NODE, npx, ok, PKG, project, run } from './support.ts';

/**
 * pnpm's strict node_modules (only declared dependencies are reachable): the tarball installed with pnpm 10
 * (it runs on Node ≥ 18; pnpm 11 needs Node 22), then the ESM consumer, CommonJS require and the bin.
 */
const PNPM = '10';
let dir: string;

beforeAll(async () => {
  dir = await project('pnpm', { pnpm: PNPM, files: { 'app.mjs': { from: 'esm-app.mjs' } } });
}, INSTALL_MS);

describe(`pnpm ${PNPM} consumer`, () => {
  it('node app.mjs works on a pnpm install (no phantom dependencies)', async () => {
    const out = lastJson(ok(await run(NODE, ['app.mjs'], { cwd: dir }), 'node app.mjs (pnpm)'));
    expect(out['resolved']).toMatch(/^file:\/\/.*\/node_modules\/\.pnpm\/roaming-mock@[^/]+\/node_modules\/roaming-mock\/dist\/index\.js$/);
    expect(out['engineList']).toEqual(['bob', 'team', 'dave', 'carol']);
    expect(out['fetchList']).toEqual(['bob', 'team']);
    expect(out['http'].health).toBe(200);
    expect(out['http'].healthBody).toMatchObject({ status: 'ok', version: PKG.version });
  });

  it('require() and the bin work too', async () => {
    const cjs = ok(await run(NODE, ['-e', "const { createRoamingMock } = require('roaming-mock'); console.log(createRoamingMock({ fixture: require('roaming-mock/fixtures/demo.json') }).stats().users)"], { cwd: dir }), 'require under pnpm');
    expect(cjs.stdout.trim()).toBe('4');
    const version = ok(await npx(['--yes', `pnpm@${PNPM}`, 'exec', 'roaming-mock', '--version'], dir, INSTALL_MS), 'pnpm exec roaming-mock --version');
    const pnpmVersion = ok(await npx(['--yes', `pnpm@${PNPM}`, '--version'], dir, INSTALL_MS), 'pnpm --version');
    console.log(`[consumers] pnpm ${pnpmVersion.stdout.trim()}: pnpm exec roaming-mock --version → ${version.stdout.trim()}`);
    expect(version.stdout.trim()).toBe(PKG.version);
  }, INSTALL_MS);
});

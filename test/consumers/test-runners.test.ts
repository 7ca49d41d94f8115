import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTALL_MS, killAll, NODE, NODE_MAJOR, npm, ok, project, repoVersion, run } from './support.ts';
import { toolingProject } from './tooling.ts';

/**
 * Consumers' own test runners: vitest + msw (2, and 3 where it runs) with `setupServer(...roamingHandlers(…))`,
 * and Jest 30 with its default config (CommonJS). Each runs its own tests; we read its JSON report.
 */
afterAll(() => killAll());

interface Report {
  numPassedTests: number;
  numFailedTests: number;
  numTotalTests: number;
}

async function vitestIn(dir: string): Promise<Report> {
  const r = await run(NODE, [join(dir, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', '--outputFile=vitest-report.json'], { cwd: dir });
  ok(r, `vitest run in ${dir}`);
  return JSON.parse(readFileSync(join(dir, 'vitest-report.json'), 'utf8')) as Report;
}

const mswVersion = (dir: string) => (JSON.parse(readFileSync(join(dir, 'node_modules/msw/package.json'), 'utf8')) as { version: string }).version;

describe('vitest + msw consumers', () => {
  it('msw 2: the consumer\'s vitest run passes (login, list, pages, error envelope, one-way delete)', async () => {
    const dir = await toolingProject();
    const report = await vitestIn(dir);
    console.log(`[consumers] vitest ${repoVersion('vitest')} + msw ${mswVersion(dir)}: ${report.numPassedTests}/${report.numTotalTests} passed`);
    expect(mswVersion(dir)).toMatch(/^2\./);
    expect(report).toMatchObject({ numTotalTests: 3, numPassedTests: 3, numFailedTests: 0 });
  }, INSTALL_MS);

  // msw 3 needs Node ≥ 22.12 (its engines); on Node 20 there is nothing to test — CI's Node 22 and 24 runs cover it.
  it.skipIf(NODE_MAJOR < 22)('msw 3 (Node ≥ 22 only — msw 3 needs Node ≥ 22.12): the same consumer test passes', async () => {
    const dir = await project('msw3', {
      manifest: { type: 'module' },
      deps: ['msw@3', `vitest@${repoVersion('vitest')}`],
      files: { 'test/roaming.test.ts': { from: 'vitest-msw.ts' } },
    });
    const report = await vitestIn(dir);
    console.log(`[consumers] vitest ${repoVersion('vitest')} + msw ${mswVersion(dir)}: ${report.numPassedTests}/${report.numTotalTests} passed`);
    expect(mswVersion(dir)).toMatch(/^3\./);
    expect(report).toMatchObject({ numTotalTests: 3, numPassedTests: 3, numFailedTests: 0 });
  }, INSTALL_MS);
  if (NODE_MAJOR < 22) console.log(`[consumers] skipped msw 3: it needs Node >= 22.12, this is ${process.version}`);
});

describe('Jest 30 consumer (CommonJS, default config)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await project('jest', {
      manifest: { scripts: { test: 'jest --json --outputFile=jest-report.json' } },
      deps: ['jest@30'],
      files: { 'roaming.test.js': { from: 'jest-roaming.js' } },
    });
  }, INSTALL_MS);

  it('npm test runs jest, which requires roaming-mock and passes', async () => {
    const r = ok(await npm(['test'], dir), 'npm test (jest)');
    const report = JSON.parse(readFileSync(join(dir, 'jest-report.json'), 'utf8')) as Report & { success: boolean };
    const jest = (JSON.parse(readFileSync(join(dir, 'node_modules/jest/package.json'), 'utf8')) as { version: string }).version;
    console.log(`[consumers] jest ${jest}: ${report.numPassedTests}/${report.numTotalTests} passed`);
    expect(jest).toMatch(/^30\./);
    expect(report).toMatchObject({ success: true, numTotalTests: 3, numPassedTests: 3, numFailedTests: 0 });
    expect(r.stderr).toMatch(/PASS .*roaming\.test\.js/);
  }, INSTALL_MS);
});

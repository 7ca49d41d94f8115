import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { INSTALL_MS, NODE, ok, REPO, run, tarball } from './support.ts';

/**
 * The packed tarball through publint (strict: warnings fail) and Are The Types Wrong. attw runs with the node16
 * profile: it checks node16 (CJS and ESM) and bundler resolution and leaves out node10 (`moduleResolution: node`),
 * which predates `exports` and cannot see subpath entries like `roaming-mock/server` — a TypeScript setting for
 * Node < 12, while this package requires Node ≥ 20 (the nodenext and bundler consumers are tested for real in
 * typescript.test.ts).
 */
let tgz: string;

beforeAll(async () => {
  tgz = await tarball();
}, INSTALL_MS);

describe('package lint on the tarball', () => {
  it('publint --strict passes', async () => {
    const r = ok(await run(NODE, [join(REPO, 'node_modules/publint/src/cli.js'), 'run', '--strict', tgz], { cwd: REPO }), 'publint --strict');
    console.log(`[consumers] publint: ${r.stdout.trim().split('\n').slice(-3).join(' | ')}`);
    expect(r.stdout + r.stderr).not.toMatch(/^(Errors|Warnings):/m);
  }, INSTALL_MS);

  it('attw --profile node16 passes for every entry (CJS and ESM)', async () => {
    const r = ok(await run(NODE, [join(REPO, 'node_modules/@arethetypeswrong/cli/dist/index.js'), tgz, '--profile', 'node16', '--format', 'json'], { cwd: REPO }), 'attw --profile node16');
    const report = JSON.parse(r.stdout) as {
      analysis: { entrypoints: Record<string, { resolutions: Record<string, { resolution?: { fileName: string } }> }> };
      problems?: Record<string, Array<{ kind: string; entrypoint?: string; resolutionKind?: string }>>;
    };
    // node10 is the one left out (see above); anything else is a real problem
    const problems = Object.values(report.problems ?? {}).flat().filter((p) => p.resolutionKind !== 'node10');
    expect(problems).toEqual([]);
    const entries = Object.keys(report.analysis.entrypoints);
    expect(entries).toEqual(expect.arrayContaining(['.', './server', './express', './msw', './client', './contracts']));
    for (const entry of ['.', './server', './express', './msw', './client', './contracts']) {
      const res = report.analysis.entrypoints[entry]!.resolutions;
      expect(res['node16-cjs']?.resolution?.fileName, `${entry} node16-cjs`).toMatch(/\.d\.cts$/);
      expect(res['node16-esm']?.resolution?.fileName, `${entry} node16-esm`).toMatch(/\.d\.ts$/);
      expect(res['bundler']?.resolution?.fileName, `${entry} bundler`).toMatch(/\.d\.ts$/);
    }
    console.log(`[consumers] attw (node16 profile): ${entries.length} entry points, no problems`);
  }, INSTALL_MS);
});

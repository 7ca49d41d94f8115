import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { INSTALL_MS, NODE, ok, run } from './support.ts';
import { toolingProject } from './tooling.ts';

/**
 * TypeScript 5.9 consumers, strict and without skipLibCheck (so our .d.ts/.d.cts and everything they reach are
 * checked): nodenext (ESM .ts and CommonJS .cts) and esnext + bundler. Every entry is imported; msw, express and
 * @types/express are installed, Pact is not — the /contracts declarations do not reference Pact, and a consumer
 * type-checking against it must not need Pact's 40 MB of native binaries (verify itself is tested in test/contracts).
 */
let dir: string;

const tsconfig = (compilerOptions: Record<string, unknown>, files: string[]) =>
  JSON.stringify({ compilerOptions: { strict: true, target: 'es2022', noEmit: true, resolveJsonModule: true, types: ['node'], ...compilerOptions }, files }, null, 2);

beforeAll(async () => {
  dir = await toolingProject();
  writeFileSync(join(dir, 'tsconfig.nodenext.json'), tsconfig({ module: 'nodenext', moduleResolution: 'nodenext' }, ['ts/entries.ts', 'ts/entries-cjs.cts']));
  writeFileSync(join(dir, 'tsconfig.bundler.json'), tsconfig({ module: 'esnext', moduleResolution: 'bundler' }, ['ts/entries.ts']));
}, INSTALL_MS);

describe('TypeScript consumers (tsc --noEmit, strict, no skipLibCheck)', () => {
  const tsc = (config: string) => run(NODE, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', config, '--pretty', 'false'], { cwd: dir });

  // Both at once: each takes ~20 s of CPU (the libraries' declarations are checked too).
  it('nodenext (ESM + .cts) and esnext/bundler both type-check every entry and the JSON fixture import', async () => {
    const [nodenext, bundler, version] = await Promise.all([
      tsc('tsconfig.nodenext.json'),
      tsc('tsconfig.bundler.json'),
      run(NODE, [join(dir, 'node_modules/typescript/bin/tsc'), '--version'], { cwd: dir }),
    ]);
    console.log(`[consumers] ${version.stdout.trim()}: nodenext in ${(nodenext.ms / 1000).toFixed(1)} s, bundler in ${(bundler.ms / 1000).toFixed(1)} s`);
    expect(version.stdout).toMatch(/Version 5\.9\./);
    ok(nodenext, 'tsc nodenext');
    ok(bundler, 'tsc bundler');
  }, INSTALL_MS);

  it('a type error in consumer code is reported (the check is real, the types are not any)', async () => {
    writeFileSync(join(dir, 'ts/wrong.ts'), "import { createRoamingMock } from 'roaming-mock';\nconst n: number = createRoamingMock().tenant('demo#roaming').conversations('alice').cursor;\nexport { n };\n");
    writeFileSync(join(dir, 'tsconfig.wrong.json'), tsconfig({ module: 'nodenext', moduleResolution: 'nodenext' }, ['ts/wrong.ts']));
    const r = await tsc('tsconfig.wrong.json');
    expect(r.code).not.toBe(0);
    expect(r.stdout).toMatch(/ts\/wrong\.ts\(2,7\): error TS2322: Type 'string[^']*' is not assignable to type 'number'/);
  }, INSTALL_MS);
});

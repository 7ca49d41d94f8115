import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every TypeScript snippet of the README that imports the package compiles as written against the built package
 * (`roaming-mock` resolves to dist/ through package.json#exports, as in a user's project), and the engine snippet
 * runs. Catches snippets that use an undefined `mock` or `fixture`, or an API that changed.
 */
const repo = resolve(import.meta.dirname, '..');
const readme = readFileSync(join(repo, 'README.md'), 'utf8');
const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((code) => /from 'roaming-mock/.test(code));
const dir = join(repo, 'test-artifacts', 'readme-snippets');

describe('README snippets', () => {
  it('each TypeScript snippet that imports roaming-mock type-checks as written (strict)', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(3);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // `export {}` makes each file a module (its own scope), the way a user's file is.
    snippets.forEach((code, i) => writeFileSync(join(dir, `snippet-${i}.ts`), `${code}\nexport {};\n`));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, resolveJsonModule: true, skipLibCheck: false, types: ['node', 'vitest/globals'] },
        include: ['*.ts'],
      }),
    );
    const tsc = spawnSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8', cwd: repo });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 120_000);

  it('the engine snippet runs and shows what its comments say', () => {
    const engine = snippets.find((code) => code.includes("mock.tenant('demo#roaming')"))!;
    const file = join(dir, 'engine-run.ts');
    mkdirSync(dir, { recursive: true });
    // Print what the commented lines evaluate to.
    const code = engine
      .replace(/^(t\.conversations\('alice'\)\.conversations\[0\]);.*$/m, 'const first = $1!;\nconsole.log(JSON.stringify({ id: first.id, body: first.latest?.body, unread: first.unread, marks: first.marks }));')
      .replace(/^(t\.legacyConversations\('alice'\));.*$/m, 'console.log(JSON.stringify({ legacy: $1.length }));');
    writeFileSync(file, `${code}\nexport {};\n`);
    const run = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', cwd: repo });
    expect(run.stderr).toBe('');
    const [first, last] = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toEqual({ id: 'bob', body: { msg: 'hi' }, unread: 7, marks: [1, 3] });
    expect(last).toEqual({ legacy: 0 });
  }, 240_000);
});

describe('README config table', () => {
  it('lists every tenant config key with its default (SPEC-2 §A: every key documented)', async () => {
    const { DEFAULT_CONFIG } = await import('../src/core/config.ts');
    const rows = new Map([...readme.matchAll(/^\| `(\w+)` \| `([^`]*)`[^|]*\|/gm)].map((m) => [m[1]!, m[2]!]));
    for (const [key, value] of Object.entries(DEFAULT_CONFIG)) {
      expect(rows.get(key), key).toBe(JSON.stringify(value));
    }
  });
});

import { project, repoVersion } from './support.ts';

/**
 * One consumer project for the tools (TypeScript, vitest + msw 2, the browser bundle), installed once per run and
 * shared by typescript.test.ts, test-runners.test.ts and browser.test.ts. Versions are this repo's devDependencies
 * (the npm cache has them); `@types/node` is the oldest supported Node's.
 */
export const toolingProject = (): Promise<string> =>
  project('tooling', {
    manifest: { type: 'module' },
    deps: [
      `typescript@${repoVersion('typescript')}`,
      `@types/node@${repoVersion('@types/node')}`,
      `msw@${repoVersion('msw')}`,
      `express@${repoVersion('express')}`,
      `@types/express@${repoVersion('@types/express')}`,
      `vitest@${repoVersion('vitest')}`,
      `esbuild@${repoVersion('esbuild')}`,
      `easemob-websdk@${repoVersion('easemob-websdk')}`,
    ],
    files: {
      'ts/entries.ts': { from: 'entries.ts' },
      'ts/entries-cjs.cts': { from: 'entries-cjs.cts' },
      'test/roaming.test.ts': { from: 'vitest-msw.ts' },
      'web/page.js': { from: 'browser-page.js' },
      'express-app.mjs': { from: 'express-app.mjs' },
    },
  });

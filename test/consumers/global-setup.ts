import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * One temp folder per `vitest run` for the consumer suite (test/consumers): the packed tarball and the consumer
 * projects live there, outside the repo, and go away at the end. Nothing is packed or installed here — the first
 * consumer test that needs the tarball packs it (support.ts), so a run of other tests costs only a mkdtemp.
 * KEEP_CONSUMERS=1 keeps the folder for a look after a failure.
 */
export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(tmpdir(), 'roaming-mock-consumers-'));
  project.provide('consumersRoot', root);
  return () => {
    if (process.env['KEEP_CONSUMERS']) return void console.log(`[consumers] kept ${root} (KEEP_CONSUMERS)`);
    const t0 = Date.now();
    rmSync(root, { recursive: true, force: true });
    if (Date.now() - t0 > 1000) console.log(`[consumers] removed ${root} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    consumersRoot: string;
  }
}

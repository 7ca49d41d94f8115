import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The installed package's own folder, found from this module upward: the same answer from `src/` (tests, tsx),
 * from `dist/` (the package) and from a bundled chunk, wherever the caller's working directory is.
 */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'roaming-mock') return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('[roaming-mock] cannot find the package folder (no package.json named roaming-mock above this module)');
    dir = up;
  }
}

/** A file shipped in the package: `packageFile('fixtures', 'demo.json')`. */
export const packageFile = (...parts: string[]): string => join(packageRoot(), ...parts);

/** This package's version (not the caller's). */
export const packageVersion = (): string => (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;

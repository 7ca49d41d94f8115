import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { exportFixture } from '../fixtures/export.ts';
import type { Fixture } from '../fixtures/types.ts';
import { formatIssue, validateFixture } from '../fixtures/validate.ts';
import type { RoamingMock } from '../mock.ts';

/**
 * Save the whole state atomically: write a temp file beside the target, fsync it, rename it over the target,
 * fsync the directory. A crash at any point leaves either the old snapshot or the new one, never half of one.
 */
export function saveSnapshot(mock: RoamingMock, file: string): { bytes: number } {
  const text = JSON.stringify(exportFixture(mock));
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(tmp, 'w', 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, file);
  } catch (err) {
    unlinkSync(tmp);
    throw err;
  }
  try {
    const dir = openSync(dirname(file), 'r');
    fsyncSync(dir);
    closeSync(dir);
  } catch {
    // some filesystems do not fsync directories; the rename itself is still atomic
  }
  return { bytes: Buffer.byteLength(text) };
}

export class SnapshotError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`[roaming-mock] snapshot ${file} is not usable:\n  ${problems.join('\n  ')}`);
  }
}

/** Read a snapshot if the file exists; a corrupt one is refused with every validation error, never ignored. */
export function readSnapshot(file: string): Fixture | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SnapshotError(file, [`not JSON: ${err instanceof Error ? err.message : String(err)}`]);
  }
  const issues = validateFixture(parsed);
  if (issues.length > 0) throw new SnapshotError(file, issues.map(formatIssue));
  return parsed as Fixture;
}

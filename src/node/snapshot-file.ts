import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { RoamingError } from '../core/errors.ts';
import { stringifyJson } from '../core/json-limits.ts';
import { dirname, basename, join } from 'node:path';
import { exportFixture } from '../fixtures/export.ts';
import type { Fixture } from '../fixtures/types.ts';
import { formatIssue, validateFixture } from '../fixtures/validate.ts';
import type { RoamingMock } from '../mock.ts';

/**
 * Save the whole state atomically: write a temp file beside the target, fsync it, rename it over the target,
 * fsync the directory. A crash at any point leaves either the old snapshot or the new one, never half of one.
 * A save that fails (disk full, no such directory…) throws a RoamingError naming the file and leaves the old
 * snapshot as it was; nothing is thrown past it that could take the process down.
 */
export function saveSnapshot(mock: RoamingMock, file: string): { bytes: number } {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  let wrote = false;
  try {
    // Serialized before any file is opened: a failure here touches nothing on disk.
    const text = stringifyJson(exportFixture(mock));
    const fd = openSync(tmp, 'w', 0o644);
    wrote = true;
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    wrote = false;
    fsyncDirectory(dirname(file));
    return { bytes: Buffer.byteLength(text) };
  } catch (err) {
    if (wrote) rmSync(tmp, { force: true });
    const reason = err instanceof Error ? err.message : String(err);
    throw new RoamingError('internal', `snapshot: could not save to ${file} (${reason}); the previous snapshot is untouched`, 'snapshot');
  }
}

function fsyncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    fsyncSync(fd);
    closeSync(fd);
  } catch {
    // some filesystems do not fsync directories; the rename itself is still atomic
  }
}

/** Is process `pid` alive? (signal 0 only checks; EPERM means it exists but is not ours.) */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

/**
 * Remove temp files of saves that died mid-write (`kill -9`): `.<name>.<pid>.<time>.tmp` beside the snapshot whose
 * process is gone. Returns the paths removed. A live process's temp file (another server saving) is left alone.
 */
export function removeStaleTemps(file: string): string[] {
  const dir = dirname(file);
  const prefix = `.${basename(file)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = /^(\d+)\.\d+\.tmp$/.exec(name.startsWith(prefix) ? name.slice(prefix.length) : '');
    if (!m || (Number(m[1]) !== process.pid && alive(Number(m[1])))) continue;
    try {
      unlinkSync(join(dir, name));
      removed.push(join(dir, name));
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
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

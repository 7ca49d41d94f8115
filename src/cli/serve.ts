import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../adapters/server.ts';
import { RoamingError } from '../core/errors.ts';
import type { Fixture } from '../fixtures/types.ts';
import { createRoamingMock } from '../mock.ts';
import { readSnapshot, saveSnapshot } from '../node/snapshot-file.ts';

export const DEMO_FIXTURE = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/demo.json');

export interface ServeOptions {
  port: number;
  host: string;
  fixture: string[];
  now?: string;
  freeze: boolean;
  seed?: number;
  snapshot?: string;
  saveOnExit: boolean;
  logLevel: string;
}

function readFixture(file: string): Fixture {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Fixture;
  } catch (err) {
    throw new Error(`[roaming-mock] cannot read fixture ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * The standalone server. With `--snapshot FILE` an existing snapshot is the starting state (a corrupt one is
 * refused with its validation errors); `POST /_mock/snapshot/save` and — with `--save-on-exit` — SIGINT/SIGTERM
 * save it back atomically.
 */
export async function runServe(o: ServeOptions): Promise<void> {
  const snapshot = o.snapshot ? readSnapshot(o.snapshot) : undefined;
  const files = o.fixture.length > 0 ? o.fixture : [DEMO_FIXTURE];
  const mock = createRoamingMock({
    // A function: reset() re-reads the files instead of the server holding a big fixture twice.
    fixture: snapshot ? [snapshot] : () => files.map(readFixture),
    frozen: o.freeze,
    ...(o.now !== undefined ? { now: /^\d+$/.test(o.now) ? Number(o.now) : o.now } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
  });
  if (o.snapshot) {
    const file = o.snapshot;
    mock.snapshotSaver = () => ({ file, ...saveSnapshot(mock, file) });
  }
  const running = await startServer(mock, { port: o.port, host: o.host });
  if (o.logLevel !== 'silent') {
    const out: string[] = [
      'roaming-mock listening',
      `  REST (SDK apiUrl):   ${running.url}`,
      `  WebSocket (SDK url): ${running.wsUrl}`,
      `  control plane:       ${running.url}/_mock/health · ${running.url}/_mock/openapi.json`,
      `  state from:          ${snapshot ? `snapshot ${o.snapshot}` : files.join(', ')}${o.snapshot ? ` (saved to ${o.snapshot}${o.saveOnExit ? ' on exit and' : ''} on POST /_mock/snapshot/save)` : ''}`,
      `  clock:               ${new Date(mock.clock.now()).toISOString()}${mock.clock.frozen ? ' (frozen)' : ''}`,
    ];
    for (const tenant of mock.tenants()) {
      out.push('', `tenant ${tenant.appKey}  (SDK appKey; client_credentials ${tenant.state.clientId} / ${tenant.state.clientSecret})`);
      const users = [...tenant.state.users.keys()];
      for (const user of users.slice(0, 10)) out.push(`  ${user.padEnd(12)} Bearer ${mock.tokens.issue(tenant, user).token}`);
      if (users.length > 10) out.push(`  … and ${users.length - 10} more (POST /_mock/tenants/${tenant.org}/${tenant.app}/tokens {"username": "…"})`);
    }
    out.push('', 'Ctrl-C to stop.');
    console.log(out.join('\n'));
  }
  let stopping = false;
  const save = (signal: string): void => {
    if (!o.snapshot || !o.saveOnExit) return;
    try {
      const { bytes } = saveSnapshot(mock, o.snapshot);
      console.log(`[roaming-mock] ${signal}: saved ${bytes} bytes to ${o.snapshot}`);
    } catch (err) {
      // Exit cleanly all the same: the previous snapshot file is untouched, and the reason is printed.
      console.error(`[roaming-mock] ${signal}: ${err instanceof RoamingError ? err.description : String(err)}`);
      process.exitCode = 1;
    }
  };
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    // In-flight requests finish first; after 4 s the snapshot is saved and the process exits regardless.
    const force = setTimeout(() => {
      save(signal);
      process.exit(process.exitCode ?? 0);
    }, 4_000);
    force.unref();
    void running.close().then(() => {
      clearTimeout(force);
      save(signal);
      process.exit(process.exitCode ?? 0);
    });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

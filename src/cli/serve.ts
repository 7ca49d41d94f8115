import { readFileSync } from 'node:fs';
import { startServer, type RunningServer } from '../adapters/server.ts';
import { RoamingError } from '../core/errors.ts';
import type { Fixture } from '../fixtures/types.ts';
import { createRoamingMock, type RoamingMock } from '../mock.ts';
import { packageFile } from '../node/package-files.ts';
import { onParentExit } from '../node/parent-watch.ts';
import { logRequests, type LogFormat, type LogLevel } from '../node/request-log.ts';
import { readSnapshot, removeStaleTemps, saveSnapshot } from '../node/snapshot-file.ts';

export const DEMO_FIXTURE = packageFile('fixtures', 'demo.json');

export interface ServeOptions {
  port: number;
  host: string;
  fixture: string[];
  now?: string;
  freeze: boolean;
  seed?: number;
  snapshot?: string;
  saveOnExit: boolean;
  logLevel: LogLevel;
  logFormat?: LogFormat;
  allowHosts: string[];
  corsControl: boolean;
  controlToken?: string;
  publicUrl?: string;
}

function readFixture(file: string): Fixture {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Fixture;
  } catch (err) {
    throw new Error(`[roaming-mock] cannot read fixture ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** What a user needs to connect: URLs, where the state came from, the clock, and a token per user. */
function banner(mock: RoamingMock, running: RunningServer, o: ServeOptions, fromSnapshot: boolean, files: string[]): string {
  const tenants = mock.tenants().map((tenant) => {
    const users = [...tenant.state.users.keys()];
    return {
      appKey: tenant.appKey, org: tenant.org, app: tenant.app, clientId: tenant.state.clientId, clientSecret: tenant.state.clientSecret,
      users: users.slice(0, 10).map((user) => ({ user, token: mock.tokens.issue(tenant, user).token })),
      more: Math.max(0, users.length - 10),
    };
  });
  const info = {
    event: 'listening', url: running.url, wsUrl: running.wsUrl, inspector: `${running.url}/_mock/ui${o.controlToken ? '?token=<control token>' : ''}`,
    controlPlane: `${running.url}/_mock`, openapi: `${running.url}/_mock/openapi.json`,
    stateFrom: fromSnapshot ? `snapshot ${o.snapshot}` : files.join(', '), clock: new Date(mock.clock.now()).toISOString(), frozen: mock.clock.frozen,
  };
  if (o.logFormat === 'json') return JSON.stringify({ ...info, tenants });
  const out: string[] = [
    'roaming-mock listening',
    `  REST (SDK apiUrl):   ${info.url}`,
    `  WebSocket (SDK url): ${info.wsUrl}`,
    `  inspector:           ${info.inspector}`,
    `  control plane:       ${running.url}/_mock/health · ${info.openapi}${o.controlToken ? ' (needs Authorization: Bearer <control token>)' : ''}`,
    `  state from:          ${info.stateFrom}${o.snapshot ? ` (saved to ${o.snapshot}${o.saveOnExit ? ' on exit and' : ''} on POST /_mock/snapshot/save)` : ''}`,
    `  clock:               ${info.clock}${info.frozen ? ' (frozen)' : ''}`,
  ];
  for (const t of tenants) {
    out.push('', `tenant ${t.appKey}  (SDK appKey; client_credentials ${t.clientId} / ${t.clientSecret})`);
    for (const { user, token } of t.users) out.push(`  ${user.padEnd(12)} Bearer ${token}`);
    if (t.more > 0) out.push(`  … and ${t.more} more (POST /_mock/tenants/${t.org}/${t.app}/tokens {"username": "…"})`);
  }
  out.push('', 'Requests are logged below (--log-level silent to hide them). Ctrl-C to stop.');
  return out.join('\n');
}

/**
 * The standalone server. With `--snapshot FILE` an existing snapshot is the starting state (a corrupt one is
 * refused with its validation errors); `POST /_mock/snapshot/save` and — with `--save-on-exit` — SIGINT/SIGTERM
 * save it back atomically.
 */
export async function runServe(o: ServeOptions): Promise<void> {
  // A save killed mid-write leaves its temp file behind: the snapshot itself is intact, the leftover is not needed.
  if (o.snapshot) for (const stale of removeStaleTemps(o.snapshot)) console.error(`[roaming-mock] removed ${stale}, left by an interrupted save`);
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
  const running = await startServer(mock, {
    port: o.port, host: o.host, allowHosts: o.allowHosts, corsControl: o.corsControl,
    ...(o.controlToken !== undefined ? { controlToken: o.controlToken } : {}),
    ...(o.publicUrl !== undefined ? { publicUrl: o.publicUrl } : {}),
  });
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
  onParentExit(() => stop('parent exited'));
  // The banner last: whoever reads it may signal at once, and the handlers above must be in place by then.
  if (o.logLevel !== 'silent') console.log(banner(mock, running, o, snapshot !== undefined, files));
  logRequests(mock.journal, o.logLevel, o.logFormat ?? 'text');
}

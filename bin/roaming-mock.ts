#!/usr/bin/env -S node --import tsx
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { createRoamingMock, type Fixture } from '../src/index.ts';
import { startServer } from '../src/adapters/server.ts';

const DEMO = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/demo.json');

function readFixture(file: string): Fixture {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Fixture;
  } catch (err) {
    throw new Error(`[roaming-mock] cannot read fixture ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function serve(argv: { port: number; host: string; fixture: string[]; now?: string; freeze: boolean; seed?: number }): Promise<void> {
  const files = argv.fixture.length > 0 ? argv.fixture : [DEMO];
  const mock = createRoamingMock({
    fixture: files.map(readFixture),
    frozen: argv.freeze,
    ...(argv.now !== undefined ? { now: /^\d+$/.test(argv.now) ? Number(argv.now) : argv.now } : {}),
    ...(argv.seed !== undefined ? { seed: argv.seed } : {}),
  });
  const running = await startServer(mock, { port: argv.port, host: argv.host });
  const out: string[] = [
    `roaming-mock listening`,
    `  REST (SDK apiUrl): ${running.url}`,
    `  WebSocket (SDK url): ${running.wsUrl}`,
    `  control plane:     ${running.url}/_mock/health`,
    `  fixtures:          ${files.join(', ')}`,
    `  clock:             ${new Date(mock.clock.now()).toISOString()}${mock.clock.frozen ? ' (frozen)' : ''}`,
  ];
  for (const tenant of mock.tenants()) {
    out.push('', `tenant ${tenant.appKey}  (appKey for the SDK; client_credentials ${tenant.state.clientId} / ${tenant.state.clientSecret})`);
    const users = [...tenant.state.users.keys()];
    for (const user of users.slice(0, 10)) out.push(`  ${user.padEnd(12)} Bearer ${mock.tokens.issue(tenant, user).token}`);
    if (users.length > 10) out.push(`  … and ${users.length - 10} more users (POST /_mock/tenants/${tenant.org}/${tenant.app}/tokens {"username"})`);
  }
  out.push('', 'Ctrl-C to stop.');
  console.log(out.join('\n'));
  const stop = (signal: string): void => {
    console.log(`\n[roaming-mock] ${signal}: closing…`);
    const force = setTimeout(() => process.exit(0), 5_000);
    force.unref();
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

await yargs(hideBin(process.argv))
  .scriptName('roaming-mock')
  .env('ROAMING_MOCK')
  .command(
    'serve',
    'Start the standalone server (REST + WebSocket on one port)',
    (y) =>
      y
        .option('port', { type: 'number', default: 5280, describe: 'TCP port (0 = any free port)' })
        .option('host', { type: 'string', default: '127.0.0.1', describe: 'Interface to listen on' })
        .option('fixture', { type: 'string', array: true, default: [] as string[], describe: 'Fixture file(s); default: the bundled demo' })
        .option('now', { type: 'string', describe: 'Start time (ISO-8601 or epoch ms)' })
        .option('freeze', { type: 'boolean', default: false, describe: 'Start with the clock frozen' })
        .option('seed', { type: 'number', describe: 'Seed of ids and tokens' })
        .option('log-level', { type: 'string', default: 'info', choices: ['silent', 'info', 'debug'] }),
    (argv) => serve(argv as never),
  )
  .demandCommand(1, 'Name a command: serve')
  .strict()
  .fail((msg, err, y) => {
    if (err) {
      console.error(err.message);
      process.exit(1);
    }
    console.error(`${y.help()}\n\n${msg}`);
    process.exit(2);
  })
  .help()
  .parseAsync();

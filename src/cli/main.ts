#!/usr/bin/env node
import module from 'node:module';
import { MissingPeerError } from '../node/optional-peer.ts';
import { packageVersion } from '../node/package-files.ts';
import type { LogFormat, LogLevel } from '../node/request-log.ts';

const SERVE_OPTIONS = {
  port: { type: 'number', default: 5280, describe: 'TCP port (0 = any free port)' },
  host: { type: 'string', default: '127.0.0.1', describe: 'Interface to listen on' },
  fixture: { type: 'string', array: true, default: [] as string[], describe: 'Fixture file(s); default: the bundled demo' },
  now: { type: 'string', describe: 'Start time (ISO-8601 or epoch ms)' },
  freeze: { type: 'boolean', default: false, describe: 'Start with the clock frozen' },
  seed: { type: 'number', describe: 'Seed of ids and tokens' },
  snapshot: { type: 'string', describe: 'State file: loaded at start when it exists, saved atomically on POST /_mock/snapshot/save' },
  'save-on-exit': { type: 'boolean', default: false, describe: 'Also save the snapshot on SIGINT/SIGTERM' },
  'allow-host': { type: 'string', array: true, default: [] as string[], describe: 'Host name besides loopback that may reach /_mock (repeatable; DNS-rebinding guard)' },
  'cors-control': { type: 'boolean', default: false, describe: 'Let other origins call /_mock, with CORS headers (off: same-origin only)' },
  'control-token': { type: 'string', describe: 'Require "Authorization: Bearer <secret>" on /_mock (inspector: /_mock/ui?token=<secret> once)' },
  'public-url': { type: 'string', describe: 'Base URL of envelope uri and history-file URLs (default: the bound address)' },
  'log-level': { type: 'string', default: 'info', choices: ['silent', 'info', 'debug'], describe: 'info: one line per request; debug: with bodies' },
  'log-format': { type: 'string', default: 'text', choices: ['text', 'json'], describe: 'json: one JSON object per line (start banner included)' },
} as const;

/** `--help` lists the environment variables yargs reads (`.env('ROAMING_MOCK')`), generated from the options. */
const environmentHelp = (options: Record<string, unknown>): string =>
  `Environment: every option can also be set as ROAMING_MOCK_<OPTION>; a flag wins over the variable.\n${Object.keys(options)
    .map((name) => `  ROAMING_MOCK_${name.toUpperCase().replace(/-/g, '_')}`)
    .join('\n')}`;

// Node ≥ 22.1 keeps compiled code in the OS temp dir: every start after the first skips compiling (#18 start-up).
// Node 20 has no such cache. Everything below is imported after this line, so it all benefits.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const { default: yargs } = await import('yargs');
const { hideBin } = await import('yargs/helpers');

/**
 * The CLI: options and help only; each command's work lives in src/cli and is imported when that command runs
 * (faker only for generate, Pact only for verify). Exit codes: 0 ok, 1 check failed, 2 bad usage or a missing
 * optional package.
 */
await yargs(hideBin(process.argv))
  .scriptName('roaming-mock')
  .version(packageVersion())
  .env('ROAMING_MOCK')
  .command(
    'serve',
    'Start the standalone server (REST + WebSocket on one port)',
    (y) => y.options(SERVE_OPTIONS).epilogue(environmentHelp(SERVE_OPTIONS)),
    async (argv) => {
      const { runServe } = await import('./serve.ts');
      await runServe({
        port: argv.port, host: argv.host, fixture: argv.fixture, freeze: argv.freeze, saveOnExit: argv['save-on-exit'],
        logLevel: argv['log-level'] as LogLevel, logFormat: argv['log-format'] as LogFormat,
        allowHosts: argv['allow-host'] as string[], corsControl: argv['cors-control'],
        ...(argv['control-token'] !== undefined ? { controlToken: argv['control-token'] } : {}),
        ...(argv['public-url'] !== undefined ? { publicUrl: argv['public-url'] } : {}),
        ...(argv.now !== undefined ? { now: argv.now } : {}),
        ...(argv.seed !== undefined ? { seed: argv.seed } : {}),
        ...(argv.snapshot !== undefined ? { snapshot: argv.snapshot } : {}),
      });
    },
  )
  .command(
    'generate',
    'Write a realistic fixture (faker), deterministic per seed',
    (y) =>
      y
        .option('users', { type: 'number', demandOption: true, describe: 'Number of users (≥ 2)' })
        .option('conversations', { type: 'number', demandOption: true, describe: 'Conversations in all (single chats + groups)' })
        .option('messages', { type: 'number', demandOption: true, describe: 'Number of messages' })
        .option('groups', { type: 'number', describe: 'Number of groups (default: a tenth of the conversations)' })
        .option('seed', { type: 'number', default: 1 })
        .option('days', { type: 'number', default: 7, describe: 'Spread messages over this many days before load time' })
        .option('out', { type: 'string', describe: 'Output file (default: stdout)' })
        .check((a) => {
          for (const k of ['users', 'conversations', 'messages'] as const) if (!Number.isInteger(a[k]) || a[k] < 0) return `--${k} must be a whole number ≥ 0`;
          return a.users < 2 ? '--users must be at least 2' : true;
        }),
    async (argv) => {
      const { runGenerate } = await import('./generate.ts');
      process.exitCode = await runGenerate({
        users: argv.users, conversations: argv.conversations, messages: argv.messages, seed: argv.seed, days: argv.days,
        ...(argv.groups !== undefined ? { groups: argv.groups } : {}),
        ...(argv.out !== undefined ? { out: argv.out } : {}),
      });
    },
  )
  .command(
    'validate <files..>',
    'Check fixtures: every error with its JSON path; exit 1 on any error',
    (y) => y.positional('files', { type: 'string', array: true, demandOption: true }),
    async (argv) => {
      const { runValidate } = await import('./validate.ts');
      process.exitCode = runValidate(argv.files as string[]);
    },
  )
  .command(
    'verify',
    'Pact provider verification: the bundled contracts against the built-in mock, or your pacts / your server',
    (y) =>
      y
        .option('pact', { type: 'string', array: true, describe: 'Pact file or folder (repeatable); default: the bundled contracts' })
        .option('provider-base-url', { type: 'string', describe: 'Server to verify (default: start the built-in mock)' })
        .option('state-change-url', { type: 'string', describe: 'Provider-state endpoint (default with the built-in mock: /_mock/provider-states)' })
        .option('header', { type: 'string', array: true, describe: 'Replace a request header, "Name: value" (repeatable)' })
        .option('provider', { type: 'string', default: 'roaming-service', describe: 'Provider name in the pacts' })
        .option('broker-url', { type: 'string', describe: 'Fetch pacts from a Pact Broker' })
        .option('broker-token', { type: 'string', describe: 'Pact Broker bearer token' })
        .option('publish', { type: 'boolean', default: false, describe: 'Publish results to the broker' })
        .option('provider-version', { type: 'string', describe: 'Provider version to publish' })
        .option('log-level', { type: 'string', default: 'warn', choices: ['trace', 'debug', 'info', 'warn', 'error'] }),
    async (argv) => {
      const { runVerify } = await import('./verify.ts');
      process.exitCode = await runVerify({
        provider: argv.provider,
        publish: argv.publish,
        logLevel: argv['log-level'] as 'warn',
        ...(argv.pact ? { pacts: argv.pact } : {}),
        ...(argv['provider-base-url'] ? { providerBaseUrl: argv['provider-base-url'] } : {}),
        ...(argv['state-change-url'] ? { stateChangeUrl: argv['state-change-url'] } : {}),
        ...(argv.header ? { headers: argv.header } : {}),
        ...(argv['broker-url'] ? { brokerUrl: argv['broker-url'] } : {}),
        ...(argv['broker-token'] ? { brokerToken: argv['broker-token'] } : {}),
        ...(argv['provider-version'] ? { providerVersion: argv['provider-version'] } : {}),
      });
    },
  )
  .command(
    'record',
    'Record real traffic: a proxy in front of the service writes every exchange to a session file',
    (y) =>
      y
        .option('upstream', { type: 'string', demandOption: true, describe: 'The service base URL (https://a1.easemob.com)' })
        .option('ws-upstream', { type: 'string', describe: 'msync WebSocket base (default: the upstream as ws(s)://)' })
        .option('out', { type: 'string', demandOption: true, describe: 'Session file (JSON lines)' })
        .option('keep-secrets', { type: 'boolean', default: false, describe: 'Write tokens, passwords and secrets as they are (default: masked)' })
        .option('port', { type: 'number', default: 5281, describe: 'TCP port of the proxy (0 = any free port)' })
        .option('host', { type: 'string', default: '127.0.0.1' }),
    async (argv) => {
      const { runRecord } = await import('./record.ts');
      await runRecord({
        upstream: argv.upstream, out: argv.out, keepSecrets: argv['keep-secrets'], port: argv.port, host: argv.host,
        ...(argv['ws-upstream'] !== undefined ? { wsUpstream: argv['ws-upstream'] } : {}),
      });
    },
  )
  .command(
    'fixture-from <session>',
    'Rebuild a fixture from a recorded session (users, groups, rooms, messages, pins, marks, deletes)',
    (y) =>
      y
        .positional('session', { type: 'string', demandOption: true })
        .option('out', { type: 'string', describe: 'Output file (default: stdout)' })
        .option('at', { type: 'string', choices: ['start', 'end'], default: 'end', describe: 'The world before the session, or as it left it' }),
    async (argv) => {
      const { runFixtureFrom } = await import('./fixture-from.ts');
      process.exitCode = runFixtureFrom({ session: argv.session as string, at: argv.at as 'start' | 'end', ...(argv.out !== undefined ? { out: argv.out } : {}) });
    },
  )
  .command(
    'diff <session>',
    'Replay a session against a fresh mock and show every place it answers differently; exit 1 on any',
    (y) => y.positional('session', { type: 'string', demandOption: true }).option('json', { type: 'boolean', default: false, describe: 'The report as JSON' }),
    async (argv) => {
      const { runDiff } = await import('./diff.ts');
      process.exitCode = await runDiff({ session: argv.session as string, json: argv.json });
    },
  )
  .demandCommand(1, 'Name a command: serve, generate, validate, verify, record, fixture-from or diff')
  .strict()
  .fail((msg, err, y) => {
    // yargs reports usage problems with a message (and sometimes a YError); anything else is a failed command.
    if (err instanceof MissingPeerError) {
      console.error(err.message);
      process.exit(2);
    }
    if (err instanceof Error && err.name !== 'YError') {
      console.error(err.message);
      process.exit(1);
    }
    console.error(`${msg ?? (err instanceof Error ? err.message : String(err ?? 'bad usage'))}\n\nRun with --help for the options.`);
    process.exit(2);
  })
  .help()
  .parseAsync();

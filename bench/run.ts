/**
 * npm run bench [-- --quick] [-- --write]: every figure is a ratio against a baseline measured in this run,
 * alternating A and B over several rounds, medians reported (machines here are shared and noisy).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFixture } from '../src/fixtures/generate.ts';
import { compareCore } from './core.ts';
import { killAll, stop } from './children.ts';
import { compareHttp, httpLine, startChild, type ServerHandle } from './http.ts';
import { compareMsw } from './msw.ts';
import { capture, check, hasJava, startPeer, WIREMOCK_THREADS, type PeerKind } from './peers.ts';
import { PEER_HEADER, peerLine, spliceResults, targetCell, type Target } from './report.ts';
import { compareStartup } from './startup.ts';
import { createRoamingMock as createBuilt } from 'roaming-mock';
import type { createRoamingMock as createFromSource } from '../src/index.ts';
import { benchState } from './state.ts';
import { fmt, median } from './stats.ts';

const quick = process.argv.includes('--quick');
const write = process.argv.includes('--write');
// --only=peers,startup (any of http, peers, startup, inprocess, scale): a part of the run, e.g. to try one piece.
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = new Set(onlyArg ? onlyArg.slice('--only='.length).split(',') : ['http', 'peers', 'startup', 'inprocess', 'scale']);
if (onlyArg && write) throw new Error('--write records a whole run: leave out --only');
const P = quick
  ? { thread: 20_000, rounds: 2, seconds: 1, mswCalls: 500, coreCalls: 2_000, fixtureMessages: 20_000, scaleRounds: 1, jvmWarmup: 3, startupRounds: 3 }
  : { thread: 1_000_000, rounds: 10, seconds: 2, mswCalls: 3_000, coreCalls: 20_000, fixtureMessages: 1_000_000, scaleRounds: 5, jvmWarmup: 15, startupRounds: 11 };
const out: string[] = [];
const say = (line = ''): void => {
  out.push(line);
  console.log(line);
};

async function httpSection(): Promise<void> {
  if (!only.has('http')) {
    // The peers alone: roaming-mock standalone is still their A side.
    const mock = await startChild('mock', P.thread);
    try {
      await peersSection(mock);
    } finally {
      stop(mock.child);
    }
    return;
  }
  say(`### HTTP: ${fmt(P.thread)}-message thread, autocannon 50 connections, ${P.rounds} rounds × ${P.seconds} s, A/B alternating`);
  say('');
  say(`Servers run the compiled package (dist/, built by \`npm run bench\`), as users run it; Node ${process.versions.node}.`);
  say('');
  say('| request | req/s | baseline req/s | p50 / p99 ms | baseline p50 / p99 ms | ratio | target |');
  say('|---|---|---|---|---|---|---|');
  const servers: ServerHandle[] = [];
  try {
    const [mock, bare] = [await startChild('mock', P.thread), await startChild('bare', P.thread)];
    servers.push(mock, bare);
    const rows = await compareHttp(mock, bare, P.rounds, P.seconds);
    rows.forEach((r) => say(httpLine({ ...r, name: `standalone server: ${r.name}` }, 0.7)));
    // The standalone server writes a turn's answers together; a bare server doing the same shows what that alone is worth.
    const batched = await startChild('bare-batched', P.thread);
    servers.push(batched);
    const brows = await compareHttp(mock, batched, P.rounds, P.seconds);
    brows.forEach((r) => say(httpLine({ ...r, name: `standalone server vs a bare server that also batches its writes: ${r.name}` })));
    stop(batched.child);
    const express = await startChild('express', P.thread);
    servers.push(express);
    const erows = await compareHttp(express, bare, P.rounds, P.seconds);
    erows.forEach((r) => say(httpLine({ ...r, name: `express 5 door: ${r.name}` })));
    const errors = [...rows, ...brows, ...erows].reduce((s, r) => s + r.errors, 0);
    say('');
    say(`Baseline: a bare node:http server answering the identical status, headers and bytes (writing each answer at once, as node:http does by default). Errors and non-2xx during the runs: ${errors}.`);
    stop(express.child);
    stop(bare.child);
    if (only.has('peers')) await peersSection(mock);
  } finally {
    for (const s of servers) stop(s.child);
  }
}

const PEERS: { kind: PeerKind; label: string; target?: Target }[] = [
  { kind: 'wiremock', label: 'WireMock 3 standalone (java -jar)', target: { op: '≥', value: 2 } },
  { kind: 'mockttp', label: 'mockttp (standalone process, Node API)', target: { op: '>', value: 1 } },
  { kind: 'msw-express', label: 'express 5 + @mswjs/http-middleware' },
];

/**
 * Other mock servers answering the same requests with roaming-mock's own status, headers and bytes (captured from
 * the running server), each in its own process, against roaming-mock standalone in the same alternating rounds.
 */
async function peersSection(mock: ServerHandle): Promise<void> {
  // The list and history pages: answers that do not change under load (the delete would).
  const requests = mock.requests.filter((r) => r.method !== 'DELETE');
  const canned = await capture(mock, requests);
  const subject = { ...mock, requests };
  say('');
  say(`### HTTP: roaming-mock standalone vs other mock servers, same requests and bytes, ${P.rounds} rounds × ${P.seconds} s, A/B alternating`);
  say('');
  say(PEER_HEADER[0]!);
  say(PEER_HEADER[1]!);
  const notes: string[] = [];
  let errors = 0;
  for (const p of PEERS) {
    if (p.kind === 'wiremock' && !hasJava()) {
      notes.push('WireMock row skipped: no `java` on PATH (Java 17+ runs the jar the `wiremock` npm package ships).');
      continue;
    }
    const peer = await startPeer(p.kind, canned);
    try {
      const { diffs, extraHeaders } = await check(peer.port, canned);
      if (diffs.length > 0) notes.push(`${p.label} answers differ from roaming-mock's: ${diffs.join('; ')}.`);
      if (extraHeaders.length > 0) notes.push(`${p.label} adds headers of its own: ${extraHeaders.join(', ')}.`);
      const warmup = p.kind === 'wiremock' ? P.jvmWarmup : 1;
      const rows = await compareHttp(subject, { port: peer.port, token: mock.token, requests, child: peer.child }, P.rounds, P.seconds, { a: 1, b: warmup });
      for (const r of rows) {
        say(peerLine(p.label, r, p.target));
        errors += r.errors;
      }
    } finally {
      stop(peer.child);
      peer.cleanup();
    }
  }
  say('');
  say(
    'Each peer serves one static rule per request (exact method, path and query; exact body for the POST), set up with the status, headers and body ' +
      'bytes roaming-mock answered, checked once before the rounds. roaming-mock ÷ it = the median of per-round req/s ratios (above 1: roaming-mock is faster). ' +
      `Warm-up before the rounds: ${P.jvmWarmup} s of the same load for WireMock (JVM JIT), 1 s for the others and for roaming-mock.`,
  );
  say('');
  say(
    `WireMock: \`java -jar\` with JVM defaults, \`--no-request-journal --disable-request-logging --disable-banner --disable-response-templating --disable-gzip --container-threads ${WIREMOCK_THREADS}\`, ` +
      'stubs in its root dir. mockttp: `getLocal({ recordTraffic: false })`, `forGet/forPost(...).withExactQuery(...)[.withBody(...)].thenReply(...)`. ' +
      'express 5 + `createMiddleware(http.get(...))` from @mswjs/http-middleware, handlers matching method and path. ' +
      `Errors and non-2xx during the runs: ${errors}.`,
  );
  for (const n of notes) say(`- ${n}`);
}

async function startupSection(): Promise<void> {
  const r = await compareStartup(P.startupRounds);
  say('');
  say(`### Start-up: ${P.startupRounds} rounds, A/B alternating`);
  say('');
  say('| what | A | B (baseline) | ratio A/B | target |');
  say('|---|---|---|---|---|');
  say(`| \`roaming-mock serve\` (compiled CLI, demo fixture) until GET /_mock/health answers vs a bare node:http server until it answers | ${fmt(r.serve)} ms | ${fmt(r.bare)} ms | **${fmt(r.ratio, 2)}** | ${targetCell(r.ratio, { op: '≤', value: 6 })} |`);
  say('');
  say('Both timed from spawn to the first 200 (polled every 2 ms), on a free port on 127.0.0.1; one untimed start of each first.');
}

/** The compiled package, as users run it (tsx wraps every inner function of the source in a `__name` call: 6× slower lists). */
const built = createBuilt as unknown as typeof createFromSource;

async function inProcessSections(): Promise<void> {
  const { mock, token } = benchState(P.thread, built);
  say('');
  say('### In process');
  say('');
  say('| what | A | B (baseline) | ratio A/B | target |');
  say('|---|---|---|---|---|');
  const listPath = '/bench/roaming/sdk/user/alice/user_channels/list?limit=20&cursor=&need_mark=true';
  // MSW runs inside test processes: the door is measured with a test-sized world (20,000 messages).
  const small = P.thread > 20_000 ? benchState(20_000, built) : { mock, token };
  const msw = await compareMsw(small.mock, small.token, listPath, P.rounds * 3, P.mswCalls / 3, 'MSW door vs trivial MSW handler (list page, 20,000-message world)');
  say(msw.line);
  const core = await compareCore(mock, P.rounds, P.coreCalls);
  for (const line of core.lines) say(line);
}

function scaleSection(): void {
  const file = join(tmpdir(), `roaming-mock-bench-${P.fixtureMessages}.json`);
  if (!existsSync(file)) {
    // Written synchronously and renamed into place, so the child never sees half a file.
    const fd = openSync(`${file}.tmp`, 'w');
    const parts: string[] = [];
    let size = 0;
    const flush = (): void => {
      writeSync(fd, parts.join(''));
      parts.length = 0;
      size = 0;
    };
    generateFixture({ users: Math.max(100, P.fixtureMessages / 200), conversations: Math.max(200, P.fixtureMessages / 20), messages: P.fixtureMessages, seed: 1, days: 30 }, {
      write(s) {
        parts.push(s);
        size += s.length;
        if (size > 1 << 20) flush();
      },
    });
    flush();
    closeSync(fd);
    renameSync(`${file}.tmp`, file);
  }
  const res = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=12000', '--import', 'tsx', 'bench/scale-child.ts', file, String(P.scaleRounds)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (res.status !== 0) throw new Error(`scale child failed:\n${res.stderr}`);
  const r = JSON.parse(res.stdout.trim().split('\n').pop()!) as { parseMs: number[]; floorMs: number[]; rulesMs: number[]; loadMs: number[]; noEvictMs: number[]; messages: number; heapBytesPerMessage: number; bytes: number };
  // The rounds swing widely on this shared machine (a memory-heavy pass more than a parse): each ratio shows its rounds' range.
  const spread = (xs: number[]): string => ` (rounds ${fmt(Math.min(...xs), 2)}–${fmt(Math.max(...xs), 2)})`;
  const ratio = median(r.loadMs.map((l, i) => l / r.parseMs[i]!));
  const floor = median(r.floorMs.map((l, i) => l / r.parseMs[i]!));
  say(`| load a ${fmt(r.messages)}-message fixture (${fmt(r.bytes / 1e6)} MB) vs JSON.parse of it | ${fmt(median(r.loadMs))} ms | ${fmt(median(r.parseMs))} ms | **${fmt(ratio, 2)}**${spread(r.loadMs.map((l, i) => l / r.parseMs[i]!))} | ≤ 3 ${ratio <= 3 ? '✓' : '✗'} |`);
  say(`| minimal loader (parse, body text, thread map, an object a message: no checks, ids, lists) vs JSON.parse | ${fmt(median(r.floorMs))} ms | ${fmt(median(r.parseMs))} ms | **${fmt(floor, 2)}** | (floor) |`);
  const rules = median(r.rulesMs.map((l, i) => l / r.parseMs[i]!));
  say(`| rules floor (the rules the load applies, each at its least: checks by type, times, R19 ids, body and ext text, R21 listings, R2 evictions through a lazy heap, the fixture's views; no unread counts or by-sender lists, which are read-time choices) vs JSON.parse | ${fmt(median(r.rulesMs))} ms | ${fmt(median(r.parseMs))} ms | **${fmt(rules, 2)}**${spread(r.rulesMs.map((l, i) => l / r.parseMs[i]!))} | (floor) |`);
  const overFloor = median(r.loadMs.map((l, i) => l / r.rulesMs[i]!));
  say(`| the whole load vs the rules floor (what the load does beyond the least the rules need) | ${fmt(median(r.loadMs))} ms | ${fmt(median(r.rulesMs))} ms | **${fmt(overFloor, 2)}**${spread(r.loadMs.map((l, i) => l / r.rulesMs[i]!))} | (profile) |`);
  const noEvict = median(r.noEvictMs.map((l, i) => l / r.parseMs[i]!));
  say(`| the same load with R2 evictions off (conversationLimit 10,000): what R2 costs vs JSON.parse | ${fmt(median(r.noEvictMs))} ms | ${fmt(median(r.parseMs))} ms | **${fmt(noEvict, 2)}** | (profile) |`);
  say(`| heap per message after load and GC | ${fmt(r.heapBytesPerMessage)} B | — | — | ≤ 400 ${r.heapBytesPerMessage <= 400 ? '✓' : '✗'} |`);
}

const started = Date.now();
say(`## roaming-mock benchmarks${quick ? ' (quick smoke run)' : ''}`);
say('');
say(`${new Date().toISOString().slice(0, 10)} · ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length} cores · ${fmt(totalmem() / 2 ** 30)} GiB · Node ${process.version}`);
say('');
if (only.has('http') || only.has('peers')) await httpSection();
if (only.has('startup')) await startupSection();
if (only.has('inprocess')) await inProcessSections();
if (only.has('scale')) scaleSection();
say('');
say(`(${fmt((Date.now() - started) / 1000)} s)`);
if (write) {
  const file = 'bench/RESULTS.md';
  writeFileSync(file, spliceResults(existsSync(file) ? readFileSync(file, 'utf8') : undefined, out.join('\n')));
}
killAll();
process.exit(0);

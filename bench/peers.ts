import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { onCleanup, track } from './children.ts';
import type { ServerHandle } from './http.ts';
import type { BenchRequest } from './state.ts';

/** A request and the exact answer roaming-mock gave to it: what every peer is set up to answer. */
export interface Canned extends BenchRequest {
  status: number;
  headers: Record<string, string>;
  bytes: string;
}

export type PeerKind = 'wiremock' | 'mockttp' | 'msw-express';

/** Headers that belong to the connection or the moment, not to the answer: each server sets its own. */
const OWN_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

/** Ask the running roaming-mock server each request once and keep status, headers and body bytes. */
export async function capture(server: ServerHandle, requests: BenchRequest[]): Promise<Canned[]> {
  const out: Canned[] = [];
  for (const r of requests) {
    const res = await fetch(`http://127.0.0.1:${server.port}${r.path}`, {
      method: r.method,
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      ...(r.body ? { body: r.body } : {}),
    });
    const bytes = await res.text();
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      if (!OWN_HEADERS.has(name)) headers[name] = value;
    });
    // Every peer answers with a fixed length, as roaming-mock does (no chunked encoding).
    headers['content-length'] = String(Buffer.byteLength(bytes));
    out.push({ ...r, status: res.status, headers, bytes });
  }
  return out;
}

/** Differences between a peer's answer and roaming-mock's (status, body bytes, every canned header); [] when equal. */
export async function check(port: number, canned: Canned[]): Promise<{ diffs: string[]; extraHeaders: string[] }> {
  const diffs: string[] = [];
  const extra = new Set<string>();
  for (const c of canned) {
    const res = await fetch(`http://127.0.0.1:${port}${c.path}`, { method: c.method, headers: { 'content-type': 'application/json' }, ...(c.body ? { body: c.body } : {}) });
    const body = await res.text();
    if (res.status !== c.status) diffs.push(`${c.name}: status ${res.status} ≠ ${c.status}`);
    if (body !== c.bytes) diffs.push(`${c.name}: body differs (${body.length} vs ${c.bytes.length} chars)`);
    for (const [name, value] of Object.entries(c.headers)) if (res.headers.get(name) !== value) diffs.push(`${c.name}: header ${name} = ${res.headers.get(name)} ≠ ${value}`);
    res.headers.forEach((_, name) => {
      if (!(name in c.headers) && !OWN_HEADERS.has(name)) extra.add(name);
    });
  }
  return { diffs, extraHeaders: [...extra].sort() };
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });

export const hasJava = (): boolean => !spawnSync('java', ['-version'], { stdio: 'ignore' }).error;

/** The standalone jar that the `wiremock` npm package ships. */
function wiremockJar(): string {
  const dir = join(dirname(createRequire(import.meta.url).resolve('wiremock/package.json')), 'build');
  const jar = readdirSync(dir).find((f) => /^wiremock-standalone-.*\.jar$/.test(f));
  if (!jar) throw new Error(`no wiremock-standalone jar in ${dir}`);
  return join(dir, jar);
}

/**
 * WireMock's command line. Chosen for a fair row: no request journal and no request logging (both cost per
 * request and a mock under load wants neither), no banner, no response templating (static bytes), gzip off
 * (roaming-mock does not compress), JVM defaults otherwise. Container threads: 16 — Jetty's pool serves the 50
 * keep-alive connections without blocking work; more threads than that only add contention on 2 cores.
 */
export const WIREMOCK_THREADS = 16;
export const wiremockArgs = (jar: string, port: number, root: string): string[] => [
  '-jar', jar, '--port', String(port), '--bind-address', '127.0.0.1', '--root-dir', root,
  '--no-request-journal', '--disable-request-logging', '--disable-banner', '--disable-response-templating', '--disable-gzip',
  '--container-threads', String(WIREMOCK_THREADS),
];

/** One static stub per request: exact URL (path and query), exact body for POST, the canned response. */
export const wiremockMappings = (canned: Canned[]): unknown => ({
  mappings: canned.map((c) => ({
    request: { method: c.method, url: c.path, ...(c.body !== undefined ? { bodyPatterns: [{ equalTo: c.body }] } : {}) },
    response: { status: c.status, headers: c.headers, body: c.bytes },
  })),
});

export interface Peer {
  kind: PeerKind;
  port: number;
  child: ChildProcess;
  cleanup: () => void;
}

async function waitFor(port: number, c: Canned, child: ChildProcess, what: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}) before answering`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}${c.path}`, { method: c.method, ...(c.body ? { body: c.body } : {}) });
      await res.arrayBuffer();
      if (res.status === c.status) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > until) throw new Error(`${what} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Start a peer in its own process, set up with the canned answers; resolves once it answers the first request. */
export async function startPeer(kind: PeerKind, canned: Canned[]): Promise<Peer> {
  const dir = mkdtempSync(join(tmpdir(), `roaming-bench-${kind}-`));
  const cleanup = onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  try {
    if (kind === 'wiremock') {
      mkdirSync(join(dir, 'mappings'));
      writeFileSync(join(dir, 'mappings', 'bench.json'), JSON.stringify(wiremockMappings(canned)));
      const port = await freePort();
      // A shell holds the JVM and kills it when the bench's end of its stdin closes — even if the bench is
      // SIGKILLed; detached, so that the bench can signal the shell and java together as one process group.
      const java = ['java', ...wiremockArgs(wiremockJar(), port, dir)].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
      const child = track(spawn('sh', ['-c', `${java} >/dev/null 2>&1 & j=$!; trap 'kill $j; exit 0' TERM INT; read _ ; kill $j`], { stdio: ['pipe', 'ignore', 'inherit'], detached: true }), true);
      await waitFor(port, canned[0]!, child, 'WireMock');
      return { kind, port, child, cleanup };
    }
    const spec = join(dir, 'canned.json');
    writeFileSync(spec, JSON.stringify(canned));
    const child = track(spawn(process.execPath, ['--import', 'tsx', 'bench/peer-child.ts', kind, spec], { stdio: ['pipe', 'pipe', 'inherit'] }));
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve((JSON.parse(line) as { port: number }).port);
      });
      child.once('exit', (code) => reject(new Error(`${kind} peer exited (${code})`)));
    });
    await waitFor(port, canned[0]!, child, kind);
    return { kind, port, child, cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}

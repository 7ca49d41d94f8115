import { spawn, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { freeze, track } from './children.ts';
import { alternate, fmt, median } from './stats.ts';
import type { BenchRequest } from './state.ts';

export interface ServerHandle {
  port: number;
  token: string;
  requests: BenchRequest[];
  child: ChildProcess;
}

/** Start a benchmark server in its own process (so the load generator here does not share its core). */
export function startChild(mode: 'mock' | 'bare' | 'bare-batched' | 'express', threadSize: number): Promise<ServerHandle> {
  // stdin is a pipe the child watches: it exits when the bench does, however the bench ends.
  const child = track(spawn(process.execPath, ['--import', 'tsx', '--max-old-space-size=8000', 'bench/server-child.ts', mode, String(threadSize)], { stdio: ['pipe', 'pipe', 'inherit'] }));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ ...(JSON.parse(line) as Omit<ServerHandle, 'child'>), child });
    });
    child.once('exit', (code) => reject(new Error(`${mode} server exited (${code})`)));
  });
}

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

export async function load(port: number, token: string, r: BenchRequest, seconds: number): Promise<Load> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${r.path}`,
    method: r.method,
    connections: 50,
    duration: seconds,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(r.body ? { body: r.body } : {}),
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

export interface HttpRow {
  name: string;
  rps: number;
  baseRps: number;
  p50: number;
  p99: number;
  baseP50: number;
  baseP99: number;
  ratio: number;
  errors: number;
}

/**
 * A against B for each request: alternating rounds of `seconds`, medians and the median of per-round ratios.
 * Before the rounds each side gets `warmup` seconds of the same load (B's may be longer: a JVM peer). While one side
 * is loaded the other is frozen.
 */
export async function compareHttp(a: ServerHandle, b: ServerHandle, rounds: number, seconds: number, warmup: { a: number; b: number } = { a: 1, b: 1 }): Promise<HttpRow[]> {
  const rows: HttpRow[] = [];
  // The side not being measured is frozen (SIGSTOP): its background threads cannot take a core from the other.
  const measured = async (side: ServerHandle, other: ServerHandle, r: BenchRequest, s: number): Promise<Load> => {
    freeze(other.child, true);
    try {
      return await load(side.port, side.token, r, s);
    } finally {
      freeze(other.child, false);
    }
  };
  for (let i = 0; i < a.requests.length; i++) {
    const ra: Load[] = [];
    const rb: Load[] = [];
    await measured(a, b, a.requests[i]!, warmup.a);
    await measured(b, a, b.requests[i]!, warmup.b);
    const result = await alternate(
      rounds,
      async () => (ra.push(await measured(a, b, a.requests[i]!, seconds)), ra.at(-1)!.rps),
      async () => (rb.push(await measured(b, a, b.requests[i]!, seconds)), rb.at(-1)!.rps),
    );
    rows.push({
      name: a.requests[i]!.name, rps: result.a, baseRps: result.b, ratio: result.ratio,
      p50: median(ra.map((x) => x.p50)), p99: median(ra.map((x) => x.p99)), baseP50: median(rb.map((x) => x.p50)), baseP99: median(rb.map((x) => x.p99)),
      errors: ra.reduce((s, x) => s + x.errors, 0),
    });
  }
  return rows;
}

export const httpLine = (r: HttpRow, target?: number): string =>
  `| ${r.name} | ${fmt(r.rps)} | ${fmt(r.baseRps)} | ${r.p50} / ${r.p99} | ${r.baseP50} / ${r.baseP99} | **${fmt(r.ratio, 2)}** | ${target === undefined ? '—' : `≥ ${target} ${r.ratio >= target ? '✓' : '✗'}`} |`;

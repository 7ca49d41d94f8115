import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { track } from './children.ts';
import { freePort } from './peers.ts';
import { alternate } from './stats.ts';

/** One GET; resolves with the status, rejects when nothing listens yet. */
const get = (port: number, path: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, timeout: 2_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });

/**
 * Milliseconds from spawning `node ...args` (with `{port}` replaced by a free port) until `path` first answers
 * 200 — polled every 2 ms; then the process is stopped and waited for, so rounds never overlap.
 */
export async function timeToHealthy(args: string[], path: string, timeoutMs = 30_000): Promise<number> {
  const port = await freePort();
  const start = performance.now();
  const child = track(spawn(process.execPath, args.map((a) => a.replace('{port}', String(port))), { stdio: ['pipe', 'ignore', 'inherit'] }));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`node ${args.join(' ')} exited (${child.exitCode}) before answering`);
      try {
        if ((await get(port, path)) === 200) return performance.now() - start;
      } catch {
        // Not listening yet.
      }
      if (performance.now() - start > timeoutMs) throw new Error(`node ${args.join(' ')}: no answer within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 2));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** `roaming-mock serve` as users start it: the compiled CLI, the bundled demo fixture (the default), loopback. */
export const SERVE = ['dist/cli.js', 'serve', '--port', '{port}', '--host', '127.0.0.1'];
export const HEALTH = '/_mock/health';
/** The floor: a node process that creates a node:http server and listens. */
export const BARE = ['-e', `require('node:http').createServer((q, s) => s.end('ok')).listen({port}, '127.0.0.1')`];

export async function compareStartup(rounds: number): Promise<{ serve: number; bare: number; ratio: number }> {
  // One untimed start of each: the first run reads files the disk cache does not hold yet.
  await timeToHealthy(SERVE, HEALTH);
  await timeToHealthy(BARE, '/');
  const r = await alternate(rounds, () => timeToHealthy(SERVE, HEALTH), () => timeToHealthy(BARE, '/'));
  return { serve: r.a, bare: r.b, ratio: r.ratio };
}

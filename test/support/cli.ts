import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** How tests start the CLI: the compiled one (npm test builds it first), as users run it. */
export const CLI = ['dist/cli.js'];

export interface Served {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/**
 * Start `serve` on a free port (or run `command` — e.g. `npm start` — that starts it) and resolve with its base
 * URL once the start banner shows it, in text or JSON form.
 */
export function serve(args: string[], options: { env?: NodeJS.ProcessEnv; command?: [string, string[]] } & SpawnOptions = {}): Promise<Served> {
  const [cmd, argv] = options.command ?? [process.execPath, [...CLI, 'serve', '--port', '0', ...args]];
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env }, ...(options.cwd ? { cwd: options.cwd } : {}) });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    // A ceiling, not a bound: on busy cores a start takes seconds (issue #14 finding 11).
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 120_000);
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`serve exited ${code}:\n${out}`), { code, out }));
    };
    const onData = (): void => {
      const m = /REST \(SDK apiUrl\):\s+(http:\/\/\S+)/.exec(out) ?? /"url":"(http:\/\/[^"]+)"/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stdout!.off('data', onData);
      resolve({ child, url: m[1]!, output: () => out });
    };
    child.on('exit', onExit);
    child.stdout!.on('data', onData);
  });
}

export const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (code) => r(code)));

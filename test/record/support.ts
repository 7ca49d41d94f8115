import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from '../support/cli.ts';

/** Start `roaming-mock record` on a free port; resolve with its URLs once its banner shows them. */
export function startRecord(args: string[]): Promise<{ child: ChildProcess; url: string; wsUrl: string; output: () => string }> {
  const child = spawn(process.execPath, [...CLI, 'record', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`record did not start:\n${out}`)), 120_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`record exited ${code}:\n${out}`));
    });
    child.stdout!.on('data', () => {
      const rest = /REST \(SDK apiUrl\):\s+(http:\/\/\S+)/.exec(out);
      const ws = /WebSocket \(SDK url\):\s+(ws:\/\/\S+)/.exec(out);
      if (!rest || !ws) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ child, url: rest[1]!, wsUrl: ws[1]!, output: () => out });
    });
  });
}

/** Run a CLI command to its end: exit code and output. */
export function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [...CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

/** Stop the recorder (SIGTERM) and wait until it has closed the session file. */
export function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

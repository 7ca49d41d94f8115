import type { ChildProcess } from 'node:child_process';

/**
 * Every process the benchmark starts is registered here and killed on every way out: a normal end, an error,
 * Ctrl-C or SIGTERM. (A SIGKILL of the bench itself cannot be caught: the children watch their stdin for that —
 * see watchStdin and the WireMock wrapper in peers.ts.)
 */
const live = new Set<ChildProcess>();
const groups = new WeakSet<ChildProcess>();

/** Send a signal to a child, or to its whole process group when it leads one (the WireMock wrapper and its java). */
function signal(child: ChildProcess, name: NodeJS.Signals): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (child.pid !== undefined && groups.has(child)) process.kill(-child.pid, name);
    else child.kill(name);
  } catch {
    // Already gone.
  }
}

function killOne(child: ChildProcess): void {
  // A frozen child (see freeze) would keep SIGTERM pending: let it run first.
  signal(child, 'SIGCONT');
  signal(child, 'SIGTERM');
}

/**
 * Freeze (SIGSTOP) or thaw (SIGCONT) a server between its rounds, so that while the other side is measured it takes
 * no core at all — a JVM's background compiler and GC threads keep running after a warm-up otherwise.
 */
export function freeze(child: ChildProcess, frozen: boolean): void {
  signal(child, frozen ? 'SIGSTOP' : 'SIGCONT');
}

/** Temp files and folders to remove on the way out, like the children (a SIGKILL still leaves them). */
const cleanups = new Set<() => void>();
export function onCleanup(fn: () => void): () => void {
  install();
  cleanups.add(fn);
  return () => {
    cleanups.delete(fn);
    fn();
  };
}

export function killAll(): void {
  for (const child of live) killOne(child);
  live.clear();
  for (const fn of cleanups) {
    try {
      fn();
    } catch {
      // Best effort on the way out.
    }
  }
  cleanups.clear();
}

let installed = false;
function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      console.error(`\nbench: ${signal}, child processes stopped`);
      process.exit(130);
    });
  }
  process.on('uncaughtException', (err) => {
    killAll();
    console.error(err);
    process.exit(1);
  });
  process.on('unhandledRejection', (err) => {
    killAll();
    console.error(err);
    process.exit(1);
  });
}

/** Track a child until it exits; `group`: it was spawned detached and its whole process group is to be killed. */
export function track<C extends ChildProcess>(child: C, group = false): C {
  install();
  if (group) groups.add(child);
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

export function stop(child: ChildProcess): void {
  killOne(child);
  live.delete(child);
}

/** In a child: exit when the parent's end of stdin closes (the parent died, even by SIGKILL). */
export function watchStdin(): void {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('error', () => process.exit(0));
  process.stdin.resume();
}

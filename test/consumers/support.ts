import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

/**
 * The consumer suite's tools: the running Node (process.execPath) and its npm for every child, the tarball packed
 * once, consumer projects installed once (a lock folder in the run's temp root, so parallel test files share
 * them), and child processes in their own process groups, killed as groups.
 */

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const APPS = join(REPO, 'test/consumers/apps');
export const NODE = process.execPath;
export const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
export const PKG = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { name: string; version: string };

/** Generous: installs on a busy 2-core machine can take a minute or two; no test asserts on time. */
export const INSTALL_MS = 300_000;

/** npm's CLI for the running Node: its own (a normal Node install), else the npm that runs us, else the one on PATH. */
function npmFile(file: 'npm-cli.js' | 'npx-cli.js'): string {
  const candidates = [join(dirname(NODE), '..', 'lib', 'node_modules', 'npm', 'bin', file)];
  const execpath = process.env['npm_execpath'];
  if (execpath && /np[mx]-cli\.js$/.test(execpath)) candidates.push(join(dirname(execpath), file));
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'npm'))) candidates.push(join(dirname(realpathSync(join(dir, 'npm'))), file));
  }
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`[consumers] cannot find npm's ${file} (looked at ${candidates.join(', ')})`);
  return found;
}
export const NPM = npmFile('npm-cli.js');
export const NPX = npmFile('npx-cli.js');

/** npm settings that reach the registry are kept; everything npm/vitest set for *this* run is not. */
const KEEP_NPM = /^npm_config_(registry|.*:registry|cache|userconfig|cafile|ca|proxy|https?_proxy|noproxy|strict_ssl)$/i;

/**
 * The environment of every child: no vitest/jest markers (a consumer's own vitest must not think it is nested),
 * no npm_* of the outer `npm test` (npm_config_local_prefix would point installs at the repo), and the running
 * Node first on PATH, so `#!/usr/bin/env node` bins (roaming-mock, vitest, jest, tsc) run on the tested version.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(__)?VITEST|^JEST_|^(NODE_OPTIONS|NODE_ENV|NODE|TEST|INIT_CWD|TINYPOOL.*)$/i.test(k)) continue;
    if (/^npm_/i.test(k) && !KEEP_NPM.test(k)) continue;
    env[k] = v;
  }
  env['PATH'] = [dirname(NODE), process.env['PATH'] ?? ''].join(delimiter);
  env['npm_config_update_notifier'] = 'false';
  env['npm_config_fund'] = 'false';
  env['npm_config_audit'] = 'false';
  return { ...env, ...extra };
}

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

const live = new Set<ChildProcess>();

/** Kill a child's whole process group (npm → sh → node), ignoring one that is already gone. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Every child still running (a failed test's server): killed in afterAll. */
export function killAll(): void {
  for (const child of live) killGroup(child);
  live.clear();
}

/** Live (not zombie) processes of the group led by `pid`: from /proc on Linux, else whether the group answers a signal. */
export function groupMembers(pid: number): string[] {
  if (!existsSync('/proc/self/stat')) {
    try {
      process.kill(-pid, 0);
      return [`group ${pid}`];
    } catch {
      return [];
    }
  }
  const members: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses, so split after the last ')'.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pid && state !== 'Z') members.push(`${entry} ${readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim()}`);
    } catch {
      // exited while we looked
    }
  }
  return members;
}

export const groupAlive = (pid: number): boolean => groupMembers(pid).length > 0;

export interface Started {
  child: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Start a child in its own process group (detached), collecting stdout+stderr. */
export function start(cmd: string, args: string[], o: { cwd: string; env?: NodeJS.ProcessEnv }): Started {
  const child = spawn(cmd, args, { cwd: o.cwd, env: o.env ?? childEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => {
    child.on('error', (err) => {
      out += `\n[spawn error] ${err.message}`;
      res({ code: -1, signal: null });
    });
    child.on('close', (code, signal) => {
      live.delete(child);
      res({ code, signal });
    });
  });
  let ended = false;
  void exited.then(() => (ended = true));
  return {
    child,
    exited,
    output: () => out,
    async waitFor(pattern, ms = 120_000) {
      const end = Date.now() + ms;
      for (;;) {
        const m = out.match(pattern);
        if (m) return m;
        if (ended) throw new Error(`[consumers] the process ended before printing ${pattern}:\n${out}`);
        if (Date.now() > end) throw new Error(`[consumers] no ${pattern} within ${ms} ms:\n${out}`);
        await sleep(50);
      }
    },
  };
}

/** Run to completion (killing the group after `timeoutMs`); never throws for a non-zero exit — see `ok()`. */
export async function run(cmd: string, args: string[], o: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Ran> {
  const t0 = Date.now();
  const child = spawn(cmd, args, { cwd: o.cwd, env: o.env ?? childEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => {
    stderr += `\n[consumers] killed after ${o.timeoutMs ?? INSTALL_MS} ms`;
    killGroup(child);
  }, o.timeoutMs ?? INSTALL_MS);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((res) => {
    child.on('error', (err) => {
      stderr += `\n[spawn error] ${err.message}`;
      res([-1, null]);
    });
    child.on('close', (c, s) => res([c, s]));
  });
  clearTimeout(timer);
  live.delete(child);
  return { code, signal, stdout, stderr, ms: Date.now() - t0 };
}

/** The result of a command that must succeed, or an error carrying its output. */
export function ok(r: Ran, what: string): Ran {
  if (r.code !== 0) throw new Error(`[consumers] ${what} failed (code ${r.code}, signal ${r.signal}):\n--- stdout\n${r.stdout.slice(-4000)}\n--- stderr\n${r.stderr.slice(-4000)}`);
  return r;
}

export const npm = (args: string[], cwd: string, timeoutMs?: number) => run(NODE, [NPM, ...args], { cwd, ...(timeoutMs ? { timeoutMs } : {}) });
export const npx = (args: string[], cwd: string, timeoutMs?: number) => run(NODE, [NPX, ...args], { cwd, ...(timeoutMs ? { timeoutMs } : {}) });

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The run's temp root (global-setup.ts), outside the repo. */
export const root = (): string => inject('consumersRoot');

/**
 * Do `make` once per run across test files (each file runs in its own worker): the first caller takes a lock
 * folder and writes the result (JSON) or its error; the others wait for it.
 */
async function once<T>(name: string, make: () => Promise<T>): Promise<T> {
  const lock = join(root(), `${name}.lock`);
  const done = join(root(), `${name}.done.json`);
  let mine = true;
  try {
    mkdirSync(lock);
  } catch {
    mine = false;
  }
  if (!mine) {
    while (!existsSync(done)) await sleep(200);
    const r = JSON.parse(readFileSync(done, 'utf8')) as { value?: T; error?: string };
    if (r.error !== undefined) throw new Error(`[consumers] ${name} (made by another test file) failed: ${r.error}`);
    return r.value as T;
  }
  try {
    const value = await make();
    writeFileSync(done, JSON.stringify({ value }));
    return value;
  } catch (err) {
    writeFileSync(done, JSON.stringify({ error: err instanceof Error ? err.message : String(err) }));
    throw err;
  }
}

/** The package as users get it: `npm pack` of the repo (dist is built by `npm test` before vitest runs). */
export function tarball(): Promise<string> {
  return once('tarball', async () => {
    for (const f of ['dist/index.js', 'dist/index.cjs', 'dist/cli.js']) {
      if (!existsSync(join(REPO, f))) throw new Error(`[consumers] ${f} is missing: build first (npm run build; npm test does it)`);
    }
    const dest = join(root(), 'pack');
    mkdirSync(dest, { recursive: true });
    const r = ok(await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dest], REPO), 'npm pack');
    const [info] = JSON.parse(r.stdout.slice(r.stdout.indexOf('['))) as Array<{ filename: string; size: number; unpackedSize: number; entryCount: number }>;
    const file = join(dest, info!.filename);
    console.log(`[consumers] packed ${info!.filename}: ${kb(info!.size)} packed, ${kb(info!.unpackedSize)} unpacked, ${info!.entryCount} files; node ${process.version}, npm ${NPM}`);
    return file;
  });
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} kB`;

/** Versions of this repo's devDependencies (what the lockfile installed): consumers use the same ones, so the npm cache serves them. */
export function repoVersion(name: string): string {
  return (JSON.parse(readFileSync(join(REPO, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

export interface ProjectSpec {
  /** package.json fields besides name/private (type, scripts…). */
  manifest?: Record<string, unknown>;
  /** Packages to install with the tarball (`name@range`). */
  deps?: string[];
  /** Files to write: path → content, or `{ from }` a file of test/consumers/apps. */
  files?: Record<string, string | { from: string }>;
  /** Install with pnpm (`npx pnpm@<version>`) instead of npm. */
  pnpm?: string;
}

/** Write a project's files (used for projects and for files added to one later). */
export function writeFiles(dir: string, files: ProjectSpec['files'] = {}): void {
  for (const [path, content] of Object.entries(files)) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    if (typeof content === 'string') writeFileSync(target, content);
    else copyFileSync(join(APPS, content.from), target);
  }
}

/** A fresh consumer project in the temp root with the tarball installed (once per run, shared by test files). */
export function project(name: string, spec: ProjectSpec = {}): Promise<string> {
  return once(`project-${name}`, async () => {
    const tgz = await tarball();
    const dir = join(root(), name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `consumer-${name}`, version: '1.0.0', private: true, ...spec.manifest }, null, 2)}\n`);
    writeFiles(dir, spec.files);
    const deps = [tgz, ...(spec.deps ?? [])];
    const r = spec.pnpm
      ? await npx(['--yes', `pnpm@${spec.pnpm}`, 'add', ...deps], dir, INSTALL_MS)
      : await npm(['install', '--no-audit', '--no-fund', ...deps], dir, INSTALL_MS);
    ok(r, `installing ${deps.map((d) => d.replace(/^.*\//, '')).join(' ')} into ${name}`);
    console.log(`[consumers] ${name}: installed ${deps.length} package(s) in ${(r.ms / 1000).toFixed(1)} s`);
    return dir;
  });
}

/** An empty folder in the temp root (npx from nowhere). */
export const emptyDir = (prefix: string): Promise<string> => mkdtemp(join(root(), `${prefix}-`));

/** Apparent size of a folder tree (like `du -sb`), without following links. */
export function treeSize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) total += treeSize(p);
    else total += lstatSync(p).size;
  }
  return total;
}

/** The last line of stdout as JSON (consumer apps print one JSON line). */
export function lastJson<T = Record<string, any>>(r: Ran): T {
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}

/** Resolve when `url` stops answering (the server is gone), or throw after `ms`. */
export async function untilRefused(url: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
    } catch {
      return;
    }
    if (Date.now() > end) throw new Error(`[consumers] ${url} still answers ${ms} ms later`);
    await sleep(100);
  }
}

/** Resolve when no process of the group is left, or throw after `ms` (the group is then killed). */
export async function untilGroupGone(pid: number, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (groupAlive(pid)) {
    if (Date.now() > end) {
      const left = groupMembers(pid).join('; ');
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
      throw new Error(`[consumers] process group ${pid} still alive ${ms} ms after the signal (an orphan): ${left}`);
    }
    await sleep(100);
  }
}

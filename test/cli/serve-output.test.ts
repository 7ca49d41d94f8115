import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, exited, serve } from '../support/cli.ts';

const repo = resolve(import.meta.dirname, '../..');
const cli = resolve(repo, CLI[0]!);
const ownVersion = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;
const dir = () => mkdtempSync(join(tmpdir(), 'roaming-mock-'));
const until = async (check: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};
const answers = (url: string): Promise<boolean> =>
  fetch(`${url}/_mock/health`).then(
    () => true,
    () => false,
  );

describe('the first five minutes (CLI)', () => {
  it('--version prints the package version, not the version of the project it runs in', () => {
    const d = dir();
    writeFileSync(join(d, 'package.json'), JSON.stringify({ name: 'someone-elses-app', version: '9.9.9' }));
    const res = spawnSync(process.execPath, [cli, '--version'], { cwd: d, encoding: 'utf8' });
    expect(res.status).toBe(0);
    expect(res.stdout.trim()).toBe(ownVersion);
  });

  it('serve --help lists every option with its ROAMING_MOCK_* variable', () => {
    const res = spawnSync(process.execPath, [cli, 'serve', '--help'], { encoding: 'utf8' });
    expect(res.status).toBe(0);
    for (const name of ['PORT', 'HOST', 'FIXTURE', 'SNAPSHOT', 'SAVE_ON_EXIT', 'LOG_LEVEL', 'LOG_FORMAT']) expect(res.stdout).toContain(`ROAMING_MOCK_${name}`);
  });

  it('the banner names the inspector; info logs one line per request with status, tenant and user; variables set options', async () => {
    const s = await serve([], { env: { ROAMING_MOCK_SEED: '3' } });
    try {
      expect(s.output()).toContain(`inspector:           ${s.url}/_mock/ui`);
      const token = /alice\s+Bearer (\S+)/.exec(s.output())![1]!;
      const res = await fetch(`${s.url}/demo/roaming/sdk/user/alice/user_channels/list?limit=2`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      await until(() => s.output().includes('/user_channels/list 200'), 'the request line');
      expect(s.output()).toMatch(/\dZ GET \/demo\/roaming\/sdk\/user\/alice\/user_channels\/list 200 [\d.]+ms demo#roaming alice\n/);
      expect(s.output()).not.toContain('"channel_infos"'); // bodies only at debug
      // The inspector also answers with a trailing slash (a redirect that keeps the deep link).
      const slash = await fetch(`${s.url}/_mock/ui/?tenant=demo%23roaming`, { redirect: 'manual' });
      expect(slash.status).toBe(302);
      expect(new URL(slash.headers.get('location')!, `${s.url}/_mock/ui/`).href).toBe(`${s.url}/_mock/ui?tenant=demo%23roaming`);
    } finally {
      s.child.kill('SIGTERM');
      await exited(s.child);
    }
  });

  it('--log-level debug --log-format json: every stdout line is JSON, the banner and each request with its bodies', async () => {
    const s = await serve(['--log-level', 'debug', '--log-format', 'json']);
    try {
      const res = await fetch(`${s.url}/demo/roaming/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'password', username: 'bob', password: 'bob-pw' }) });
      expect(res.status).toBe(200);
      await until(() => s.output().includes('"path":"/demo/roaming/token"'), 'the request line');
      const lines = s.output().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines[0]).toMatchObject({ event: 'listening', url: s.url, inspector: `${s.url}/_mock/ui` });
      const logged = lines.find((l) => l['path'] === '/demo/roaming/token')!;
      expect(logged).toMatchObject({ method: 'POST', status: 200, tenant: 'demo#roaming' });
      expect(String(logged['requestBody'])).toContain('"username":"bob"');
      expect(String(logged['responseBody'])).toContain('access_token');
    } finally {
      s.child.kill('SIGTERM');
      await exited(s.child);
    }
  });

  it('SIGTERM to `npm start` reaches the server: it saves with --save-on-exit, exits, and leaves no orphan', async () => {
    const d = dir();
    const file = join(d, 'state.json');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const s = await serve([], { cwd: repo, command: [npm, ['start', '--', '--port', '0', '--snapshot', file, '--save-on-exit']] });
    expect(await answers(s.url)).toBe(true);
    s.child.kill('SIGTERM');
    await exited(s.child);
    // npm is gone at once; the server notices its shell parent went, saves and stops.
    await until(() => existsSync(file), 'the snapshot');
    await until(async () => !(await answers(s.url)), 'the server to stop answering');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1 });
  }, 240_000);
});

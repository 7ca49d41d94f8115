import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTALL_MS, killAll, NODE, ok, repoVersion, run } from './support.ts';
import { toolingProject } from './tooling.ts';

/**
 * The browser, without any server of ours: a page bundled by the consumer's esbuild from `roaming-mock`,
 * `roaming-mock/msw`, `msw/browser` and the real `easemob-websdk`, MSW's worker (`msw init`) answering both REST
 * and the msync WebSocket. A static file server on 127.0.0.1 only serves the files; headless Chromium runs it.
 */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
let dir: string;
let web: string;
let files: Server | undefined;
let browser: Browser | undefined;

interface Meta {
  inputs: Record<string, { imports: Array<{ path: string; external?: boolean }> }>;
  outputs: Record<string, { imports: Array<{ path: string; external?: boolean }>; bytes: number }>;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`[consumers] ${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
  dir = await toolingProject();
  web = join(dir, 'web');
}, INSTALL_MS);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => (files ? files.close(r) : r(undefined)));
  killAll();
});

describe('the browser, no server: esbuild bundle + MSW worker + the real Web SDK in Chromium', () => {
  it('bundles for the browser with no node: import from roaming-mock or roaming-mock/msw', async () => {
    // .bin/esbuild: a node script or, once esbuild's install step optimized it, the native binary itself
    const r = await run(join(dir, 'node_modules/.bin/esbuild'), ['web/page.js', '--bundle', '--format=esm', '--platform=browser', '--outfile=web/bundle.js', '--metafile=web/meta.json', '--log-level=warning'], { cwd: dir });
    ok(r, 'esbuild (platform=browser)');
    const meta = JSON.parse(readFileSync(join(web, 'meta.json'), 'utf8')) as Meta;
    const ours = Object.entries(meta.inputs).filter(([path]) => path.includes('node_modules/roaming-mock/'));
    expect(ours.map(([path]) => path)).toEqual(expect.arrayContaining(['node_modules/roaming-mock/dist/index.js', 'node_modules/roaming-mock/dist/msw.js', 'node_modules/roaming-mock/fixtures/demo.json']));
    const nodeImports = ours.flatMap(([path, input]) => input.imports.filter((i) => i.path.startsWith('node:') || i.external).map((i) => `${path} → ${i.path}`));
    expect(nodeImports).toEqual([]);
    const [output] = Object.values(meta.outputs);
    expect(output!.imports).toEqual([]);
    console.log(`[consumers] esbuild ${repoVersion('esbuild')} browser bundle: ${(output!.bytes / 1e6).toFixed(2)} MB, ${Object.keys(meta.inputs).length} inputs (${ours.length} from roaming-mock), no node: imports`);
  }, INSTALL_MS);

  it('the SDK logs in, lists conversations, pages history and sends — through the service worker', async () => {
    expect(existsSync(join(web, 'bundle.js')), 'web/bundle.js (the bundle test failed?)').toBe(true);
    ok(await run(NODE, [join(dir, 'node_modules/msw/cli/index.js'), 'init', 'web', '--save=false'], { cwd: dir }), 'msw init');
    expect(existsSync(join(web, 'mockServiceWorker.js'))).toBe(true);
    const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };
    const index = '<!doctype html><meta charset="utf-8"><title>roaming-mock in the browser</title><script type="module" src="/bundle.js"></script>';
    files = createServer((req, res) => {
      const path = normalize(new URL(req.url ?? '/', 'http://x').pathname).replace(/^(\.\.[/\\])+/, '');
      if (path === '/') return void res.writeHead(200, { 'content-type': types['.html'] }).end(index);
      const file = join(web, path);
      if (!file.startsWith(web) || !existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    });
    await new Promise<void>((r) => files!.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage();
    const errors: string[] = [];
    const log: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => void (m.type() !== 'debug' && log.push(`${m.type()}: ${m.text()}`.slice(0, 300))));
    const requests: string[] = [];
    page.on('request', (req) => requests.push(req.url()));
    await page.goto(origin);
    await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, null, { timeout: 120_000 }).catch((err: Error) => {
      throw new Error(`${err.message}\npage errors: ${errors.join(' | ')}\nconsole (last 20):\n${log.slice(-20).join('\n')}`);
    });
    const result = await page.evaluate(() => (window as unknown as { __result: Record<string, any> }).__result);
    console.log(`[consumers] browser (${browser.version()}) with easemob-websdk ${repoVersion('easemob-websdk')}: ${JSON.stringify(result)}`);

    expect(result, JSON.stringify(result)).toMatchObject({ ok: true, controlled: true });
    expect(result['conversations']).toEqual(['bob', 'team', 'dave', 'carol']);
    // two pages of 3, newest first, no overlap
    const ids = [...result['page1'], ...result['page2']].map((m: { id: string }) => BigInt(m.id));
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
    expect([...ids].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))).toEqual(ids);
    expect(result['page2IsLast']).toBe(false);
    // the send went over the msync WebSocket into the engine, and bob roams it
    expect(result['ackId']).toMatch(/^\d+$/);
    expect(result['bobSees']).toEqual({ id: result['ackId'], from: 'alice', body: { msg: 'from the browser' } });
    expect(errors).toEqual([]);
    // the page asked only for our static files and for im.test (which does not exist: the worker answered)
    const hosts = [...new Set(requests.map((u) => new URL(u).host))];
    console.log(`[consumers] hosts the page requested: ${hosts.join(', ')} (${requests.length} requests)`);
    expect(hosts.sort()).toEqual([new URL(origin).host, 'im.test'].sort());
  }, INSTALL_MS);
});

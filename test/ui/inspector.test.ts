import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createRoamingMock, type RoamingMock } from '../../src/index.ts';
import { startServer, type RunningServer } from '../../src/adapters/server.ts';
import { buildInspector } from '../../scripts/inspector-build.ts';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts/screenshots';

let server: RunningServer;
let mock: RoamingMock;
let browser: Browser;
let page: Page;

const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`[roaming-mock] ${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  mock = createRoamingMock({ fixture: JSON.parse(readFileSync('fixtures/demo.json', 'utf8')), seed: 42 });
  server = await startServer(mock, { port: 0 });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('inspector (/_mock/ui) in a real browser', () => {
  it('the committed bundle is built from src/ui/inspector.ts (npm run build:ui)', async () => {
    expect(readFileSync('src/ui/inspector-bundle.ts', 'utf8')).toBe(await buildInspector());
  });

  it('loads the demo fixture and shows a user\'s list from a deep link', async () => {
    await page.goto(`${server.url}/_mock/ui?tenant=demo%23roaming&user=alice&conversation=bob`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.getByTestId('fixture').selectOption('demo');
    await page.getByTestId('load-fixture').click();
    await page.getByTestId('user-alice').click();
    await page.getByTestId('conversation-bob').waitFor();
    const order = await page.locator('[data-testid^="conversation-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(order).toEqual(['conversation-bob', 'conversation-team', 'conversation-dave', 'conversation-carol']);
    expect(await page.getByTestId('unread-dave').textContent()).toBe('5');
    await shot('01-list');
  });

  it('pages a history and deletes a message for one user only (R9)', async () => {
    await page.getByTestId('conversation-bob').click();
    await page.locator('[data-testid^="mine-msg-"]').first().waitFor();
    const firstPage = await page.locator('[data-testid^="mine-msg-"]').count();
    expect(firstPage).toBe(9);
    const newest = await page.locator('[data-testid^="mine-msg-"]').first().getAttribute('data-testid');
    const id = newest!.replace('mine-msg-', '');
    await page.getByTestId(`mine-delete-${id}`).click();
    await page.getByTestId(`mine-msg-${id}`).waitFor({ state: 'detached' });
    // bob still sees it, side by side.
    await page.getByTestId(`theirs-msg-${id}`).waitFor();
    await shot('02-one-way-delete');
    expect(mock.tenant('demo#roaming').history('bob', { chatType: 'chat', id: 'alice', pageSize: 50 }).messages.some((m) => m.id === id)).toBe(true);
  });

  it('a group shows another member\'s view beside the user\'s', async () => {
    await page.getByTestId('conversation-team').click();
    await page.locator('[data-testid^="theirs-msg-"]').first().waitFor();
    const title = await page.getByTestId('pane-theirs').locator('h3').textContent();
    expect(title).toMatch(/^(bob|carol) sees/);
    await page.getByTestId('conversation-bob').click();
  });

  it('advancing the clock changes the legacy list (R6)', async () => {
    await page.getByTestId('legacy-bob').waitFor();
    await page.getByTestId('advance-8d').click();
    await page.getByTestId('legacy-empty').waitFor();
    await shot('03-legacy-after-8-days');
  });

  it('requests appear in the journal, live', async () => {
    const token = mock.tokens.issue(mock.tenant('demo#roaming'), 'alice').token;
    await fetch(`${server.url}/demo/roaming/users/alice/user_channels/page?pageNum=0&pageSize=5`, { headers: { authorization: `Bearer ${token}` } });
    await page.locator('[data-testid="journal-row"]', { hasText: '/demo/roaming/users/alice/user_channels/page' }).first().waitFor();
    const row = page.locator('[data-testid="journal-row"]', { hasText: '/user_channels/page' }).first();
    expect(await row.textContent()).toContain('400');
    await shot('04-journal');
  });

  it('with --control-token: opened once with ?token=, it works through its cookie; another page cannot drive it', async () => {
    const guarded = createRoamingMock({ fixture: JSON.parse(readFileSync('fixtures/demo.json', 'utf8')), seed: 42 });
    const running = await startServer(guarded, { port: 0, controlToken: 'ui-s3cret' });
    const tab = await browser.newPage();
    try {
      const denied = await tab.goto(`${running.url}/_mock/ui`);
      expect(denied?.status()).toBe(401);
      await tab.goto(`${running.url}/_mock/ui?token=ui-s3cret`);
      expect(tab.url()).toBe(`${running.url}/_mock/ui`);
      await tab.waitForSelector('body[data-ready="true"]');
      await tab.getByTestId('user-alice').click();
      await tab.getByTestId('conversation-bob').waitFor();
      // A page of another origin (the first server) posts a form-like body: the browser sends it, the guard refuses it.
      await page.goto(`${server.url}/_mock/ui`);
      const status = await page.evaluate(async (target) => {
        await fetch(`${target}/_mock/fixtures?mode=replace`, { method: 'POST', mode: 'no-cors', body: '{"version":1,"apps":[]}' }).catch(() => undefined);
        return 'sent';
      }, running.url);
      expect(status).toBe('sent');
      expect(guarded.tenants().map((t) => t.appKey)).toContain('demo#roaming');
    } finally {
      await tab.close();
      await running.close();
    }
  });
});

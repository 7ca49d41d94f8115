import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { roamingHandlers } from '../src/adapters/msw.ts';
import type { RoamingMock } from '../src/index.ts';
import { alternate, fmt } from './stats.ts';

/** In-process fetch through roamingHandlers against a trivial MSW handler answering the same bytes. */
export async function compareMsw(mock: RoamingMock, token: string, path: string, rounds: number, calls: number): Promise<{ line: string; ratio: number }> {
  const base = 'http://roaming.bench';
  const headers = { authorization: `Bearer ${token}` };
  const probe = await mock.fetch(new Request(base + path, { headers }));
  const bytes = await probe.text();
  const canned = Object.fromEntries(probe.headers.entries());
  const mockServer = setupServer(...roamingHandlers(mock, { baseUrl: base }));
  const trivialServer = setupServer(http.get(`${base}/*`, () => new HttpResponse(bytes, { status: 200, headers: canned })));
  const run = async (server: ReturnType<typeof setupServer>): Promise<number> => {
    server.listen({ onUnhandledRequest: 'error' });
    const start = performance.now();
    // 10 requests in flight, like a client app's parallel calls.
    for (let i = 0; i < calls; i += 10) await Promise.all(Array.from({ length: 10 }, () => fetch(base + path, { headers }).then((r) => r.text())));
    const perSecond = calls / ((performance.now() - start) / 1000);
    server.close();
    return perSecond;
  };
  await run(mockServer);
  await run(trivialServer);
  const r = await alternate(rounds, () => run(mockServer), () => run(trivialServer));
  return { ratio: r.ratio, line: `| MSW door vs trivial MSW handler (list page, 20,000-message world) | ${fmt(r.a)} req/s | ${fmt(r.b)} req/s | **${fmt(r.ratio, 2)}** | ≥ 0.90 ${r.ratio >= 0.9 ? '✓' : '✗'} |` };
}

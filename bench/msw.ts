import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { roamingHandlers } from 'roaming-mock/msw';
import type { RoamingMock } from '../src/index.ts';
import { alternate, fmt } from './stats.ts';

/**
 * In-process fetch through roamingHandlers against a trivial MSW handler answering the same bytes. One MSW server
 * holds both (on two hosts) and listens once: listening and closing between rounds was noisier than the doors.
 */
export async function compareMsw(mock: RoamingMock, token: string, path: string, rounds: number, calls: number, label: string): Promise<{ line: string; ratio: number }> {
  const door = 'http://roaming.bench';
  const trivial = 'http://trivial.bench';
  const headers = { authorization: `Bearer ${token}` };
  const probe = await mock.fetch(new Request(door + path, { headers }));
  const bytes = await probe.text();
  const canned = Object.fromEntries(probe.headers.entries());
  const server = setupServer(...roamingHandlers(mock as unknown as Parameters<typeof roamingHandlers>[0], { baseUrl: door }), http.get(`${trivial}/*`, () => new HttpResponse(bytes, { status: 200, headers: canned })));
  server.listen({ onUnhandledRequest: 'error' });
  const run = async (base: string): Promise<number> => {
    const start = performance.now();
    // 10 requests in flight, like a client app's parallel calls.
    for (let i = 0; i < calls; i += 10) await Promise.all(Array.from({ length: 10 }, () => fetch(base + path, { headers }).then((r) => r.text())));
    return calls / ((performance.now() - start) / 1000);
  };
  await run(door);
  await run(trivial);
  const r = await alternate(rounds, () => run(door), () => run(trivial));
  server.close();
  return { ratio: r.ratio, line: `| ${label} | ${fmt(r.a)} req/s | ${fmt(r.b)} req/s | **${fmt(r.ratio, 2)}** | ≥ 0.90 ${r.ratio >= 0.9 ? '✓' : '✗'} |` };
}

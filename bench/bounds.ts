/**
 * node --expose-gc --import tsx bench/bounds.ts — what the bounds of issue #14 finding 5 hold a flood to, in-process:
 * tenants, tokens, a fixture of 34,000 empty apps, and a tenant route's throughput beside 1,000 fault rules.
 */
import { createRoamingMock } from '../src/index.ts';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const heapMb = (): number => {
  gc();
  return process.memoryUsage().heapUsed / 1e6;
};
const post = (mock: ReturnType<typeof createRoamingMock>, path: string, body: unknown) =>
  mock.fetch(new Request(`http://bench.test${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));

const mock = createRoamingMock({ fixture: { version: 1, apps: [{ org: 'demo', app: 'roaming', users: [{ username: 'alice' }] }] }, frozen: true });
let before = heapMb();
let refused = 0;
for (let i = 0; i < 12_000; i++) if ((await post(mock, '/_mock/tenants', { org: 'o', app: `a${i}` })).status !== 200) refused++;
console.log(`12,000 POST /_mock/tenants: ${mock.tenants().length} tenants, ${refused} refused, heap +${(heapMb() - before).toFixed(1)} MB`);

const t = mock.tenant('demo#roaming');
before = heapMb();
for (let i = 0; i < 424_000; i++) mock.tokens.issue(t, 'alice');
console.log(`424,000 tokens issued to one tenant: ${mock.tokens.size} held, heap +${(heapMb() - before).toFixed(1)} MB`);

mock.reset({ empty: true });
const flood = { version: 1, apps: Array.from({ length: 34_000 }, (_, i) => ({ org: 'o', app: `b${i}` })) };
let started = performance.now();
const res = await post(mock, '/_mock/fixtures?mode=merge', flood);
console.log(`a ${JSON.stringify(flood).length}-byte fixture of 34,000 empty apps: ${res.status} in ${(performance.now() - started).toFixed(0)} ms`);
const fits = { version: 1, apps: Array.from({ length: 1000 }, (_, i) => ({ org: 'f', app: `a${i}`, users: Array.from({ length: 20 }, (_, u) => ({ username: `user${u}_padding_padding` })) })) };
started = performance.now();
const ok = await post(mock, '/_mock/fixtures?mode=merge', fits);
console.log(`a ${JSON.stringify(fits).length}-byte fixture of 1,000 apps × 20 users: ${ok.status} in ${(performance.now() - started).toFixed(0)} ms`);

mock.reset();
const token = mock.tokens.issue(mock.tenant('demo#roaming'), 'alice').token;
const req = { method: 'GET', path: '/demo/roaming/users/alice/user_channels', search: '', headers: { authorization: `Bearer ${token}` } };
const rate = (): number => {
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < 1000) {
    mock.handle(req);
    n++;
  }
  return n;
};
const median = (): number => [rate(), rate(), rate()].sort((a, b) => a - b)[1]!;
rate();
const bare = median();
for (let i = 0; i < 1000; i++) mock.faults.add({ match: { path: `/elsewhere/${i}` }, status: 500 });
const ruled = median();
console.log(`a tenant route beside 1,000 fault rules on other paths: ${(ruled / bare).toFixed(2)}× its throughput without them`);

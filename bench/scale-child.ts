import { readFileSync } from 'node:fs';
import { createRoamingMock, type Fixture } from 'roaming-mock';
import { listingHash, minimalLoad, rulesFloorLoad, type FloorCounts } from './load-floors.ts';

/**
 * Load a fixture file with the compiled package: time JSON.parse alone, two floors (load-floors.ts), and the whole load
 * (parse + validate + ingest) and the whole load with R2 evictions off, alternating; then the heap per message after a GC. Run with --expose-gc. Prints one
 * JSON line.
 */
const [file = '', roundsArg = '3'] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const gc = (globalThis as { gc?: () => void }).gc!;

const parseMs: number[] = [];
const floorMs: number[] = [];
const rulesMs: number[] = [];
const loadMs: number[] = [];
const noEvictMs: number[] = [];
let messages = 0;
let rules: FloorCounts = { messages: 0, threads: 0, listings: 0, listed: 0, listedSum: 0 };
/** The same fixture with every app's conversation limit at its maximum: the load without R2 evictions (a profile row). */
const unlimited = (): Fixture => {
  const fixture = JSON.parse(text) as Fixture;
  for (const app of fixture.apps) app.config = { ...(app.config as object), conversationLimit: 10_000 };
  return fixture;
};
for (let r = 0; r < Number(roundsArg); r++) {
  gc();
  let t = performance.now();
  JSON.parse(text);
  parseMs.push(performance.now() - t);
  gc();
  t = performance.now();
  const minimal = minimalLoad(text);
  floorMs.push(performance.now() - t);
  gc();
  t = performance.now();
  rules = rulesFloorLoad(text, Date.now());
  rulesMs.push(performance.now() - t);
  gc();
  t = performance.now();
  // The fixture as a function: reset() re-reads it instead of holding it.
  const mock = createRoamingMock({ fixture: () => JSON.parse(text) });
  loadMs.push(performance.now() - t);
  messages = mock.stats().messages;
  // The floors must have filed what the load filed, or they are not floors of it.
  const threads = mock.tenants().reduce((n, api) => n + api.state.threads.size, 0);
  // Every view of a generated world is a conversation its user listed at some point (R21).
  let listings = 0;
  // After R2: who lists what, as a count and an order-free checksum (load-floors.ts listingHash).
  let listed = 0;
  let listedSum = 0;
  for (const api of mock.tenants()) {
    for (const [user, state] of api.state.userStates) {
      listings += state.views.size;
      listed += state.listed.size;
      for (const view of state.listed) listedSum = (listedSum + listingHash(user, view.type, view.id)) >>> 0;
    }
  }
  const load = { messages, threads, listings, listed, listedSum };
  if (minimal !== messages || JSON.stringify(rules) !== JSON.stringify(load)) {
    throw new Error(`a floor filed other things than the load: ${JSON.stringify({ minimal, rules, load })}`);
  }
  gc();
  t = performance.now();
  createRoamingMock({ fixture: unlimited });
  noEvictMs.push(performance.now() - t);
}
gc();
gc();
const base = process.memoryUsage().heapUsed;
const mock = createRoamingMock({ fixture: () => JSON.parse(text) });
gc();
gc();
const heap = process.memoryUsage().heapUsed - base;
console.log(JSON.stringify({ parseMs, floorMs, rulesMs, loadMs, noEvictMs, messages, heapBytesPerMessage: heap / mock.stats().messages, bytes: text.length }));

import { readFileSync } from 'node:fs';
import { createRoamingMock, type Fixture } from 'roaming-mock';
import { floorDigest, loadDigest, minimalLoad, rulesFloorLoad, type FloorResult } from './load-floors.ts';

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
  // One `now` for both: relative fixture times land on the same milliseconds (the digests compare them).
  const now = Date.now();
  const rules: FloorResult = rulesFloorLoad(text, now);
  rulesMs.push(performance.now() - t);
  gc();
  t = performance.now();
  // The fixture as a function: reset() re-reads it instead of holding it.
  const mock = createRoamingMock({ fixture: () => JSON.parse(text), now, frozen: true });
  loadMs.push(performance.now() - t);
  messages = mock.stats().messages;
  // The floors must have filed what the load filed, or they are not floors of it: counts always, digests once (they take a while).
  if (minimal !== messages || rules.messages !== messages) throw new Error(`a floor filed other messages than the load: ${JSON.stringify({ minimal, rules: rules.messages, messages })}`);
  if (r === 0) {
    const floor = floorDigest(rules);
    const load = loadDigest(mock.tenants(), messages);
    if (JSON.stringify(floor) !== JSON.stringify(load)) throw new Error(`the rules floor filed other things than the load: ${JSON.stringify({ floor, load })}`);
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

import { readFileSync } from 'node:fs';
import { createRoamingMock, type Fixture } from 'roaming-mock';

/**
 * Load a fixture file with the compiled package: time JSON.parse alone, a minimal loader (below), and the whole load
 * (parse + validate + ingest) and the whole load with R2 evictions off, alternating; then the heap per message after a GC. Run with --expose-gc. Prints one
 * JSON line.
 */
const [file = '', roundsArg = '3'] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const gc = (globalThis as { gc?: () => void }).gc!;

interface Row {
  from: string;
  to: string;
  at: unknown;
  body: string;
  hi: number;
  lo: number;
  kinds: number;
}

/**
 * The floor of any loader that keeps bodies as text per conversation (issue #18): parse, stringify each body, find
 * its thread in a two-level map, one small object per message, pushed to its thread and to one list of all. No
 * checks, no ids, no conversation lists, no unread — what is left of a load once everything optional is gone.
 */
function minimalLoad(): number {
  const fixture = JSON.parse(text) as { apps: Array<{ messages: Array<{ from: string; to: string; at: unknown; body: unknown }> }> };
  const threads = new Map<string, Map<string, Row[]>>();
  const all: Row[] = [];
  for (const app of fixture.apps) {
    for (const m of app.messages) {
      const [a, b] = m.from < m.to ? [m.from, m.to] : [m.to, m.from];
      let peers = threads.get(a);
      if (!peers) threads.set(a, (peers = new Map()));
      let rows = peers.get(b);
      if (!rows) peers.set(b, (rows = []));
      const row: Row = { from: m.from, to: m.to, at: m.at, body: JSON.stringify(m.body), hi: all.length, lo: rows.length, kinds: 0 };
      rows.push(row);
      all.push(row);
    }
  }
  return all.length;
}

const parseMs: number[] = [];
const floorMs: number[] = [];
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
  minimalLoad();
  floorMs.push(performance.now() - t);
  gc();
  t = performance.now();
  // The fixture as a function: reset() re-reads it instead of holding it.
  const mock = createRoamingMock({ fixture: () => JSON.parse(text) });
  loadMs.push(performance.now() - t);
  messages = mock.stats().messages;
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
console.log(JSON.stringify({ parseMs, floorMs, loadMs, noEvictMs, messages, heapBytesPerMessage: heap / mock.stats().messages, bytes: text.length }));

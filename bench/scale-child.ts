import { readFileSync } from 'node:fs';
import { createRoamingMock } from '../src/index.ts';

/**
 * Load a fixture file: time JSON.parse alone, then time the whole load (parse + validate + ingest), alternating;
 * then the heap per message after a GC. Run with --expose-gc. Prints one JSON line.
 */
const [file = '', roundsArg = '3'] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const gc = (globalThis as { gc?: () => void }).gc!;
const parseMs: number[] = [];
const loadMs: number[] = [];
let messages = 0;
for (let r = 0; r < Number(roundsArg); r++) {
  gc();
  let t = performance.now();
  JSON.parse(text);
  parseMs.push(performance.now() - t);
  gc();
  t = performance.now();
  // The fixture as a function: reset() re-reads it instead of holding it.
  const mock = createRoamingMock({ fixture: () => JSON.parse(text) });
  loadMs.push(performance.now() - t);
  messages = mock.stats().messages;
}
gc();
gc();
const base = process.memoryUsage().heapUsed;
const mock = createRoamingMock({ fixture: () => JSON.parse(text) });
gc();
gc();
const heap = process.memoryUsage().heapUsed - base;
console.log(JSON.stringify({ parseMs, loadMs, messages, heapBytesPerMessage: heap / mock.stats().messages, bytes: text.length }));

import type { RoamingMock } from '../src/index.ts';
import { ORG, APP } from './state.ts';
import { alternate, fmt, timePerCall } from './stats.ts';

/** Core costs straight on the engine: history page depth 0 vs the oldest page; lists of 100 vs 1,000 conversations. */
export async function compareCore(mock: RoamingMock, rounds: number, calls: number): Promise<{ lines: string[]; deepRatio: number }> {
  const t = mock.tenant(`${ORG}#${APP}`);
  const thread = t.state.threads.get('chat:alice:bob')!.messages;
  const oldestPageStart = thread[19]!.id; // the page that ends at the very first message: depth = thread length
  const first = () => t.history('alice', { chatType: 'chat', id: 'bob', pageSize: 20 });
  const deep = () => t.history('alice', { chatType: 'chat', id: 'bob', pageSize: 20, start: oldestPageStart });
  const h = await alternate(rounds, () => timePerCall(deep, calls), () => timePerCall(first, calls));
  const l = await alternate(rounds, () => timePerCall(() => t.conversations('carol', { limit: 20 }), calls / 10), () => timePerCall(() => t.conversations('alice', { limit: 20 }), calls / 10));
  return {
    deepRatio: h.ratio,
    lines: [
      `| history page at depth ${fmt(thread.length)} vs depth 0 | ${fmt(h.a / 1000, 1)} µs | ${fmt(h.b / 1000, 1)} µs | **${fmt(h.ratio, 2)}** | ≤ 1.5 ${h.ratio <= 1.5 ? '✓' : '✗'} |`,
      `| conversation list page: 1,000 vs 100 conversations (ranked once per change, then a page) | ${fmt(l.a / 1000, 1)} µs | ${fmt(l.b / 1000, 1)} µs | **${fmt(l.ratio, 2)}** | (no target) |`,
    ],
  };
}

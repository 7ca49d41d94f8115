import type { HttpRow } from './http.ts';
import { fmt } from './stats.ts';

/** A target as printed: `≥ 2 ✓`, `> 1 ✗`, `≤ 6 ✓`; none: `—`. */
export interface Target {
  op: '≥' | '>' | '≤';
  value: number;
}
export const meets = (x: number, t: Target): boolean => (t.op === '≥' ? x >= t.value : t.op === '>' ? x > t.value : x <= t.value);
export const targetCell = (x: number, t?: Target): string => (t ? `${t.op} ${t.value} ${meets(x, t) ? '✓' : '✗'}` : '—');

export const PEER_HEADER = [
  '| server | request | req/s | p50 / p99 ms | roaming-mock req/s (same rounds) | roaming-mock p50 / p99 ms | roaming-mock ÷ it | target |',
  '|---|---|---|---|---|---|---|---|',
];

/** One peer row; `r` is roaming-mock (A) against the peer (B), as compareHttp measured them. */
export const peerLine = (server: string, r: HttpRow, target?: Target): string =>
  `| ${server} | ${r.name} | ${fmt(r.baseRps)} | ${r.baseP50} / ${r.baseP99} | ${fmt(r.rps)} | ${r.p50} / ${r.p99} | **${fmt(r.ratio, 2)}** | ${targetCell(r.ratio, target)} |`;

import type { HttpRow } from './http.ts';
import { fmt } from './stats.ts';

/** bench/RESULTS.md: `--write` replaces only what lies between these markers; the prose around them is kept. */
export const BEGIN = '<!-- bench:begin -->';
export const END = '<!-- bench:end -->';

/**
 * The file with the generated block put between the markers. No file yet: the block alone. A file without
 * markers: the block first, then the old text untouched (nothing hand-written is ever lost).
 */
export function spliceResults(existing: string | undefined, generated: string): string {
  const block = `${BEGIN}\n${generated.replace(/\n+$/, '')}\n${END}`;
  if (existing === undefined || existing.trim() === '') return `${block}\n`;
  const begin = existing.indexOf(BEGIN);
  const end = existing.indexOf(END);
  if (begin < 0 && end < 0) return `${block}\n\n${existing}`;
  if (begin < 0 || end < begin || existing.indexOf(BEGIN, begin + 1) >= 0 || existing.indexOf(END, end + 1) >= 0) {
    throw new Error(`bench/RESULTS.md: expected one ${BEGIN} followed by one ${END}`);
  }
  return existing.slice(0, begin) + block + existing.slice(end + END.length);
}

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

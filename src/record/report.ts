import type { DiffReport } from './replay.ts';

const show = (v: unknown): string => {
  const text = v === undefined ? '(absent)' : JSON.stringify(v);
  return text.length > 200 ? `${text.slice(0, 197)}…` : text;
};

/** The human report: a table per endpoint (requests, identical, differing), then every difference with its request. */
export function formatReport(report: DiffReport): string {
  const rows = report.endpoints.map((e) => [e.endpoint, String(e.requests), String(e.identical), String(e.differing)]);
  const head = ['endpoint', 'requests', 'identical', 'differing'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), ''];
  if (report.differences.length === 0) out.push('No differences: the mock answered every replayed request as the recording did.');
  for (const d of report.differences) {
    out.push(`${d.endpoint}  ${d.path || '(body)'}${d.onPurpose ? `  [on purpose: ${d.onPurpose}]` : ''}`);
    out.push(`  request:  ${d.request.length > 300 ? `${d.request.slice(0, 297)}…` : d.request}`);
    out.push(`  recorded: ${show(d.recorded)}`);
    out.push(`  mock:     ${show(d.mock)}`);
  }
  if (report.skipped.length > 0) out.push('', `Not replayed: ${report.skipped.length} (${[...new Set(report.skipped.map((s) => s.reason))].slice(0, 3).join('; ')})`);
  const onPurpose = report.differences.filter((d) => d.onPurpose).length;
  out.push('', `${report.differences.length} difference${report.differences.length === 1 ? '' : 's'}${onPurpose ? ` (${onPurpose} on purpose, see README "Behaviour choices")` : ''}.`);
  return out.join('\n');
}

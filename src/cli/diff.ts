import { diffSession } from '../record/replay.ts';
import { readSessionArg } from './session-arg.ts';
import { formatReport } from '../record/report.ts';

/** `roaming-mock diff SESSION`: replay against a fresh mock and report every difference; exit 1 when any. */
export async function runDiff(args: { session: string; json: boolean }): Promise<number> {
  const session = readSessionArg(args.session);
  if (!session) return 2;
  const report = await diffSession(session);
  console.log(args.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.differences.length > 0 ? 1 : 0;
}

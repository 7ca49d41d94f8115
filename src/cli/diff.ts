import { SessionError, readSession } from '../record/read.ts';
import { diffSession } from '../record/replay.ts';
import { formatReport } from '../record/report.ts';

/** `roaming-mock diff SESSION`: replay against a fresh mock and report every difference; exit 1 when any. */
export async function runDiff(args: { session: string; json: boolean }): Promise<number> {
  let session;
  try {
    session = readSession(args.session);
  } catch (err) {
    // A broken or foreign file is bad input (exit 2), not a difference.
    if (!(err instanceof SessionError)) throw err;
    console.error(`[roaming-mock] ${err.message}`);
    return 2;
  }
  const report = await diffSession(session);
  console.log(args.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.differences.length > 0 ? 1 : 0;
}

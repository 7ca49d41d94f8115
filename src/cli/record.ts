import { startRecorder } from '../record/proxy.ts';

export interface RecordArgs { upstream: string; wsUpstream?: string; out: string; keepSecrets: boolean; port: number; host: string }

/** `roaming-mock record`: run the recording proxy until SIGINT/SIGTERM, then close the session file. */
export async function runRecord(args: RecordArgs): Promise<void> {
  const recorder = await startRecorder({
    upstream: args.upstream, out: args.out, keepSecrets: args.keepSecrets, port: args.port, host: args.host,
    ...(args.wsUpstream !== undefined ? { wsUpstream: args.wsUpstream } : {}),
  });
  console.log(`[roaming-mock] recording ${args.upstream} into ${args.out}${args.keepSecrets ? ' (secrets kept!)' : ' (secrets masked)'}`);
  console.log(`  REST (SDK apiUrl):     ${recorder.url}`);
  console.log(`  WebSocket (SDK url):   ${recorder.wsUrl}`);
  console.log('  Stop with Ctrl-C; then: roaming-mock fixture-from / roaming-mock diff');
  await new Promise<void>((resolve) => {
    const stop = (): void => void recorder.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

import { createWriteStream, type WriteStream } from 'node:fs';
import { generateFixture, type GenerateOptions } from '../fixtures/generate.ts';

/** A progress bar on stderr, shown only once a run has taken longer than a second. */
function progress(): (done: number, total: number) => void {
  const started = Date.now();
  let shown = -1;
  return (done, total) => {
    if (shown === -1 && Date.now() - started < 1000) return;
    const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
    if (pct === shown) return;
    shown = pct;
    const bar = '#'.repeat(Math.floor(pct / 4)).padEnd(25, '.');
    const line = `[${bar}] ${String(pct).padStart(3)}%  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} messages`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}${done >= total ? '\n' : ''}`);
    else if (pct % 10 === 0) process.stderr.write(`${line}\n`);
  };
}

/** Buffer small writes into large ones, honouring back-pressure so memory stays flat for a million messages. */
class BufferedSink {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly out: WriteStream | NodeJS.WriteStream) {}
  write(chunk: string): void {
    this.parts.push(chunk);
    this.size += chunk.length;
    if (this.size >= 1 << 20) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    this.out.write(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

export async function runGenerate(options: GenerateOptions & { out?: string }): Promise<number> {
  const out = options.out ? createWriteStream(options.out) : process.stdout;
  const sink = new BufferedSink(out);
  const summary = generateFixture(options, sink, progress());
  sink.flush();
  if (out !== process.stdout) await new Promise<void>((resolve, reject) => (out as WriteStream).end((err?: Error | null) => (err ? reject(err) : resolve())));
  process.stderr.write(
    `generated ${summary.users} users, ${summary.groups} groups, ${summary.chats} single chats, ${summary.messages} messages (${summary.restMessages} via REST), ${summary.views} deleted views${options.out ? ` → ${options.out}` : ''}\n`,
  );
  return 0;
}

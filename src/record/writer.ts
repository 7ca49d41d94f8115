import { closeSync, openSync, writeSync } from 'node:fs';
import type { SessionHeader, SessionRecord } from './session.ts';

/** Distributes `Omit` over a union, so each record kind keeps its own fields. */
type WithoutSeq<T> = T extends unknown ? Omit<T, 'seq'> : never;

/** Appends one JSON line per record, synchronously: a crash loses at most the exchange in flight. */
export class SessionWriter {
  private readonly fd: number;
  private seq = 0;
  constructor(readonly file: string, header: SessionHeader) {
    this.fd = openSync(file, 'w');
    writeSync(this.fd, `${JSON.stringify(header)}\n`);
  }
  private closed = false;
  write(record: WithoutSeq<SessionRecord>): void {
    // Sockets torn down by close() report after it: the session is complete by then.
    if (this.closed) return;
    writeSync(this.fd, `${JSON.stringify({ ...record, seq: ++this.seq })}\n`);
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

import type { Journal, JournalEntry } from '../api/journal.ts';
import type { ApiRequest, ApiResponse } from '../api/request.ts';

export type LogLevel = 'silent' | 'info' | 'debug';
export type LogFormat = 'text' | 'json';

/** Bodies in debug logs are cut here: a 1 MiB fixture upload should not flood a terminal. */
const BODY_LIMIT = 4096;

const cut = (text: string): string => (text.length > BODY_LIMIT ? `${text.slice(0, BODY_LIMIT)}… (${text.length} chars)` : text);

function requestBody(req: ApiRequest): string | undefined {
  if (req.parsedBody !== undefined) return cut(JSON.stringify(req.parsedBody));
  return req.rawBody ? cut(req.rawBody) : undefined;
}

/** One line per request, stamped with wall-clock time (the journal keeps the mock clock): `info` has method, path, status, ms, tenant, user (and a fault rule); `debug` adds bodies. */
export function formatRequest(entry: JournalEntry, req: ApiRequest, res: ApiResponse, level: LogLevel, format: LogFormat): string {
  const debug = level === 'debug';
  if (format === 'json') {
    return JSON.stringify({
      time: new Date().toISOString(), method: entry.method, path: entry.path, status: entry.status, ms: entry.ms,
      tenant: entry.tenant, user: entry.user, ...(entry.fault ? { fault: entry.fault } : {}),
      ...(debug ? { query: req.search || undefined, requestBody: requestBody(req), responseBody: res.body ? cut(res.body) : undefined } : {}),
    });
  }
  const path = req.search && debug ? `${entry.path}?${req.search}` : entry.path;
  const who = [entry.tenant, entry.user].filter(Boolean).join(' ');
  let line = `${new Date().toISOString()} ${entry.method} ${path} ${entry.status} ${entry.ms}ms${who ? ` ${who}` : ''}${entry.fault ? ` fault=${entry.fault}` : ''}`;
  if (debug) {
    const body = requestBody(req);
    if (body) line += `\n  > ${body}`;
    if (res.body) line += `\n  < ${cut(res.body)}`;
  }
  return line;
}

/** Print every journaled request (`serve --log-level info|debug --log-format text|json`). */
export function logRequests(journal: Journal, level: LogLevel, format: LogFormat, write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): () => void {
  if (level === 'silent') return () => {};
  return journal.subscribe((entry, req, res) => write(formatRequest(entry, req, res, level, format)));
}

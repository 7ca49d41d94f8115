import { compareKeys } from './key.ts';
import type { Message, Tenant } from './model.ts';

/** One hour of a history file (SPEC §3.2 `GET /chatmessages/{time}`). */
export const HOUR_MS = 3_600_000;

/** The messages of the hour starting at `start`, every conversation, in time order (ties by id, as threads keep them). */
export function messagesOfHour(t: Tenant, start: number): Message[] {
  const end = start + HOUR_MS;
  const out: Message[] = [];
  for (const thread of t.threads.values()) for (const m of thread.messages) if (m.timestamp >= start && m.timestamp < end) out.push(m);
  return out.sort(compareKeys);
}

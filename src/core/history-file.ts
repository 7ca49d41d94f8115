import { RoamingError, badArg } from './errors.ts';
import { ID_MIN, compareKeys, lowerBound } from './key.ts';
import type { Message, Tenant } from './model.ts';

/** One hour of a history file (SPEC §3.2 `GET /chatmessages/{time}`). */
export const HOUR_MS = 3_600_000;

const HOUR_RE = /^(\d{4})(\d{2})(\d{2})(\d{2})$/;
const DAY_MS = 86_400_000;

/** `"+08:00"` → minutes east of UTC. Config validation guarantees the shape. */
export function offsetMinutes(zone: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(zone);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** SPEC-2 R50: `yyyyMMddHH` names an hour in the tenant's `historyFileTimeZone` (Beijing time on the China cluster). */
export function hourStart(t: Tenant, time: string): number {
  const m = HOUR_RE.exec(time);
  const local = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4])) : NaN;
  if (!m || Number.isNaN(local) || new Date(local).getUTCHours() !== Number(m[4]) || new Date(local).getUTCDate() !== Number(m[3])) {
    throw badArg('time', `illegal arguments: appkey: ${t.appKey}, time: ${time} (must be yyyyMMddHH in ${t.config.historyFileTimeZone})`);
  }
  return local - offsetMinutes(t.config.historyFileTimeZone) * 60_000;
}

/**
 * SPEC-2 R51: the messages of an hour that may be fetched — within `historyFileDays`, started, and (with
 * `historyFileDelaySeconds`) old enough — or the service's refusals: 400 out of range, 404 for an hour with no message.
 */
export function historyFileHour(t: Tenant, time: string, now: number): { start: number; messages: Message[] } {
  const start = hourStart(t, time);
  const delay = t.config.historyFileDelaySeconds * 1000;
  if (start < now - t.config.historyFileDays * DAY_MS || start > now || (delay > 0 && start + HOUR_MS > now - delay)) {
    throw badArg('time', `illegal arguments: appkey: ${t.appKey}, time: ${time}, maybe chat message history is expired or unstored (the last ${t.config.historyFileDays} days, ${t.config.historyFileTimeZone})`);
  }
  const messages = messagesOfHour(t, start);
  if (messages.length === 0) {
    throw new RoamingError('storage_object_not_found', `time: Failed to find chat message history download url for appkey: ${t.appKey}, time: ${time}`, 'time');
  }
  return { start, messages };
}

/**
 * The messages of the hour starting at `start`, every conversation, in time order (ties by id, as threads keep them):
 * a binary search per thread, so the cost is O(threads · log n + the hour's messages). One-way deletes do not apply (R51).
 */
export function messagesOfHour(t: Tenant, start: number): Message[] {
  const end = { timestamp: start + HOUR_MS, id: ID_MIN };
  const out: Message[] = [];
  // R52: imported messages are not in the files (recalled ones are gone from the store).
  for (const thread of t.threads.values()) {
    const all = thread.messages;
    for (let i = lowerBound(all, { timestamp: start, id: ID_MIN }); i < all.length && compareKeys(all[i]!, end) < 0; i++) if (all[i]!.via !== 'import') out.push(all[i]!);
  }
  return out.sort(compareKeys);
}

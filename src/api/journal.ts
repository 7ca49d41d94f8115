import type { ApiRequest, ApiResponse } from './request.ts';

/** One handled request, as the control plane and the inspector show it (SPEC §3.4). */
export interface JournalEntry {
  /** Engine clock time of the request. */
  at: number;
  method: string;
  path: string;
  /** The route pattern that matched, or null. */
  route: string | null;
  status: number;
  /** Wall-clock handling time (ms). */
  ms: number;
  tenant: string | null;
  user: string | null;
  /** Id of the fault rule applied, if any. */
  fault: string | null;
}

export interface JournalFilter {
  /** Substring of the path. */
  path?: string;
  method?: string;
  status?: number;
}

/** Told of every journaled request as it finishes, with the plain request and response (request logs). */
export type JournalListener = (entry: JournalEntry, request: ApiRequest, response: ApiResponse) => void;

/** A bounded ring: the newest `capacity` entries, never more (it must not grow under a soak). */
export class Journal {
  private ring: Array<JournalEntry | undefined>;
  private next = 0;
  private size = 0;
  private listeners: JournalListener[] = [];

  constructor(private capacity = 1000) {
    this.ring = new Array<JournalEntry | undefined>(capacity);
  }

  get limit(): number {
    return this.capacity;
  }

  record(entry: JournalEntry, request?: ApiRequest, response?: ApiResponse): void {
    this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
    if (request && response) for (const listen of this.listeners) listen(entry, request, response);
  }

  /** Listen to every request as it is journaled; returns the unsubscribe function. */
  subscribe(listener: JournalListener): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** Oldest first. */
  entries(filter: JournalFilter = {}): JournalEntry[] {
    const out: JournalEntry[] = [];
    const start = (this.next - this.size + this.capacity) % this.capacity;
    for (let i = 0; i < this.size; i++) {
      const e = this.ring[(start + i) % this.capacity]!;
      if (filter.path !== undefined && !e.path.includes(filter.path)) continue;
      if (filter.method !== undefined && e.method !== filter.method.toUpperCase()) continue;
      if (filter.status !== undefined && e.status !== filter.status) continue;
      out.push(e);
    }
    return out;
  }

  clear(): void {
    this.ring = new Array<JournalEntry | undefined>(this.capacity);
    this.next = 0;
    this.size = 0;
  }

  /** Change the bound, keeping the newest entries that fit. */
  resize(capacity: number): void {
    const kept = this.entries().slice(-capacity);
    this.capacity = capacity;
    this.clear();
    for (const e of kept) this.record(e);
  }
}

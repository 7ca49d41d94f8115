import { utf8Length } from '../../core/utf8-length.ts';
import { cacheStamp, clockDependent } from '../../core/stamp.ts';
import type { Tenant } from '../../core/model.ts';

/** Rendered pages kept per tenant; past this many distinct requests in one state, start over (bounded memory). */
const PAGES_PER_TENANT = 512;

interface Pages {
  stamp: number;
  /** The clock time they were rendered at, when retention makes pages depend on it (else 0). */
  at: number;
  readonly byRequest: Map<string, CachedPage>;
}

const cache = new WeakMap<Tenant, Pages>();

/** A rendered page and its UTF-8 size (the node door's content-length: no pass over the page per request). */
export interface CachedPage {
  readonly text: string;
  readonly bytes: number;
  /** The last whole body served with it (dispatch.ts): a repeat within one clock millisecond reuses it. */
  answer?: PageAnswer;
}

/** A page in its envelope, and what the envelope was built from besides the page. */
export interface PageAnswer {
  readonly method: string;
  readonly origin: string;
  readonly path: string;
  readonly now: number;
  readonly body: string;
  /** UTF-8 size of `body`. */
  readonly bytes: number;
}

/**
 * The `data` JSON of a read whose answer depends only on the tenant's state and the request (`key`): rendered
 * once per state, so an app polling its list or re-reading a page costs a lookup (#18). Any change of the tenant
 * moves its stamp and drops every page; a render that throws caches nothing.
 */
export function cachedPage(t: Tenant, key: string, render: () => string): CachedPage {
  const stamp = cacheStamp(t);
  const at = clockDependent(t) ? t.clock.now() : 0;
  let pages = cache.get(t);
  if (pages === undefined) cache.set(t, (pages = { stamp, at, byRequest: new Map() }));
  else if (pages.stamp !== stamp || pages.at !== at) {
    pages.stamp = stamp;
    pages.at = at;
    pages.byRequest.clear();
  }
  let page = pages.byRequest.get(key);
  if (page === undefined) {
    const text = render();
    page = { text, bytes: utf8Length(text) };
    // The render may itself have changed the state (it then left a stale stamp: keep nothing).
    if (cacheStamp(t) !== stamp) return page;
    if (pages.byRequest.size >= PAGES_PER_TENANT) pages.byRequest.clear();
    pages.byRequest.set(key, page);
  }
  return page;
}

/**
 * The page in its envelope: the envelope adds the method, origin, path and clock, so a repeat of all four is the
 * same body — and the same string, which the socket then need not flatten again.
 */
export function pageAnswer(page: CachedPage, method: string, origin: string, path: string, now: number, envelop: () => PageAnswer): PageAnswer {
  const last = page.answer;
  if (last !== undefined && last.now === now && last.path === path && last.origin === origin && last.method === method) return last;
  return (page.answer = envelop());
}

import { http, type HttpHandler } from 'msw';
import type { RoamingMock } from '../mock.ts';

export interface RoamingHandlersOptions {
  /** Where your client sends requests, e.g. `https://a1.easemob.com` or `http://roaming.test/api`. */
  baseUrl: string;
}

/**
 * MSW handlers over the same router: `setupServer(...roamingHandlers(mock, { baseUrl }))` in Node tests,
 * `setupWorker(...)` in a browser. Requests the route table does not know fall through to your other handlers.
 */
export function roamingHandlers(mock: RoamingMock, { baseUrl }: RoamingHandlersOptions): HttpHandler[] {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  return [
    http.all(`${base.origin}${prefix}/*`, async ({ request }) => {
      const url = new URL(request.url);
      const path = url.pathname.slice(prefix.length) || '/';
      if (!mock.claims(request.method, path)) return undefined;
      return mock.fetch(request, { basePath: prefix });
    }),
  ];
}

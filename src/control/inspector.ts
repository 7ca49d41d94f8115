import type { Route } from '../api/router.ts';

export interface InspectorAssets {
  readonly html: string;
  readonly js: string;
}

const page = (contentType: string, body: string) => ({ status: 200, headers: { 'content-type': contentType, 'cache-control': 'no-cache' }, body });

/** The inspector page and its script, loaded on the first visit (injected: the page is not in a bundle that never serves it). */
export function inspectorRoutes(load: () => Promise<InspectorAssets>): Route[] {
  return [
    {
      method: 'GET',
      path: '/_mock/ui',
      name: 'control.inspector',
      plane: 'control',
      doc: { summary: 'The inspector page (HTML)' },
      auth: 'none',
      handler: async () => page('text/html;charset=UTF-8', (await load()).html),
    },
    {
      method: 'GET',
      path: '/_mock/ui/',
      name: 'control.inspectorSlash',
      plane: 'control',
      doc: { summary: 'Redirects to the inspector page (/_mock/ui)' },
      auth: 'none',
      // Relative, so it also lands right under an express mount (`/im/_mock/ui/` → `/im/_mock/ui`); the query (deep link) stays.
      handler: (ctx) => ({ status: 302, headers: { location: `../ui${ctx.req.search ? `?${ctx.req.search}` : ''}`, 'content-type': 'text/plain;charset=UTF-8' }, body: 'see ../ui' }),
    },
    {
      method: 'GET',
      path: '/_mock/ui/inspector.js',
      name: 'control.inspectorScript',
      plane: 'control',
      doc: { summary: 'The inspector\'s script' },
      auth: 'none',
      handler: async () => page('text/javascript;charset=UTF-8', (await load()).js),
    },
  ];
}

import { badArg, describe } from '../core/errors.ts';
import type { Fixture } from '../fixtures/types.ts';
import { queryString } from '../api/params.ts';
import type { Route } from '../api/router.ts';
import { json } from '../api/wire/envelope.ts';

export type BundledFixtures = Readonly<Record<string, { description: string; fixture: Fixture }>>;

/**
 * The bundled fixtures by name (the inspector's "load" menu). Injected as a loader so that only a mock that
 * serves these routes ever loads them: 200 KB of JSON stay out of a bundle until asked for.
 */
export function bundledFixtureRoutes(load: () => Promise<BundledFixtures>): Route[] {
  return [
    {
      method: 'GET',
      path: '/_mock/fixtures/bundled',
      name: 'control.bundledFixtures',
      plane: 'control',
      doc: { summary: 'The bundled fixtures by name' },
      auth: 'none',
      handler: async () => json(200, { fixtures: Object.entries(await load()).map(([name, f]) => ({ name, description: f.description })) }),
    },
    {
      method: 'POST',
      path: '/_mock/fixtures/bundled/:name',
      name: 'control.loadBundledFixture',
      plane: 'control',
      doc: { summary: 'Load a bundled fixture by name', query: { mode: 'replace (default) | merge' } },
      auth: 'none',
      async handler(ctx) {
        const bundled = await load();
        const entry = bundled[ctx.params['name']!];
        if (!entry) throw badArg('name', `no bundled fixture ${describe(ctx.params['name'])}; known: ${Object.keys(bundled).join(', ')}`);
        const mode = queryString(ctx.query, 'mode') ?? 'replace';
        if (mode !== 'merge' && mode !== 'replace') throw badArg('mode', `must be "merge" or "replace", got ${describe(mode)}`);
        const loaded = ctx.mock.load(entry.fixture, { mode });
        return json(200, { status: 'ok', loaded: loaded.map((t) => t.appKey), ...ctx.mock.stats() });
      },
    },
  ];
}

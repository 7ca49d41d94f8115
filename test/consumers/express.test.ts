import { beforeAll, describe, expect, it } from 'vitest';
import { INSTALL_MS, lastJson, NODE, ok, run } from './support.ts';
import { toolingProject } from './tooling.ts';

/** roaming-mock/express at run time in a consumer's express 5 app (the optional peer installed by the consumer). */
let dir: string;

beforeAll(async () => {
  dir = await toolingProject();
}, INSTALL_MS);

describe('express consumer', () => {
  it('the middleware under /im answers the tenant API; the app\'s own routes and unknown paths behave', async () => {
    const out = lastJson(ok(await run(NODE, ['express-app.mjs'], { cwd: dir }), 'node express-app.mjs'));
    console.log(`[consumers] express ${out['express']} + roaming-mock/express: ${JSON.stringify(out)}`);
    expect(out['node']).toBe(process.version);
    expect(out['express']).toMatch(/^5\./);
    expect(out['login']).toBe(200);
    expect(out['list']).toBe(200);
    expect(out['conversations']).toEqual(['bob', 'team', 'dave']);
    expect(out['mine']).toEqual([200, { mine: true }]);
    expect(out['unknown'][0]).toBe(404);
  }, INSTALL_MS);
});

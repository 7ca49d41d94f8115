import { RoamingError, badArg, describe } from '../core/errors.ts';
import { queryInt, queryString, requireObject } from '../api/params.ts';
import type { Route } from '../api/router.ts';
import { json } from '../api/wire/envelope.ts';
import { openApiDocument } from '../api/openapi.ts';
import { hubOf } from '../api/msync/hub.ts';

/** The control plane's test tools (SPEC §3.4): fault rules, the journal, tenants, the OpenAPI description. */
export const controlToolRoutes: Route[] = [
  {
    method: 'POST',
    path: '/_mock/faults',
    name: 'control.addFault',
    plane: 'control',
    doc: { summary: 'Add a fault rule: match {method, path, tenant}, delayMs, status, error, drop, probability, count', body: 'a fault rule' },
    auth: 'none',
    handler: (ctx) => json(200, ctx.mock.faults.add(ctx.body())),
  },
  { method: 'GET', path: '/_mock/faults', name: 'control.listFaults', plane: 'control', doc: { summary: 'Fault rules with their hits' },
  auth: 'none', handler: (ctx) => json(200, { rules: ctx.mock.faults.list() }) },
  {
    method: 'DELETE',
    path: '/_mock/faults',
    name: 'control.clearFaults',
    plane: 'control',
    doc: { summary: 'Remove every fault rule' },
    auth: 'none',
    handler(ctx) {
      ctx.mock.faults.clear();
      return json(200, { rules: [] });
    },
  },
  {
    method: 'DELETE',
    path: '/_mock/faults/:id',
    name: 'control.removeFault',
    plane: 'control',
    doc: { summary: 'Remove one fault rule' },
    auth: 'none',
    handler(ctx) {
      const id = ctx.params['id']!;
      if (!ctx.mock.faults.remove(id)) throw new RoamingError('not_found', `id: no fault rule "${id}" (it may have expired after its count)`, 'id');
      return json(200, { removed: id });
    },
  },
  {
    method: 'GET',
    path: '/_mock/journal',
    name: 'control.journalEntries',
    plane: 'control',
    doc: { summary: 'The bounded request journal, oldest first', query: { path: 'substring', method: 'GET…', status: 'e.g. 400' } },
    journal: false,
    auth: 'none',
    handler(ctx) {
      const method = queryString(ctx.query, 'method');
      const path = queryString(ctx.query, 'path');
      const status = queryInt(ctx.query, 'status');
      const entries = ctx.mock.journal.entries({ ...(method ? { method } : {}), ...(path ? { path } : {}), ...(status !== undefined ? { status } : {}) });
      return json(200, { limit: ctx.mock.journal.limit, entries });
    },
  },
  {
    method: 'DELETE',
    path: '/_mock/journal',
    name: 'control.journalClear',
    plane: 'control',
    doc: { summary: 'Empty the journal' },
    journal: false,
    auth: 'none',
    handler(ctx) {
      ctx.mock.journal.clear();
      return json(200, { entries: [] });
    },
  },
  {
    method: 'PATCH',
    path: '/_mock/journal',
    name: 'control.journalResize',
    plane: 'control',
    doc: { summary: 'Change how many requests the journal keeps', body: '{limit: [1, 100000]}' },
    journal: false,
    auth: 'none',
    handler(ctx) {
      const limit = requireObject(ctx.body())['limit'];
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 100_000) throw badArg('limit', `must be an integer in [1, 100000], got ${describe(limit)}`);
      ctx.mock.journal.resize(limit);
      return json(200, { limit });
    },
  },
  {
    method: 'GET',
    path: '/_mock/tenants',
    name: 'control.listTenants',
    plane: 'control',
    doc: { summary: 'Tenants with users, groups, rooms, message counts and config' },
    auth: 'none',
    handler: (ctx) =>
      json(200, {
        tenants: ctx.mock.tenants().map((t) => ({
          appKey: t.appKey, org: t.org, app: t.app,
          users: [...t.state.users.keys()], groups: [...t.state.groups.keys()], rooms: [...t.state.rooms.keys()],
          members: Object.fromEntries([...t.state.groups.values()].map((g) => [g.id, [...g.members]])),
          messages: t.state.messageCount, config: t.config(),
        })),
      }),
  },
  {
    method: 'POST',
    path: '/_mock/tenants',
    name: 'control.createTenant',
    plane: 'control',
    doc: { summary: 'Create an empty tenant', body: '{org, app, clientId?, clientSecret?, config?}' },
    auth: 'none',
    handler(ctx) {
      const b = requireObject(ctx.body());
      for (const key of ['org', 'app']) if (typeof b[key] !== 'string') throw badArg(key, `required: a name of letters, digits, "_", "-", "."; got ${describe(b[key])}`);
      const t = ctx.mock.createTenant({
        org: b['org'] as string, app: b['app'] as string,
        ...(typeof b['clientId'] === 'string' ? { clientId: b['clientId'] } : {}),
        ...(typeof b['clientSecret'] === 'string' ? { clientSecret: b['clientSecret'] } : {}),
        ...(b['config'] !== undefined ? { config: b['config'] } : {}),
      });
      return json(200, { appKey: t.appKey, clientId: t.state.clientId, clientSecret: t.state.clientSecret, config: t.config() });
    },
  },
  {
    method: 'DELETE',
    path: '/_mock/tenants/:org/:app',
    name: 'control.removeTenant',
    plane: 'control',
    doc: { summary: 'Remove a tenant and everything in it' },
    auth: 'none',
    handler(ctx) {
      ctx.mock.removeTenant(ctx.tenant.appKey);
      return json(200, { removed: ctx.tenant.appKey });
    },
  },
];

/** Connected devices and the OpenAPI description (after the provider-state route in the table, as they always were). */
export const controlInfoRoutes: Route[] = [
  {
    method: 'GET',
    path: '/_mock/connections',
    name: 'control.connections',
    plane: 'control',
    doc: { summary: 'Connected SDK devices (msync) per tenant and user' },
    auth: 'none',
    handler: (ctx) => json(200, { devices: hubOf(ctx.mock).connected() }),
  },
  {
    method: 'GET',
    path: '/_mock/openapi.json',
    name: 'control.openapi',
    plane: 'control',
    doc: { summary: 'This description' },
    auth: 'none',
    handler: (ctx) => json(200, openApiDocument(ctx.routes, ctx.origin)),
  },
];

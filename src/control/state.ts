import { DEFAULT_CONFIG } from '../core/config.ts';
import { RoamingError, badArg, describe } from '../core/errors.ts';
import type { ChatType } from '../core/model.ts';
import { exportFixture } from '../fixtures/export.ts';
import { CLOCK_TIME_EXPECTED, parseClockTime, parseDuration } from '../fixtures/time.ts';
import type { Fixture } from '../fixtures/types.ts';
import { queryString, requireObject } from '../api/params.ts';
import type { Route, RouteContext } from '../api/router.ts';
import { json } from '../api/wire/envelope.ts';
import { userEntity } from '../api/wire/user.ts';
import { hourFile } from '../api/routes/rest.ts';
import { hourStart, messagesOfHour } from '../core/history-file.ts';
import { VERSION } from '../api/version.ts';


/** The same ceiling as tenant config `tokenTtlSeconds` (10 years). */
const MAX_TTL = 10 * 365 * 86_400;

const clockState = (ctx: RouteContext) => {
  const now = ctx.mock.clock.now();
  return { now, iso: new Date(now).toISOString(), frozen: ctx.mock.clock.frozen };
};

function loadMode(ctx: RouteContext): 'merge' | 'replace' {
  const mode = queryString(ctx.query, 'mode') ?? 'replace';
  if (mode !== 'merge' && mode !== 'replace') throw badArg('mode', `must be "merge" or "replace", got ${describe(mode)}`);
  return mode;
}

function fixtureBody(ctx: RouteContext): Fixture {
  return requireObject(ctx.body()) as unknown as Fixture;
}

/** The control plane (SPEC §3.4): ours, under `/_mock`, never under a tenant; no token needed. */
export const controlRoutes: Route[] = [
  {
    method: 'GET',
    path: '/_mock/health',
    name: 'control.health',
    plane: 'control',
    doc: { summary: 'Health: version and counts' },
    auth: 'none',
    handler: (ctx) => json(200, { status: 'ok', version: VERSION, ...ctx.mock.stats() }),
  },
  {
    method: 'POST',
    path: '/_mock/reset',
    name: 'control.reset',
    plane: 'control',
    doc: { summary: 'Back to the loaded state (?empty=1 to empty, ?tenant=org%23app for one tenant); the clock stays unless ?clock=1 puts it back to its start', query: { empty: '1 to empty', tenant: 'org#app', clock: '1 to also put the clock back to its start time and frozen state' } },
    auth: 'none',
    handler(ctx) {
      const flag = (name: string): boolean => ['1', 'true'].includes(queryString(ctx.query, name) ?? '');
      const [empty, clock] = [flag('empty'), flag('clock')];
      const tenant = queryString(ctx.query, 'tenant');
      if (tenant !== undefined) ctx.mock.tenant(tenant);
      ctx.mock.reset({ empty, clock, ...(tenant !== undefined ? { tenant } : {}) });
      // Says what happened to the clock: a reset leaves it alone unless asked (?clock=1).
      return json(200, { status: 'ok', clockReset: clock, clock: clockState(ctx), ...ctx.mock.stats() });
    },
  },
  {
    method: 'POST',
    path: '/_mock/fixtures',
    name: 'control.loadFixture',
    plane: 'control',
    doc: { summary: 'Load a fixture (SPEC §5)', query: { mode: 'merge | replace' }, body: 'a fixture' },
    auth: 'none',
    handler(ctx) {
      const loaded = ctx.mock.load(fixtureBody(ctx), { mode: loadMode(ctx) });
      return json(200, { status: 'ok', loaded: loaded.map((t) => t.appKey), ...ctx.mock.stats() });
    },
  },
  { method: 'GET', path: '/_mock/snapshot', name: 'control.exportSnapshot', plane: 'control', doc: { summary: 'The whole state as a fixture' },
  auth: 'none', handler: (ctx) => json(200, exportFixture(ctx.mock)) },
  {
    method: 'PUT',
    path: '/_mock/snapshot',
    name: 'control.importSnapshot',
    plane: 'control',
    doc: { summary: 'Replace the whole state with a fixture', body: 'a fixture' },
    auth: 'none',
    handler(ctx) {
      const loaded = ctx.mock.load(fixtureBody(ctx), { mode: 'replace' });
      return json(200, { status: 'ok', loaded: loaded.map((t) => t.appKey), ...ctx.mock.stats() });
    },
  },
  {
    method: 'POST',
    path: '/_mock/snapshot/save',
    name: 'control.saveSnapshot',
    plane: 'control',
    doc: { summary: 'Save the state to the --snapshot file now (atomically)' },
    auth: 'none',
    handler(ctx) {
      const saver = ctx.mock.snapshotSaver;
      if (!saver) throw new RoamingError('illegal_argument', 'snapshot: this server was started without --snapshot FILE; nowhere to save', 'snapshot');
      return json(200, { status: 'ok', ...saver() });
    },
  },
  { method: 'GET', path: '/_mock/clock', name: 'control.getClock', plane: 'control', doc: { summary: 'The engine clock' },
  auth: 'none', handler: (ctx) => json(200, clockState(ctx)) },
  {
    method: 'PUT',
    path: '/_mock/clock',
    name: 'control.setClock',
    plane: 'control',
    doc: { summary: 'Set and/or freeze the clock', body: '{now?: epoch ms | ISO | "-2h", frozen?: boolean}' },
    auth: 'none',
    handler(ctx) {
      const b = requireObject(ctx.body());
      const clock = ctx.mock.clock;
      let now: number | undefined;
      // Everything is checked before anything is applied: a refused request leaves the clock as it was.
      if (b['now'] !== undefined) {
        now = parseClockTime(b['now'], clock.now());
        if (now === undefined) throw badArg('now', `${CLOCK_TIME_EXPECTED}, got ${describe(b['now'])}`);
      }
      if (b['frozen'] !== undefined && typeof b['frozen'] !== 'boolean') throw badArg('frozen', `must be true or false, got ${describe(b['frozen'])}`);
      if (b['frozen'] === true) clock.freeze();
      if (b['frozen'] === false) clock.unfreeze();
      if (now !== undefined) clock.set(now);
      return json(200, clockState(ctx));
    },
  },
  {
    method: 'POST',
    path: '/_mock/clock/advance',
    name: 'control.advanceClock',
    plane: 'control',
    doc: { summary: 'Move the clock', body: '{by: "2d" | "90s" | ms}' },
    auth: 'none',
    handler(ctx) {
      const by = parseDuration(requireObject(ctx.body())['by']);
      if (by === undefined) throw badArg('by', 'must be a duration like "2d", "90s", "15m", "-1h" or a number of ms');
      ctx.mock.clock.advance(by);
      return json(200, clockState(ctx));
    },
  },
  {
    method: 'GET',
    path: '/_mock/tenants/:org/:app/config',
    name: 'control.getConfig',
    plane: 'control',
    doc: { summary: 'A tenant\'s config (SPEC §7)' },
    auth: 'none',
    handler: (ctx) => json(200, ctx.tenant.config()),
  },
  {
    method: 'PATCH',
    path: '/_mock/tenants/:org/:app/config',
    name: 'control.patchConfig',
    plane: 'control',
    doc: { summary: 'Change a tenant\'s config, validated (README "Tenant config" gives defaults and ranges)', body: `a partial config: {${Object.keys(DEFAULT_CONFIG).map((k) => `${k}?`).join(', ')}}` },
    auth: 'none',
    handler: (ctx) => json(200, ctx.tenant.configure(requireObject(ctx.body()))),
  },
  {
    method: 'POST',
    path: '/_mock/tenants/:org/:app/messages',
    name: 'control.injectMessage',
    plane: 'control',
    doc: { summary: 'Store a message as if an SDK (or the REST or import API) sent it; pushed to connected SDKs (never an import)', body: '{from, to, chatType?, type, body, ext?, via?: "sdk" | "rest" | "import", roamIgnoreUsers?, directedUsers?}' },
    auth: 'none',
    handler(ctx) {
      const b = requireObject(ctx.body());
      // chatType, type, body and ext are the core's to check (messages.ts), with the same messages.
      const chatType = b['chatType'] ?? 'chat';
      if (typeof b['from'] !== 'string') throw badArg('from', `required: the sender's user id, got ${describe(b['from'])}`);
      if (typeof b['to'] !== 'string') throw badArg('to', `required: a user, group or room id, got ${describe(b['to'])}`);
      const ignore = b['roamIgnoreUsers'];
      if (ignore !== undefined && (!Array.isArray(ignore) || ignore.some((u) => typeof u !== 'string'))) {
        throw badArg('roamIgnoreUsers', `must be an array of user ids, got ${describe(ignore)}`);
      }
      const directed = b['directedUsers'];
      if (directed !== undefined && (!Array.isArray(directed) || directed.some((u) => typeof u !== 'string'))) {
        throw badArg('directedUsers', `must be an array of 1–20 user ids, got ${describe(directed)}`);
      }
      const m = ctx.tenant.send({
        from: b['from'],
        to: b['to'],
        chatType: chatType as ChatType,
        type: b['type'] as string,
        body: b['body'],
        ...(b['ext'] !== undefined ? { ext: b['ext'] } : {}),
        via: (b['via'] ?? 'sdk') as 'sdk' | 'rest' | 'import',
        ...(ignore !== undefined ? { roamIgnoreUsers: ignore as string[] } : {}),
        ...(directed !== undefined ? { directedUsers: directed as string[] } : {}),
      });
      return json(200, { id: m.id, timestamp: m.timestamp, from: m.from, to: m.to, chatType: m.chatType, type: m.type, via: m.via, ...(m.directedUsers ? { directedUsers: m.directedUsers } : {}) });
    },
  },
  {
    method: 'POST',
    path: '/_mock/tenants/:org/:app/tokens',
    name: 'control.mintToken',
    plane: 'control',
    doc: { summary: 'Mint a user token ({username}) or an app token ({})', body: '{username?, ttl?}' },
    auth: 'none',
    handler(ctx) {
      const b = ctx.body() === undefined ? {} : requireObject(ctx.body());
      const t = ctx.tenant;
      const username = b['username'];
      if (username !== undefined && (typeof username !== 'string' || !t.state.users.has(username))) {
        throw new RoamingError('not_found', `username: user ${describe(username)} does not exist in ${t.appKey}`, 'username');
      }
      const ttl = b['ttl'];
      if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL)) throw badArg('ttl', `must be whole seconds in [1, ${MAX_TTL}], got ${describe(ttl)}`);
      const grant = ctx.tokens.issue(t, username as string | undefined, ttl as number | undefined);
      const expires_in = Math.round((grant.expiresAt - ctx.now) / 1000);
      return json(200, username === undefined ? { access_token: grant.token, expires_in } : { access_token: grant.token, expires_in, user: userEntity(t.appKey, t.state.users.get(username as string)!) });
    },
  },
  {
    method: 'GET',
    path: '/_mock/files/chatmessages/:org/:app/:time',
    name: 'control.historyFileContent',
    plane: 'control',
    doc: { summary: 'One hour\'s history file: gzip of JSON lines (the signed URL rest.historyFile hands out; SPEC-2 R52)' },
    auth: 'none',
    async handler(ctx) {
      // No token: the signed, expiring URL is the credential (the list endpoint needs an app token).
      ctx.files.check(ctx.req.path, ctx.query, ctx.now);
      const t = ctx.tenant.state;
      const bytes = await hourFile(messagesOfHour(t, hourStart(t, ctx.params['time']!)));
      // Q5: gzip bytes as the file itself (no Content-Encoding), like the service's `{yyyyMMddHH}.gz`.
      return { status: 200, headers: { 'content-type': 'application/gzip' }, body: '', bytes };
    },
  },
];

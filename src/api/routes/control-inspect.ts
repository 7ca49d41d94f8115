import { badArg, describe } from '../../core/errors.ts';
import type { ConversationEntry } from '../../core/listing.ts';
import type { Message, MessageType } from '../../core/model.ts';
import { BUNDLED_FIXTURES } from '../../fixtures/bundled.ts';
import { conversationType, queryBool, queryInt, queryString, requiredQuery } from '../params.ts';
import type { Route } from '../router.ts';
import { json } from '../wire/envelope.ts';
import { INSPECTOR_HTML, INSPECTOR_JS } from '../../ui/assets.ts';

/** Plain JSON of a message for inspection (no wire encoding). */
export const plainMessage = (m: Message) => ({ id: m.id, from: m.from, to: m.to, chatType: m.chatType, type: m.type, body: m.body, ext: m.ext, timestamp: m.timestamp, via: m.via });
const plainEntry = (e: ConversationEntry) => ({ type: e.type, id: e.id, activity: e.activity, pinnedAt: e.pinnedAt, marks: e.marks, unread: e.unread, latest: e.latest ? plainMessage(e.latest) : null });

/**
 * What the inspector reads and does, as plain JSON — every answer computed by the same core rules the service
 * endpoints use, so the page holds no logic of the service.
 */
export const controlInspectRoutes: Route[] = [
  {
    method: 'GET',
    path: '/_mock/tenants/:org/:app/users/:user/conversations',
    name: 'control.userConversations',
    auth: 'none',
    handler(ctx) {
      const page = ctx.tenant.conversations(ctx.user, { limit: 50, includeEmpty: queryBool(ctx.query, 'includeEmpty', true), cursor: queryString(ctx.query, 'cursor') ?? '' });
      return json(200, { conversations: page.conversations.map(plainEntry), cursor: page.cursor });
    },
  },
  {
    method: 'GET',
    path: '/_mock/tenants/:org/:app/users/:user/legacy',
    name: 'control.userLegacyConversations',
    auth: 'none',
    handler: (ctx) => json(200, { conversations: ctx.tenant.legacyConversations(ctx.user).map(plainEntry) }),
  },
  {
    method: 'GET',
    path: '/_mock/tenants/:org/:app/users/:user/history',
    name: 'control.userHistory',
    auth: 'none',
    handler(ctx) {
      const q = ctx.query;
      const direction = queryString(q, 'direction') ?? 'up';
      if (direction !== 'up' && direction !== 'down') throw badArg('direction', `must be "up" or "down", got ${describe(direction)}`);
      const types = queryString(q, 'types');
      const page = ctx.tenant.history(ctx.user, {
        chatType: conversationType(requiredQuery(q, 'type', 'chat, groupchat or chatroom'), 'type', true),
        id: requiredQuery(q, 'id', 'the peer, group or room'),
        start: queryString(q, 'start') ?? '-1',
        pageSize: queryInt(q, 'pageSize', 20)!,
        direction,
        ...(types ? { types: types.split(',') as MessageType[] } : {}),
      });
      return json(200, { messages: page.messages.map(plainMessage), nextKey: page.nextKey, isLast: page.isLast });
    },
  },
  {
    method: 'DELETE',
    path: '/_mock/tenants/:org/:app/users/:user/messages',
    name: 'control.userDeleteMessages',
    auth: 'none',
    handler(ctx) {
      const q = ctx.query;
      const type = conversationType(requiredQuery(q, 'type', 'chat or groupchat'), 'type', true);
      const ids = requiredQuery(q, 'ids', 'comma-separated message ids').split(',').filter((s) => s !== '');
      const hidden = ctx.tenant.deleteMessages(ctx.user, type, requiredQuery(q, 'id', 'the peer or group'), ids);
      return json(200, { hidden });
    },
  },
  {
    method: 'GET',
    path: '/_mock/fixtures/bundled',
    name: 'control.bundledFixtures',
    auth: 'none',
    handler: () => json(200, { fixtures: Object.entries(BUNDLED_FIXTURES).map(([name, f]) => ({ name, description: f.description })) }),
  },
  {
    method: 'POST',
    path: '/_mock/fixtures/bundled/:name',
    name: 'control.loadBundledFixture',
    auth: 'none',
    handler(ctx) {
      const entry = BUNDLED_FIXTURES[ctx.params['name']!];
      if (!entry) throw badArg('name', `no bundled fixture ${describe(ctx.params['name'])}; known: ${Object.keys(BUNDLED_FIXTURES).join(', ')}`);
      const mode = queryString(ctx.query, 'mode') ?? 'replace';
      if (mode !== 'merge' && mode !== 'replace') throw badArg('mode', `must be "merge" or "replace", got ${describe(mode)}`);
      const loaded = ctx.mock.load(entry.fixture, { mode });
      return json(200, { status: 'ok', loaded: loaded.map((t) => t.appKey), ...ctx.mock.stats() });
    },
  },
  {
    method: 'GET',
    path: '/_mock/ui',
    name: 'control.inspector',
    auth: 'none',
    handler: () => ({ status: 200, headers: { 'content-type': 'text/html;charset=UTF-8', 'cache-control': 'no-cache' }, body: INSPECTOR_HTML }),
  },
  {
    method: 'GET',
    path: '/_mock/ui/',
    name: 'control.inspectorSlash',
    auth: 'none',
    // Relative, so it also lands right under an express mount (`/im/_mock/ui/` → `/im/_mock/ui`); the query (deep link) stays.
    handler: (ctx) => ({ status: 302, headers: { location: `../ui${ctx.req.search ? `?${ctx.req.search}` : ''}`, 'content-type': 'text/plain;charset=UTF-8' }, body: 'see ../ui' }),
  },
  {
    method: 'GET',
    path: '/_mock/ui/inspector.js',
    name: 'control.inspectorScript',
    auth: 'none',
    handler: () => ({ status: 200, headers: { 'content-type': 'text/javascript;charset=UTF-8', 'cache-control': 'no-cache' }, body: INSPECTOR_JS }),
  },
];

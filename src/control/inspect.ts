import { badArg, describe } from '../core/errors.ts';
import type { ConversationEntry } from '../core/listing.ts';
import type { Message, MessageType } from '../core/model.ts';
import { conversationType, queryBool, queryInt, queryString, requiredQuery } from '../api/params.ts';
import type { Route } from '../api/router.ts';
import { json } from '../api/wire/envelope.ts';

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
    plane: 'control',
    doc: { summary: 'Inspector: a user\'s conversation list as that user sees it (plain JSON)', query: { includeEmpty: 'true (default) or false', cursor: '"" first' } },
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
    plane: 'control',
    doc: { summary: 'Inspector: the user\'s legacy list (R6) as plain JSON' },
    auth: 'none',
    handler: (ctx) => json(200, { conversations: ctx.tenant.legacyConversations(ctx.user).map(plainEntry) }),
  },
  {
    method: 'GET',
    path: '/_mock/tenants/:org/:app/users/:user/history',
    name: 'control.userHistory',
    plane: 'control',
    doc: { summary: 'Inspector: one page of a conversation as the user sees it (plain JSON messages)', query: { type: 'chat | groupchat | chatroom', id: 'peer, group or room', start: '-1 or nextKey', pageSize: '[1, 50]', direction: 'up | down', types: 'txt,img' } },
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
    plane: 'control',
    doc: { summary: 'Inspector: delete messages for this user only (R9, R10)', query: { type: 'chat | groupchat', id: 'peer or group', ids: 'id1,id2' } },
    auth: 'none',
    handler(ctx) {
      const q = ctx.query;
      const type = conversationType(requiredQuery(q, 'type', 'chat or groupchat'), 'type', true);
      const ids = requiredQuery(q, 'ids', 'comma-separated message ids').split(',').filter((s) => s !== '');
      const hidden = ctx.tenant.deleteMessages(ctx.user, type, requiredQuery(q, 'id', 'the peer or group'), ids);
      return json(200, { hidden });
    },
  },
];

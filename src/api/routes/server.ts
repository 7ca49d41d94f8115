import { badArg, describe } from '../../core/errors.ts';
import { bodyInt, bodyString, requireObject, type JsonBody } from '../params.ts';
import type { Route, RouteContext } from '../router.ts';
import { historyRecord } from '../wire/record.ts';

/** A required, non-blank string field of the body (R22 names each). */
function requiredText(b: JsonBody, name: string, what: string): string {
  const v = b[name];
  if (typeof v !== 'string' || v.trim() === '') throw badArg(name, `required: ${what}, got ${describe(v)}`);
  return v;
}

/** `POST /api/server/v6/{org}/{app}/roaming/{chat|group}` (SPEC-2 R22–R24): a user's roaming view, read by an app server. */
function serverRoaming(chatType: 'chat' | 'groupchat') {
  const targetField = chatType === 'chat' ? 'to' : 'groupId';
  return (ctx: RouteContext) => {
    const b = requireObject(ctx.body());
    const username = requiredText(b, 'username', 'the user whose roaming view is read');
    const target = requiredText(b, targetField, chatType === 'chat' ? 'the peer user id' : 'the group id');
    const limit = bodyInt(b, 'limit');
    const order = bodyString(b, 'order');
    const cursor = bodyString(b, 'cursor');
    const startTimestamp = bodyInt(b, 'startTimestamp');
    const endTimestamp = bodyInt(b, 'endTimestamp');
    const page = ctx.tenant.serverRoaming({
      username, chatType, target,
      ...(limit !== undefined ? { limit } : {}),
      ...(order !== undefined ? { order: order as 'up' | 'down' } : {}),
      ...(cursor !== undefined ? { cursor } : {}),
      ...(startTimestamp !== undefined ? { startTimestamp } : {}),
      ...(endTimestamp !== undefined ? { endTimestamp } : {}),
    });
    const data = { messages: page.messages.map(historyRecord), pagination: { cursor: page.cursor, hasMore: page.hasMore } };
    // R23's envelope has no `entities` (undefined is left out of the JSON).
    return ctx.ok(data, { entities: undefined });
  };
}

const BODY = '{username, to | groupId, limit?: [1, 50] (20), order?: "up" | "down", cursor?, startTimestamp?, endTimestamp?}';

/** The v6 server API: its paths put `/api/server/v6` before `{org}/{app}`. */
export const serverRoutes: Route[] = [
  { method: 'POST', path: '/api/server/v6/:org/:app/roaming/chat', name: 'server.roamingChat', plane: 'rest', doc: { summary: 'A user\'s roaming messages with a peer, as that user sees them (app token; SPEC-2 R22–R24)', body: BODY.replace(' | groupId', '') }, rate: ['serverRoaming'],
  auth: 'app', handler: serverRoaming('chat') },
  { method: 'POST', path: '/api/server/v6/:org/:app/roaming/group', name: 'server.roamingGroup', plane: 'rest', doc: { summary: 'A user\'s roaming messages of a group, as that user sees them (app token; SPEC-2 R22–R24)', body: BODY.replace('to | ', '') }, rate: ['serverRoaming'],
  auth: 'app', handler: serverRoaming('groupchat') },
];

import { badArg, describe } from '../../core/errors.ts';
import type { ChatType } from '../../core/model.ts';
import { conferenceType } from '../../core/store.ts';
import { conversationType, queryInt, requireObject, requiredQuery } from '../params.ts';
import type { Route, RouteContext, RouteDoc } from '../router.ts';
import { jsonHeaders } from '../wire/envelope.ts';
import type { ApiResponse } from '../request.ts';

/** Roaming deletes answer only `{requestStatusCode: "ok", timestamp}` (SPEC §3.2). */
export const roamingOk = (ctx: RouteContext): ApiResponse => ({ status: 200, headers: jsonHeaders(), body: `{"requestStatusCode":"ok","timestamp":${ctx.now}}` });

/** `mark_N` → N (R16: 0–19). */
export function parseMark(value: unknown, field = 'mark'): number {
  const m = typeof value === 'string' ? /^mark_(\d{1,2})$/.exec(value) : null;
  const n = m ? Number(m[1]) : NaN;
  if (!(n >= 0 && n <= 19)) throw badArg(field, `must be one of mark_0 … mark_19, got ${describe(value)}`);
  return n;
}

/** The roaming deletes (by ids, by time, all) exist twice — `/sdk/…` and `/rest/…` — alike but for R1's face and auth. */
export function roamingDeleteRoutes(
  prefix: 'sdk' | 'rest',
  docs: { all: RouteDoc; byIds: Record<'chat' | 'group', RouteDoc>; before: Record<'chat' | 'group', RouteDoc> },
): Route[] {
  // `/group/` also takes a chat-room id (SPEC-2 R40): the Web SDK sends every non-single chat there.
  const kinds: Array<[segment: 'chat' | 'group', type: ChatType, param: string]> = [
    ['chat', 'chat', 'userId'],
    ['group', 'groupchat', 'groupId'],
  ];
  const deleteAll: Route = {
    method: 'POST',
    path: `/:org/:app/${prefix}/message/roaming/user/:user/delete/all`,
    name: `${prefix}.deleteAll`,
    plane: prefix,
    doc: docs.all,
    auth: prefix === 'sdk' ? 'user' : 'app',
    handler(ctx) {
      ctx.tenant.deleteAll(ctx.user);
      return roamingOk(ctx);
    },
  };
  return [deleteAll, ...kinds.flatMap(([segment, type, param]): Route[] => [
    {
      method: 'DELETE',
      path: `/:org/:app/${prefix}/message/roaming/${segment}/user/:user`,
      name: `${prefix}.deleteMessages.${segment}`,
      plane: prefix,
      doc: docs.byIds[segment],
      auth: prefix === 'sdk' ? 'user' : 'app',
      handler(ctx) {
        const peer = requiredQuery(ctx.query, param, `the ${segment === 'chat' ? 'peer user' : 'group or chat room'} id`);
        const list = requiredQuery(ctx.query, 'msgIdList', 'comma-separated message ids (1–50)');
        const ids = commaList(list);
        ctx.tenant.deleteMessages(ctx.user, type === 'chat' ? type : conferenceType(ctx.tenant.state, peer), peer, ids);
        return roamingOk(ctx);
      },
    },
    {
      method: 'DELETE',
      path: `/:org/:app/${prefix}/message/roaming/${segment}/user/:user/time`,
      name: `${prefix}.deleteMessagesBefore.${segment}`,
      plane: prefix,
      doc: docs.before[segment],
      auth: prefix === 'sdk' ? 'user' : 'app',
      handler(ctx) {
        const peer = requiredQuery(ctx.query, param, `the ${segment === 'chat' ? 'peer user' : 'group or chat room'} id`);
        const delTime = queryInt(ctx.query, 'delTime');
        if (delTime === undefined) throw badArg('delTime', 'query parameter required: epoch ms; messages at or before it are deleted');
        ctx.tenant.deleteMessagesBefore(ctx.user, type === 'chat' ? type : conferenceType(ctx.tenant.state, peer), peer, delTime);
        return roamingOk(ctx);
      },
    },
  ])];
}

/** Delete conversation (R13): the SDK path says `user`, the REST path `users`; the body is the same. */
/**
 * `a, b,,c` → ['a', 'b', 'c']: items trimmed, empty ones dropped. One pass and one array (a delete's ≤ 50 ids);
 * trim() only where an item starts or ends with what may be white space.
 */
export function commaList(list: string): string[] {
  const out: string[] = [];
  let at = 0;
  while (at <= list.length) {
    let end = list.indexOf(',', at);
    if (end === -1) end = list.length;
    if (end > at) {
      let item = list.slice(at, end);
      if (mayBeSpace(item.charCodeAt(0)) || mayBeSpace(item.charCodeAt(item.length - 1))) item = item.trim();
      if (item !== '') out.push(item);
    }
    at = end + 1;
  }
  return out;
}

/** Could this code unit be (part of) what String#trim removes? ASCII space and controls, or anything non-ASCII. */
const mayBeSpace = (c: number): boolean => c <= 32 || c >= 127;

export function deleteConversationHandler() {
  return (ctx: RouteContext) => {
    const b = requireObject(ctx.body());
    if (typeof b['channel'] !== 'string' || b['channel'] === '') throw badArg('channel', `required: the peer user id or group id, got ${describe(b['channel'])}`);
    const type = conversationType(b['type'], 'type');
    if (typeof b['delete_roam'] !== 'boolean') throw badArg('delete_roam', `required: true (also delete the roaming messages) or false (only the list entry), got ${describe(b['delete_roam'])}`);
    ctx.tenant.deleteConversation(ctx.user, type, b['channel'], { deleteRoam: b['delete_roam'] });
    return ctx.ok({ result: 'ok' });
  };
}

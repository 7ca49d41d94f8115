import { stringifyJson } from '../../core/json-limits.ts';
import { requireMessageType, validateBody } from '../../core/bodies.ts';
import { RoamingError, badArg, describe } from '../../core/errors.ts';
import { historyFileHour } from '../../core/history-file.ts';
import type { ChatType, Message } from '../../core/model.ts';
import { checkName, requireGroup, requireRoom, requireUser } from '../../core/store.ts';
import { requireObject, type JsonBody } from '../params.ts';
import type { Route, RouteContext } from '../router.ts';
import { userEntity } from '../wire/user.ts';
import { historyRecord } from '../wire/record.ts';
import { deleteConversationHandler, roamingDeleteRoutes } from './shared.ts';

/** Register one user or an array of at most 60, atomically: every name is checked before any is added. */
function registerUsers(ctx: RouteContext) {
  const body = ctx.body();
  const list = Array.isArray(body) ? body : [body];
  if (list.length === 0 || list.length > 60) throw badArg('body', `must register 1–60 users per call, got ${list.length}`);
  const t = ctx.tenant;
  const seen = new Set<string>();
  const users = list.map((raw, i) => {
    const field = Array.isArray(body) ? `[${i}]` : 'body';
    const o = requireObject(raw, field);
    const username = checkName(`${Array.isArray(body) ? `[${i}].` : ''}username`, o['username']);
    if (typeof o['password'] !== 'string' || o['password'] === '') throw badArg(`${Array.isArray(body) ? `[${i}].` : ''}password`, 'required: a non-empty string');
    if (o['nickname'] !== undefined && typeof o['nickname'] !== 'string') throw badArg('nickname', `must be a string, got ${describe(o['nickname'])}`);
    if (t.state.users.has(username) || seen.has(username)) {
      throw new RoamingError('duplicate', `username: "${username}" already exists in ${t.appKey}`, 'username');
    }
    seen.add(username);
    return { username, password: o['password'], nickname: (o['nickname'] as string | undefined) ?? '' };
  });
  const created = users.map((u) => t.addUser(u.username, u.password, u.nickname));
  return ctx.ok(undefined, { entities: created.map((u) => userEntity(t.appKey, u)) });
}

const TARGET_LIMITS: Record<ChatType, number> = { chat: 600, groupchat: 3, chatroom: 10 };

/** REST sends (R15): validate every target and the body first, then store one message per target. */
function sendRest(chatType: ChatType) {
  return (ctx: RouteContext) => {
    const t = ctx.tenant;
    const b = requireObject(ctx.body());
    const limit = TARGET_LIMITS[chatType];
    const to = b['to'];
    if (!Array.isArray(to) || to.length === 0 || to.length > limit || to.some((x) => typeof x !== 'string')) {
      throw badArg('to', `must be an array of 1–${limit} ${chatType === 'chat' ? 'user' : chatType === 'groupchat' ? 'group' : 'room'} ids, got ${describe(to)}${Array.isArray(to) ? ` with ${to.length} entries` : ''}`);
    }
    const from = b['from'] === undefined ? 'admin' : checkName('from', b['from']);
    const type = requireMessageType(b['type']);
    validateBody(type, b['body']);
    to.forEach((id: string, i) => {
      const field = `to[${i}]`;
      if (chatType === 'chat') requireUser(t.state, id, field);
      else if (chatType === 'groupchat') requireGroup(t.state, id, field);
      else requireRoom(t.state, id, field);
    });
    const ignore = b['roam_ignore_users'];
    if (ignore !== undefined && (!Array.isArray(ignore) || ignore.some((u) => typeof u !== 'string'))) {
      throw badArg('roam_ignore_users', `must be an array of user ids, got ${describe(ignore)}`);
    }
    // ext is checked by the core with the first recipient, before anything is stored.
    // Keyed by user input: a recipient named `__proto__` must be a key like any other.
    const data: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const id of to as string[]) {
      const m = t.send({
        from, to: id, chatType, type, body: b['body'], via: 'rest',
        ...(b['ext'] !== undefined ? { ext: b['ext'] } : {}),
        ...(Array.isArray(ignore) && ignore.length > 0 ? { roamIgnoreUsers: ignore as string[] } : {}),
      });
      data[id] = m.id;
    }
    return ctx.ok(data);
  };
}

function createGroup(ctx: RouteContext) {
  const b: JsonBody = requireObject(ctx.body());
  const t = ctx.tenant;
  if (typeof b['groupname'] !== 'string' || b['groupname'] === '') throw badArg('groupname', 'required: a non-empty string');
  const owner = b['owner'];
  if (typeof owner !== 'string') throw badArg('owner', `required: a user id, got ${describe(owner)}`);
  const members = b['members'] ?? [];
  if (!Array.isArray(members) || members.some((m) => typeof m !== 'string')) throw badArg('members', `must be an array of user ids, got ${describe(members)}`);
  if (members.length > 2999) throw badArg('members', `at most 2999 members besides the owner, got ${members.length}`);
  requireUser(t.state, owner, 'owner');
  members.forEach((m: string, i) => requireUser(t.state, m, `members[${i}]`));
  const group = t.createGroup({ name: b['groupname'], owner, members: members as string[] });
  return ctx.ok({ groupid: group.id });
}

/** One hour's history file (SPEC-2 R52): one record per line, gzip bytes. CompressionStream exists in browsers and Node ≥ 18. */
export async function hourFile(messages: readonly Message[]): Promise<Uint8Array<ArrayBuffer>> {
  const lines = messages.map((m) => `${stringifyJson(historyRecord(m))}\n`).join('');
  const stream = new Blob([lines]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** What app servers call (SPEC §3.2). All need an app token, except reading one's own user. */
export const restRoutes: Route[] = [
  { method: 'POST', path: '/:org/:app/users', name: 'rest.registerUsers', plane: 'rest', doc: { summary: 'Register one user or up to 60 (app token)', body: '{username, password, nickname?} or an array' },
  auth: 'app', handler: registerUsers },
  {
    method: 'GET',
    path: '/:org/:app/users/:user',
    name: 'rest.getUser',
    plane: 'rest',
    doc: { summary: 'Get a user (404 service_resource_not_found if unknown)' },
    auth: 'user',
    handler: (ctx) => ctx.ok(undefined, { entities: [userEntity(ctx.tenant.appKey, requireUser(ctx.tenant.state, ctx.user))] }),
  },
  { method: 'POST', path: '/:org/:app/chatgroups', name: 'rest.createGroup', plane: 'rest', doc: { summary: 'Create a group (app token)', body: '{groupname, owner, members: []}' },
  auth: 'app', handler: createGroup },
  { method: 'POST', path: '/:org/:app/messages/users', name: 'rest.sendToUsers', plane: 'rest', doc: { summary: 'Send to ≤ 600 users through the REST API (R15: no conversation written by default)', body: '{from?, to: [], type, body, ext?, roam_ignore_users?}' }, rate: ['sendUsers', 'sendUsersMessages'],
  auth: 'app', handler: sendRest('chat') },
  { method: 'POST', path: '/:org/:app/messages/chatgroups', name: 'rest.sendToGroups', plane: 'rest', doc: { summary: 'Send to ≤ 3 groups through the REST API (R15)', body: '{from?, to: [], type, body, ext?, roam_ignore_users?}' }, rate: ['sendGroups', 'sendGroupsMessages'],
  auth: 'app', handler: sendRest('groupchat') },
  { method: 'POST', path: '/:org/:app/messages/chatrooms', name: 'rest.sendToRooms', plane: 'rest', doc: { summary: 'Send to ≤ 10 chat rooms through the REST API', body: '{from?, to: [], type, body, ext?}' }, rate: ['sendRooms', 'sendRoomsMessages'],
  auth: 'app', handler: sendRest('chatroom') },
  { method: 'DELETE', path: '/:org/:app/users/:user/user_channel', name: 'rest.deleteConversation', plane: 'rest', doc: { summary: 'Delete a user\'s conversation (app token; R13)', body: '{channel, type: "chat" | "groupchat", delete_roam}' }, rate: ['deleteConversationUser', 'deleteConversationApp'],
  auth: 'app', handler: deleteConversationHandler() },
  ...roamingDeleteRoutes('rest', {
    all: { summary: 'Delete every conversation and message of a user (app token; R14)' },
    byIds: {
      chat: { summary: 'Delete single-chat messages by id for a user (app token; R10)', query: { userId: 'peer', msgIdList: 'id1,id2', isNotify: 'ignored' } },
      group: { summary: 'Delete group or chat-room messages by id for a user (app token; R10, SPEC-2 R40)', query: { groupId: 'group or room', msgIdList: 'id1,id2', isNotify: 'ignored' } },
    },
    before: {
      chat: { summary: 'Delete single-chat messages at or before delTime for a user (app token; R11)', query: { userId: 'peer', delTime: 'epoch ms' } },
      group: { summary: 'Delete group or chat-room messages at or before delTime for a user (app token; R11, SPEC-2 R40)', query: { groupId: 'group or room', delTime: 'epoch ms' } },
    },
  }),
  {
    method: 'GET',
    path: '/:org/:app/chatmessages/:time',
    name: 'rest.historyFile',
    plane: 'rest',
    doc: { summary: 'Signed, expiring URL of one hour\'s messages (yyyyMMddHH in historyFileTimeZone, the last historyFileDays days; 404 storage_object_not_found for an hour without messages) — SPEC-2 R50–R52' },
    rate: ['historyFiles'],
    auth: 'app',
    handler(ctx) {
      const t = ctx.tenant;
      const time = ctx.params['time']!;
      historyFileHour(t.state, time, ctx.now);
      const path = `/_mock/files/chatmessages/${encodeURIComponent(t.org)}/${encodeURIComponent(t.app)}/${time}`;
      return ctx.ok([{ url: `${ctx.origin}${path}?${ctx.files.query(path, ctx.now)}` }]);
    },
  },
];


import { RoamingError, badArg, describe, forbidden, withCode } from '../../core/errors.ts';
import { conferenceType } from '../../core/store.ts';
import type { ChatType, MessageType } from '../../core/model.ts';
import { bodyBool, conversationType, queryBool, queryInt, queryString, requireObject, requiredQuery } from '../params.ts';
import type { Route, RouteContext } from '../router.ts';
import { channelInfoJson, legacyChannelInfoJson } from '../wire/channel.ts';
import { historyMeta } from '../wire/meta.ts';
import { deleteConversationHandler, parseMark, roamingDeleteRoutes } from './shared.ts';
import { tokenRoute } from './token.ts';

/** The conversation list's query (documented on the route). */
const Q_LIST = { limit: 'page size, [1, 50], default 20 (R5)', cursor: '"" for the first page, then data.cursor', need_mark: 'true to include marks', needEmptySession: 'true to include conversations with no visible message', is_top: 'true for pinned conversations only' };

/** `queue` is `<peer>@easemob.com` or `<group|room>@conference.easemob.com` (SPEC §3.1). */
function parseQueue(ctx: RouteContext, value: unknown): { chatType: ChatType; id: string } {
  const m = typeof value === 'string' ? /^([^@]+)@(easemob\.com|conference\.easemob\.com)$/.exec(value) : null;
  if (!m) throw badArg('queue', `must be "<user>@easemob.com" or "<group>@conference.easemob.com", got ${describe(value)}`);
  // Some clients send the full JID name, `org#app_<id>`.
  const id = m[1]!.startsWith(`${ctx.tenant.appKey}_`) ? m[1]!.slice(ctx.tenant.appKey.length + 1) : m[1]!;
  if (m[2] === 'easemob.com') return { chatType: 'chat', id };
  return { chatType: conferenceType(ctx.tenant.state, id), id };
}

/** A time bound: the SDK sends null (or -1) for "none". */
function optionalTime(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null || value === -1 || value === '' || value === '-1') return undefined;
  const n = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw badArg(field, `must be epoch ms or null, got ${describe(value)}`);
  return n;
}

/** `start`: -1 (number or text), "" or null = from the end; otherwise a message id (`next_key`). */
function parseStart(value: unknown): string {
  if (value === undefined || value === null || value === -1 || value === '') return '-1';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  throw badArg('start', `must be -1 or a message id string, got ${describe(value)}`);
}

/** R7: a page of history is rendered once per tenant state and request (the body is part of the key). */
const history = (ctx: RouteContext) => ctx.okCached(() => historyData(ctx));

function historyData(ctx: RouteContext): string {
  const b = requireObject(ctx.body());
  const { chatType, id } = parseQueue(ctx, b['queue']);
  const msgType = b['msgType'];
  if (msgType !== undefined && msgType !== null && typeof msgType !== 'string') throw badArg('msgType', `must be a comma list like "txt,img" or "", got ${describe(msgType)}`);
  const sender = b['userId'];
  if (sender !== undefined && sender !== null && typeof sender !== 'string') throw badArg('userId', `must be a user id or null, got ${describe(sender)}`);
  const pullNumber = b['pull_number'];
  if (pullNumber !== undefined && pullNumber !== null && (typeof pullNumber !== 'number' || !Number.isInteger(pullNumber))) {
    throw badArg('pull_number', `must be an integer in [1, ${ctx.tenant.config().historyPageMax}], got ${describe(pullNumber)}`);
  }
  const startTime = optionalTime(b['startTime'], 'startTime');
  const endTime = optionalTime(b['endTime'], 'endTime');
  const page = ctx.tenant.history(ctx.user, {
    chatType,
    id,
    start: parseStart(b['start']),
    pageSize: (pullNumber as number | null | undefined) ?? 20,
    direction: bodyBool(b, 'is_positive', false) ? 'down' : 'up',
    ...(typeof msgType === 'string' && msgType !== '' ? { types: msgType.split(',').map((s) => s.trim()) as MessageType[] } : {}),
    ...(startTime !== undefined ? { startTime } : {}),
    ...(endTime !== undefined ? { endTime } : {}),
    ...(typeof sender === 'string' && sender !== '' ? { sender } : {}),
  });
  const appKey = ctx.tenant.appKey;
  const msgs = page.messages.map((m) => `{"msg":"${historyMeta(appKey, m)}"}`).join(',');
  return `{"msgs":[${msgs}],"next_key":${JSON.stringify(page.nextKey)},"is_last":${page.isLast}}`;
}

function markTargets(value: unknown): Array<{ type: ChatType; id: string; raw: unknown }> {
  if (!Array.isArray(value)) throw badArg('targets', `must be an array of {to, type} (1–20), got ${describe(value)}`);
  return value.map((t, i) => {
    const o = requireObject(t, `targets[${i}]`);
    if (typeof o['to'] !== 'string' || o['to'] === '') throw badArg(`targets[${i}].to`, `must be a user or group id, got ${describe(o['to'])}`);
    return { type: conversationType(o['type'], `targets[${i}].type`), id: o['to'], raw: t };
  });
}

/** SPEC-2 R41: a bad pin `type` or a missing `to` is 403 `param type illegal, please check it!` with error_code 91102. */
function pinTarget(type: unknown, to: unknown): { type: ChatType; to: string } {
  const illegal = (field: string, why: string) => withCode(forbidden(field, `param type illegal, please check it! (${why})`), 91102);
  if (typeof to !== 'string' || to === '') throw illegal('to', `required: the peer user id or group id, got ${describe(to)}`);
  if (type !== 'chat' && type !== 'singleChat' && type !== 'groupchat' && type !== 'groupChat') throw illegal('type', `must be "chat" or "groupChat", got ${describe(type)}`);
  return { type: conversationType(type, 'type'), to };
}

/** SPEC-2 R41: the mark calls answer the two texts the Web SDK matches verbatim (its REQUEST_PARAMETER_ERROR). */
function bodyMark(value: unknown): number {
  if (value === undefined || value === null || value === '') throw new RoamingError('illegal_argument', 'param mark must be not empty, please check!', 'mark');
  try {
    return parseMark(value);
  } catch {
    throw new RoamingError('illegal_argument', 'param mark illegal, please check it!', 'mark');
  }
}

function mark(add: boolean) {
  return (ctx: RouteContext) => {
    const b = requireObject(ctx.body());
    const n = bodyMark(b['mark']);
    const targets = markTargets(b['targets']);
    const ignored = add ? ctx.tenant.mark(ctx.user, n, targets) : ctx.tenant.unmark(ctx.user, n, targets);
    return ctx.ok({ ignore: ignored.map((x) => (x as (typeof targets)[number]).raw) });
  };
}

/** The endpoints the client SDKs call (SPEC §3.1), wire-compatible with easemob-websdk 4.x. */
export const sdkRoutes: Route[] = [
  tokenRoute,
  {
    method: 'GET',
    path: '/:org/:app/sdk/user/:user/user_channels/list',
    name: 'sdk.listConversations',
    plane: 'sdk',
    doc: { summary: 'Conversation list by cursor, newest first; pinned only with is_top (R2–R5)', query: Q_LIST },
    auth: 'user',
    handler: (ctx) => ctx.okCached(() => {
      const q = ctx.query;
      const needMark = queryBool(q, 'need_mark', false);
      const page = ctx.tenant.conversations(ctx.user, {
        limit: queryInt(q, 'limit', 20)!,
        cursor: queryString(q, 'cursor') ?? '',
        pinnedOnly: queryBool(q, 'is_top', false),
        includeEmpty: queryBool(q, 'needEmptySession', false),
      });
      const appKey = ctx.tenant.appKey;
      return `{"cursor":${JSON.stringify(page.cursor)},"channel_infos":[${page.conversations.map((e) => channelInfoJson(appKey, e, needMark)).join(',')}]}`;
    }),
  },
  {
    method: 'GET',
    path: '/:org/:app/sdk/user/:user/user_channels/mark/search',
    name: 'sdk.listConversationsByMark',
    plane: 'sdk',
    doc: { summary: 'Conversations with one mark, newest mark first (R3, R16)', query: { mark: 'mark_0 … mark_19', limit: '[1, 10], default 10', cursor: '"" first', needEmptySession: 'true to include conversations with no visible message (SPEC-2 R47)' } },
    auth: 'user',
    handler: (ctx) => ctx.okCached(() => {
      const q = ctx.query;
      const page = ctx.tenant.conversationsByMark(ctx.user, {
        mark: parseMark(requiredQuery(q, 'mark', 'mark_0 … mark_19')),
        limit: queryInt(q, 'limit', 10)!,
        cursor: queryString(q, 'cursor') ?? '',
        includeEmpty: queryBool(q, 'needEmptySession', false),
      });
      const appKey = ctx.tenant.appKey;
      return `{"cursor":${JSON.stringify(page.cursor)},"channel_infos":[${page.conversations.map((e) => channelInfoJson(appKey, e, true)).join(',')}]}`;
    }),
  },
  {
    method: 'GET',
    path: '/:org/:app/users/:user/user_channels',
    name: 'sdk.listConversationsLegacy',
    plane: 'sdk',
    doc: { summary: 'Legacy list: the legacyLimit most recent conversations active within legacyWindowDays (R6)' },
    auth: 'user',
    handler(ctx) {
      const appKey = ctx.tenant.appKey;
      return ctx.okJson(`{"channel_infos":[${ctx.tenant.legacyConversations(ctx.user).map((e) => legacyChannelInfoJson(appKey, e)).join(',')}]}`);
    },
  },
  {
    method: 'GET',
    path: '/:org/:app/users/:user/user_channels/page',
    name: 'sdk.listConversationsByPage',
    plane: 'sdk',
    doc: { summary: 'Conversation list by page number (R5)', query: { pageNum: '≥ 1', pageSize: '[1, 20]' } },
    auth: 'user',
    handler(ctx) {
      const pageNum = queryInt(ctx.query, 'pageNum');
      const pageSize = queryInt(ctx.query, 'pageSize');
      if (pageNum === undefined) throw badArg('pageNum', 'query parameter required: a page number ≥ 1');
      if (pageSize === undefined) throw badArg('pageSize', 'query parameter required: an integer in [1, 20]');
      const appKey = ctx.tenant.appKey;
      return ctx.okJson(`{"channel_infos":[${ctx.tenant.conversationPage(ctx.user, pageNum, pageSize).map((e) => legacyChannelInfoJson(appKey, e)).join(',')}]}`);
    },
  },
  { method: 'POST', path: '/:org/:app/users/:user/messageroaming', name: 'sdk.history', plane: 'sdk', doc: { summary: 'Roaming history of one conversation; msgs[].msg is base64 protobuf easemob.pb.Meta (R7, R8)', body: '{queue: "<peer>@easemob.com" | "<group>@conference.easemob.com", start: -1 | next_key, pull_number: [1, 50], is_positive: down?, msgType: "txt,img", startTime, endTime, userId: sender (groups)}' },
  auth: 'user', handler: history },
  ...roamingDeleteRoutes('sdk', {
    all: { summary: 'Delete every conversation and message of this user, one-way (R14)', query: { resource: 'device' } },
    byIds: {
      chat: { summary: 'Delete single-chat messages by id for this user only (R9, R10: ≤ 50 ids)', query: { userId: 'peer', msgIdList: 'id1,id2', resource: 'device' } },
      group: { summary: 'Delete group or chat-room messages by id for this user only (R9, R10, SPEC-2 R40)', query: { groupId: 'group or room', msgIdList: 'id1,id2', resource: 'device' } },
    },
    before: {
      chat: { summary: 'Delete single-chat messages at or before delTime for this user (R11)', query: { userId: 'peer', delTime: 'epoch ms', resource: 'device' } },
      group: { summary: 'Delete group or chat-room messages at or before delTime for this user (R11, SPEC-2 R40)', query: { groupId: 'group or room', delTime: 'epoch ms', resource: 'device' } },
    },
  }),
  { method: 'DELETE', path: '/:org/:app/user/:user/user_channel', name: 'sdk.deleteConversation', plane: 'sdk', doc: { summary: 'Delete a conversation from the list; delete_roam also hides its history (R13)', body: '{channel, type: "chat" | "groupChat", delete_roam}' }, rate: ['deleteConversationUser', 'deleteConversationApp'],
  auth: 'user', handler: deleteConversationHandler() },
  {
    method: 'POST',
    path: '/:org/:app/sdk/user/:user/user_channel/top',
    name: 'sdk.pin',
    plane: 'sdk',
    doc: { summary: 'Pin a conversation of the list (R16: ≤ 50; SPEC-2 R41: 404 91001 if not in the list, 403 91101 over the limit, 403 91102 bad type)', body: '{type: "chat" | "groupChat", to}' },
    auth: 'user',
    handler(ctx) {
      const b = requireObject(ctx.body());
      const { type, to } = pinTarget(b['type'], b['to']);
      const state = ctx.tenant.pin(ctx.user, type, to);
      return ctx.ok({ is_top: state.pinned, update_top_status_time: state.changedAt });
    },
  },
  {
    method: 'DELETE',
    path: '/:org/:app/sdk/user/:user/user_channel/top',
    name: 'sdk.unpin',
    plane: 'sdk',
    doc: { summary: 'Unpin a conversation', query: { type: 'chat | groupChat', to: 'peer or group', resource: 'device' } },
    auth: 'user',
    handler(ctx) {
      const { type, to } = pinTarget(queryString(ctx.query, 'type'), queryString(ctx.query, 'to'));
      const state = ctx.tenant.unpin(ctx.user, type, to);
      return ctx.ok({ is_top: state.pinned, update_top_status_time: state.changedAt });
    },
  },
  { method: 'POST', path: '/:org/:app/sdk/user/:user/user_channels/mark', name: 'sdk.mark', plane: 'sdk', doc: { summary: 'Add a mark to ≤ 20 conversations; invalid targets come back in data.ignore (R16)', body: '{mark: "mark_N", targets: [{to, type}]}' },
  auth: 'user', handler: mark(true) },
  { method: 'DELETE', path: '/:org/:app/sdk/user/:user/user_channels/mark', name: 'sdk.unmark', plane: 'sdk', doc: { summary: 'Remove a mark from ≤ 20 conversations (R16)', body: '{mark: "mark_N", targets: [{to, type}]}' },
  auth: 'user', handler: mark(false) },
];

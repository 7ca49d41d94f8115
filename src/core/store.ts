import type { Clock } from './clock.ts';
import { DEFAULT_CONFIG, mergeConfig } from './config.ts';
import { RoamingError, badArg, describe, notFound } from './errors.ts';
import { createIdGenerator } from './ids.ts';
import { EvictionHeap } from './eviction.ts';
import { IdIndex } from './id-index.ts';
import { SenderLists } from './sender-lists.ts';
import { convKey, threadKey, type ChatType, type Group, type Message, type Room, type Tenant, type Thread, type User, type UserState, type View } from './model.ts';

/** Usernames and group/room ids the service accepts: letters, digits, `_ - .`, 1–64 characters. */
const NAME_RE = /^[A-Za-z0-9_.-]{1,64}$/;

export function checkName(field: string, value: unknown): string {
  if (typeof value !== 'string' || !NAME_RE.test(value)) {
    throw badArg(field, `must be 1–64 characters of letters, digits, "_", "-" or ".", got ${describe(value)}`);
  }
  return value;
}

export interface TenantInit {
  org: string;
  app: string;
  clientId?: string;
  clientSecret?: string;
  config?: unknown;
}

export function createTenant(init: TenantInit, clock: Clock, seed: number): Tenant {
  checkName('org', init.org);
  checkName('app', init.app);
  return {
    org: init.org,
    app: init.app,
    appKey: `${init.org}#${init.app}`,
    clientId: init.clientId ?? `${init.org}-${init.app}-client`,
    clientSecret: init.clientSecret ?? `${init.org}-${init.app}-secret`,
    config: init.config === undefined ? { ...DEFAULT_CONFIG } : mergeConfig(DEFAULT_CONFIG, init.config),
    clock,
    ids: createIdGenerator(seed),
    users: new Map(),
    groups: new Map(),
    rooms: new Map(),
    threads: new Map(),
    userStates: new Map(),
    messageCount: 0,
    messagesById: new IdIndex(),
    lastImport: new Map(),
    version: 0,
    pendingEvictions: undefined,
  };
}

// ---- users, groups, rooms -------------------------------------------------------------------------

export function addUser(t: Tenant, username: string, password: string, nickname = ''): User {
  checkName('username', username);
  if (t.users.has(username)) {
    throw new RoamingError('duplicate', `username: "${username}" already exists in ${t.appKey}`, 'username');
  }
  const user: User = { username, password, nickname, created: t.clock.now() };
  t.users.set(username, user);
  return user;
}

export function requireUser(t: Tenant, username: string, field = 'username'): User {
  const user = t.users.get(username);
  if (!user) throw notFound(field, `user "${username}" does not exist in ${t.appKey}`);
  return user;
}

export function addRoom(t: Tenant, id: string, name: string, members: Iterable<string>): Room {
  checkName('roomid', id);
  if (t.rooms.has(id)) throw new RoamingError('duplicate', `roomid: "${id}" already exists in ${t.appKey}`, 'roomid');
  const all = [...members];
  for (const m of all) requireUser(t, m, 'members');
  const room: Room = { id, name, members: new Set(all), created: t.clock.now() };
  t.rooms.set(id, room);
  for (const m of all) userState(t, m).rooms.add(id);
  return room;
}

export function requireGroup(t: Tenant, id: string, field = 'groupId'): Group {
  const group = t.groups.get(id);
  if (!group) throw notFound(field, `group "${id}" does not exist in ${t.appKey}`);
  return group;
}

export function requireRoom(t: Tenant, id: string, field = 'roomId'): Room {
  const room = t.rooms.get(id);
  if (!room) throw notFound(field, `chat room "${id}" does not exist in ${t.appKey}`);
  return room;
}

// ---- per-user state, views, threads ---------------------------------------------------------------

export function userState(t: Tenant, username: string): UserState {
  let state = t.userStates.get(username);
  if (!state) {
    state = { views: new Map(), listed: new Set(), eviction: new EvictionHeap(), chats: new Map(), groups: new Set(), rooms: new Set() };
    t.userStates.set(username, state);
  }
  return state;
}

/**
 * What an untouched view's `marks` (and `deleted`: NO_MESSAGES below) hold: one shared empty map (two empty maps per
 * view cost more than the view itself; most views never delete by id or mark). Writers go through deletedOf/marksOf;
 * a stray `set` throws instead of writing into every view at once.
 */
const NO_ENTRIES: Map<never, never> = new (class extends Map<never, never> {
  override set(): this {
    throw new Error('[roaming-mock] internal: write through marksOf/irregularOf');
  }
})();

/** NO_ENTRIES for the views' sets of deleted messages: a stray `add` throws. */
const NO_MESSAGES: Set<Message> = new (class extends Set<Message> {
  override add(): this {
    throw new Error('[roaming-mock] internal: write through deletedOf');
  }
})();

/** The view's own set of messages deleted by id, made on the first delete (R10); a set of messages, so a reader checks one without its id text. */
export function deletedOf(view: View): Set<Message> {
  if (view.deleted === NO_MESSAGES) view.deleted = new Set();
  return view.deleted;
}

/**
 * What a thread's rare lists (ignoredConv, ackedConv, edited, cursorHints) hold until their first entry: one shared
 * frozen empty array (four empty arrays cost ~130 B a thread); a stray push throws instead of writing into all.
 */
export const NO_ITEMS: never[] = Object.freeze([]) as never[];

/** Append to one of a thread's rare lists, made on the first. */
export function pushRare(thread: Thread, list: 'ignoredConv' | 'ackedConv' | 'edited', m: Message): void {
  if (thread[list] === NO_ITEMS) thread[list] = [m];
  else thread[list].push(m);
}

/** The thread's own map of irregular ids, made on the first (most threads never have one). */
export function irregularOf(thread: Thread): Map<string, Message> {
  if ((thread.irregular as Map<unknown, unknown>) === NO_ENTRIES) thread.irregular = new Map();
  return thread.irregular;
}

/** The view's own map of marks, made on the first mark (R3). */
export function marksOf(view: View): Map<number, number> {
  if ((view.marks as Map<unknown, unknown>) === NO_ENTRIES) view.marks = new Map();
  return view.marks;
}

export function findView(t: Tenant, username: string, type: ChatType, id: string): View | undefined {
  return t.userStates.get(username)?.views.get(convKey(type, id));
}

export function ensureView(t: Tenant, username: string, type: ChatType, id: string): View {
  const views = userState(t, username).views;
  const key = convKey(type, id);
  let view = views.get(key);
  if (!view) {
    view = {
      type,
      id,
      listed: false,
      listedAt: 0,
      watermark: null,
      deleted: NO_MESSAGES,
      pinnedAt: 0,
      marks: NO_ENTRIES as Map<number, never>,
      unreadOffset: 0,
      unreadAfter: null,
      deliveredThrough: null,
      thread: findThread(t, username, type, id),
    };
    views.set(key, view);
  }
  return view;
}

/** The thread behind a view, cached on it once it exists. */
export function threadOfView(t: Tenant, username: string, view: View): Thread | undefined {
  return (view.thread ??= findThread(t, username, view.type, view.id));
}

/** The thread `username` shares under conversation (type, id), if any message exists there. */
export function findThread(t: Tenant, username: string, type: ChatType, id: string): Thread | undefined {
  if (type === 'chat') return t.userStates.get(username)?.chats.get(id);
  return t.threads.get(threadKey(type, username, id));
}

export function ensureThread(t: Tenant, chatType: ChatType, from: string, to: string): Thread {
  // A chat's thread through the sender's peers: a message (a million of them in a fixture) builds no key string.
  const known = chatType === 'chat' ? t.userStates.get(from)?.chats.get(to) : undefined;
  if (known) return known;
  const key = threadKey(chatType, from, to);
  let thread = t.threads.get(key);
  if (!thread) {
    // `conv` is `messages` itself until a message that does not write conversations arrives (messages.ts store).
    const messages: Message[] = [];
    const participants =
      chatType === 'chat' ? [from, to] : chatType === 'groupchat' ? [...(t.groups.get(to)?.memberships.keys() ?? [])] : [];
    thread = {
      key,
      chatType,
      target: chatType === 'chat' ? '' : to,
      group: chatType === 'groupchat' ? t.groups.get(to) : undefined,
      messages,
      conv: messages,
      bySender: new SenderLists(),
      ignoredConv: NO_ITEMS,
      ackedConv: NO_ITEMS,
      edited: NO_ITEMS,
      irregular: NO_ENTRIES as Map<string, never>,
      unlisted: new Map(participants.map((p) => [p, undefined])),
      cursorHints: NO_ITEMS,
      newestAt: -Infinity,
      ordinal: t.threads.size,
    };
    t.threads.set(key, thread);
    if (chatType === 'chat') {
      userState(t, from).chats.set(to, thread);
      userState(t, to).chats.set(from, thread);
    }
  }
  return thread;
}

/** A `conference` id names a group unless only a chat room has it (the SDK's queue and JID do not say which). */
export function conferenceType(t: Tenant, id: string): 'groupchat' | 'chatroom' {
  return t.rooms.has(id) && !t.groups.has(id) ? 'chatroom' : 'groupchat';
}

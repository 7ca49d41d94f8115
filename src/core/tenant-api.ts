import { mergeConfig, type TenantConfig } from './config.ts';
import { listByMark, listConversationPage, listConversations, listLegacy, type ConversationPage, type CursorListOptions, type MarkListOptions } from './conversations.ts';
import { deleteAll, deleteConversation, deleteMessages, deleteMessagesBefore } from './deletion.ts';
import { fetchHistory, type HistoryPage, type HistoryQuery } from './history.ts';
import { fetchServerRoaming, type ServerRoamingPage, type ServerRoamingQuery } from './server-roaming.ts';
import type { ConversationEntry } from './listing.ts';
import { ingestMessage, type SendInput } from './messages.ts';
import type { ChatType, Group, Message, Room, Tenant, User } from './model.ts';
import { markConversations, pinConversation, unpinConversation, type MarkTarget, type PinState } from './pins-marks.ts';
import { markRead, setUnread, unreadAll, unreadOf } from './reads.ts';
import { addGroup, addRoom, addUser, joinGroup, requireGroup, requireUser } from './store.ts';

/**
 * Every operation on one tenant (`org#app`), each a thin call into the rule modules. This is what the API
 * routes call and what MSW users and tests call directly.
 */
export interface TenantApi {
  readonly appKey: string;
  readonly org: string;
  readonly app: string;
  /** The raw state (read-only use: inspection, export). */
  readonly state: Tenant;
  config(): Readonly<TenantConfig>;
  /** Validated patch of the tenant config (SPEC §7); a bad key or value changes nothing. */
  configure(patch: Partial<TenantConfig>): Readonly<TenantConfig>;

  addUser(username: string, password: string, nickname?: string): User;
  createGroup(input: { id?: string; name?: string; owner: string; members?: readonly string[] }): Group;
  addGroupMember(groupId: string, username: string): void;
  createRoom(input: { id: string; name?: string; members?: readonly string[] }): Room;

  /** Store a message (`via` sdk by default) and tell the listeners (live push). */
  send(input: SendInput): Message;

  conversations(user: string, options?: CursorListOptions): ConversationPage;
  conversationsByMark(user: string, options: MarkListOptions): ConversationPage;
  conversationPage(user: string, pageNum: number, pageSize: number): ConversationEntry[];
  legacyConversations(user: string): ConversationEntry[];
  history(user: string, query: HistoryQuery): HistoryPage;
  /** SPEC-2 R22–R24: a user's roaming view of a chat or group, as an app server reads it (v6). */
  serverRoaming(query: ServerRoamingQuery): ServerRoamingPage;

  deleteMessages(user: string, type: ChatType, id: string, ids: readonly string[]): number;
  deleteMessagesBefore(user: string, type: ChatType, id: string, delTime: number): void;
  deleteConversation(user: string, type: ChatType, id: string, options: { deleteRoam: boolean }): void;
  deleteAll(user: string): void;

  pin(user: string, type: ChatType, id: string): PinState;
  unpin(user: string, type: ChatType, id: string): PinState;
  mark(user: string, mark: number, targets: readonly MarkTarget[]): MarkTarget[];
  unmark(user: string, mark: number, targets: readonly MarkTarget[]): MarkTarget[];

  unread(user: string, type: ChatType, id: string): number;
  unreadAll(user: string): Array<{ type: ChatType; id: string; unread: number }>;
  markRead(user: string, type: ChatType, id: string): void;
  setUnread(user: string, type: ChatType, id: string, unread: number): void;
}

export type MessageListener = (tenant: TenantApi, message: Message) => void;

export function createTenantApi(t: Tenant, emit: MessageListener): TenantApi {
  /** Every change goes through here: the version tells derived caches (ranked lists) to rebuild. */
  const change = <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A): R => {
    t.version++;
    return fn(...args);
  };
  const api: TenantApi = {
    appKey: t.appKey,
    org: t.org,
    app: t.app,
    state: t,
    config: () => t.config,
    configure: change((patch: Partial<TenantConfig>) => {
      t.config = mergeConfig(t.config, patch);
      return t.config;
    }),
    addUser: change((username: string, password: string, nickname?: string) => addUser(t, username, password, nickname)),
    createGroup: change(({ id, name, owner, members = [] }: { id?: string; name?: string; owner: string; members?: readonly string[] }) => {
      // Real group ids are numeric; derive one from the id generator so it is deterministic too.
      const groupId = id ?? (BigInt(t.ids.next(t.clock.now())) >> 12n).toString();
      return addGroup(t, groupId, name ?? groupId, owner, members);
    }),
    addGroupMember: change((groupId: string, username: string) => {
      const group = requireGroup(t, groupId);
      requireUser(t, username);
      joinGroup(t, group, username);
    }),
    createRoom: change(({ id, name, members = [] }: { id: string; name?: string; members?: readonly string[] }) => addRoom(t, id, name ?? id, members)),
    send: change((input: SendInput) => {
      const message = ingestMessage(t, input);
      emit(api, message);
      return message;
    }),
    conversations: (user, options) => listConversations(t, user, options),
    conversationsByMark: (user, options) => listByMark(t, user, options),
    conversationPage: (user, pageNum, pageSize) => listConversationPage(t, user, pageNum, pageSize),
    legacyConversations: (user) => listLegacy(t, user),
    history: (user, query) => fetchHistory(t, user, query),
    serverRoaming: (query) => fetchServerRoaming(t, query),
    deleteMessages: change((user: string, type: ChatType, id: string, ids: readonly string[]) => deleteMessages(t, user, type, id, ids)),
    deleteMessagesBefore: change((user: string, type: ChatType, id: string, delTime: number) => deleteMessagesBefore(t, user, type, id, delTime)),
    deleteConversation: change((user: string, type: ChatType, id: string, { deleteRoam }: { deleteRoam: boolean }) => deleteConversation(t, user, type, id, deleteRoam)),
    deleteAll: change((user: string) => deleteAll(t, user)),
    pin: change((user: string, type: ChatType, id: string) => pinConversation(t, user, type, id)),
    unpin: change((user: string, type: ChatType, id: string) => unpinConversation(t, user, type, id)),
    mark: change((user: string, mark: number, targets: readonly MarkTarget[]) => markConversations(t, user, mark, targets, true)),
    unmark: change((user: string, mark: number, targets: readonly MarkTarget[]) => markConversations(t, user, mark, targets, false)),
    unread: (user, type, id) => unreadOf(t, user, type, id),
    unreadAll: (user) => unreadAll(t, user),
    markRead: change((user: string, type: ChatType, id: string) => markRead(t, user, type, id)),
    setUnread: change((user: string, type: ChatType, id: string, unread: number) => setUnread(t, user, type, id, unread)),
  };
  return api;
}

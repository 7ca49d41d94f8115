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
import { addRoom, addUser } from './store.ts';
import { editByUser, rewriteByApp, type RewriteRequest, type SdkEdit } from './edit.ts';
import { importMessage, type ImportInput } from './import.ts';
import type { Notice } from './notices.ts';
import { recallByApp, recallByUser, type RecallOutcome, type RecallRequest } from './recall.ts';
import { audienceOf } from './visibility.ts';
import { addGroup, joinGroup, joinGroupMany, leaveGroup, leaveGroupMany, requireGroupOf, type RemovalResult } from './membership.ts';

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
  /** R37: a new stay begins now (404 unknown group or user, 403 already a member). */
  addGroupMember(groupId: string, username: string, at?: number): void;
  /** R37: the current stay ends now (403 the owner or a non-member). */
  removeGroupMember(groupId: string, username: string): void;
  /** R37 bulk: 1–60 users join now; current members are skipped (forbidden when all are); returns the new members. */
  addGroupMembers(groupId: string, usernames: readonly string[]): string[];
  /** R37 bulk: 1–60 users leave now; each gets a result (and a reason when refused); forbidden when none could leave. */
  removeGroupMembers(groupId: string, usernames: readonly string[]): RemovalResult[];
  createRoom(input: { id: string; name?: string; members?: readonly string[] }): Room;

  /** Store a message (`via` sdk by default) and tell the listeners (live push). */
  send(input: SendInput): Message;
  /** R25/R26: recall through the REST API (as the app admin). */
  recall(request: RecallRequest): RecallOutcome;
  /** R27/R28: recall by a user (an SDK). */
  recallAs(user: string, msgId: string, ext?: string): RecallOutcome;
  /** R30/R31: rewrite through the REST API. */
  rewrite(msgId: string, request: RewriteRequest): Message;
  /** R33: edit by a user (an SDK). */
  editAs(user: string, msgId: string, edit: SdkEdit): Message;
  /** R53/R54: import one historical message (never pushed). */
  importMessage(input: ImportInput): Message;

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
/** Recalls and edits, for live push (R29, R33). */
export type NoticeListener = (tenant: TenantApi, notice: Notice) => void;

export interface TenantHooks {
  notify: NoticeListener;
  /** R30: does another tenant hold this message id (a rewrite there is 401, not 404)? */
  foreign: (msgId: string) => boolean;
}

export function createTenantApi(t: Tenant, emit: MessageListener, hooks: TenantHooks = { notify: () => undefined, foreign: () => false }): TenantApi {
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
    addGroupMember: change((groupId: string, username: string, at?: number) => joinGroup(t, requireGroupOf(t, groupId), username, at)),
    removeGroupMember: change((groupId: string, username: string) => leaveGroup(t, requireGroupOf(t, groupId), username)),
    addGroupMembers: change((groupId: string, usernames: readonly string[]) => joinGroupMany(t, requireGroupOf(t, groupId), usernames)),
    removeGroupMembers: change((groupId: string, usernames: readonly string[]) => leaveGroupMany(t, requireGroupOf(t, groupId), usernames)),
    createRoom: change(({ id, name, members = [] }: { id: string; name?: string; members?: readonly string[] }) => addRoom(t, id, name ?? id, members)),
    send: change((input: SendInput) => {
      const message = ingestMessage(t, input);
      emit(api, message);
      return message;
    }),
    recall: change((request: RecallRequest) => {
      const outcome = recallByApp(t, request);
      hooks.notify(api, outcome.notice);
      return outcome;
    }),
    recallAs: change((user: string, msgId: string, ext?: string) => {
      const outcome = recallByUser(t, user, msgId, ext);
      hooks.notify(api, outcome.notice);
      return outcome;
    }),
    rewrite: change((msgId: string, request: RewriteRequest) => {
      const m = rewriteByApp(t, msgId, request, hooks.foreign);
      // [ours] a REST rewrite reaches the participants' devices like an SDK edit (R33 push).
      hooks.notify(api, { kind: 'edit', id: t.ids.next(t.clock.now()), message: m, scope: request.newExt === undefined ? 1 : 2, audience: audienceOf(t, m) });
      return m;
    }),
    editAs: change((user: string, msgId: string, edit: SdkEdit) => {
      const notice = editByUser(t, user, msgId, edit);
      hooks.notify(api, notice);
      return notice.message;
    }),
    importMessage: change((input: ImportInput) => importMessage(t, input)),
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

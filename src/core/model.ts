import type { Clock } from './clock.ts';
import type { TenantConfig } from './config.ts';
import type { IdGenerator } from './ids.ts';
import type { Key } from './key.ts';
import type { EvictionHeap } from './eviction.ts';
import type { IdIndex } from './id-index.ts';
import type { SenderLists } from './sender-lists.ts';

export type ChatType = 'chat' | 'groupchat' | 'chatroom';
export type MessageType = 'txt' | 'img' | 'video' | 'audio' | 'file' | 'loc' | 'cmd' | 'custom' | 'combine';
export const MESSAGE_TYPES: readonly MessageType[] = ['txt', 'img', 'video', 'audio', 'file', 'loc', 'cmd', 'custom', 'combine'];
/** How a message entered the service: an SDK client, the REST send API, or the import API (R53). */
export type Via = 'sdk' | 'rest' | 'import';
export type JsonObject = { [key: string]: unknown };

/** R31: who edited a message last, when, and how often (`meta.edit_msg` on the wire). */
export interface EditInfo {
  readonly count: number;
  readonly operator: string;
  readonly at: number;
}

/**
 * A stored message. Its key (id, timestamp), parties and type never change: deletes are per-user views (R9).
 * Only an edit (R31) replaces `body`, `ext` and `edit`; a recall (R29) removes the message outright.
 */
export interface Message extends Key {
  readonly id: string;
  readonly from: string;
  /** Peer user id, group id or room id. */
  readonly to: string;
  readonly chatType: ChatType;
  readonly type: MessageType;
  body: JsonObject;
  ext: JsonObject;
  readonly timestamp: number;
  readonly via: Via;
  /**
   * R21 listEligible, decided at ingest: sdk messages always; REST ones while `restMessagesWriteConversation`,
   * imports while `importWritesConversation` is on; directed messages never (R36).
   */
  readonly writesConversation: boolean;
  /** R15 `roam_ignore_users`: users from whose history this message is hidden. */
  readonly roamIgnore?: readonly string[] | undefined;
  /** R34–R36: a directed group/room message, seen only by its sender and these members. */
  readonly directedUsers?: readonly string[] | undefined;
  /** R31: set by the first edit. */
  edit?: EditInfo | undefined;
  /** R54 `is_ack_read: true` on an import: listed, but never counted as unread for its recipients. */
  readonly ackRead?: true | undefined;
}

/**
 * A conversation's messages, stored once for every participant (never copied per user).
 * `messages` holds all in (timestamp, id) order; `conv` the subset that writes conversations (R15) — the same
 * array while that subset is all of them (a million-message world saves one slot a message) —
 * `bySender` that subset per sender — both exist so unread counts cost O(log n).
 */
export interface Thread {
  readonly key: string;
  readonly chatType: ChatType;
  /** The group or room id ("" for single chats): whose membership windows apply (R38). */
  readonly target: string;
  /** A group thread's group when it existed at the first message (groups are never removed): windows without a lookup. */
  readonly group: Group | undefined;
  messages: Message[];
  conv: Message[];
  readonly bySender: SenderLists<Message>;
  /**
   * Conversation-writing messages hidden from some users by roam_ignore_users (rare; scanned for unread).
   * This and the next two are one shared empty array until their first message (store.ts pushRare).
   */
  ignoredConv: Message[];
  /** Conversation-writing messages imported as already read (R54 `is_ack_read`; rare; scanned for unread). */
  ackedConv: Message[];
  /** Messages edited at least once, any order: the only ones an edit can keep from expiring (R20(b)); scanned, few. */
  edited: Message[];
  /** Messages whose id does not encode their timestamp (fixture ids, sequence overflow): found by id here. */
  irregular: Map<string, Message>;
  /**
   * Participants whose list does not hold this conversation now: the next message lists them again (R13). Each with
   * the view that left the list (an eviction, a fixture's view; undefined before it was ever listed): a busy group
   * re-lists without looking views up. Always that user's view of *this* thread (listing.ts, fixtures/load.ts).
   */
  readonly unlisted: Map<string, View | undefined>;
  /**
   * The latest time a message of this thread ever had (a recall does not lower it): a message after it sorts last in
   * every list of the thread, appended without reading the newest message (a cold read per message at 1M).
   */
  newestAt: number;
  /** Where the last cursors handed out or asked for sit (checked before use): paging clients ask for them next. Shared and empty until the first. */
  cursorHints: Array<{ id: string; index: number }>;
  /** Its place among the tenant's threads, in creation order: a load's eviction replay finds it by number (eviction-replay.ts). */
  readonly ordinal: number;
}

/** What one user sees of one conversation: a small record, never a copy of the thread (R9). */
export interface View {
  readonly type: ChatType;
  /** Conversation id from this user's side: the peer, the group or the room. */
  readonly id: string;
  listed: boolean;
  /** When the conversation entered the list: its order when it has no visible message (R3). */
  listedAt: number;
  /** Messages with a key at or below this are gone for this user (R11, R13, R14). */
  watermark: Key | null;
  /** Messages deleted by id (R10), above the watermark, in delete order. Shared and empty until the first (store.ts deletedOf). */
  deleted: Set<Message>;
  /** 0 when not pinned (R4, R16). */
  pinnedAt: number;
  /** mark index (0–19) → when it was set (R3 mark listing order). Shared and empty until the first (store.ts marksOf). */
  marks: Map<number, number>;
  /** Unread = unreadOffset + incoming messages after unreadAfter (R18). */
  unreadOffset: number;
  unreadAfter: Key | null;
  /** Newest message pushed to one of this user's connected devices (msync): older ones are not offline any more. */
  deliveredThrough: Key | null;
  /** The shared thread, once it exists (threads live as long as their tenant): saves building its key. */
  thread: Thread | undefined;
}

export interface User {
  readonly username: string;
  password: string;
  nickname: string;
  readonly created: number;
}

/** R37: one stay in a group, half-open `[joinedAt, leftAt)` (SPEC-2 §Q.2). */
export interface Membership {
  readonly joinedAt: number;
  leftAt?: number;
}

export interface Group {
  readonly id: string;
  name: string;
  owner: string;
  /** Current members (owner included). */
  readonly members: Set<string>;
  /** R37: may recall and edit any member's message (R28, R33). */
  readonly admins: Set<string>;
  /** R37: every stay of every user who was ever a member, oldest first. */
  readonly memberships: Map<string, Membership[]>;
  readonly created: number;
  /**
   * The stays of every member who joined with the group and has not left: one frozen array shared by all of them
   * (most members of a loaded world; ~110 B each otherwise). membership.ts copies it before a change.
   */
  readonly foundingStays: Membership[];
}

export interface Room {
  readonly id: string;
  name: string;
  readonly members: Set<string>;
  readonly created: number;
}

export interface UserState {
  /** convKey(type, id) → view. */
  readonly views: Map<string, View>;
  /** Views in this user's server conversation list (R2: chats and groups only, at most conversationLimit). */
  readonly listed: Set<View>;
  /** Eviction order of `listed` (R2). */
  readonly eviction: EvictionHeap<View>;
  /** Peers this user has a chat thread with, and the thread: found without building its key. */
  readonly chats: Map<string, Thread>;
  readonly groups: Set<string>;
  readonly rooms: Set<string>;
  /**
   * The list in R3 order as of `version` (rebuilt on the first read after any change). With messageRetentionDays
   * it also holds for a span of the retention horizon only: from the horizon it was ranked at (an earlier one may
   * bring messages back) up to the first latest message's expiry (R20(b) — the clock alone moves it on).
   */
  ranked?: { version: number; horizon: number; until: number; all: ListedRowRef[]; visible: ListedRowRef[] };
}

/** A ranked list row (see listing.ts ListedRow); declared here to keep model.ts free of imports from listing. */
export interface ListedRowRef {
  readonly view: View;
  readonly latest: Message | undefined;
  readonly activity: number;
}

/** What a bulk load holds back while it files its messages: R2 evictions, replayed afterwards (eviction-replay.ts). */
export interface PendingEvictions {
  /** Users whose list holds more than the limit: only they replay. */
  readonly over: Set<string>;
  /** Every conversation-writing message filed, in filing order, and its thread's ordinal (parallel arrays: no object per message). */
  readonly messages: Message[];
  readonly ordinals: number[];
}

export interface Tenant {
  readonly org: string;
  readonly app: string;
  /** `org#app`. */
  readonly appKey: string;
  clientId: string;
  clientSecret: string;
  config: TenantConfig;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly users: Map<string, User>;
  readonly groups: Map<string, Group>;
  readonly rooms: Map<string, Room>;
  readonly threads: Map<string, Thread>;
  readonly userStates: Map<string, UserState>;
  /** Messages stored, all threads. */
  messageCount: number;
  /** Every stored message by id: recall and edit name a message by id alone (R25, R30). */
  readonly messagesById: IdIndex<Message>;
  /** R53: timestamp of the newest import per thread key (each import must come after it). */
  readonly lastImport: Map<string, number>;
  /** Bumped by every change (tenant API, fixture loads): caches derived from the state check it. */
  version: number;
  /** Set only while a load files its messages: R2 evictions wait for one replay per user (eviction-replay.ts). */
  pendingEvictions?: PendingEvictions | undefined;
}

/**
 * Conversation keys, one string per (type, id): every view of a popular user shares its key, and a lookup hashes
 * a string that was hashed before instead of a fresh concatenation (a million-message fixture lists ~500k times).
 * Bounded: a server fed endless random ids starts over instead of growing.
 */
const CONV_KEYS: Record<ChatType, Map<string, string>> = { chat: new Map(), groupchat: new Map(), chatroom: new Map() };
const CONV_KEYS_LIMIT = 200_000;

export function convKey(type: ChatType, id: string): string {
  const keys = CONV_KEYS[type];
  let key = keys.get(id);
  if (key === undefined) {
    if (keys.size >= CONV_KEYS_LIMIT) keys.clear();
    // The interned (sequential) copy: a concatenation is a rope whose header and pieces every view map would keep.
    key = Object.keys({ [`${type}:${id}`]: 0 })[0]!;
    keys.set(id, key);
  }
  return key;
}

/** One thread per pair (chat), per group, per room. Usernames cannot hold ':', so keys never collide. */
export function threadKey(chatType: ChatType, from: string, to: string): string {
  if (chatType === 'chat') return from < to ? `chat:${from}:${to}` : `chat:${to}:${from}`;
  // A group's or room's key is its conversation key: the shared string, not a concatenation hashed per message.
  if (chatType === 'groupchat' || chatType === 'chatroom') return convKey(chatType, to);
  // The validator asks about unchecked fixtures too.
  return `${chatType}:${to}`;
}

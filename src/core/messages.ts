import { requireMessageType, validateBody, withoutType } from './bodies.ts';
import { RoamingError, badArg, describe } from './errors.ts';
import { isUint64Decimal } from './ids.ts';
import { requireStorableJson, stringifyJson } from './json-limits.ts';
import { SPLIT } from './id-code.ts';
import { insertSorted, splitKeyId } from './key.ts';
import { noteFiled } from './eviction-replay.ts';
import { listConversation } from './listing.ts';
import { MESSAGE_TYPES, type ChatType, type EditInfo, type JsonObject, type Message, type MessageType, type Tenant, type Thread, type Via } from './model.ts';
import { StoredMessage } from './stored-message.ts';
import { checkName, ensureThread, irregularOf, ensureView, pushRare, requireGroup, requireRoom, requireUser } from './store.ts';
import { requireConversation, threadWindow, visible } from './visibility.ts';

export interface SendInput {
  from: string;
  /** Peer user id, group id or room id. */
  to: string;
  chatType: ChatType;
  type: string;
  body: unknown;
  ext?: unknown;
  /** How the message entered the service (R15). Default "sdk". */
  via?: Via;
  /** R15: REST sends may hide the message from these users' history. */
  roamIgnoreUsers?: readonly string[];
  /** Fixtures only: the message's server time and id. Live sends take the clock and a fresh id (R19). */
  timestamp?: number;
  id?: string;
  /** Fixtures only: a REST message that was stored while `restMessagesWriteConversation` was on. */
  writesConversation?: boolean;
  /** R34/R35: a directed group or room message for these members only (ignored on single chats), 1–20. */
  directedUsers?: readonly string[];
  /** Fixtures only: edit info of a message stored edited (R31). */
  edit?: EditInfo;
  /** R54: an import with `is_ack_read: true` — it raises nobody's unread. */
  ackRead?: boolean;
}

/** R34/R35: at most this many receivers of a directed message. */
export const DIRECTED_LIMIT = 20;
const VIAS: readonly Via[] = ['sdk', 'rest', 'import'];

const CHAT_TYPES: readonly ChatType[] = ['chat', 'groupchat', 'chatroom'];

/** The interned type names (fixture strings are fresh copies). */
const TYPE_OF: ReadonlyMap<string, MessageType> = new Map(MESSAGE_TYPES.map((m) => [m, m]));

function validate(t: Tenant, input: SendInput): StoredMessage {
  const via: Via = input.via ?? 'sdk';
  if (!VIAS.includes(via)) throw badArg('via', `must be "sdk", "rest" or "import", got ${describe(via)}`);
  if (!CHAT_TYPES.includes(input.chatType)) throw badArg('chatType', `must be one of ${CHAT_TYPES.join(', ')}, got ${describe(input.chatType)}`);
  const type = requireMessageType(input.type);
  const body = validateBody(type, input.body);
  if (input.ext !== undefined && (typeof input.ext !== 'object' || input.ext === null || Array.isArray(input.ext))) {
    throw badArg('ext', `must be an object, got ${describe(input.ext)}`);
  }
  if (input.ext !== undefined) requireStorableJson('ext', input.ext);
  // The service does not check REST senders (`admin` is the usual one); SDK senders are real, member users (R39).
  if (via !== 'sdk') checkName('from', input.from);
  else requireUser(t, input.from, 'from');
  if (input.chatType === 'chat') requireUser(t, input.to, 'to');
  else if (via === 'sdk') requireConversation(t, input.from, input.chatType, input.to, 'to', 'send');
  else if (input.chatType === 'groupchat') requireGroup(t, input.to, 'to');
  else requireRoom(t, input.to, 'to');
  const roamIgnore = input.roamIgnoreUsers;
  if (roamIgnore !== undefined) {
    if (via !== 'rest') throw badArg('roam_ignore_users', 'only messages sent through the REST API may hide themselves from users');
    roamIgnore.forEach((u, i) => checkName(`roam_ignore_users[${i}]`, u));
  }
  if (input.directedUsers !== undefined && input.chatType !== 'chat') checkDirected(input.directedUsers);
  const timestamp = input.timestamp ?? t.clock.now();
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw badArg('timestamp', `must be epoch ms (a non-negative integer), got ${describe(timestamp)}`);
  if (input.id !== undefined && !isUint64Decimal(input.id)) throw badArg('id', `must be an unsigned 64-bit decimal, got ${describe(input.id)}`);
  return draftOf(t, input, type, body, timestamp);
}

/** R34/R35: 1–20 receivers, each a user name. */
function checkDirected(users: readonly string[]): void {
  if (!Array.isArray(users) || users.length === 0) throw new RoamingError('send_error', "param users can't be empty", 'users');
  if (users.length > DIRECTED_LIMIT) throw new RoamingError('send_error', `params users's size can't exceed limit ${DIRECTED_LIMIT}`, 'users');
  users.forEach((u, i) => checkName(`users[${i}]`, u));
}

/**
 * The stored shape (stored-message.ts). Names are interned (the user's, group's or type's own string), content is
 * kept as JSON text: a million messages should not hold a million copies of "alice", "txt" and {}.
 */
function draftOf(t: Tenant, input: SendInput, type: MessageType, body: JsonObject, timestamp: number): StoredMessage {
  const via: Via = input.via === 'rest' ? 'rest' : input.via === 'import' ? 'import' : 'sdk';
  const chatType: ChatType = input.chatType === 'groupchat' ? 'groupchat' : input.chatType === 'chatroom' ? 'chatroom' : 'chat';
  const ext = input.ext as JsonObject | undefined;
  const roamIgnore = input.roamIgnoreUsers;
  // R35: receivers are ignored on single chats.
  const directed = chatType === 'chat' || input.directedUsers === undefined || input.directedUsers.length === 0 ? undefined : input.directedUsers;
  const to = chatType === 'chat' ? t.users.get(input.to)?.username : chatType === 'groupchat' ? t.groups.get(input.to)?.id : t.rooms.get(input.to)?.id;
  return new StoredMessage(
    input.id ?? '',
    t.users.get(input.from)?.username ?? input.from,
    to ?? input.to,
    chatType,
    type,
    stringifyJson(body),
    ext === undefined ? '' : stringifyJson(ext),
    timestamp,
    via,
    chatType !== 'chatroom' && directed === undefined && listEligible(t, via, input.writesConversation),
    roamIgnore && roamIgnore.length > 0 ? [...roamIgnore] : undefined,
    directed !== undefined ? [...new Set(directed)] : undefined,
    input.edit !== undefined ? { ...input.edit } : undefined,
    input.ackRead === true,
  );
}

/** R15, R21, R54: does a message of this door write conversations (the tenant's switches, or a fixture's record)? */
function listEligible(t: Tenant, via: Via, recorded: boolean | undefined): boolean {
  if (via === 'sdk') return true;
  return recorded ?? (via === 'rest' ? t.config.restMessagesWriteConversation : t.config.importWritesConversation);
}

/**
 * Store a message once, in its thread, and list the conversation for every participant who does not hold it
 * (R2, R13, R15). Validation happens first: a rejected send changes nothing. `trusted`: a validated fixture.
 */
export function ingestMessage(t: Tenant, input: SendInput, trusted = false): Message {
  // Fixture messages were checked by the fixture validator already (every error at once); only shape them.
  const draft = trusted
    ? draftOf(t, input, TYPE_OF.get(input.type)!, withoutType(input.body as JsonObject), input.timestamp ?? t.clock.now())
    : validate(t, input);
  if (input.id !== undefined && t.messagesById.has(input.id)) {
    throw new RoamingError('duplicate', `id: message "${input.id}" already exists in ${t.appKey}`, 'id');
  }
  const thread = ensureThread(t, draft.chatType, draft.from, draft.to);
  if (input.id !== undefined) t.ids.observe(input.id);
  if (input.id === undefined) {
    t.ids.nextSplit(draft.timestamp);
    draft.setSplitId();
  }
  const message: Message = draft;
  store(thread, message);
  t.messagesById.add(message);
  // R53: each import must come after the last one of its conversation.
  if (message.via === 'import') t.lastImport.set(thread.key, Math.max(t.lastImport.get(thread.key) ?? 0, message.timestamp));
  t.messageCount++;
  if (!message.writesConversation) return message;
  if (t.pendingEvictions !== undefined) noteFiled(t.pendingEvictions, message, thread);
  listForParticipants(t, thread, message);
  return message;
}

function store(thread: Thread, m: Message): void {
  // Most threads only ever hold conversation-writing messages: `conv` shares `messages` until one that does not.
  if (thread.conv === thread.messages && !m.writesConversation) thread.conv = thread.messages.slice();
  // Later than every message the thread ever held (the usual case): last in each of its sorted lists.
  const last = m.timestamp > thread.newestAt;
  if (last) thread.newestAt = m.timestamp;
  file(thread.messages, m, last);
  // Findable by id through its timestamp (visibility.positionOfId) unless the id says another millisecond.
  if (!splitKeyId(m) || Math.abs(SPLIT.ms - m.timestamp) > 1) irregularOf(thread).set(m.id, m);
  if (m.edit) pushRare(thread, 'edited', m);
  if (!m.writesConversation) return;
  if (thread.conv !== thread.messages) file(thread.conv, m, last);
  let own = thread.bySender.get(m.from);
  if (!own) thread.bySender.set(m.from, (own = []));
  file(own, m, last);
  if (m.roamIgnore) pushRare(thread, 'ignoredConv', m);
  if (m.ackRead) pushRare(thread, 'ackedConv', m);
}

/** Into a sorted list of the thread: `last` (later than all it ever held) appends without reading its newest. */
function file(list: Message[], m: Message, last: boolean): void {
  if (last) list.push(m);
  else insertSorted(list, m);
}

/**
 * R21: a conversation is created for each participant who sees the message (R20: roam_ignore_users, membership
 * window). O(participants who had no list entry): a busy group costs nothing per message once everyone lists it.
 */
function listForParticipants(t: Tenant, thread: Thread, m: Message): void {
  if (thread.unlisted.size === 0) return;
  // The newest message of the conversation is each new listing's activity (R3); an older one (a clock set back) is looked up.
  const activity = thread.conv[thread.conv.length - 1] === m ? m.timestamp : undefined;
  // Listing deletes only the current user's entry (an eviction unlists the user's *other* conversations, in other threads).
  for (const [user, known] of thread.unlisted) {
    if (!t.users.has(user) || !visible(t, user, m, undefined, threadWindow(t, user, thread))) continue;
    const id = m.chatType === 'chat' ? (user === m.from ? m.to : m.from) : m.to;
    listConversation(t, user, known ?? ensureView(t, user, m.chatType, id), m.timestamp, activity);
    thread.unlisted.delete(user);
  }
}

import { requireMessageType, validateBody, withoutType } from './bodies.ts';
import { RoamingError, badArg, describe } from './errors.ts';
import { isUint64Decimal } from './ids.ts';
import { requireStorableJson } from './json-limits.ts';
import { insertSorted } from './key.ts';
import { listConversation } from './listing.ts';
import { MESSAGE_TYPES, threadKey, type ChatType, type JsonObject, type Message, type MessageType, type Tenant, type Thread, type Via } from './model.ts';
import { checkName, ensureThread, ensureView, requireGroup, requireRoom, requireUser } from './store.ts';
import { findById, requireConversation } from './visibility.ts';

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
}

const CHAT_TYPES: readonly ChatType[] = ['chat', 'groupchat', 'chatroom'];

function validate(t: Tenant, input: SendInput): Message {
  const via: Via = input.via ?? 'sdk';
  if (via !== 'sdk' && via !== 'rest') throw badArg('via', `must be "sdk" or "rest", got ${describe(via)}`);
  if (!CHAT_TYPES.includes(input.chatType)) throw badArg('chatType', `must be one of ${CHAT_TYPES.join(', ')}, got ${describe(input.chatType)}`);
  const type = requireMessageType(input.type);
  const body = validateBody(type, input.body);
  if (input.ext !== undefined && (typeof input.ext !== 'object' || input.ext === null || Array.isArray(input.ext))) {
    throw badArg('ext', `must be an object, got ${describe(input.ext)}`);
  }
  if (input.ext !== undefined) requireStorableJson('ext', input.ext);
  // The service does not check REST senders (`admin` is the usual one); SDK senders are real, member users.
  if (via === 'rest') checkName('from', input.from);
  else requireUser(t, input.from, 'from');
  if (input.chatType === 'chat') requireUser(t, input.to, 'to');
  else if (via === 'sdk') requireConversation(t, input.from, input.chatType, input.to, 'to');
  else if (input.chatType === 'groupchat') requireGroup(t, input.to, 'to');
  else requireRoom(t, input.to, 'to');
  const roamIgnore = input.roamIgnoreUsers;
  if (roamIgnore !== undefined) {
    if (via !== 'rest') throw badArg('roam_ignore_users', 'only messages sent through the REST API may hide themselves from users');
    roamIgnore.forEach((u, i) => checkName(`roam_ignore_users[${i}]`, u));
  }
  const timestamp = input.timestamp ?? t.clock.now();
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw badArg('timestamp', `must be epoch ms (a non-negative integer), got ${describe(timestamp)}`);
  if (input.id !== undefined && !isUint64Decimal(input.id)) throw badArg('id', `must be an unsigned 64-bit decimal, got ${describe(input.id)}`);
  return draftOf(t, input, type, body, timestamp);
}

const EMPTY_EXT: JsonObject = Object.freeze({}) as JsonObject;

/**
 * The stored shape. Names are interned (the user's, group's or type's own string), an empty `ext` is shared:
 * a million messages should not hold a million copies of "alice", "txt" and {}.
 */
function draftOf(t: Tenant, input: SendInput, type: MessageType, body: JsonObject, timestamp: number): Message {
  const via: Via = input.via === 'rest' ? 'rest' : 'sdk';
  const chatType = CHAT_TYPES.find((c) => c === input.chatType)!;
  const ext = input.ext as JsonObject | undefined;
  const roamIgnore = input.roamIgnoreUsers;
  const to = chatType === 'chat' ? t.users.get(input.to)?.username : chatType === 'groupchat' ? t.groups.get(input.to)?.id : t.rooms.get(input.to)?.id;
  return {
    id: input.id ?? '',
    from: t.users.get(input.from)?.username ?? input.from,
    to: to ?? input.to,
    chatType,
    type,
    body,
    ext: ext === undefined || Object.keys(ext).length === 0 ? EMPTY_EXT : ext,
    timestamp,
    via,
    writesConversation: chatType !== 'chatroom' && (via === 'sdk' || (input.writesConversation ?? t.config.restMessagesWriteConversation)),
    ...(roamIgnore && roamIgnore.length > 0 ? { roamIgnore: [...roamIgnore] } : {}),
  };
}

/**
 * Store a message once, in its thread, and list the conversation for every participant who does not hold it
 * (R2, R13, R15). Validation happens first: a rejected send changes nothing. `trusted`: a validated fixture.
 */
export function ingestMessage(t: Tenant, input: SendInput, trusted = false): Message {
  // Fixture messages were checked by the fixture validator already (every error at once); only shape them.
  const draft = trusted
    ? draftOf(t, input, MESSAGE_TYPES.find((m) => m === input.type)!, withoutType(input.body as JsonObject), input.timestamp ?? t.clock.now())
    : validate(t, input);
  if (input.id !== undefined) {
    const existing = t.threads.get(threadKey(draft.chatType, draft.from, draft.to));
    if (existing && findById(existing, input.id)) throw new RoamingError('duplicate', `id: message "${input.id}" already exists in ${t.appKey}`, 'id');
  }
  const thread = ensureThread(t, draft.chatType, draft.from, draft.to);
  if (input.id !== undefined) t.ids.observe(input.id);
  const message: Message = input.id !== undefined ? draft : { ...draft, id: t.ids.next(draft.timestamp) };
  store(thread, message);
  t.messageCount++;
  if (message.writesConversation) listForParticipants(t, thread, message);
  return message;
}

function store(thread: Thread, m: Message): void {
  insertSorted(thread.messages, m);
  // Findable by id through its timestamp (visibility.positionOfId) unless the id says another millisecond.
  if (Math.abs(Math.floor(Number(m.id) / 4194304) - m.timestamp) > 1) thread.irregular.set(m.id, m);
  if (!m.writesConversation) return;
  insertSorted(thread.conv, m);
  let own = thread.bySender.get(m.from);
  if (!own) thread.bySender.set(m.from, (own = []));
  insertSorted(own, m);
  if (m.roamIgnore) thread.ignoredConv.push(m);
}

/** O(participants who had no list entry): a busy group costs nothing per message once everyone lists it. */
function listForParticipants(t: Tenant, thread: Thread, m: Message): void {
  for (const user of [...thread.unlisted]) {
    if (!t.users.has(user) || m.roamIgnore?.includes(user)) continue;
    const id = m.chatType === 'chat' ? (user === m.from ? m.to : m.from) : m.to;
    listConversation(t, user, ensureView(t, user, m.chatType, id), m.timestamp);
    thread.unlisted.delete(user);
  }
}

import { flatString } from './flat-string.ts';
import { LOW, SPLIT, compareSplit, idText, splitId } from './id-code.ts';
import { stringifyJson } from './json-limits.ts';
import { NumericIdKey } from './key.ts';
import { MESSAGE_TYPES, type ChatType, type EditInfo, type JsonObject, type Message, type MessageType, type Via } from './model.ts';

const EMPTY_EXT: JsonObject = Object.freeze({}) as JsonObject;
const CHAT_TYPES: readonly ChatType[] = ['chat', 'groupchat', 'chatroom'];
const VIAS: readonly Via[] = ['sdk', 'rest', 'import'];
/**
 * ms = hi × 2^22 + lo, and the message's kinds (9 bits) above lo: two small integers instead of a boxed double
 * and four fields. hi < 2^31 for every time a clock may hold (CLOCK_LIMIT_MS < 2^53).
 */
const LO = 4_194_304;

/** R19: a regular id's low 22 bits, and the most its millisecond may exceed the message's time (drift < 2^9 keeps a Smi). */
const LOW_MASK = LOW - 1;
const DRIFT_LIMIT = 512;

/** What few messages carry: a non-empty ext, roam_ignore_users, directed receivers, edit info, R54 ack-read. */
interface Rare {
  ext?: string;
  roamIgnore?: readonly string[];
  directedUsers?: readonly string[];
  edit?: EditInfo;
  /** R54 `is_ack_read: true` on an import. */
  ackRead?: true;
}

/**
 * A message as the store keeps it (model.ts Message), built for a million of them (issue #18): `body` and `ext`
 * are held as flat JSON text — every wire format is rendered from text anyway, and parsed objects cost ~330 B a
 * message — and parsed afresh on each read (no reader can change the stored content by mutating what it got).
 * Type, chat type, door and R21 eligibility share one small integer, the time two; rare fields share one slot.
 * The id is a small integer too when it is one of ours (R19: (timestamp + drift) × 2^22 + low): its text is built
 * on read (~40 B a message saved); other ids keep their text. key.ts compares ids through compareIdTo/hasId,
 * which build no text. An edit assigns `body`/`ext`/`edit`, which replaces them (wire caches compare `edit`).
 */
export class StoredMessage extends NumericIdKey implements Message {
  /** low + drift × 2^22 for a regular id (id-code.ts), else the id's text. */
  #id: number | string;
  readonly from: string;
  readonly to: string;
  #hi: number;
  /** lo + kinds × 2^22 (kinds: chat type 2 bits, type 4, door 2, R21 eligibility 1). */
  #lo: number;
  #body: string;
  #rare: Rare | undefined;

  constructor(
    id: string, from: string, to: string, chatType: ChatType, type: MessageType, bodyJson: string, extJson: string, timestamp: number, via: Via,
    writesConversation: boolean, roamIgnore: readonly string[] | undefined, directedUsers: readonly string[] | undefined, edit: EditInfo | undefined,
    ackRead = false,
  ) {
    super();
    this.from = from;
    this.to = to;
    const kinds = CHAT_TYPES.indexOf(chatType) | (MESSAGE_TYPES.indexOf(type) << 2) | (VIAS.indexOf(via) << 6) | (writesConversation ? 256 : 0);
    const lo = timestamp % LO;
    // `| 0`: each of the three is < 2^31, and an int32 is stored as a Smi (a division's double would be boxed, 16 B).
    this.#lo = (lo + kinds * LO) | 0;
    this.#hi = ((timestamp - lo) / LO) | 0;
    this.#id = 0;
    this.id = id; // after the time: a regular id is stored relative to it
    this.#body = flatString(bodyJson);
    this.#rare = undefined;
    if (extJson !== '' && extJson !== '{}') this.rare().ext = flatString(extJson);
    if (roamIgnore !== undefined) this.rare().roamIgnore = roamIgnore;
    if (directedUsers !== undefined) this.rare().directedUsers = directedUsers;
    if (edit !== undefined) this.rare().edit = edit;
    if (ackRead) this.rare().ackRead = true;
  }

  /** The decimal id (R19), built from the time for a regular one. */
  get id(): string {
    const c = this.#id;
    return typeof c === 'string' ? c : idText(this.timestamp + (c >>> 22), c & LOW_MASK);
  }

  /** Set once, at ingest (messages.ts assigns a fresh id to a draft built without one). */
  set id(text: string) {
    const drift = splitId(text) ? SPLIT.ms - this.timestamp : -1;
    this.#id = drift >= 0 && drift < DRIFT_LIMIT ? (SPLIT.low + drift * LOW) | 0 : flatString(text);
  }

  /** Set the id (ms, low) in SPLIT, as `id = text` would, without its text (IdGenerator.nextSplit). */
  setSplitId(): void {
    const drift = SPLIT.ms - this.timestamp;
    this.#id = drift >= 0 && drift < DRIFT_LIMIT ? (SPLIT.low + drift * LOW) | 0 : flatString(idText(SPLIT.ms, SPLIT.low));
  }

  /** This id against the id (ms, low) (id-code.ts splitId): negative, 0 or positive; builds no text. */
  compareIdTo(ms: number, low: number): number {
    const c = this.#id;
    if (typeof c === 'number') return compareSplit(this.timestamp + (c >>> 22), c & LOW_MASK, ms, low);
    splitId(c);
    return compareSplit(SPLIT.ms, SPLIT.low, ms, low);
  }

  /** Is `text` this message's id? Builds no text. */
  hasId(text: string): boolean {
    const c = this.#id;
    if (typeof c === 'string') return c === text;
    return splitId(text) && SPLIT.low === (c & LOW_MASK) && SPLIT.ms === this.timestamp + (c >>> 22);
  }

  /** SPLIT := this id's (ms, low). */
  splitInto(): void {
    const c = this.#id;
    if (typeof c === 'string') splitId(c);
    else {
      SPLIT.ms = this.timestamp + (c >>> 22);
      SPLIT.low = c & LOW_MASK;
    }
  }

  private kinds(): number {
    // #lo is a non-negative int32 (constructor): bit operations are exact and cheaper than a division.
    return this.#lo >>> 22;
  }

  private rare(): Rare {
    return (this.#rare ??= {});
  }

  get chatType(): ChatType {
    return CHAT_TYPES[this.kinds() & 3]!;
  }

  get type(): MessageType {
    return MESSAGE_TYPES[(this.kinds() >> 2) & 15]!;
  }

  get via(): Via {
    return VIAS[(this.kinds() >> 6) & 3]!;
  }

  /** R21 listEligible, decided at ingest (model.ts Message). */
  get writesConversation(): boolean {
    return (this.kinds() & 256) !== 0;
  }

  get timestamp(): number {
    return this.#hi * LO + (this.#lo & LOW_MASK);
  }

  get roamIgnore(): readonly string[] | undefined {
    return this.#rare?.roamIgnore;
  }

  get directedUsers(): readonly string[] | undefined {
    return this.#rare?.directedUsers;
  }

  /** R54: imported with `is_ack_read: true`. */
  get ackRead(): true | undefined {
    return this.#rare?.ackRead;
  }

  get edit(): EditInfo | undefined {
    return this.#rare?.edit;
  }

  set edit(value: EditInfo | undefined) {
    if (value !== undefined) this.rare().edit = value;
    else if (this.#rare) delete this.#rare.edit;
  }

  get body(): JsonObject {
    return JSON.parse(this.#body) as JsonObject;
  }

  set body(value: JsonObject) {
    this.#body = flatString(stringifyJson(value));
  }

  /** The body as stored: JSON text of an object. */
  get bodyJson(): string {
    return this.#body;
  }

  /** An empty ext is one shared frozen object. */
  get ext(): JsonObject {
    const text = this.#rare?.ext;
    return text === undefined ? EMPTY_EXT : (JSON.parse(text) as JsonObject);
  }

  set ext(value: JsonObject) {
    const text = stringifyJson(value);
    if (text !== '{}') this.rare().ext = flatString(text);
    else if (this.#rare) delete this.#rare.ext;
  }

  /** The ext as stored: JSON text of an object. */
  get extJson(): string {
    return this.#rare?.ext ?? '{}';
  }

  /** JSON.stringify(message) gives the plain message, as when messages were plain objects. */
  toJSON(): Message {
    const rare = this.#rare;
    return {
      id: this.id, from: this.from, to: this.to, chatType: this.chatType, type: this.type, body: this.body, ext: this.ext,
      timestamp: this.timestamp, via: this.via, writesConversation: this.writesConversation,
      ...(rare?.roamIgnore ? { roamIgnore: rare.roamIgnore } : {}),
      ...(rare?.directedUsers ? { directedUsers: rare.directedUsers } : {}),
      ...(rare?.edit ? { edit: rare.edit } : {}),
      ...(rare?.ackRead ? { ackRead: true as const } : {}),
    };
  }
}

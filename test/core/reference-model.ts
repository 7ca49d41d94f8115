/**
 * A deliberately naive model of SPEC §2 and SPEC-2 R20/R21 (recall, edit, directed messages, membership windows,
 * retention)
 * for the property tests: plain arrays, full scans, no indexes. It shares no code with src/core; where the engine
 * uses binary searches, lazy counters and windows cut by binary search, this scans.
 */
type Type = 'chat' | 'groupchat';
export interface RefMessage {
  id: string;
  timestamp: number;
  from: string;
  to: string;
  chatType: Type;
  type: string;
  writes: boolean;
  ignore: string[];
  text: string;
  directed?: string[];
  /** R31: when it was last edited (retention restarts there, R20(b)). */
  editAt?: number;
}
interface Stay {
  j: number;
  l?: number;
}
interface K {
  timestamp: number;
  id: string;
}
interface RefView {
  listed: boolean;
  listedAt: number;
  wm: K | null;
  deleted: Set<string>;
  pinnedAt: number;
  unreadOffset: number;
  unreadAfter: K | null;
}

const cmpId = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
const cmp = (a: K, b: K) => a.timestamp - b.timestamp || cmpId(a.id, b.id);
const max = (a: K | null, b: K | null) => (a === null ? b : b === null ? a : cmp(a, b) >= 0 ? a : b);
const ID_MAX = '999999999999999999999';

export class ReferenceModel {
  messages: RefMessage[] = [];
  views = new Map<string, RefView>();
  ceiling = '';
  stays = new Map<string, Stay[]>();
  pairs: Array<[string, string]> = [];
  config: { beforeJoin: boolean; directedRoaming: boolean; retentionDays: number | null } = { beforeJoin: true, directedRoaming: false, retentionDays: null };
  /** The engine's clock (R20(b) reads it). */
  now: () => number = () => 0;
  constructor(
    readonly users: string[],
    readonly group: { id: string; members: string[]; created: number },
    readonly limit: number,
    readonly pinLimit: number,
  ) {
    for (const u of group.members) this.stays.set(u, [{ j: group.created }]);
  }

  isMember = (u: string): boolean => this.stays.get(u)?.at(-1)?.l === undefined && this.stays.has(u);
  everMember = (u: string): boolean => this.stays.has(u);
  /** R38/R39: the last stay; one that began with the group covers all earlier time. */
  private stay(u: string): { from: number; until: number } | null {
    const last = this.stays.get(u)?.at(-1);
    if (!last) return null;
    return { from: last.j <= this.group.created ? -Infinity : last.j, until: last.l ?? Infinity };
  }
  private inWindow(m: RefMessage, u: string, unread: boolean): boolean {
    if (m.chatType !== 'groupchat') return true;
    const s = this.stay(u);
    if (!s) return false;
    const from = unread || !this.config.beforeJoin ? s.from : -Infinity;
    return m.timestamp >= from && m.timestamp < s.until;
  }
  join(u: string, now: number): boolean {
    if (this.isMember(u)) return false;
    this.stays.set(u, [...(this.stays.get(u) ?? []), { j: now }]);
    return true;
  }
  leave(u: string, now: number): boolean {
    if (!this.isMember(u) || u === this.group.members[0]) return false;
    this.stays.get(u)!.at(-1)!.l = now;
    return true;
  }

  private vk = (u: string, type: Type, id: string) => `${u}|${type}|${id}`;
  view(u: string, type: Type, id: string): RefView {
    const k = this.vk(u, type, id);
    let v = this.views.get(k);
    if (!v) this.views.set(k, (v = { listed: false, listedAt: 0, wm: null, deleted: new Set(), pinnedAt: 0, unreadOffset: 0, unreadAfter: null }));
    return v;
  }
  inConv(m: RefMessage, u: string, type: Type, id: string): boolean {
    if (m.chatType !== type) return false;
    if (type === 'groupchat') return m.to === id;
    return (m.from === u && m.to === id) || (m.from === id && m.to === u);
  }
  /** R20(b): `max(timestamp, last edit) < now − days`. */
  expired(m: RefMessage): boolean {
    const days = this.config.retentionDays;
    return days !== null && Math.max(m.timestamp, m.editAt ?? -Infinity) < this.now() - days * 86_400_000;
  }
  /** R20; `ever`: as if nothing expired (what the user saw before expiry: R21 activeAt, R12). */
  visible(m: RefMessage, u: string, v: RefView | undefined, ever = false): boolean {
    if (!ever && this.expired(m)) return false;
    if (m.ignore.includes(u)) return false;
    if (!this.inWindow(m, u, false)) return false;
    if (m.directed && !(this.config.directedRoaming && (m.from === u || m.directed.includes(u)))) return false;
    if (!v) return true;
    if (v.wm && cmp(m, v.wm) <= 0) return false;
    return !v.deleted.has(m.id);
  }
  conversationMessages(u: string, type: Type, id: string, ever = false): RefMessage[] {
    const v = this.views.get(this.vk(u, type, id));
    return this.messages.filter((m) => this.inConv(m, u, type, id) && this.visible(m, u, v, ever)).sort(cmp);
  }
  latest(u: string, type: Type, id: string, ever = false): RefMessage | undefined {
    return this.conversationMessages(u, type, id, ever).filter((m) => m.writes).at(-1);
  }
  /** R21: activeAt — the newest message the user sees or saw before it expired (expiry never lowers it). */
  activity(u: string, type: Type, id: string): number {
    return this.latest(u, type, id, true)?.timestamp ?? this.view(u, type, id).listedAt;
  }
  listedOf(u: string): Array<{ type: Type; id: string; v: RefView }> {
    const out: Array<{ type: Type; id: string; v: RefView }> = [];
    for (const [k, v] of this.views) {
      const [user, type, id] = k.split('|') as [string, Type, string];
      if (user === u && v.listed) out.push({ type, id, v });
    }
    return out;
  }
  list(u: string, pinnedOnly = false): Array<{ id: string; type: Type; latest: string | undefined; unread: number; pinnedAt: number }> {
    return this.listedOf(u)
      .filter((e) => this.latest(u, e.type, e.id) !== undefined && (!pinnedOnly || e.v.pinnedAt > 0))
      .map((e) => ({ ...e, value: pinnedOnly ? e.v.pinnedAt : this.activity(u, e.type, e.id) }))
      .sort((a, b) => b.value - a.value || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || (a.type < b.type ? -1 : 1))
      .map((e) => ({ id: e.id, type: e.type, latest: this.latest(u, e.type, e.id)?.id, unread: this.unread(u, e.type, e.id), pinnedAt: e.v.pinnedAt }));
  }
  /** R21: with needEmptySession — empty conversations too, ordered by activeAt, unread 0. */
  listAll(u: string): Array<{ id: string; type: Type; latest: string | undefined; unread: number }> {
    return this.listedOf(u)
      .map((e) => ({ ...e, value: this.activity(u, e.type, e.id) }))
      .sort((a, b) => b.value - a.value || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || (a.type < b.type ? -1 : 1))
      .map((e) => {
        const latest = this.latest(u, e.type, e.id)?.id;
        return { id: e.id, type: e.type, latest, unread: latest === undefined ? 0 : this.unread(u, e.type, e.id) };
      });
  }
  unread(u: string, type: Type, id: string): number {
    const v = this.views.get(this.vk(u, type, id));
    const anchor = max(v?.unreadAfter ?? null, v?.wm ?? null);
    const n = this.messages.filter((m) => this.inConv(m, u, type, id) && m.writes && m.from !== u && (anchor === null || cmp(m, anchor) > 0) && this.visible(m, u, v) && this.inWindow(m, u, true)).length;
    if (type === 'groupchat' && !this.stay(u)) return 0;
    return (v?.unreadOffset ?? 0) + n;
  }
  private listConv(u: string, type: Type, id: string, at: number): void {
    const v = this.view(u, type, id);
    if (v.listed) return;
    v.listed = true;
    v.listedAt = at;
    for (;;) {
      const listed = this.listedOf(u);
      if (listed.length <= this.limit) return;
      let victim: { type: Type; id: string; v: RefView; a: number } | undefined;
      for (const e of listed) {
        if (e.v === v) continue;
        const a = this.activity(u, e.type, e.id);
        // R2: on a tie, the row the list shows last (greatest id, then type).
        if (!victim || a < victim.a || (a === victim.a && (e.id > victim.id || (e.id === victim.id && e.type > victim.type)))) victim = { ...e, a };
      }
      this.unlist(victim!.v);
    }
  }
  private unlist(v: RefView): void {
    v.listed = false;
    v.pinnedAt = 0;
  }
  /** R12: deletes that leave nothing remove the conversation; expired messages still count (R21: expiry → empty). */
  private dropIfEmpty(u: string, type: Type, id: string): void {
    const v = this.view(u, type, id);
    if (v.listed && !this.latest(u, type, id, true)) this.unlist(v);
  }
  private lastConvTs(u: string, type: Type, id: string): number {
    return this.messages.filter((m) => this.inConv(m, u, type, id) && m.writes).reduce((a, m) => Math.max(a, m.timestamp), 0);
  }
  private resetUnread(u: string, type: Type, id: string, now: number): void {
    const v = this.view(u, type, id);
    v.unreadOffset = 0;
    v.unreadAfter = { timestamp: Math.max(now, this.lastConvTs(u, type, id)), id: this.ceiling };
  }

  send(m: RefMessage): void {
    this.messages.push(m);
    if (m.chatType === 'chat') this.pairs.push([m.from, m.to]);
    if (cmpId(m.id, this.ceiling) > 0) this.ceiling = m.id;
    if (!m.writes) return;
    const participants = m.chatType === 'chat' ? [m.from, m.to] : [...this.stays.keys()];
    for (const u of participants) {
      if (!this.users.includes(u) || !this.visible(m, u, undefined)) continue;
      this.listConv(u, m.chatType, m.chatType === 'chat' ? (u === m.from ? m.to : m.from) : m.to, m.timestamp);
    }
  }
  deleteIds(u: string, type: Type, id: string, ids: string[]): void {
    const v = this.view(u, type, id);
    for (const mid of ids) {
      const m = this.messages.find((x) => x.id === mid && this.inConv(x, u, type, id));
      if (m && !(v.wm && cmp(m, v.wm) <= 0)) v.deleted.add(mid);
    }
    this.dropIfEmpty(u, type, id);
  }
  deleteBefore(u: string, type: Type, id: string, time: number): void {
    const v = this.view(u, type, id);
    v.wm = max(v.wm, { timestamp: time, id: ID_MAX });
    this.dropIfEmpty(u, type, id);
  }
  deleteConversation(u: string, type: Type, id: string, roam: boolean, now: number): void {
    const v = this.view(u, type, id);
    this.unlist(v);
    this.resetUnread(u, type, id, now);
    if (roam) v.wm = max(v.wm, { timestamp: now, id: this.ceiling });
  }
  deleteAll(u: string, now: number): void {
    const convs = new Set<string>();
    // Every peer ever written with, recalled messages included: the engine keeps chat partners.
    for (const [x, y] of this.pairs) if (x === u || y === u) convs.add(`chat|${x === u ? y : x}`);
    if (this.everMember(u)) convs.add(`groupchat|${this.group.id}`);
    for (const e of this.listedOf(u)) convs.add(`${e.type}|${e.id}`);
    for (const c of convs) {
      const [type, id] = c.split('|') as [Type, string];
      this.deleteConversation(u, type, id, true, now);
    }
  }
  /** R29: gone for everyone; a listed view that saw it keeps its time as activeAt (R21). */
  recall(id: string): void {
    const m = this.messages.find((x) => x.id === id);
    // R25: a forced recall of an expired message changes no history.
    if (!m || this.expired(m)) return;
    const participants = m.chatType === 'chat' ? [m.from, m.to] : [...this.stays.keys()];
    for (const u of participants) {
      const v = this.views.get(this.vk(u, m.chatType, m.chatType === 'chat' ? (u === m.from ? m.to : m.from) : m.to));
      if (!v) continue;
      if (m.writes && this.visible(m, u, v) && v.listed) v.listedAt = Math.max(v.listedAt, m.timestamp);
      v.deleted.delete(id);
    }
    this.messages = this.messages.filter((x) => x !== m);
  }
  /** R30/R31: false when the message is gone or expired (404); an edit restarts retention. */
  edit(id: string, text: string): boolean {
    const m = this.messages.find((x) => x.id === id);
    if (!m || this.expired(m)) return false;
    m.text = text;
    m.editAt = this.now();
    return true;
  }
  /** SPEC-2 Q4: only a listed conversation can be pinned ('absent'); 'limit' when the pin limit refuses it. */
  pin(u: string, type: Type, id: string, now: number): 'ok' | 'absent' | 'limit' {
    const existing = this.views.get(this.vk(u, type, id));
    if (!existing?.listed) return 'absent';
    if (existing.pinnedAt > 0) return 'ok';
    if (this.listedOf(u).filter((e) => e.v.pinnedAt > 0).length >= this.pinLimit) return 'limit';
    existing.pinnedAt = now;
    return 'ok';
  }
  /** False when the conversation is not listed (404 91001). */
  unpin(u: string, type: Type, id: string): boolean {
    const v = this.views.get(this.vk(u, type, id));
    if (!v?.listed) return false;
    v.pinnedAt = 0;
    return true;
  }
}

import { RoamingError, badArg, describe } from './errors.ts';
import { threadKey, type Group, type Membership, type Tenant } from './model.ts';
import { checkName, requireUser, userState } from './store.ts';

/**
 * R37–R39: group membership as intervals `[joinedAt, leftAt)`. Who may read which group messages is decided
 * here once (`groupWindow`), and every reader asks it: history, lists, unread, push, offline pull.
 */

/** A user's readable span of one group's messages, half-open `[from, until)` in ms. */
export interface Window {
  readonly from: number;
  readonly until: number;
}

/** Everything: the span of a chat party, a room member or a current group member with pre-join history. */
export const ALL_TIME: Window = Object.freeze({ from: -Infinity, until: Infinity });

const groupNotFound = (id: string): RoamingError => new RoamingError('group_not_found', `grpID ${id} does not exist!`, 'group_id');

/** R37 404 `grpID {g} does not exist!`. */
export function requireGroupOf(t: Tenant, id: string): Group {
  const group = t.groups.get(id);
  if (!group) throw groupNotFound(id);
  return group;
}

/** Create a group: the owner and members join at `createdAt` (R37). */
export function addGroup(t: Tenant, id: string, name: string, owner: string, members: Iterable<string>, createdAt = t.clock.now(), admins: Iterable<string> = []): Group {
  checkName('groupid', id);
  if (t.groups.has(id)) throw new RoamingError('duplicate', `groupid: "${id}" already exists in ${t.appKey}`, 'groupid');
  requireUser(t, owner, 'owner');
  const all = new Set([owner, ...members]);
  for (const m of all) requireUser(t, m, 'members');
  const foundingStays = Object.freeze([Object.freeze({ joinedAt: createdAt })]) as Membership[];
  const group: Group = { id, name, owner, members: new Set(), admins: new Set(), memberships: new Map(), created: createdAt, foundingStays };
  t.groups.set(id, group);
  for (const m of all) startStay(t, group, m, createdAt);
  for (const a of admins) if (group.members.has(a) && a !== owner) group.admins.add(a);
  return group;
}

/** R37 `POST /chatgroups/{g}/users/{u}`: a new stay begins now; a current member is refused. */
export function joinGroup(t: Tenant, group: Group, username: string, at = t.clock.now()): void {
  requireMember(t, username);
  if (group.members.has(username)) {
    throw new RoamingError('forbidden', `can not join this group, reason:user: ${username} already in group: ${group.id}`, 'username');
  }
  startStay(t, group, username, at);
}

/** R37 `DELETE /chatgroups/{g}/users/{u}`: the current stay ends now; the owner cannot leave. */
export function leaveGroup(t: Tenant, group: Group, username: string, at = t.clock.now()): void {
  requireMember(t, username);
  if (username === group.owner) throw new RoamingError('forbidden', 'forbidden operation on group owner!', 'username');
  if (!group.members.has(username)) throw new RoamingError('forbidden', `users [${username}] are not members of this group!`, 'username');
  let stays = group.memberships.get(username)!;
  // A founding stay is shared (Group.foundingStays): he gets his own before it ends.
  if (stays === group.foundingStays) group.memberships.set(username, (stays = [{ joinedAt: group.created }]));
  stays[stays.length - 1]!.leftAt = at;
  group.members.delete(username);
  group.admins.delete(username);
  // He stays on the thread's "list me next" set: R21 lists him only for a message inside his window (none later).
}

/** Bulk membership calls take at most this many names (doc: group_members_add_batch / group_members_remove_batch). */
export const BULK_MEMBERS_LIMIT = 60;

/** 1–60 names, each a valid username; duplicates count once (first place kept). */
function bulkNames(field: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > BULK_MEMBERS_LIMIT) {
    throw badArg(field, `must be an array of 1–${BULK_MEMBERS_LIMIT} user ids, got ${describe(value)}${Array.isArray(value) ? ` with ${value.length} entries` : ''}`);
  }
  return [...new Set(value.map((u, i) => checkName(`${field}[${i}]`, u)))];
}

/**
 * R37 bulk add `POST /chatgroups/{g}/users {usernames}` [doc: ≤ 60; all already members → refused]: every name
 * must be a user, else user_not_found and nothing changes [ours]; current members are skipped; the rest join now.
 * Returns the new members in request order.
 */
export function joinGroupMany(t: Tenant, group: Group, usernames: unknown, at = t.clock.now()): string[] {
  const names = bulkNames('usernames', usernames);
  names.forEach((u, i) => {
    if (!t.users.has(u)) throw new RoamingError('user_not_found', `usernames[${i}]: username ${u} doesn't exist!`, `usernames[${i}]`);
  });
  const fresh = names.filter((u) => !group.members.has(u));
  if (fresh.length === 0) {
    throw new RoamingError('forbidden', `can not join this group, reason:user: ${names.join(',')} already in group: ${group.id}`, 'usernames');
  }
  for (const u of fresh) startStay(t, group, u, at);
  return fresh;
}

/** One user's outcome of a bulk removal (the doc's per-user `result` and `reason`). */
export interface RemovalResult {
  readonly user: string;
  readonly result: boolean;
  readonly reason?: string;
}

/**
 * R37 bulk remove `DELETE /chatgroups/{g}/users/{u1},{u2}` [doc: ≤ 60; a per-user result; none of them members →
 * error]: each current member but the owner leaves now; an unknown user, a non-member and the owner are reported
 * with `result: false` and a reason. When nobody could be removed: forbidden, and nothing changes.
 */
export function leaveGroupMany(t: Tenant, group: Group, usernames: unknown, at = t.clock.now()): RemovalResult[] {
  const names = bulkNames('members', usernames);
  const results: RemovalResult[] = names.map((user) => {
    if (!t.users.has(user)) return { user, result: false, reason: `user ${user} doesn't exist.` };
    if (user === group.owner) return { user, result: false, reason: 'forbidden operation on group owner!' };
    if (!group.members.has(user)) return { user, result: false, reason: `users [${user}] are not members of this group!` };
    return { user, result: true };
  });
  if (!results.some((r) => r.result)) {
    const others = names.filter((u) => u !== group.owner);
    if (others.length === 0) throw new RoamingError('forbidden', 'forbidden operation on group owner!', 'members');
    throw new RoamingError('forbidden', `users [${others.join(', ')}] are not members of this group!`, 'members');
  }
  for (const r of results) if (r.result) leaveGroup(t, group, r.user, at);
  return results;
}

/** R37 404 `username {u} doesn't exist!`. */
function requireMember(t: Tenant, username: string): void {
  if (!t.users.has(username)) throw new RoamingError('user_not_found', `username ${username} doesn't exist!`, 'username');
}

/** Fixtures and snapshots: a stay exactly as recorded (validated by the fixture validator). */
export function addStay(t: Tenant, group: Group, username: string, stay: Membership): void {
  const stays = group.memberships.get(username);
  const own: Membership = { joinedAt: stay.joinedAt, ...(stay.leftAt !== undefined ? { leftAt: stay.leftAt } : {}) };
  if (!stays) {
    const founding = stay.joinedAt === group.created && stay.leftAt === undefined;
    // A first stay gets an array of one: `[]` grown by push reserves 17 slots (~130 B a member, issue #18).
    group.memberships.set(username, founding ? group.foundingStays : [own]);
  } else if (stays === group.foundingStays) group.memberships.set(username, [{ joinedAt: group.created }, own]);
  else stays.push(own);
  userState(t, username).groups.add(group.id);
  if (stay.leftAt === undefined) {
    group.members.add(username);
    const unlisted = t.threads.get(threadKey('groupchat', '', group.id))?.unlisted;
    // Already waiting (a rejoin before the next message): keep the view it holds.
    if (unlisted && !unlisted.has(username)) unlisted.set(username, undefined);
  }
}

function startStay(t: Tenant, group: Group, username: string, at: number): void {
  addStay(t, group, username, { joinedAt: at });
}

/**
 * R38/R39: the span of group messages `user` may see — up to the end of the last stay; from its start only
 * when `groupHistoryBeforeJoin` is off. `null`: never a member (sees nothing).
 */
export function groupWindow(t: Tenant, group: Group | undefined, user: string): Window | null {
  const stay = lastStay(group, user);
  if (!stay) return null;
  if (stay === ALL_TIME) return ALL_TIME;
  return { from: t.config.groupHistoryBeforeJoin ? -Infinity : stay.from, until: stay.until };
}

/** The user's last stay; one that began with the group covers everything before too (a clock set back). */
function lastStay(group: Group | undefined, user: string): Window | null {
  const stays = group?.memberships.get(user);
  const last = stays?.[stays.length - 1];
  if (!group || !last) return null;
  const from = last.joinedAt <= group.created ? -Infinity : last.joinedAt;
  // The usual member (there from the start, still in) gets the shared window: visibility checks run per message.
  if (from === -Infinity && last.leftAt === undefined) return ALL_TIME;
  return { from, until: last.leftAt ?? Infinity };
}

/** R21/R39: the span in which group messages count as unread for `user` — his stays, never outside them. */
export function unreadWindow(t: Tenant, groupId: string, user: string): Window | null {
  return lastStay(t.groups.get(groupId), user);
}

/** R28/R33: the owner and admins may recall or edit any member's message. */
export function isGroupManager(group: Group, user: string): boolean {
  return group.owner === user || group.admins.has(user);
}

/** R39: was `user` a member at `timestamp` (SDK sends, fixture validation)? */
export function memberAt(group: Group, user: string, timestamp: number): boolean {
  return (group.memberships.get(user) ?? []).some((s) => s.joinedAt <= timestamp && (s.leftAt === undefined || timestamp < s.leftAt));
}

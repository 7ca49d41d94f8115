import { RoamingError } from './errors.ts';
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
  const group: Group = { id, name, owner, members: new Set(), admins: new Set(), memberships: new Map(), created: createdAt };
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
  const stays = group.memberships.get(username)!;
  stays[stays.length - 1]!.leftAt = at;
  group.members.delete(username);
  group.admins.delete(username);
  // He stays on the thread's "list me next" set: R21 lists him only for a message inside his window (none later).
}

/** R37 404 `username {u} doesn't exist!`. */
function requireMember(t: Tenant, username: string): void {
  if (!t.users.has(username)) throw new RoamingError('user_not_found', `username ${username} doesn't exist!`, 'username');
}

/** Fixtures and snapshots: a stay exactly as recorded (validated by the fixture validator). */
export function addStay(t: Tenant, group: Group, username: string, stay: Membership): void {
  const stays = group.memberships.get(username) ?? [];
  group.memberships.set(username, stays);
  stays.push({ joinedAt: stay.joinedAt, ...(stay.leftAt !== undefined ? { leftAt: stay.leftAt } : {}) });
  userState(t, username).groups.add(group.id);
  if (stay.leftAt === undefined) {
    group.members.add(username);
    t.threads.get(threadKey('groupchat', '', group.id))?.unlisted.add(username);
  }
}

function startStay(t: Tenant, group: Group, username: string, at: number): void {
  addStay(t, group, username, { joinedAt: at });
}

/**
 * R38/R39: the span of group messages `user` may see — up to the end of the last stay; from its start only
 * when `groupHistoryBeforeJoin` is off. `null`: never a member (sees nothing).
 */
export function groupWindow(t: Tenant, groupId: string, user: string): Window | null {
  const stay = lastStay(t, groupId, user);
  if (!stay) return null;
  return { from: t.config.groupHistoryBeforeJoin ? -Infinity : stay.from, until: stay.until };
}

/** The user's last stay; one that began with the group covers everything before too (a clock set back). */
function lastStay(t: Tenant, groupId: string, user: string): Window | null {
  const group = t.groups.get(groupId);
  const stays = group?.memberships.get(user);
  const last = stays?.[stays.length - 1];
  if (!group || !last) return null;
  return { from: last.joinedAt <= group.created ? -Infinity : last.joinedAt, until: last.leftAt ?? Infinity };
}

/** R21/R39: the span in which group messages count as unread for `user` — his stays, never outside them. */
export function unreadWindow(t: Tenant, groupId: string, user: string): Window | null {
  return lastStay(t, groupId, user);
}

/** R28/R33: the owner and admins may recall or edit any member's message. */
export function isGroupManager(group: Group, user: string): boolean {
  return group.owner === user || group.admins.has(user);
}

/** R39: was `user` a member at `timestamp` (SDK sends, fixture validation)? */
export function memberAt(group: Group, user: string, timestamp: number): boolean {
  return (group.memberships.get(user) ?? []).some((s) => s.joinedAt <= timestamp && (s.leftAt === undefined || timestamp < s.leftAt));
}

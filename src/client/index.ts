import { decodeHistoryMessage, decodeRestMeta, type LatestMessage, type RoamedMessage } from './decode.ts';

export type { LatestMessage, RoamedMessage } from './decode.ts';
export { decodeHistoryMessage, decodeRestMeta } from './decode.ts';

/** A refused call: the service's error envelope, with the HTTP status. */
export class RoamingClientError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(`${status} ${error}: ${description}`);
  }
}

export interface Conversation {
  id: string;
  type: 'chat' | 'groupchat';
  pinned: boolean;
  pinnedAt: number;
  unread: number;
  marks: number[];
  latest: LatestMessage | undefined;
}

/** A message of the v6 server roaming fetch: the history-file record (SPEC-2 R23, R52). */
export interface ServerRoamedMessage {
  msg_id: string;
  timestamp: number;
  direction: string;
  from: string;
  to: string;
  chat_type: 'chat' | 'groupchat' | 'chatroom';
  payload: { bodies: Array<Record<string, unknown>>; ext: Record<string, unknown>; from: string; to: string; meta?: Record<string, unknown> };
}

export interface ClientOptions {
  /** `http://127.0.0.1:5280` (no trailing slash). */
  baseUrl: string;
  org: string;
  app: string;
  /** A user or app token; `login()` sets one. */
  token?: string;
  fetch?: typeof fetch;
}

type Query = Record<string, string | number | boolean | undefined>;

/**
 * A small typed client for the SDK-facing and REST roaming endpoints — the kind an SDK team writes. It decodes the
 * protobuf history and the JSON-string payloads, and throws RoamingClientError with the service's envelope.
 */
export class RoamingClient {
  token: string | undefined;
  private readonly doFetch: typeof fetch;

  constructor(private readonly o: ClientOptions) {
    this.token = o.token;
    this.doFetch = o.fetch ?? ((...a) => fetch(...a));
  }

  /** `mount`: a path before `{org}/{app}` (the v6 server API's `/api/server/v6`). */
  private async call<T>(method: string, path: string, options: { query?: Query; body?: unknown; auth?: boolean; mount?: string } = {}): Promise<T> {
    const q = Object.entries(options.query ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&');
    const url = `${this.o.baseUrl}${options.mount ?? ''}/${this.o.org}/${this.o.app}${path}${q ? `?${q}` : ''}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.auth !== false && this.token) headers['authorization'] = `Bearer ${this.token}`;
    const res = await this.doFetch(url, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
    const text = await res.text();
    const data = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (res.status !== 200) throw new RoamingClientError(res.status, String(data['error'] ?? 'unknown'), String(data['error_description'] ?? text));
    return data as T;
  }

  /** Password login (R17); keeps the token for later calls. */
  async login(username: string, password: string): Promise<{ token: string; expiresIn: number }> {
    const r = await this.call<{ access_token: string; expires_in: number }>('POST', '/token', { body: { grant_type: 'password', username, password }, auth: false });
    this.token = r.access_token;
    return { token: r.access_token, expiresIn: r.expires_in };
  }

  /** App token (client credentials); keeps it. */
  async loginApp(clientId: string, clientSecret: string): Promise<{ token: string; expiresIn: number }> {
    const r = await this.call<{ access_token: string; expires_in: number }>('POST', '/token', { body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }, auth: false });
    this.token = r.access_token;
    return { token: r.access_token, expiresIn: r.expires_in };
  }

  private static conversation(c: Record<string, any>): Conversation {
    return {
      id: c['session_to'], type: c['session_type'], pinned: c['is_top'], pinnedAt: c['update_top_status_time'], unread: c['unread_num'],
      marks: (c['marks'] ?? []).map((m: string) => Number(m.replace('mark_', ''))), latest: decodeRestMeta(c['meta']),
    };
  }

  /** R2–R5: one page of the conversation list; `cursor` is "" on the last page. */
  async conversations(user: string, o: { limit?: number; cursor?: string; pinned?: boolean } = {}): Promise<{ conversations: Conversation[]; cursor: string }> {
    const r = await this.call<{ data: { cursor: string; channel_infos: Array<Record<string, any>> } }>('GET', `/sdk/user/${user}/user_channels/list`, {
      query: { limit: o.limit ?? 20, cursor: o.cursor ?? '', need_mark: true, ...(o.pinned ? { is_top: true } : {}) },
    });
    return { conversations: r.data.channel_infos.map(RoamingClient.conversation), cursor: r.data.cursor };
  }

  async conversationsByMark(user: string, mark: number, o: { limit?: number; cursor?: string } = {}): Promise<{ conversations: Conversation[]; cursor: string }> {
    const r = await this.call<{ data: { cursor: string; channel_infos: Array<Record<string, any>> } }>('GET', `/sdk/user/${user}/user_channels/mark/search`, {
      query: { mark: `mark_${mark}`, limit: o.limit ?? 10, cursor: o.cursor ?? '', need_mark: true },
    });
    return { conversations: r.data.channel_infos.map(RoamingClient.conversation), cursor: r.data.cursor };
  }

  /** R6 (no page) or R5 (with page and size): `{channelId, unread, latest}`. */
  async legacyConversations(user: string, page?: { pageNum: number; pageSize: number }): Promise<Array<{ channelId: string; unread: number; latest: LatestMessage | undefined }>> {
    const r = await this.call<{ data: { channel_infos: Array<Record<string, any>> } }>('GET', `/users/${user}/user_channels${page ? '/page' : ''}`, page ? { query: page } : {});
    return r.data.channel_infos.map((c) => ({ channelId: c['channel_id'], unread: c['unread_num'], latest: decodeRestMeta(c['meta']) }));
  }

  /** R7: one page of history; pass `nextKey` back as `start`. */
  async history(
    user: string,
    o: { peer?: string; group?: string; start?: string; pageSize?: number; direction?: 'up' | 'down'; types?: string[]; startTime?: number; endTime?: number; sender?: string },
  ): Promise<{ messages: RoamedMessage[]; nextKey: string; isLast: boolean }> {
    const queue = o.group ? `${o.group}@conference.easemob.com` : `${o.peer}@easemob.com`;
    const r = await this.call<{ data: { msgs: Array<{ msg: string }>; next_key: string; is_last: boolean } }>('POST', `/users/${user}/messageroaming`, {
      body: {
        queue, start: o.start ?? '-1', pull_number: o.pageSize ?? 20, is_positive: o.direction === 'down', msgType: (o.types ?? []).join(','), end: -1,
        startTime: o.startTime ?? null, endTime: o.endTime ?? null, userId: o.sender ?? null,
      },
    });
    return { messages: r.data.msgs.map((m) => decodeHistoryMessage(m.msg)), nextKey: r.data.next_key, isLast: r.data.is_last };
  }

  /**
   * SPEC-2 R22–R24: `user`'s roaming view of a chat (`peer`) or group, as an app server reads it (app token).
   * Pass `cursor` back with the same other options for the next page; it is "" when `hasMore` is false.
   */
  async serverRoaming(
    user: string,
    o: { peer?: string; group?: string; limit?: number; order?: 'up' | 'down'; cursor?: string; startTimestamp?: number; endTimestamp?: number },
  ): Promise<{ messages: ServerRoamedMessage[]; cursor: string; hasMore: boolean }> {
    const { peer, group, ...rest } = o;
    const body = { username: user, ...(group !== undefined ? { groupId: group } : { to: peer }), ...rest };
    const r = await this.call<{ data: { messages: ServerRoamedMessage[]; pagination: { cursor: string; hasMore: boolean } } }>('POST', `/roaming/${group !== undefined ? 'group' : 'chat'}`, { body, mount: '/api/server/v6' });
    return { messages: r.data.messages, cursor: r.data.pagination.cursor, hasMore: r.data.pagination.hasMore };
  }

  /** R10: ≤ 50 ids (one-way). */
  async deleteMessages(user: string, target: { peer?: string; group?: string }, ids: string[]): Promise<void> {
    const kind = target.group ? 'group' : 'chat';
    await this.call('DELETE', `/sdk/message/roaming/${kind}/user/${user}`, { query: { ...(target.group ? { groupId: target.group } : { userId: target.peer }), msgIdList: ids.join(','), resource: 'client' } });
  }

  /** R11: at or before `delTime` (one-way). */
  async deleteMessagesBefore(user: string, target: { peer?: string; group?: string }, delTime: number): Promise<void> {
    const kind = target.group ? 'group' : 'chat';
    await this.call('DELETE', `/sdk/message/roaming/${kind}/user/${user}/time`, { query: { ...(target.group ? { groupId: target.group } : { userId: target.peer }), delTime, resource: 'client' } });
  }

  /** R14 (one-way). */
  async deleteAll(user: string): Promise<void> {
    await this.call('POST', `/sdk/message/roaming/user/${user}/delete/all`, { query: { resource: 'client' } });
  }

  /** R13. */
  async deleteConversation(user: string, channel: string, type: 'chat' | 'groupChat', deleteRoam: boolean): Promise<void> {
    await this.call('DELETE', `/user/${user}/user_channel`, { query: { resource: 'client' }, body: { channel, type, delete_roam: deleteRoam } });
  }

  /** R16. */
  async pin(user: string, to: string, type: 'chat' | 'groupChat'): Promise<{ pinned: boolean; changedAt: number }> {
    const r = await this.call<{ data: { is_top: boolean; update_top_status_time: number } }>('POST', `/sdk/user/${user}/user_channel/top`, { query: { resource: 'client' }, body: { type, to } });
    return { pinned: r.data.is_top, changedAt: r.data.update_top_status_time };
  }

  async unpin(user: string, to: string, type: 'chat' | 'groupChat'): Promise<{ pinned: boolean; changedAt: number }> {
    const r = await this.call<{ data: { is_top: boolean; update_top_status_time: number } }>('DELETE', `/sdk/user/${user}/user_channel/top`, { query: { type, to, resource: 'client' } });
    return { pinned: r.data.is_top, changedAt: r.data.update_top_status_time };
  }

  /** R16: returns the targets the service ignored. */
  async mark(user: string, mark: number, targets: Array<{ to: string; type: 'chat' | 'groupchat' }>, remove = false): Promise<Array<{ to: string; type: string }>> {
    const r = await this.call<{ data: { ignore: Array<{ to: string; type: string }> } }>(remove ? 'DELETE' : 'POST', `/sdk/user/${user}/user_channels/mark`, { query: { resource: 'client' }, body: { mark: `mark_${mark}`, targets } });
    return r.data.ignore;
  }

  /** REST (app token): send to users (R15); returns recipient → message id. */
  async sendToUsers(o: { from?: string; to: string[]; type: string; body: Record<string, unknown>; ext?: Record<string, unknown> }): Promise<Record<string, string>> {
    const r = await this.call<{ data: Record<string, string> }>('POST', '/messages/users', { body: o });
    return r.data;
  }

  /** R25 (app token): recall one message for everyone; `force` skips the time window. */
  async recall(o: { msgId: string; to: string; chatType: 'chat' | 'groupchat' | 'chatroom'; force?: boolean; from?: string; syncDevice?: boolean; ext?: string }): Promise<{ recalled: string; chattype: string; from: string; to: string; msgId: string }> {
    const r = await this.call<{ data: { recalled: string; chattype: string; from: string; to: string; msg_id: string } }>('POST', '/messages/msg_recall', {
      body: {
        msg_id: o.msgId, to: o.to, chat_type: o.chatType, force: o.force ?? false,
        ...(o.from !== undefined ? { from: o.from } : {}), ...(o.syncDevice !== undefined ? { sync_device: o.syncDevice } : {}),
        ...(o.ext !== undefined ? { recallMessageExtensionInfo: o.ext } : {}),
      },
    });
    const { msg_id: msgId, ...rest } = r.data;
    return { ...rest, msgId };
  }

  /** R30 (app token): edit a message's content (txt `msg`, custom event/exts) and ext. */
  async rewrite(msgId: string, o: { user?: string; newMsg: Record<string, unknown>; newExt?: Record<string, unknown>; combineExt?: boolean }): Promise<void> {
    await this.call('PUT', `/messages/rewrite/${msgId}`, {
      body: { new_msg: o.newMsg, ...(o.user !== undefined ? { user: o.user } : {}), ...(o.newExt !== undefined ? { new_ext: o.newExt } : {}), ...(o.combineExt !== undefined ? { is_combine_ext: o.combineExt } : {}) },
    });
  }

  /** R34 (app token): a directed group message to 1–20 members; returns its id. */
  async sendDirected(o: { from?: string; group: string; users: string[]; type: string; body: Record<string, unknown>; ext?: Record<string, unknown> }): Promise<string> {
    const { group, ...rest } = o;
    const r = await this.call<{ data: Record<string, string> }>('POST', '/messages/chatgroups/users', { body: { ...rest, to: [group] } });
    return r.data[group]!;
  }

  /** R37 (app token): add 1–60 members at once; returns the new members (current members are skipped). */
  async addGroupMembers(group: string, usernames: string[]): Promise<string[]> {
    const r = await this.call<{ data: { newmembers: string[] } }>('POST', `/chatgroups/${encodeURIComponent(group)}/users`, { body: { usernames } });
    return r.data.newmembers;
  }

  /** R37 (app token): remove 1–60 members at once; one result per user, with the service's reason when refused. */
  async removeGroupMembers(group: string, usernames: string[]): Promise<Array<{ user: string; result: boolean; reason?: string }>> {
    const r = await this.call<{ data: Array<{ user: string; result: boolean; reason?: string }> }>('DELETE', `/chatgroups/${encodeURIComponent(group)}/users/${usernames.map(encodeURIComponent).join(',')}`);
    return r.data.map(({ user, result, reason }) => ({ user, result, ...(reason !== undefined ? { reason } : {}) }));
  }

  /** R53 (app token): import one message at its own time (`target` a user, or a group with `group: true`); returns its id. */
  async import(o: { from: string; target: string; group?: boolean; type: string; body: Record<string, unknown>; ext?: Record<string, unknown>; msgTimestamp?: number }): Promise<string> {
    const { group, msgTimestamp, ...rest } = o;
    const r = await this.call<{ data: { msg_id: string } }>('POST', `/messages/${group ? 'chatgroups' : 'users'}/import`, {
      body: { ...rest, ...(msgTimestamp !== undefined ? { msg_timestamp: msgTimestamp } : {}) },
    });
    return r.data.msg_id;
  }
}

/** Human text of every route for the OpenAPI description, keyed by route name; a route without an entry fails the build's test. */
export interface RouteDoc {
  summary: string;
  /** Query parameters: name → description (all strings on the wire). */
  query?: Record<string, string>;
  /** What the JSON body holds, if the route takes one. */
  body?: string;
}

const Q_LIST = { limit: 'page size, [1, 50], default 20 (R5)', cursor: '"" for the first page, then data.cursor', need_mark: 'true to include marks', needEmptySession: 'true to include conversations with no visible message', is_top: 'true for pinned conversations only' };

export const ROUTE_DOCS: Record<string, RouteDoc> = {
  'auth.token': { summary: 'Get a token (R17): grant_type password, client_credentials or inherit (with an app token)', body: '{grant_type, username?, password?, client_id?, client_secret?, ttl?}' },
  'sdk.listConversations': { summary: 'Conversation list by cursor, newest first; pinned only with is_top (R2–R5)', query: Q_LIST },
  'sdk.listConversationsByMark': { summary: 'Conversations with one mark, newest mark first (R3, R16)', query: { mark: 'mark_0 … mark_19', limit: '[1, 10], default 10', cursor: '"" first' } },
  'sdk.listConversationsLegacy': { summary: 'Legacy list: the legacyLimit most recent conversations active within legacyWindowDays (R6)' },
  'sdk.listConversationsByPage': { summary: 'Conversation list by page number (R5)', query: { pageNum: '≥ 1', pageSize: '[1, 20]' } },
  'sdk.history': { summary: 'Roaming history of one conversation; msgs[].msg is base64 protobuf easemob.pb.Meta (R7, R8)', body: '{queue: "<peer>@easemob.com" | "<group>@conference.easemob.com", start: -1 | next_key, pull_number: [1, 50], is_positive: down?, msgType: "txt,img", startTime, endTime, userId: sender (groups)}' },
  'sdk.deleteMessages.chat': { summary: 'Delete single-chat messages by id for this user only (R9, R10: ≤ 50 ids)', query: { userId: 'peer', msgIdList: 'id1,id2', resource: 'device' } },
  'sdk.deleteMessages.group': { summary: 'Delete group messages by id for this user only (R9, R10)', query: { groupId: 'group', msgIdList: 'id1,id2', resource: 'device' } },
  'sdk.deleteMessagesBefore.chat': { summary: 'Delete single-chat messages at or before delTime for this user (R11)', query: { userId: 'peer', delTime: 'epoch ms', resource: 'device' } },
  'sdk.deleteMessagesBefore.group': { summary: 'Delete group messages at or before delTime for this user (R11)', query: { groupId: 'group', delTime: 'epoch ms', resource: 'device' } },
  'sdk.deleteAll': { summary: 'Delete every conversation and message of this user, one-way (R14)', query: { resource: 'device' } },
  'sdk.deleteConversation': { summary: 'Delete a conversation from the list; delete_roam also hides its history (R13)', body: '{channel, type: "chat" | "groupChat", delete_roam}' },
  'sdk.pin': { summary: 'Pin a conversation (R16: ≤ 50)', body: '{type: "chat" | "groupChat", to}' },
  'sdk.unpin': { summary: 'Unpin a conversation', query: { type: 'chat | groupChat', to: 'peer or group', resource: 'device' } },
  'sdk.mark': { summary: 'Add a mark to ≤ 20 conversations; invalid targets come back in data.ignore (R16)', body: '{mark: "mark_N", targets: [{to, type}]}' },
  'sdk.unmark': { summary: 'Remove a mark from ≤ 20 conversations (R16)', body: '{mark: "mark_N", targets: [{to, type}]}' },
  'rest.registerUsers': { summary: 'Register one user or up to 60 (app token)', body: '{username, password, nickname?} or an array' },
  'rest.getUser': { summary: 'Get a user (404 service_resource_not_found if unknown)' },
  'rest.createGroup': { summary: 'Create a group (app token)', body: '{groupname, owner, members: []}' },
  'rest.sendToUsers': { summary: 'Send to ≤ 600 users through the REST API (R15: no conversation written by default)', body: '{from?, to: [], type, body, ext?, roam_ignore_users?}' },
  'rest.sendToGroups': { summary: 'Send to ≤ 3 groups through the REST API (R15)', body: '{from?, to: [], type, body, ext?, roam_ignore_users?}' },
  'rest.sendToRooms': { summary: 'Send to ≤ 10 chat rooms through the REST API', body: '{from?, to: [], type, body, ext?}' },
  'rest.deleteConversation': { summary: 'Delete a user\'s conversation (app token; R13)', body: '{channel, type: "chat" | "groupchat", delete_roam}' },
  'rest.deleteMessages.chat': { summary: 'Delete single-chat messages by id for a user (app token; R10)', query: { userId: 'peer', msgIdList: 'id1,id2', isNotify: 'ignored' } },
  'rest.deleteMessages.group': { summary: 'Delete group messages by id for a user (app token; R10)', query: { groupId: 'group', msgIdList: 'id1,id2', isNotify: 'ignored' } },
  'rest.deleteMessagesBefore.chat': { summary: 'Delete single-chat messages at or before delTime for a user (app token; R11)', query: { userId: 'peer', delTime: 'epoch ms' } },
  'rest.deleteMessagesBefore.group': { summary: 'Delete group messages at or before delTime for a user (app token; R11)', query: { groupId: 'group', delTime: 'epoch ms' } },
  'rest.deleteAll': { summary: 'Delete every conversation and message of a user (app token; R14)' },
  'rest.historyFile': { summary: 'URL of one hour\'s messages (yyyyMMddHH, UTC, last 3 days) as JSON lines' },
  'control.health': { summary: 'Health: version and counts' },
  'control.reset': { summary: 'Back to the loaded state (?empty=1 to empty, ?tenant=org%23app for one tenant)', query: { empty: '1 to empty', tenant: 'org#app' } },
  'control.loadFixture': { summary: 'Load a fixture (SPEC §5)', query: { mode: 'merge | replace' }, body: 'a fixture' },
  'control.exportSnapshot': { summary: 'The whole state as a fixture' },
  'control.importSnapshot': { summary: 'Replace the whole state with a fixture', body: 'a fixture' },
  'control.saveSnapshot': { summary: 'Save the state to the --snapshot file now (atomically)' },
  'control.getClock': { summary: 'The engine clock' },
  'control.setClock': { summary: 'Set and/or freeze the clock', body: '{now?: epoch ms | ISO | "-2h", frozen?: boolean}' },
  'control.advanceClock': { summary: 'Move the clock', body: '{by: "2d" | "90s" | ms}' },
  'control.getConfig': { summary: 'A tenant\'s config (SPEC §7)' },
  'control.patchConfig': { summary: 'Change a tenant\'s config, validated', body: 'a partial config' },
  'control.injectMessage': { summary: 'Store a message as if an SDK (or the REST API) sent it; pushed to connected SDKs', body: '{from, to, chatType?, type, body, ext?, via?: "sdk" | "rest", roamIgnoreUsers?}' },
  'control.mintToken': { summary: 'Mint a user token ({username}) or an app token ({})', body: '{username?, ttl?}' },
  'control.historyFileContent': { summary: 'The JSON lines of one hour (the URL rest.historyFile hands out)' },
  'control.addFault': { summary: 'Add a fault rule: match {method, path, tenant}, delayMs, status, error, drop, probability, count', body: 'a fault rule' },
  'control.listFaults': { summary: 'Fault rules with their hits' },
  'control.clearFaults': { summary: 'Remove every fault rule' },
  'control.removeFault': { summary: 'Remove one fault rule' },
  'control.journalEntries': { summary: 'The bounded request journal, oldest first', query: { path: 'substring', method: 'GET…', status: 'e.g. 400' } },
  'control.journalClear': { summary: 'Empty the journal' },
  'control.journalResize': { summary: 'Change how many requests the journal keeps', body: '{limit: [1, 100000]}' },
  'control.listTenants': { summary: 'Tenants with users, groups, rooms, message counts and config' },
  'control.createTenant': { summary: 'Create an empty tenant', body: '{org, app, clientId?, clientSecret?, config?}' },
  'control.removeTenant': { summary: 'Remove a tenant and everything in it' },
  'control.providerState': { summary: 'Pact state change: reset the contract tenant and apply a state of the vocabulary', body: '{state, params?, action?: "setup" | "teardown"}' },
  'control.openapi': { summary: 'This description' },
};

/**
 * What a tenant request path says, for reading a session: the tenant, the acting user, and the call. The real
 * service's paths (SPEC §3); the diff names endpoints by the mock's own route table instead (its journal).
 */
export interface TenantPath {
  org: string;
  app: string;
  appKey: string;
  /** The path after `/{org}/{app}`. */
  rest: string;
  /** `{u}` of `/users/{u}/…`, `/sdk/user/{u}/…`, `/user/{u}/…` and the roaming deletes. */
  user?: string;
}

export function tenantPath(path: string): TenantPath | undefined {
  const m = /^\/([^/_][^/]*)\/([^/]+)(\/.*)?$/.exec(path);
  if (!m || m[1] === '_mock') return undefined;
  const [org, app, rest = ''] = [decodeURIComponent(m[1]!), decodeURIComponent(m[2]!), m[3]];
  const u = /^\/(?:users|user|sdk\/user|(?:sdk|rest)\/message\/roaming\/(?:chat|group)\/user|(?:sdk|rest)\/message\/roaming\/user)\/([^/]+)/.exec(rest);
  return { org, app, appKey: `${org}#${app}`, rest, ...(u ? { user: decodeURIComponent(u[1]!) } : {}) };
}

/** The GET query of the SDK (may start with `?&`, unencoded): a plain map. */
export function queryOf(query: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of query.split('&')) {
    if (!part) continue;
    const i = part.indexOf('=');
    const k = i < 0 ? part : part.slice(0, i);
    const v = i < 0 ? '' : part.slice(i + 1);
    try {
      out[decodeURIComponent(k)] = decodeURIComponent(v.replace(/\+/g, ' '));
    } catch {
      out[k] = v;
    }
  }
  return out;
}

/** `bob@easemob.com` → chat with bob; `team@conference.easemob.com` → a group (or room). */
export function queueOf(queue: string): { type: 'chat' | 'groupchat'; id: string } {
  const at = queue.indexOf('@');
  const id = at < 0 ? queue : queue.slice(0, at);
  return { type: queue.slice(at + 1).startsWith('conference') ? 'groupchat' : 'chat', id };
}

/** `org#app_bob@easemob.com` (legacy lists, RestMeta from/to) → bob. */
export const jidName = (jid: string, appKey: string): string => {
  const bare = jid.replace(/@.*$/, '');
  return bare.startsWith(`${appKey}_`) ? bare.slice(appKey.length + 1) : bare;
};

export const normalType = (t: unknown): 'chat' | 'groupchat' | 'chatroom' =>
  typeof t === 'string' && t.toLowerCase() === 'groupchat' ? 'groupchat' : t === 'chatroom' ? 'chatroom' : 'chat';

/**
 * The inspector page: everything it shows comes from the control plane's JSON endpoints; it holds no rule of
 * the service. Deep link: /_mock/ui?tenant=demo%23roaming&user=alice&conversation=bob
 */

type Json = any;
interface Conversation { type: 'chat' | 'groupchat'; id: string }

// Mounted under a prefix (express) or not: the API lives next to /_mock/ui.
const BASE = location.pathname.replace(/\/_mock\/ui\/?$/, '');
const params = new URLSearchParams(location.search);
const state = {
  tenant: params.get('tenant') ?? '',
  user: params.get('user') ?? '',
  conversation: undefined as Conversation | undefined,
  other: '',
  pageSize: 10,
  /** Per pane: the stack of page starts ("-1" first) so paging can go back. */
  starts: { mine: ['-1'], theirs: ['-1'] } as Record<'mine' | 'theirs', string[]>,
  tenants: [] as Json[],
};
const wantedConversation = params.get('conversation');

async function api(method: string, path: string, body?: unknown): Promise<Json> {
  const res = await fetch(BASE + path, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  const data = text ? JSON.parse(text) : {};
  if (!res.ok) {
    toast(`${res.status} ${data.error ?? ''}: ${data.error_description ?? text}`, true);
    throw new Error(data.error_description ?? text);
  }
  return data;
}

function h(tag: string, attrs: Record<string, string | boolean | ((e: Event) => void)> = {}, ...children: Array<Node | string | undefined>): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (typeof v === 'boolean') (el as any)[k] = v;
    else el.setAttribute(k, v);
  }
  for (const c of children) if (c !== undefined) el.append(c);
  return el;
}
const $ = (id: string): HTMLElement => document.getElementById(id)!;
const tenantPath = (): string => {
  const [org, app] = state.tenant.split('#');
  return `/_mock/tenants/${encodeURIComponent(org!)}/${encodeURIComponent(app!)}`;
};
const time = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
type Stays = { owner: string; admins: string[]; stays: Array<{ user: string; joinedAt: number; leftAt?: number }> } | undefined;
/** R37: every stay of a group, as a tooltip. */
const staysText = (g: Stays): string => (g ? g.stays.map((s) => `${s.user}${s.user === g.owner ? ' (owner)' : g.admins.includes(s.user) ? ' (admin)' : ''}: ${time(s.joinedAt)} – ${s.leftAt === undefined ? 'now' : time(s.leftAt)}`).join('\n') : '');
/** R39: former members, after the group's name. */
const formerText = (g: Stays): string => {
  const current = new Set(g?.stays.filter((s) => s.leftAt === undefined).map((s) => s.user));
  const former = [...new Set(g?.stays.filter((s) => s.leftAt !== undefined && !current.has(s.user)).map((s) => s.user))];
  return former.length > 0 ? ` (left: ${former.join(', ')})` : '';
};
const preview = (m: Json): string => (m.type === 'txt' ? String(m.body.msg) : `[${m.type}] ${m.body.customEvent ?? m.body.addr ?? m.body.filename ?? m.body.action ?? m.body.title ?? ''}`);

function toast(text: string, bad = false): void {
  const t = $('toast');
  t.textContent = text;
  t.className = bad ? 'toast bad' : 'toast';
  setTimeout(() => (t.className = 'toast hidden'), 4000);
}

function syncUrl(): void {
  const q = new URLSearchParams();
  if (state.tenant) q.set('tenant', state.tenant);
  if (state.user) q.set('user', state.user);
  if (state.conversation) q.set('conversation', state.conversation.id);
  history.replaceState(null, '', `${location.pathname}?${q}`);
}

// ---- clock, tenants, config ---------------------------------------------------------------------------

async function renderClock(): Promise<void> {
  const c = await api('GET', '/_mock/clock');
  $('clock').textContent = `${time(c.now)} UTC${c.frozen ? ' (frozen)' : ''}`;
  ($('freeze') as HTMLButtonElement).textContent = c.frozen ? 'Unfreeze' : 'Freeze';
  $('freeze').dataset['frozen'] = String(c.frozen);
}

async function renderTenants(): Promise<void> {
  state.tenants = (await api('GET', '/_mock/tenants')).tenants;
  if (!state.tenants.some((t) => t.appKey === state.tenant)) state.tenant = state.tenants[0]?.appKey ?? '';
  const select = $('tenant') as HTMLSelectElement;
  select.replaceChildren(...state.tenants.map((t) => h('option', { value: t.appKey, selected: t.appKey === state.tenant }, t.appKey)));
  const tenant = state.tenants.find((t) => t.appKey === state.tenant);
  $('people').replaceChildren(
    h('h3', {}, 'Users'),
    ...(tenant?.users ?? []).map((u: string) => h('button', { class: u === state.user ? 'chip on' : 'chip', 'data-testid': `user-${u}`, onclick: () => selectUser(u) }, u)),
    h('h3', {}, 'Groups'),
    ...(tenant?.groups ?? []).map((g: string) => h('span', { class: 'chip static', 'data-testid': `group-${g}`, title: staysText(tenant?.memberships?.[g]) }, `${g}${formerText(tenant?.memberships?.[g])}`)),
    h('h3', {}, 'Rooms'),
    ...(tenant?.rooms ?? []).map((r: string) => h('span', { class: 'chip static' }, r)),
  );
  const config = tenant?.config ?? {};
  $('config').replaceChildren(
    ...['roamingEnabled', 'restMessagesWriteConversation', 'chatroomRoaming'].map((key) =>
      h('label', {}, h('input', { type: 'checkbox', checked: Boolean(config[key]), 'data-testid': `config-${key}`, onchange: (e) => patchConfig(key, (e.target as HTMLInputElement).checked) }), ` ${key}`),
    ),
  );
  const from = $('inject-from') as HTMLSelectElement;
  from.replaceChildren(...(tenant?.users ?? []).map((u: string) => h('option', { value: u, selected: u === state.user }, u)));
}

async function patchConfig(key: string, value: boolean): Promise<void> {
  await api('PATCH', `${tenantPath()}/config`, { [key]: value });
  await refresh();
}

// ---- conversation lists --------------------------------------------------------------------------------

async function selectUser(user: string): Promise<void> {
  state.user = user;
  state.conversation = undefined;
  syncUrl();
  await refresh();
}

async function renderConversations(): Promise<void> {
  if (!state.user) {
    $('conversations').replaceChildren(h('p', { class: 'muted' }, 'Pick a user.'));
    $('legacy').replaceChildren();
    return;
  }
  const list = (await api('GET', `${tenantPath()}/users/${encodeURIComponent(state.user)}/conversations`)).conversations as Json[];
  $('conversations-title').textContent = `${state.user}'s conversations (as ${state.user} sees them)`;
  $('conversations').replaceChildren(
    ...list.map((c) =>
      h('div', { class: `row${state.conversation?.id === c.id ? ' on' : ''}`, 'data-testid': `conversation-${c.id}`, onclick: () => openConversation({ type: c.type, id: c.id }) },
        h('span', { class: 'name' }, `${c.type === 'groupchat' ? '# ' : ''}${c.id}`),
        c.pinnedAt > 0 ? h('span', { class: 'pin', title: `pinned ${time(c.pinnedAt)}`, 'data-testid': `pinned-${c.id}` }, 'pinned') : undefined,
        ...c.marks.map((m: number) => h('span', { class: 'mark' }, `mark_${m}`)),
        c.unread > 0 ? h('span', { class: 'badge', 'data-testid': `unread-${c.id}` }, String(c.unread)) : undefined,
        h('div', { class: 'preview' }, c.latest ? `${c.latest.from}: ${preview(c.latest)} · ${time(c.latest.timestamp)}` : '(no visible message)'),
      ),
    ),
    ...(list.length === 0 ? [h('p', { class: 'muted' }, 'No conversations.')] : []),
  );
  const legacy = (await api('GET', `${tenantPath()}/users/${encodeURIComponent(state.user)}/legacy`)).conversations as Json[];
  $('legacy').replaceChildren(...legacy.map((c) => h('span', { class: 'chip static', 'data-testid': `legacy-${c.id}` }, c.id)), ...(legacy.length === 0 ? [h('span', { class: 'muted', 'data-testid': 'legacy-empty' }, 'none in the window')] : []));
}

// ---- history, side by side -------------------------------------------------------------------------------

async function openConversation(c: Conversation): Promise<void> {
  state.conversation = c;
  state.starts = { mine: ['-1'], theirs: ['-1'] };
  const tenant = state.tenants.find((t) => t.appKey === state.tenant);
  // The other side: the peer, or another member of the group.
  const members: string[] = c.type === 'chat' ? [] : tenant?.members?.[c.id] ?? tenant?.users ?? [];
  state.other = c.type === 'chat' ? c.id : members.find((u) => u !== state.user) ?? '';
  syncUrl();
  await refresh();
}

async function renderPane(pane: 'mine' | 'theirs'): Promise<void> {
  const c = state.conversation;
  const box = $(`pane-${pane}`);
  if (!c) {
    box.replaceChildren(h('p', { class: 'muted' }, 'Pick a conversation.'));
    return;
  }
  const viewer = pane === 'mine' ? state.user : state.other;
  const id = pane === 'mine' || c.type !== 'chat' ? c.id : state.user;
  const starts = state.starts[pane];
  const start = starts[starts.length - 1]!;
  let page: Json;
  try {
    page = await api('GET', `${tenantPath()}/users/${encodeURIComponent(viewer)}/history?type=${c.type}&id=${encodeURIComponent(id)}&pageSize=${state.pageSize}&start=${start}`);
  } catch (err) {
    box.replaceChildren(h('h3', {}, `${viewer} sees`), h('p', { class: 'muted' }, String((err as Error).message)));
    return;
  }
  const title = h('h3', {}, `${viewer} sees`);
  if (c.type !== 'chat' && pane === 'theirs') {
    const tenant = state.tenants.find((t) => t.appKey === state.tenant);
    title.append(' ', h('select', { 'data-testid': 'other-member', onchange: (e) => { state.other = (e.target as HTMLSelectElement).value; void renderPane('theirs'); } },
      ...((tenant?.members?.[c.id] ?? tenant?.users ?? []) as string[]).filter((u) => u !== state.user).map((u) => h('option', { value: u, selected: u === state.other }, u))));
  }
  box.replaceChildren(
    title,
    h('div', { class: 'pager' },
      h('button', { disabled: starts.length === 1, 'data-testid': `${pane}-newer`, onclick: () => { starts.pop(); void renderPane(pane); } }, '‹ newer'),
      h('span', { class: 'muted' }, ` page ${starts.length}${page.isLast ? ' (last)' : ''} `),
      h('button', { disabled: page.isLast, 'data-testid': `${pane}-older`, onclick: () => { starts.push(page.nextKey); void renderPane(pane); } }, 'older ›'),
    ),
    ...page.messages.map((m: Json) =>
      h('div', { class: `msg${m.from === viewer ? ' own' : ''}`, 'data-testid': `${pane}-msg-${m.id}` },
        h('div', { class: 'meta' }, `${m.from} → ${m.to} · ${time(m.timestamp)}${m.via === 'rest' ? ' · REST' : m.via === 'import' ? ' · imported' : ''}`),
        // R31/R36: edits and directed audiences are marked.
        m.edit ? h('span', { class: 'mark', 'data-testid': `${pane}-edited-${m.id}`, title: `edited by ${m.edit.operator} at ${time(m.edit.at)}` }, `edited ×${m.edit.count}`) : undefined,
        m.directedUsers ? h('span', { class: 'mark', 'data-testid': `${pane}-directed-${m.id}` }, `only for ${[m.from, ...m.directedUsers].join(', ')}`) : undefined,
        h('div', { class: 'text' }, preview(m)),
        h('button', { class: 'del', title: `delete for ${viewer} only (one-way)`, 'data-testid': `${pane}-delete-${m.id}`, onclick: () => deleteFor(viewer, c.type, id, m.id) }, '✕'),
      ),
    ),
    ...(page.messages.length === 0 ? [h('p', { class: 'muted', 'data-testid': `${pane}-empty` }, 'No visible messages.')] : []),
  );
}

async function deleteFor(viewer: string, type: string, id: string, messageId: string): Promise<void> {
  await api('DELETE', `${tenantPath()}/users/${encodeURIComponent(viewer)}/messages?type=${type}&id=${encodeURIComponent(id)}&ids=${messageId}`);
  toast(`deleted ${messageId} for ${viewer} only`);
  await refresh();
}

// ---- journal and faults ----------------------------------------------------------------------------------

async function renderJournal(): Promise<void> {
  const all = (await api('GET', '/_mock/journal')).entries as Json[];
  // The page's own control-plane calls are noise unless asked for.
  const rows = (($('journal-all') as HTMLInputElement).checked ? all : all.filter((e) => !e.path.startsWith('/_mock/'))).slice(-40).reverse();
  $('journal').replaceChildren(
    ...rows.map((e) =>
      h('tr', { class: e.status >= 400 ? 'bad' : '', 'data-testid': 'journal-row' },
        h('td', {}, time(e.at).slice(11)), h('td', {}, e.method), h('td', { class: 'path' }, e.path), h('td', {}, String(e.status)),
        h('td', {}, `${e.ms} ms`), h('td', {}, e.user ?? ''), h('td', { class: e.fault ? 'fault' : '' }, e.fault ? `fault ${e.fault}` : ''),
      ),
    ),
  );
}

async function renderFaults(): Promise<void> {
  const rules = (await api('GET', '/_mock/faults')).rules as Json[];
  $('faults').replaceChildren(
    ...rules.map((r) =>
      h('div', { class: 'row', 'data-testid': `fault-${r.id}` },
        `${r.id}: ${r.match.method ?? '*'} ${r.match.path ?? '*'} → ${r.drop ? 'drop' : r.status ?? `${JSON.stringify(r.delayMs)} ms`} (hits ${r.hits}${r.remaining !== undefined ? `, ${r.remaining} left` : ''}) `,
        h('button', { onclick: async () => { await api('DELETE', `/_mock/faults/${r.id}`); await renderFaults(); } }, 'remove'),
      ),
    ),
  );
}

// ---- refresh and controls --------------------------------------------------------------------------------

async function refresh(): Promise<void> {
  await Promise.all([renderClock(), renderTenants()]);
  await renderConversations();
  await Promise.all([renderPane('mine'), renderPane('theirs'), renderJournal(), renderFaults()]);
}

function wire(): void {
  $('tenant').addEventListener('change', (e) => {
    state.tenant = (e.target as HTMLSelectElement).value;
    state.user = '';
    state.conversation = undefined;
    syncUrl();
    void refresh();
  });
  $('freeze').addEventListener('click', async () => {
    await api('PUT', '/_mock/clock', { frozen: $('freeze').dataset['frozen'] !== 'true' });
    await refresh();
  });
  for (const by of ['1h', '1d', '8d']) {
    $(`advance-${by}`).addEventListener('click', async () => {
      await api('POST', '/_mock/clock/advance', { by });
      await refresh();
    });
  }
  $('reset').addEventListener('click', async () => {
    await api('POST', '/_mock/reset');
    toast('reset to the loaded state');
    await refresh();
  });
  $('load-fixture').addEventListener('click', async () => {
    const name = ($('fixture') as HTMLSelectElement).value;
    const r = await api('POST', `/_mock/fixtures/bundled/${name}?mode=replace`);
    state.tenant = r.loaded[0] ?? '';
    state.user = '';
    state.conversation = undefined;
    toast(`loaded ${name}`);
    await refresh();
  });
  $('inject').addEventListener('submit', async (e) => {
    e.preventDefault();
    const to = ($('inject-to') as HTMLInputElement).value.trim();
    const tenant = state.tenants.find((t) => t.appKey === state.tenant);
    const chatType = tenant?.groups.includes(to) ? 'groupchat' : tenant?.rooms.includes(to) ? 'chatroom' : 'chat';
    await api('POST', `${tenantPath()}/messages`, { from: ($('inject-from') as HTMLSelectElement).value, to, chatType, type: 'txt', body: { msg: ($('inject-text') as HTMLInputElement).value } });
    ($('inject-text') as HTMLInputElement).value = '';
    await refresh();
  });
  $('fault-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const value = (id: string) => ($(id) as HTMLInputElement).value.trim();
    const status = value('fault-status');
    const delay = value('fault-delay');
    const count = value('fault-count');
    await api('POST', '/_mock/faults', {
      match: { ...(value('fault-method') ? { method: value('fault-method') } : {}), ...(value('fault-path') ? { path: value('fault-path') } : {}) },
      ...(status ? { status: Number(status) } : {}), ...(delay ? { delayMs: Number(delay) } : {}), ...(count ? { count: Number(count) } : {}),
    });
    await renderFaults();
  });
}

async function start(): Promise<void> {
  const fixtures = (await api('GET', '/_mock/fixtures/bundled')).fixtures as Json[];
  ($('fixture') as HTMLSelectElement).replaceChildren(...fixtures.map((f) => h('option', { value: f.name, title: f.description }, f.name)));
  wire();
  await refresh();
  if (wantedConversation && state.user) {
    const list = (await api('GET', `${tenantPath()}/users/${encodeURIComponent(state.user)}/conversations`)).conversations as Json[];
    const found = list.find((c) => c.id === wantedConversation);
    if (found) await openConversation({ type: found.type, id: found.id });
  }
  // The journal and clock are live: poll them.
  setInterval(() => {
    void renderJournal();
    void renderClock();
  }, 1000);
  document.body.dataset['ready'] = 'true';
}

void start();

import { badArg, describe } from '../core/errors.ts';
import type { Fixture } from '../fixtures/types.ts';
import type { MockHost } from '../api/host.ts';

/** The tenant every bundled contract talks to. */
export const PACT_ORG = 'pact';
export const PACT_APP = 'roaming';
export const PACT_APP_KEY = `${PACT_ORG}#${PACT_APP}`;

/** Tokens every state grants, so contracts can carry them as examples (a real server gets `--header` instead). */
export const PACT_TOKENS = { alice: 'YWMt-pact-alice', bob: 'YWMt-pact-bob', carol: 'YWMt-pact-carol', app: 'YWMt-pact-app' } as const;

const BASE: Fixture = {
  version: 1,
  apps: [{
    org: PACT_ORG, app: PACT_APP, clientId: 'pact-client', clientSecret: 'pact-secret',
    users: ['alice', 'bob', 'carol'].map((username) => ({ username, password: `${username}-pw` })),
    groups: [{ id: 'team', name: 'Team', owner: 'alice', members: ['bob', 'carol'] }],
  }],
};

type Params = Record<string, unknown>;
interface StateRule {
  /** The state text with `{name}` placeholders, e.g. `user {user} has {count} conversations`. */
  readonly pattern: string;
  readonly description: string;
  setup(mock: MockHost, p: Params): void;
}

const int = (p: Params, name: string, min = 0, max = 10_000): number => {
  const n = Number(p[name]);
  if (!Number.isInteger(n) || n < min || n > max) throw badArg(`params.${name}`, `must be an integer in [${min}, ${max}], got ${describe(p[name])}`);
  return n;
};
const str = (p: Params, name: string): string => {
  if (typeof p[name] !== 'string' || p[name] === '') throw badArg(`params.${name}`, `required, got ${describe(p[name])}`);
  return p[name] as string;
};
const tenant = (mock: MockHost) => mock.tenant(PACT_APP_KEY);
const ensureUser = (mock: MockHost, user: string): void => {
  if (!tenant(mock).state.users.has(user)) tenant(mock).addUser(user, `${user}-pw`);
};
/** Messages between two users, 1 s apart, the newest one minute ago; the first from `a`. */
function exchange(mock: MockHost, a: string, b: string, count: number, label = 'message'): void {
  const now = mock.clock.now();
  for (let i = 0; i < count; i++) {
    const [from, to] = i % 2 ? [b, a] : [a, b];
    tenant(mock).send({ from, to, chatType: 'chat', type: 'txt', body: { msg: `${label} ${i + 1}` }, timestamp: now - 60_000 - (count - i) * 1000 });
  }
}

/** The vocabulary (documented in the README): each state starts from the base tenant, then adds its part. */
export const STATES: readonly StateRule[] = [
  { pattern: 'a clean tenant', description: 'users alice, bob, carol; group team (alice, bob, carol); no messages', setup: () => undefined },
  {
    pattern: 'user {user} has {count} conversations',
    description: 'user gets one message from each of count new peers (peer001…), the newest from peer001',
    setup(mock, p) {
      const user = str(p, 'user');
      const count = int(p, 'count', 0, 500);
      ensureUser(mock, user);
      const now = mock.clock.now();
      for (let i = count; i >= 1; i--) {
        const peer = `peer${String(i).padStart(3, '0')}`;
        ensureUser(mock, peer);
        tenant(mock).send({ from: peer, to: user, chatType: 'chat', type: 'txt', body: { msg: `hello from ${peer}` }, timestamp: now - 60_000 - i * 1000 });
      }
    },
  },
  {
    pattern: '{a} and {b} have {count} messages',
    description: 'count text messages, alternating from a, 1 s apart, the newest a minute ago',
    setup(mock, p) {
      for (const u of [str(p, 'a'), str(p, 'b')]) ensureUser(mock, u);
      exchange(mock, str(p, 'a'), str(p, 'b'), int(p, 'count', 0, 5000));
    },
  },
  {
    pattern: 'group {group} has {count} messages',
    description: 'count messages in the group, from its members in turn',
    setup(mock, p) {
      const group = tenant(mock).state.groups.get(str(p, 'group'));
      if (!group) throw badArg('params.group', `no group ${describe(p['group'])} in the base tenant (it has "team")`);
      const members = [...group.members];
      const now = mock.clock.now();
      const count = int(p, 'count', 0, 5000);
      for (let i = 0; i < count; i++) {
        tenant(mock).send({ from: members[i % members.length]!, to: group.id, chatType: 'groupchat', type: 'txt', body: { msg: `group ${i + 1}` }, timestamp: now - 60_000 - (count - i) * 1000 });
      }
    },
  },
  {
    pattern: 'roaming is disabled',
    description: 'R1: the tenant config has roamingEnabled false',
    setup: (mock) => void tenant(mock).configure({ roamingEnabled: false }),
  },
  {
    pattern: '{user} deleted the messages with {peer} before {time}',
    description: 'R11 applied: 10 messages exist (as in "{a} and {b} have 10 messages"), user deleted those at or before time (epoch ms, or "-30s" style)',
    setup(mock, p) {
      const user = str(p, 'user');
      const peer = str(p, 'peer');
      exchange(mock, user, peer, 10);
      const raw = p['time'];
      const time = typeof raw === 'number' ? raw : /^-\d+s$/.test(String(raw)) ? mock.clock.now() - Number(String(raw).slice(1, -1)) * 1000 : Number(raw);
      if (!Number.isFinite(time)) throw badArg('params.time', `must be epoch ms or "-30s", got ${describe(raw)}`);
      tenant(mock).deleteMessagesBefore(user, 'chat', peer, time);
    },
  },
  {
    pattern: '{user} deleted messages before {time}',
    description: 'the same with the peer bob (alice when the user is bob)',
    setup(mock, p) {
      const user = str(p, 'user');
      STATES.find((s) => s.pattern === '{user} deleted the messages with {peer} before {time}')!.setup(mock, { ...p, peer: user === 'bob' ? 'alice' : 'bob' });
    },
  },
  {
    pattern: '{user} pinned the conversation with {peer}',
    description: 'R16: one message between them, then pinned by user',
    setup(mock, p) {
      exchange(mock, str(p, 'peer'), str(p, 'user'), 1);
      tenant(mock).pin(str(p, 'user'), 'chat', str(p, 'peer'));
    },
  },
  {
    pattern: '{user} marked the conversation with {peer} with mark {mark}',
    description: 'R16: one message between them, then marked (0–19) by user',
    setup(mock, p) {
      exchange(mock, str(p, 'peer'), str(p, 'user'), 1);
      tenant(mock).mark(str(p, 'user'), int(p, 'mark', 0, 19), [{ type: 'chat', id: str(p, 'peer') }]);
    },
  },
  {
    pattern: 'the REST API sent {count} messages from {from} to {user}',
    description: 'R15: REST sends (they roam but write no conversation)',
    setup(mock, p) {
      const now = mock.clock.now();
      const count = int(p, 'count', 0, 1000);
      for (let i = 0; i < count; i++) tenant(mock).send({ from: str(p, 'from'), to: str(p, 'user'), chatType: 'chat', type: 'txt', body: { msg: `notice ${i + 1}` }, via: 'rest', timestamp: now - 60_000 - (count - i) * 1000 });
    },
  },
  {
    pattern: '{user} has the token {token}',
    description: 'accept this exact token text for user (or for the app when user is "app")',
    setup(mock, p) {
      const user = str(p, 'user');
      mock.tokens.adopt(str(p, 'token'), tenant(mock), user === 'app' ? undefined : user);
    },
  },
];

const compiled = STATES.map((rule) => {
  const names: string[] = [];
  const source = rule.pattern.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, (_m, name: string) => {
    names.push(name);
    return '(.+?)';
  });
  return { rule, names, re: new RegExp(`^${source}$`) };
});

/** Reset the contract tenant to the base, grant the well-known tokens (other tenants are left alone). */
export function resetPactTenant(mock: MockHost): void {
  mock.removeTenant(PACT_APP_KEY);
  mock.load(BASE, { mode: 'merge' });
  const t = tenant(mock);
  for (const [who, token] of Object.entries(PACT_TOKENS)) mock.tokens.adopt(token, t, who === 'app' ? undefined : who);
}

/** Per mock: how many requests it had served at the last state setup (several states of one interaction add up). */
const lastSetup = new WeakMap<MockHost, number>();

/**
 * Pact state change (`POST /_mock/provider-states`). The first `setup` of an interaction resets the contract
 * tenant; further setups before its request add to it (an interaction may name several states). `teardown`
 * makes the next setup start clean. Parameters come from `params`, or from the state text itself.
 */
export function applyProviderState(mock: MockHost, state: string, params: Params = {}, action: 'setup' | 'teardown' = 'setup'): { state: string; matched: string } {
  for (const { rule, names, re } of compiled) {
    const m = re.exec(state);
    if (!m) continue;
    if (action === 'teardown') {
      lastSetup.delete(mock);
      return { state, matched: rule.pattern };
    }
    if (lastSetup.get(mock) !== mock.traffic.requests || !mock.findTenant(PACT_APP_KEY)) resetPactTenant(mock);
    lastSetup.set(mock, mock.traffic.requests);
    rule.setup(mock, { ...Object.fromEntries(names.map((n, i) => [n, m[i + 1]])), ...params });
    return { state, matched: rule.pattern };
  }
  throw badArg('state', `unknown provider state ${describe(state)}; known: ${STATES.map((s) => `"${s.pattern}"`).join(', ')}`);
}

import { websdk, type SdkConnection } from '../support/websdk.ts';
import { createRoamingMock, type Fixture, type RoamingMock } from '../../src/index.ts';
import { startServer, type RunningServer } from '../../src/adapters/server.ts';

export const APP_KEY = 'sdk#test';
const USERS = ['alice', 'bob', 'carol', 'dave', 'u1', 'u2', 'u3', 'u4', 'u5'];

/** alice has 8 conversations: bob (30 messages of mixed types), carol, dave, the group, and u1…u5 (older). */
export function sdkFixture(config: Record<string, unknown> = {}): Fixture {
  const types = ['txt', 'txt', 'loc', 'txt', 'custom'];
  const bodyOf = (type: string, i: number) =>
    type === 'loc' ? { lat: i, lng: i, addr: `place ${i}` } : type === 'custom' ? { customEvent: `event${i}`, customExts: { i: String(i) } } : { msg: `ab${i}` };
  return {
    version: 1,
    apps: [{
      org: 'sdk', app: 'test', clientId: 'cid', clientSecret: 'csecret', config,
      users: USERS.map((username) => ({ username, password: `${username}-pw` })),
      groups: [{ id: 'team', owner: 'alice', members: ['bob', 'carol'] }],
      messages: [
        ...Array.from({ length: 30 }, (_, i) => ({ from: i % 3 ? 'bob' : 'alice', to: i % 3 ? 'alice' : 'bob', type: types[i % 5]!, body: bodyOf(types[i % 5]!, i), at: `-${300 - i}m` })),
        { from: 'carol', to: 'alice', type: 'txt', body: { msg: 'from carol' }, at: '-100m' },
        { from: 'dave', to: 'alice', type: 'txt', body: { msg: 'from dave' }, at: '-90m' },
        ...Array.from({ length: 10 }, (_, i) => ({ from: i % 2 ? 'bob' : 'carol', to: 'team', chatType: 'groupchat' as const, type: 'txt', body: { msg: `g${i}` }, at: `-${80 - i}m` })),
        ...['u1', 'u2', 'u3', 'u4', 'u5'].map((u, i) => ({ from: u, to: 'alice', type: 'txt', body: { msg: `hi from ${u}` }, at: `-${2 + i}d` })),
      ],
    }],
  };
}

export interface Harness {
  mock: RoamingMock;
  server: RunningServer;
  /** A logged-in Web SDK client (password login unless a token is given). */
  login(user: string, options?: { token?: string }): Promise<SdkConnection>;
  connect(): SdkConnection;
  close(): Promise<void>;
}

export async function harness(fixture: Fixture = sdkFixture()): Promise<Harness> {
  const mock = createRoamingMock({ fixture, seed: 5 });
  const server = await startServer(mock, { port: 0 });
  const open: SdkConnection[] = [];
  const connect = (): SdkConnection => {
    const conn = new websdk.connection({ appKey: APP_KEY, isHttpDNS: false, url: server.wsUrl, apiUrl: server.url, autoReconnectNumMax: 1 });
    open.push(conn);
    return conn;
  };
  return {
    mock,
    server,
    connect,
    async login(user, options = {}) {
      const conn = connect();
      await conn.open(options.token ? { user, accessToken: options.token } : { user, pwd: `${user}-pw` });
      return conn;
    },
    async close() {
      for (const conn of open) {
        try {
          conn.close();
        } catch {
          // already closed
        }
      }
      await server.close();
    },
  };
}

/** Resolve when `predicate` holds, polling the event loop (live delivery is asynchronous). `ms` is a ceiling, not a bound. */
export async function until(predicate: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export { websdk };

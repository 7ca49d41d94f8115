import { createRoamingMock, type RoamingMock } from '../../src/index.ts';
import type { TenantApi } from '../../src/core/tenant-api.ts';

export const T0 = Date.parse('2026-01-15T12:00:00Z');

/** A frozen world with one tenant `demo#roaming`, users alice/bob/carol/dave, group `team`, room `lobby`. */
export function world(config: Record<string, unknown> = {}): { mock: RoamingMock; t: TenantApi; tick: (ms?: number) => void } {
  const mock = createRoamingMock({
    now: T0,
    frozen: true,
    seed: 7,
    fixture: {
      version: 1,
      apps: [
        {
          org: 'demo',
          app: 'roaming',
          config,
          users: ['alice', 'bob', 'carol', 'dave'].map((username) => ({ username, password: `${username}-pw` })),
          groups: [{ id: 'team', owner: 'alice', members: ['bob', 'carol'] }],
          rooms: [{ id: 'lobby', members: ['alice', 'bob'] }],
        },
      ],
    },
  });
  return { mock, t: mock.tenant('demo#roaming'), tick: (ms = 1000) => mock.clock.advance(ms) };
}

/** Send a text message and advance the clock by a second, so every message has its own time. */
export function say(t: TenantApi, tick: (ms?: number) => void, from: string, to: string, msg: string, chatType: 'chat' | 'groupchat' | 'chatroom' = 'chat') {
  const m = t.send({ from, to, chatType, type: 'txt', body: { msg } });
  tick();
  return m;
}

export const texts = (messages: ReadonlyArray<{ body: Record<string, unknown> }>): unknown[] => messages.map((m) => m.body['msg']);
export const ids = (entries: ReadonlyArray<{ id: string }>): string[] => entries.map((e) => e.id);

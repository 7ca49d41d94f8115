import { beforeAll, describe, expect, it } from 'vitest';
import { floorDigest, loadDigest, rulesFloorLoad } from '../../bench/load-floors.ts';
import { generateFixture } from '../../src/fixtures/generate.ts';
import { createRoamingMock, type FixtureInput } from '../../src/index.ts';

/**
 * #18: the rules floor (bench/load-floors.ts) is only a floor of the load if it files what the load files and refuses
 * what the load refuses. The bench checks the first on the 1M fixture; this checks both on a small one.
 */
const NOW = 1_767_225_600_000;

type Json = Record<string, unknown>;
let text = '';
const fresh = (): { apps: Array<Json & { messages: Json[]; groups: Json[]; users: Json[] }> } => JSON.parse(text);

beforeAll(() => {
  const parts: string[] = [];
  // Few users, many conversations: some lists outgrow R2's limit of 100 and evict.
  generateFixture({ users: 60, conversations: 3000, messages: 10_000, seed: 7, days: 10 }, { write: (s) => void parts.push(s) });
  text = parts.join('');
});

describe('the rules floor files what the load files (#18)', () => {
  it('R2, R15, R21, R49: the same messages, threads, listings and lists (with when each entered) as the load', () => {
    const mock = createRoamingMock({ fixture: fresh() as unknown as FixtureInput, now: NOW, frozen: true });
    const load = loadDigest(mock.tenants(), mock.stats().messages);
    expect(floorDigest(rulesFloorLoad(text, NOW))).toEqual(load);
    // The fixture exercises R2: some user listed more than the limit and lost conversations to evictions.
    expect(load.listings - load.listed).toBeGreaterThan(100);
  });
});

describe('the rules floor refuses what the load refuses (#18)', () => {
  const firstWhere = (f: ReturnType<typeof fresh>, pick: (m: Json) => boolean): Json => f.apps[0]!.messages.find(pick)!;
  const chat = (m: Json): boolean => m['chatType'] === undefined && m['via'] === undefined;
  const group = (m: Json): boolean => m['chatType'] === 'groupchat' && m['via'] === undefined;

  const invalid: Array<[string, (f: ReturnType<typeof fresh>) => void]> = [
    ['a message field the schema does not know', (f) => (firstWhere(f, chat)['color'] = 'red')],
    ['an unknown chatType', (f) => (firstWhere(f, chat)['chatType'] = 'banana')],
    ['an unknown via', (f) => (firstWhere(f, chat)['via'] = 'pigeon')],
    ['R19: an id with a leading zero', (f) => (firstWhere(f, chat)['id'] = '0123')],
    ['R19: an id used twice', (f) => {
      const [a, b] = f.apps[0]!.messages.filter((m) => typeof m['id'] === 'string');
      b!['id'] = a!['id'];
    }],
    ['R39: an SDK sender who is not a user', (f) => (firstWhere(f, chat)['from'] = 'nobody.1')],
    ['a REST sender whose name the service refuses', (f) => Object.assign(firstWhere(f, chat), { via: 'rest', from: 'bad name!' })],
    ['R39: an SDK sender who is not a member of the group', (f) => {
      const m = firstWhere(f, group);
      const members = new Set([m['from']]);
      const g = f.apps[0]!.groups.find((x) => x['id'] === m['to'])!;
      for (const u of [g['owner'], ...(g['members'] as string[])]) members.add(u);
      m['from'] = f.apps[0]!.users.map((u) => u['username']).find((u) => !members.has(u));
    }],
    ['a single chat to someone who is not a user', (f) => (firstWhere(f, chat)['to'] = 'nobody.2')],
    ['a group that does not exist', (f) => (firstWhere(f, group)['to'] = '999')],
    ['an unknown message type', (f) => (firstWhere(f, chat)['type'] = 'sticker')],
    ['a txt body whose msg is not a string', (f) => Object.assign(firstWhere(f, chat), { type: 'txt', body: { msg: 42 } })],
    ['an img body without its url', (f) => Object.assign(firstWhere(f, chat), { type: 'img', body: { filename: 'a.jpg' } })],
    ['a loc body whose lat is text', (f) => Object.assign(firstWhere(f, chat), { type: 'loc', body: { lat: 'north', lng: 1, addr: 'x' } })],
    ['a body nested deeper than 64 levels', (f) => {
      let deep: Json = {};
      for (let i = 0; i < 70; i++) deep = { d: deep };
      Object.assign(firstWhere(f, chat), { type: 'custom', body: { customEvent: 'x', customExts: deep } });
    }],
    ['a body over 64 KiB of JSON', (f) => Object.assign(firstWhere(f, chat), { type: 'txt', body: { msg: '字'.repeat(30_000) } })],
    ['an ext that is an array', (f) => (firstWhere(f, chat)['ext'] = [1, 2])],
    ['a time it cannot read', (f) => (firstWhere(f, chat)['at'] = 'yesterday')],
  ];

  for (const [what, mutate] of invalid) {
    it(`refuses ${what}, as the load does`, () => {
      const f = fresh();
      mutate(f);
      expect(() => createRoamingMock({ fixture: f as unknown as FixtureInput, now: NOW, frozen: true })).toThrow();
      expect(() => rulesFloorLoad(JSON.stringify(f), NOW)).toThrow(/rules floor/);
    });
  }

  // What the generator never writes: the floor refuses it rather than doing less than the load would.
  const unwritten: Array<[string, (f: ReturnType<typeof fresh>) => void]> = [
    ['a time as epoch ms', (f) => (firstWhere(f, chat)['at'] = NOW - 1000)],
    ['messages out of time order', (f) => {
      const m = f.apps[0]!.messages;
      [m[0], m[m.length - 1]] = [m[m.length - 1]!, m[0]!];
    }],
    ['an imported message (R53)', (f) => (firstWhere(f, chat)['via'] = 'import')],
    ['a tenant config', (f) => (f.apps[0]!['config'] = { conversationLimit: 10 })],
    ['member stays (R38)', (f) => {
      const g = f.apps[0]!.groups[0]!;
      g['members'] = (g['members'] as string[]).map((user) => ({ user, joinedAt: '-30d' }));
    }],
    ['a body that names its type again', (f) => {
      const m = firstWhere(f, chat);
      m['body'] = { ...(m['body'] as Json), type: m['type'] };
    }],
  ];

  for (const [what, mutate] of unwritten) {
    it(`throws on ${what} instead of skipping it`, () => {
      const f = fresh();
      mutate(f);
      expect(() => rulesFloorLoad(JSON.stringify(f), NOW)).toThrow(/rules floor/);
    });
  }
});

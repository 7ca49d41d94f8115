/**
 * Writes fixtures/legacy-window.json, deletions.json and paging.json (demo.json is written by hand).
 * Run: npx tsx scripts/make-bundled-fixtures.ts — the output is committed; a test checks it still validates.
 */
import { writeFileSync } from 'node:fs';

const write = (name: string, fixture: unknown) => writeFileSync(`fixtures/${name}`, `${JSON.stringify(fixture, null, 1)}\n`);
const users = (names: string[]) => names.map((username) => ({ username, password: `${username}-pw` }));

// R6: alice has 14 conversations, one per day over 14 days; the legacy list shows the 7-day window (at most 10).
const days = Array.from({ length: 14 }, (_, i) => `friend${String(i + 1).padStart(2, '0')}`);
write('legacy-window.json', {
  version: 1,
  seed: 6,
  apps: [{
    org: 'demo', app: 'legacy', clientId: 'legacy-client', clientSecret: 'legacy-secret',
    users: users(['alice', ...days]),
    // Half an hour inside each day, so no message sits exactly on the 7-day boundary.
    messages: days.map((f, i) => ({ from: f, to: 'alice', type: 'txt', body: { msg: `${f} wrote ${i + 1} day${i ? 's' : ''} ago` }, at: `-${(i + 1) * 24 - 0.5}h` })),
  }],
});

// R9–R14: every kind of one-way delete, already applied in alice's views; bob, carol and dave still see it all.
const pair = (from: string, to: string, n: number, label: string, startMin: number, idBase?: bigint) =>
  Array.from({ length: n }, (_, i) => ({
    ...(idBase !== undefined ? { id: String(idBase + BigInt(i)) } : {}),
    from: i % 2 ? to : from, to: i % 2 ? from : to, type: 'txt', body: { msg: `${label} ${i + 1}` }, at: `-${startMin - i}m`,
  }));
write('deletions.json', {
  version: 1,
  seed: 7,
  apps: [{
    org: 'demo', app: 'deletions', clientId: 'deletions-client', clientSecret: 'deletions-secret',
    users: users(['alice', 'bob', 'carol', 'dave', 'erin', 'frank']),
    groups: [{ id: 'team', name: 'Team', owner: 'alice', members: ['bob', 'carol'] }],
    messages: [
      // R10: alice deleted two of these by id.
      ...pair('bob', 'alice', 6, 'by-id', 600, 5_000_000_000_000_000_000n),
      // R11: alice deleted everything at or before the 3rd message's time.
      ...pair('carol', 'alice', 6, 'by-time', 500),
      // R12: alice deleted the only message: the conversation left her list.
      { id: '5000000000000000100', from: 'dave', to: 'alice', type: 'txt', body: { msg: 'the only message' }, at: '-400m' },
      // R13 (delete_roam false): out of alice's list, history still roams.
      ...pair('erin', 'alice', 3, 'list-only', 300),
      // R13 (delete_roam true): out of alice's list and her history.
      ...pair('frank', 'alice', 3, 'with-roam', 200),
      // Group: alice deleted the group history before a time.
      ...Array.from({ length: 4 }, (_, i) => ({ from: ['bob', 'carol'][i % 2], to: 'team', chatType: 'groupchat', type: 'txt', body: { msg: `group ${i + 1}` }, at: `-${100 - i * 10}m` })),
    ],
    views: [
      { user: 'alice', conversation: 'bob', deletedIds: ['5000000000000000001', '5000000000000000004'] },
      { user: 'alice', conversation: 'carol', deletedBefore: '-498m' },
      { user: 'alice', conversation: 'dave', deletedIds: ['5000000000000000100'] },
      { user: 'alice', conversation: 'erin', listed: false },
      { user: 'alice', conversation: 'frank', listed: false, deletedBefore: '-198m' },
      { user: 'alice', conversation: 'team', type: 'groupchat', deletedBefore: '-85m' },
    ],
  }],
});

// R5, R7: alice has 120 conversations (more than the 100 cap: the oldest fall out) and 1,000 messages with bob.
const peers = Array.from({ length: 120 }, (_, i) => `p${String(i + 1).padStart(3, '0')}`);
write('paging.json', {
  version: 1,
  seed: 8,
  apps: [{
    org: 'demo', app: 'paging', clientId: 'paging-client', clientSecret: 'paging-secret',
    users: users(['alice', 'bob', ...peers]),
    messages: [
      ...peers.map((p, i) => ({ from: p, to: 'alice', type: 'txt', body: { msg: `hello from ${p}` }, at: `-${(i + 1) * 30}m` })),
      ...Array.from({ length: 1000 }, (_, i) => ({ from: i % 3 ? 'bob' : 'alice', to: i % 3 ? 'alice' : 'bob', type: 'txt', body: { msg: `message ${i + 1} of 1000` }, at: `-${(1000 - i) * 60}s` })),
    ],
  }],
});
console.log('wrote fixtures/legacy-window.json, fixtures/deletions.json, fixtures/paging.json');

import { generateFixture } from '../src/fixtures/generate.ts';
import { createRoamingMock, type Fixture } from '../src/index.ts';
import { startServer } from '../src/adapters/server.ts';

/** The soak's server, in its own process (forked with IPC): answers {heap} after a full GC when asked. */
const parts: string[] = [];
generateFixture({ users: 200, conversations: 1000, messages: 20_000, seed: 11 }, { write: (s) => void parts.push(s) });
const fixture = JSON.parse(parts.join('')) as Fixture;
const mock = createRoamingMock({ fixture: () => fixture });
const running = await startServer(mock, { port: 0 });
const t = mock.tenant('gen#chat');
const users = [...t.state.users.keys()];
const tokens = Object.fromEntries(users.slice(0, 20).map((u) => [u, mock.tokens.issue(t, u).token]));
const app = mock.tokens.issue(t, undefined).token;
const gc = (globalThis as { gc?: () => void }).gc!;
process.on('message', (m: { type: string }) => {
  if (m.type === 'heap') {
    gc();
    gc();
    process.send!({ type: 'heap', heap: process.memoryUsage().heapUsed, messages: mock.stats().messages, journal: mock.journal.entries().length, journalLimit: mock.journal.limit });
  }
});
process.send!({ type: 'ready', port: running.port, wsUrl: running.wsUrl, users: users.slice(0, 20), tokens, app });

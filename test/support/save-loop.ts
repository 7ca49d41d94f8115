import { writeFileSync } from 'node:fs';
import { generateFixture } from '../../src/fixtures/generate.ts';
import { createRoamingMock, type Fixture } from '../../src/index.ts';
import { saveSnapshot } from '../../src/node/snapshot-file.ts';

// Test helper process: hold a sizeable state and save it again and again until killed (kill -9 tests).
const file = process.argv[2]!;
const parts: string[] = [];
generateFixture({ users: 200, conversations: 600, messages: 30_000, seed: 7 }, { write: (s) => void parts.push(s) });
const mock = createRoamingMock({ fixture: JSON.parse(parts.join('')) as Fixture });
saveSnapshot(mock, file);
writeFileSync(`${file}.ready`, 'ready');
const t = mock.tenant('gen#chat');
const [a, b] = [...t.state.users.keys()];
for (let i = 0; ; i++) {
  t.send({ from: a!, to: b!, chatType: 'chat', type: 'txt', body: { msg: `write ${i}` } });
  saveSnapshot(mock, file);
}

import { createRoamingMock, type RoamingMock } from '../src/index.ts';

export const ORG = 'bench';
export const APP = 'roaming';
const T0 = Date.parse('2025-01-01T00:00:00Z');

/**
 * The benchmark world: alice and bob share a `threadSize`-message thread; alice has 100 conversations in all;
 * carol has 1,000 (conversationLimit is raised for the list benchmark).
 */
export function benchState(threadSize: number, create: typeof createRoamingMock = createRoamingMock): { mock: RoamingMock; deepStart: string; deleteIds: string[]; token: string } {
  const users = ['alice', 'bob', 'carol', ...Array.from({ length: 1000 }, (_, i) => `p${i}`)];
  const mock = create({
    now: T0 + threadSize * 1000 + 3_600_000,
    frozen: true,
    seed: 1,
    fixture: { version: 1, apps: [{ org: ORG, app: APP, config: { conversationLimit: 1000 }, users: users.map((username) => ({ username, password: 'pw' })) }] },
  });
  const t = mock.tenant(`${ORG}#${APP}`);
  for (let i = 0; i < threadSize; i++) {
    t.send({ from: i % 2 ? 'alice' : 'bob', to: i % 2 ? 'bob' : 'alice', chatType: 'chat', type: 'txt', body: { msg: `message number ${i} in the long thread` }, timestamp: T0 + i * 1000 });
  }
  const at = T0 + threadSize * 1000;
  for (let i = 0; i < 99; i++) t.send({ from: `p${i}`, to: 'alice', chatType: 'chat', type: 'txt', body: { msg: `hello alice from p${i}` }, timestamp: at + i });
  for (let i = 0; i < 1000; i++) t.send({ from: `p${i}`, to: 'carol', chatType: 'chat', type: 'txt', body: { msg: `hello carol from p${i}` }, timestamp: at + i });
  const thread = t.state.threads.get('chat:alice:bob')!.messages;
  // A page whose first message lies 100,000 back (or a tenth of the thread in quick runs).
  const depth = Math.min(100_000, Math.floor(threadSize / 10));
  const deepStart = thread[thread.length - 1 - depth]!.id;
  const deleteIds = thread.slice(thread.length - 10).map((m) => m.id);
  const token = mock.tokens.issue(t, 'alice').token;
  return { mock, deepStart, deleteIds, token };
}

export interface BenchRequest {
  name: string;
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: string;
}

export function benchRequests(deepStart: string, deleteIds: string[]): BenchRequest[] {
  return [
    { name: 'history page, 100,000 deep', method: 'POST', path: `/${ORG}/${APP}/users/alice/messageroaming`, body: JSON.stringify({ queue: 'bob@easemob.com', start: deepStart, pull_number: 20, is_positive: false, msgType: '' }) },
    { name: 'conversation list, first page of 100', method: 'GET', path: `/${ORG}/${APP}/sdk/user/alice/user_channels/list?limit=20&cursor=&need_mark=true` },
    { name: 'delete 10 ids', method: 'DELETE', path: `/${ORG}/${APP}/sdk/message/roaming/chat/user/alice?userId=bob&msgIdList=${deleteIds.join(',')}&resource=bench` },
  ];
}

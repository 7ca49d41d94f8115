import { readFileSync } from 'node:fs';
import { createRoamingMock } from '../src/index.ts';
const mock = createRoamingMock({ fixture: JSON.parse(readFileSync('fixtures/demo.json', 'utf8')), frozen: true });
const base = 'http://127.0.0.1:5280/demo/roaming';
const call = async (method: string, url: string, body?: unknown, token?: string) => {
  const res = await mock.fetch(new Request(url, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }));
  return { status: res.status, body: await res.json().catch(() => null) };
};
const tok = await call('POST', `${base}/token`, { grant_type: 'password', username: 'alice', password: 'alice-pw', timestamp: 1 });
console.log(tok.status, JSON.stringify(tok.body).slice(0, 200));
const t = (tok.body as any).access_token;
const list = await call('GET', `${base}/sdk/user/alice/user_channels/list?&limit=2&cursor=&need_mark=true&needEmptySession=false&_v=123`, undefined, t);
console.log(list.status, JSON.stringify(list.body).slice(0, 900));
const hist = await call('POST', `${base}/users/alice/messageroaming`, { queue: 'bob@easemob.com', start: -1, pull_number: 3, is_positive: false, msgType: '', end: -1, startTime: null, endTime: null, userId: null }, t);
console.log(hist.status, JSON.stringify(hist.body).slice(0, 600));
console.log(await call('GET', `${base}/sdk/user/bob/user_channels/list`, undefined, t));
console.log(await call('GET', `${base}/sdk/user/alice/user_channels/list?limit=99`, undefined, t));
console.log(await call('GET', `http://x/_mock/health`));
console.log((await call('DELETE', `http://x/_mock/health`)).body);

/**
 * npm run soak -- --minutes 5: 50 connections of mixed traffic (lists, history pages, deletes, REST sends,
 * control calls) plus SDK sockets sending over msync, against the standalone server in its own process.
 * Reports requests, errors, p99 per route, and the heap after GC at the start and the end.
 */
import { fork } from 'node:child_process';
import autocannon from 'autocannon';
import WebSocket from 'ws';
import { pb } from '../src/api/wire/proto.ts';
import { fmt } from './stats.ts';

const minutes = Number(process.argv[process.argv.indexOf('--minutes') + 1] ?? 1) || 1;
const seconds = Math.round(minutes * 60);
const child = fork('bench/soak-server.ts', [], { execArgv: ['--import', 'tsx', '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
type Ready = { port: number; wsUrl: string; users: string[]; tokens: Record<string, string>; app: string };
type Heap = { heap: number; messages: number; journal: number; journalLimit: number };
const ask = <T>(type: string): Promise<T> => new Promise((resolve) => {
  const on = (m: { type: string } & T): void => {
    if (m.type !== type) return;
    child.off('message', on);
    resolve(m);
  };
  child.on('message', on);
  if (type !== 'ready') child.send({ type });
});

const ready = await ask<Ready>('ready');
const base = `http://127.0.0.1:${ready.port}`;
const [u0, u1] = ready.users as [string, string];
const auth = (user: string) => ({ authorization: `Bearer ${ready.tokens[user]}`, 'content-type': 'application/json' });
const start = await ask<Heap>('heap');

// Each route gets its own connections, so each has its own latency figures; 50 in all.
const mixes: Array<{ name: string; connections: number; opts: Record<string, unknown> }> = [
  { name: 'list conversations', connections: 12, opts: { path: `/gen/chat/sdk/user/${u0}/user_channels/list?limit=20`, headers: auth(u0) } },
  { name: 'history page', connections: 12, opts: { method: 'POST', path: `/gen/chat/users/${u0}/messageroaming`, headers: auth(u0), body: JSON.stringify({ queue: `${u1}@easemob.com`, start: -1, pull_number: 20 }) } },
  { name: 'legacy list', connections: 6, opts: { path: `/gen/chat/users/${u1}/user_channels`, headers: auth(u1) } },
  { name: 'delete 10 ids', connections: 6, opts: { method: 'DELETE', path: `/gen/chat/sdk/message/roaming/chat/user/${u0}?userId=${u1}&msgIdList=${Array.from({ length: 10 }, (_, i) => 7_000_000_000_000_000_000n + BigInt(i)).join(',')}`, headers: auth(u0) } },
  { name: 'REST send', connections: 8, opts: { method: 'POST', path: '/gen/chat/messages/users', headers: { authorization: `Bearer ${ready.app}`, 'content-type': 'application/json' }, body: JSON.stringify({ from: 'admin', to: ready.users.slice(2, 5), type: 'txt', body: { msg: 'soak notice' } }) } },
  { name: 'control: health + journal', connections: 6, opts: { path: '/_mock/journal?status=500' } },
];

// SDK sockets: log in over msync and send a message every 20 ms each.
let sdkSent = 0;
let sdkAcked = 0;
let sdkRefused = 0;
const sockets = ready.users.slice(5, 15).map((user, i) => {
  const ws = new WebSocket(ready.wsUrl);
  ws.binaryType = 'arraybuffer';
  ws.on('open', () => {
    ws.send(pb.MSync.encode(pb.MSync.fromObject({ command: 3, guid: { appKey: 'gen#chat', name: user }, auth: `$t$${ready.tokens[user]}`, payload: pb.Provision.encode(pb.Provision.fromObject({ resource: `soak${i}` })).finish() })).finish());
  });
  ws.on('message', (data: ArrayBuffer) => {
    const m = pb.MSync.toObject(pb.MSync.decode(new Uint8Array(data)), { enums: Number }) as { command?: number; payload?: Uint8Array };
    if (m.command !== 0 || !m.payload) return;
    const dl = pb.CommSyncDL.toObject(pb.CommSyncDL.decode(m.payload), { longs: String }) as { metaId?: string; status?: { errorCode?: number } };
    if (dl.metaId) {
      if ((dl.status?.errorCode ?? 0) === 0) sdkAcked++;
      else sdkRefused++;
    }
  });
  const peer = ready.users[(i + 6) % ready.users.length]!;
  const timer = setInterval(() => {
    if (ws.readyState !== ws.OPEN) return;
    const body = pb.MessageBody.encode(pb.MessageBody.fromObject({ type: 1, from: { name: user }, to: { name: peer }, contents: [{ type: 0, text: `sdk ${sdkSent}` }] })).finish();
    const meta = { id: String(1_000_000 + sdkSent), to: { name: peer, domain: 'easemob.com' }, ns: 1, payload: body };
    ws.send(pb.MSync.encode(pb.MSync.fromObject({ command: 0, payload: pb.CommSyncUL.encode(pb.CommSyncUL.fromObject({ meta })).finish() })).finish());
    sdkSent++;
  }, 20);
  return { ws, timer };
});

console.error(`soaking for ${seconds} s: 50 HTTP connections + ${sockets.length} SDK sockets…`);
const results = await Promise.all(mixes.map(({ connections, opts: { path, ...rest } }) => autocannon({ url: `${base}${String(path)}`, connections, duration: seconds, ...rest })));
for (const s of sockets) {
  clearInterval(s.timer);
  s.ws.close();
}
await new Promise((r) => setTimeout(r, 500));
const end = await ask<Heap>('heap');
child.kill();

let requests = 0;
let errors = 0;
const lines = results.map((r, i) => {
  requests += r.requests.total;
  errors += r.errors + r.non2xx + r.timeouts;
  return `| ${mixes[i]!.name} | ${fmt(r.requests.total)} | ${r.errors + r.non2xx + r.timeouts} | ${r.latency.p50} | ${r.latency.p99} |`;
});
const added = end.messages - start.messages;
const out = [
  `### Soak: ${minutes} min, 50 connections + ${sockets.length} SDK sockets (${new Date().toISOString().slice(0, 10)}, Node ${process.version})`,
  '',
  '| route | requests | errors | p50 ms | p99 ms |',
  '|---|---|---|---|---|',
  ...lines,
  `| **all HTTP** | **${fmt(requests)}** | **${errors}** | | |`,
  `| SDK sends over msync | ${fmt(sdkSent)} sent | ${sdkRefused} refused | ${fmt(sdkAcked)} acked | |`,
  '',
  `Heap after GC: ${fmt(start.heap / 1e6, 1)} MB at the start (${fmt(start.messages)} messages) → ${fmt(end.heap / 1e6, 1)} MB at the end (${fmt(end.messages)} messages: ${fmt(added)} added).`,
  `Growth per added message: ${fmt(added > 0 ? (end.heap - start.heap) / added : 0)} B. Journal: ${end.journal} entries (bound ${end.journalLimit}).`,
];
console.log(out.join('\n'));
process.exit(errors === 0 && sdkRefused === 0 ? 0 : 1);

import { describe, expect, it } from 'vitest';
import { createRoamingMock } from '../../src/index.ts';
import { pb } from '../../src/api/wire/proto.ts';
import { gunzipSync } from 'node:zlib';
import { client, hourName } from '../support/http.ts';

const NOW = Date.parse('2026-02-01T00:00:00Z');

function setup() {
  const mock = createRoamingMock({
    now: NOW,
    frozen: true,
    fixture: {
      version: 1,
      apps: [{
        org: 'acme', app: 'chat',
        users: [{ username: 'ann' }, { username: 'ben' }],
        groups: [{ id: 'g1', owner: 'ann', members: ['ben'] }],
        messages: [
          { from: 'ben', to: 'ann', type: 'txt', body: { msg: '你好 👋' }, ext: { s: 'x', n: 7, f: 1.5, b: true, o: { k: [1] } }, at: '-5m' },
          { from: 'ben', to: 'ann', type: 'img', body: { url: 'http://f/i.png', filename: 'i.png', secret: 'sec', size: { width: 10, height: 20 }, file_length: 99 }, at: '-4m' },
          { from: 'ben', to: 'ann', type: 'loc', body: { lat: 1.5, lng: -2.25, addr: 'here' }, at: '-3m' },
          { from: 'ben', to: 'ann', type: 'custom', body: { customEvent: 'gift', customExts: { a: 'b' } }, at: '-2m' },
          { from: 'ben', to: 'g1', chatType: 'groupchat', type: 'cmd', body: { action: 'ping' }, at: '-1m' },
        ],
      }],
    },
  });
  const token = mock.tokens.issue(mock.tenant('acme#chat'), 'ann').token;
  return { mock, call: client(mock), token };
}

type Decoded = Record<string, any>;
function decodeMeta(b64: string): { meta: Decoded; body: Decoded } {
  const meta = pb.Meta.toObject(pb.Meta.decode(Buffer.from(b64, 'base64')), { longs: String, enums: Number, bytes: Buffer }) as Decoded;
  const body = pb.MessageBody.toObject(pb.MessageBody.decode(meta['payload']), { longs: String, enums: Number }) as Decoded;
  return { meta, body };
}

describe('wire: history messages are base64 protobuf easemob.pb.Meta (SPEC §4.1)', () => {
  it('R7: decodes to Meta{id, from, to, timestamp, ns CHAT, payload MessageBody} with typed contents and ext', async () => {
    const { call, token } = setup();
    const res = await call('POST', '/acme/chat/users/ann/messageroaming', { token, body: { queue: 'ben@easemob.com', start: -1, pull_number: 10, is_positive: true, msgType: '' } });
    expect(res.status).toBe(200);
    const msgs = (res.json.data.msgs as Array<{ msg: string }>).map((m) => decodeMeta(m.msg));
    expect(msgs).toHaveLength(4);
    const [txt, img, loc, custom] = msgs;
    expect(txt!.meta['id']).toMatch(/^\d{18,20}$/);
    expect(txt!.meta['from']).toEqual({ appKey: 'acme#chat', name: 'ben', domain: 'easemob.com' });
    expect(txt!.meta['to']).toEqual({ appKey: 'acme#chat', name: 'ann', domain: 'easemob.com' });
    expect(txt!.meta['timestamp']).toBe(String(NOW - 5 * 60_000));
    expect(txt!.meta['ns']).toBe(1);
    expect(txt!.body['type']).toBe(1);
    expect(txt!.body['from']).toEqual({ name: 'ben' });
    expect(txt!.body['contents']).toEqual([{ type: 0, text: '你好 👋' }]);
    const ext = Object.fromEntries((txt!.body['ext'] as Decoded[]).map((kv) => [kv['key'], kv]));
    expect(ext['s']).toMatchObject({ type: 7, stringValue: 'x' });
    expect(ext['n']).toMatchObject({ type: 4, varintValue: '7' });
    expect(ext['f']).toMatchObject({ type: 6, doubleValue: 1.5 });
    expect(ext['b']).toMatchObject({ type: 1, varintValue: '1' });
    expect(ext['o']).toMatchObject({ type: 8, stringValue: '{"k":[1]}' });
    expect(img!.body['contents'][0]).toMatchObject({ type: 1, remotePath: 'http://f/i.png', displayName: 'i.png', secretKey: 'sec', fileLength: 99, size: { width: 10, height: 20 } });
    expect(loc!.body['contents'][0]).toMatchObject({ type: 3, latitude: 1.5, longitude: -2.25, address: 'here' });
    expect(custom!.body['contents'][0]).toMatchObject({ type: 7, customEvent: 'gift', customExts: [{ key: 'a', type: 7, stringValue: 'b' }] });
    expect(txt!.body['contents'][0]).not.toHaveProperty('subType');
    expect(txt!.meta['to']).not.toHaveProperty('clientResource');
  });
  it('R7: group messages address conference.easemob.com and MessageBody type GROUPCHAT', async () => {
    const { call, token } = setup();
    const res = await call('POST', '/acme/chat/users/ann/messageroaming', { token, body: { queue: 'g1@conference.easemob.com', start: '-1', pull_number: 1 } });
    const { meta, body } = decodeMeta(res.json.data.msgs[0].msg);
    expect(meta['to']).toEqual({ appKey: 'acme#chat', name: 'g1', domain: 'conference.easemob.com' });
    expect(body['type']).toBe(2);
    expect(body['contents']).toEqual([{ type: 6, action: 'ping' }]);
    expect(res.json.data).toMatchObject({ is_last: true, next_key: '' });
  });
});

describe('wire: conversation lists (SPEC §3.1)', () => {
  it('R4: ChannelInfo carries RestMeta whose payload is a JSON string of {bodies, ext, from, to, type}', async () => {
    const { call, token } = setup();
    const res = await call('GET', '/acme/chat/sdk/user/ann/user_channels/list?limit=1&need_mark=true', { token });
    const [info] = res.json.data.channel_infos;
    expect(info).toMatchObject({ session_to: 'g1', session_type: 'groupchat', is_top: false, update_top_status_time: 0, unread_num: 1, marks: [] });
    expect(typeof info.meta.payload).toBe('string');
    expect(info.meta).toMatchObject({ from: 'acme#chat_ben@easemob.com', to: 'acme#chat_g1@conference.easemob.com', timestamp: NOW - 60_000 });
    expect(JSON.parse(info.meta.payload)).toEqual({ bodies: [{ type: 'cmd', action: 'ping' }], ext: {}, from: 'ben', to: 'g1', type: 'groupchat' });
  });
  it('R4: a conversation with no visible message has meta {} (needEmptySession)', async () => {
    const { call, token } = setup();
    // A mark lists the conversation (empty); only a listed conversation can be pinned (SPEC-2 Q4).
    await call('POST', '/acme/chat/sdk/user/ann/user_channels/mark', { token, body: { mark: 'mark_1', targets: [{ type: 'chat', to: 'ann' }] } });
    await call('POST', '/acme/chat/sdk/user/ann/user_channel/top', { token, body: { type: 'chat', to: 'ann' } });
    const res = await call('GET', '/acme/chat/sdk/user/ann/user_channels/list?needEmptySession=true', { token });
    const empty = (res.json.data.channel_infos as Array<Record<string, unknown>>).find((c) => c['session_to'] === 'ann');
    expect(empty).toMatchObject({ meta: {}, is_top: true });
  });
  it('REST envelopes carry action, application, organization, uri, path, data, timestamp, duration', async () => {
    const { call, token } = setup();
    const res = await call('GET', '/acme/chat/users/ann/user_channels', { token });
    expect(res.json).toMatchObject({
      action: 'get', applicationName: 'chat', organization: 'acme',
      uri: 'http://roaming.test/acme/chat/users/ann/user_channels', path: '/users/ann/user_channels',
      timestamp: NOW, duration: 0,
    });
    expect(res.json.application).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(res.json.data.channel_infos[0]).toMatchObject({ channel_id: 'acme#chat_g1@conference.easemob.com', unread_num: 1 });
  });
  it('history files: the hour URL serves that hour as gzip JSON lines (SPEC-2 R52)', async () => {
    const { call, mock } = setup();
    const app = mock.tokens.issue(mock.tenant('acme#chat'), undefined).token;
    const list = await call('GET', `/acme/chat/chatmessages/${hourName(NOW - 3600_000)}`, { token: app });
    const url = new URL(list.json.data[0].url);
    const file = await mock.fetch(new Request(`http://roaming.test${url.pathname}${url.search}`));
    const lines = gunzipSync(Buffer.from(await file.arrayBuffer())).toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({ from: 'ben', to: 'ann', chat_type: 'chat', payload: { bodies: [{ type: 'txt', msg: '你好 👋' }] } });
  });
});

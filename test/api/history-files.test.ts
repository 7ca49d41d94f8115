import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { client, hourName } from '../support/http.ts';
import { T0, say, world } from '../support/world.ts';

/** SPEC-2 §L: history files — Beijing hours by default, 404 for an empty hour, gzip, signed expiring URLs. */
function setup(config: Record<string, unknown> = {}) {
  const w = world(config);
  const app = w.mock.tokens.issue(w.t, undefined).token;
  const call = client(w.mock);
  const list = (time: string) => call('GET', `/demo/roaming/chatmessages/${time}`, { token: app });
  const file = async (time: string) => {
    const url = new URL((await list(time)).json.data[0].url);
    const res = await w.mock.fetch(new Request(`http://roaming.test${url.pathname}${url.search}`));
    return { res, lines: gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8').trim().split('\n').map((l) => JSON.parse(l)) };
  };
  return { ...w, list, file };
}

describe('R50: the hour is named in historyFileTimeZone', () => {
  it('R50: default "+08:00" — 2026011520 (Beijing) is 12:00–13:00 UTC; "+00:00" names it 2026011512', async () => {
    const { t, tick, file } = setup();
    say(t, tick, 'bob', 'alice', 'noon UTC');
    expect(hourName(T0)).toBe('2026011520');
    expect((await file('2026011520')).lines.map((r) => r.payload.bodies[0].msg)).toEqual(['noon UTC']);
    t.configure({ historyFileTimeZone: '+00:00' });
    expect((await file('2026011512')).lines).toHaveLength(1);
  });
  it('R50: historyFileTimeZone is validated (a bad value names the key and the form)', () => {
    const { t } = setup();
    expect(() => t.configure({ historyFileTimeZone: 'Asia/Shanghai' })).toThrow(/historyFileTimeZone: must be a UTC offset "±HH:MM"/);
    expect(() => t.configure({ historyFileTimeZone: '+15:00' })).toThrow(/historyFileTimeZone/);
    expect(t.config().historyFileTimeZone).toBe('+08:00');
  });
});

describe('R51: answers', () => {
  it('R51: 200 {data: [{url: …?Expires=…&Signature=…}]} for an hour with messages', async () => {
    const { t, tick, list } = setup();
    say(t, tick, 'bob', 'alice', 'x');
    const res = await list(hourName(T0));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ action: 'get', organization: 'demo', applicationName: 'roaming' });
    expect(res.json.data[0].url).toMatch(/\/_mock\/files\/chatmessages\/demo\/roaming\/2026011520\?Expires=\d+&Signature=[0-9a-f]{64}$/);
  });
  it('R51: malformed time → 400 "illegal arguments: appkey: …, time: …"', async () => {
    const { list } = setup();
    for (const bad of ['2026011', '2026013220', '2026011524']) {
      const res = await list(bad);
      expect([res.status, res.json.error]).toEqual([400, 'illegal_argument']);
      expect(res.json.error_description).toContain(`illegal arguments: appkey: demo#roaming, time: ${bad}`);
    }
  });
  it('R51: older than historyFileDays, or not started yet → 400 "maybe chat message history is expired or unstored"', async () => {
    const { t, tick, list } = setup({ historyFileDays: 2 });
    say(t, tick, 'bob', 'alice', 'x');
    for (const time of [hourName(T0 - 2 * 86_400_000 - 3_600_000), hourName(T0 + 3_600_000)]) {
      const res = await list(time);
      expect(res.status).toBe(400);
      expect(res.json.error_description).toContain(`time: ${time}, maybe chat message history is expired or unstored`);
    }
    expect((await list(hourName(T0 - 2 * 86_400_000 + 3_600_000))).status).toBe(404);
  });
  it('R51: historyFileDelaySeconds > 0 refuses an hour that has not been over that long', async () => {
    const { t, tick, list, mock } = setup({ historyFileDelaySeconds: 3600 });
    say(t, tick, 'bob', 'alice', 'x');
    expect((await list(hourName(T0))).status).toBe(400);
    mock.clock.advance(2 * 3_600_000);
    expect((await list(hourName(T0))).status).toBe(200);
  });
  it('R51: an hour in range with no message → 404 storage_object_not_found', async () => {
    const { list } = setup();
    const res = await list(hourName(T0 - 3_600_000));
    expect([res.status, res.json.error]).toEqual([404, 'storage_object_not_found']);
    expect(res.json.error_description).toBe(`time: Failed to find chat message history download url for appkey: demo#roaming, time: ${hourName(T0 - 3_600_000)}`);
  });
});

describe('R52: the file', () => {
  it('R52: gzip bytes, Content-Type application/gzip, one record per line, every conversation in time order; one-way deletes do not change it', async () => {
    const { t, tick, file } = setup();
    const a = say(t, tick, 'bob', 'alice', 'a');
    say(t, tick, 'carol', 'team', 'g', 'groupchat');
    say(t, tick, 'bob', 'lobby', 'r', 'chatroom');
    t.send({ from: 'admin', to: 'alice', chatType: 'chat', type: 'custom', body: { customEvent: 'e', customExts: { k: 'v' } }, via: 'rest' });
    t.deleteMessages('alice', 'chat', 'bob', [a.id]);
    const { res, lines } = await file(hourName(T0));
    expect(res.headers.get('content-type')).toBe('application/gzip');
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(lines.map((r) => r.chat_type)).toEqual(['chat', 'groupchat', 'chatroom', 'chat']);
    expect(lines[0]).toEqual({ msg_id: a.id, timestamp: a.timestamp, direction: 'outgoing', to: 'alice', from: 'bob', chat_type: 'chat', payload: { bodies: [{ type: 'txt', msg: 'a' }], ext: {}, from: 'bob', to: 'alice' } });
    expect(lines[3].payload.bodies[0]).toEqual({ type: 'custom', customEvent: 'e', customExts: [{ k: 'v' }], 'v2:customExts': { k: 'v' } });
  });
  it('R52, Q5: the URL expires on the mock clock (403 after)', async () => {
    const { t, tick, list, mock } = setup();
    say(t, tick, 'bob', 'alice', 'x');
    const url = new URL((await list(hourName(T0))).json.data[0].url);
    mock.clock.advance(3_600_000);
    const res = await mock.fetch(new Request(`http://roaming.test${url.pathname}${url.search}`));
    expect(res.status).toBe(403);
  });
});

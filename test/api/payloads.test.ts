import { describe, expect, it } from 'vitest';
import { pb } from '../../src/api/wire/proto.ts';
import { historyMeta, restMeta } from '../../src/api/wire/meta.ts';
import { historyRecord } from '../../src/api/wire/record.ts';
import type { Message } from '../../src/core/model.ts';
import { world } from '../support/world.ts';

/** SPEC-2 §J: RestMeta payloads and protobuf bodies, as the Web SDK's parsers need them. */
const decode = (m: Message) => {
  const meta = pb.Meta.decode(Buffer.from(historyMeta('demo#roaming', m), 'base64'));
  return pb.MessageBody.decode((meta as any).payload) as any;
};
const payload = (m: Message) => JSON.parse((restMeta('demo#roaming', m) as { payload: string }).payload);
/** A stored message as a plain object with some fields changed (stored messages keep their content as text, #18). */
const withFields = (m: Message, fields: Record<string, unknown>): Message =>
  ({ id: m.id, from: m.from, to: m.to, chatType: m.chatType, type: m.type, body: m.body, ext: m.ext, timestamp: m.timestamp, via: m.via, writesConversation: m.writesConversation, ...fields }) as Message;

describe('R42: general', () => {
  it('R42: payload is a JSON string with bodies, ext (always an object), from, to and type', () => {
    const { t } = world();
    const m = t.send({ from: 'bob', to: 'alice', chatType: 'chat', type: 'file', body: { url: 'u', filename: 'f' } });
    expect(payload(m)).toEqual({ bodies: [{ type: 'file', url: 'u', filename: 'f' }], ext: {}, from: 'bob', to: 'alice', type: 'chat' });
  });
  it('R42: img keeps size; sub_gif becomes SubType GIF on the protobuf', () => {
    const { t } = world();
    const gif = t.send({ from: 'bob', to: 'alice', chatType: 'chat', type: 'img', body: { url: 'u', size: { width: 1, height: 2 }, subType: 'sub_gif' } });
    expect(payload(gif).bodies[0]).toMatchObject({ type: 'img', size: { width: 1, height: 2 }, subType: 'sub_gif' });
    const content = decode(gif).contents[0];
    expect(Object.hasOwn(content, 'subType')).toBe(true);
    expect(content.subType).toBe(1);
  });
});

describe('R43: combine', () => {
  it('R43: RestMeta body is txt + subType sub_combine with the compatible text in msg', () => {
    const { t } = world();
    const m = t.send({ from: 'bob', to: 'alice', chatType: 'chat', type: 'combine', body: { title: '聊天记录', summary: 's', compatibleText: 'old client', url: 'u', secret: 'x', filename: 'c', file_length: 550, combineLevel: 1 } });
    expect(payload(m).bodies).toEqual([{ type: 'txt', subType: 'sub_combine', msg: 'old client', title: '聊天记录', summary: 's', url: 'u', secret: 'x', filename: 'c', file_length: 550, combineLevel: 1 }]);
  });
  it('R43: protobuf Content is TEXT with subType COMBINE encoded (0 on the wire); plain text has no subType', () => {
    const { t } = world();
    const combine = decode(t.send({ from: 'bob', to: 'alice', chatType: 'chat', type: 'combine', body: { compatibleText: 'old', title: 'T' } })).contents[0];
    expect(combine.type).toBe(0);
    expect(Object.hasOwn(combine, 'subType')).toBe(true);
    expect(combine).toMatchObject({ subType: 0, text: 'old', title: 'T' });
    const text = decode(t.send({ from: 'bob', to: 'alice', chatType: 'chat', type: 'txt', body: { msg: 'hi' } })).contents[0];
    expect(Object.hasOwn(text, 'subType')).toBe(false);
  });
});

describe('R44: custom', () => {
  it('R44: customExts as an array of one-pair objects in the map\'s key order, plus v2:customExts as the map', () => {
    const { t } = world();
    const m = t.send({ from: 'bob', to: 'alice', chatType: 'chat', type: 'custom', body: { customEvent: 'gift_1', customExts: { name: 'flower', size: '16' } } });
    expect(payload(m).bodies[0]).toEqual({ type: 'custom', customEvent: 'gift_1', customExts: [{ name: 'flower' }, { size: '16' }], 'v2:customExts': { name: 'flower', size: '16' } });
    expect(decode(m).contents[0].customExts.map((kv: any) => [kv.key, kv.stringValue])).toEqual([['name', 'flower'], ['size', '16']]);
  });
});

describe('R45, R46: meta.edit_msg and msgConfig', () => {
  it('R45: an edited message carries payload.meta.edit_msg {edit_time, operator, count} (RestMeta, history records, v6)', () => {
    const { t } = world();
    const sent = t.send({ from: 'bob', to: 'alice', chatType: 'chat', type: 'txt', body: { msg: 'v2' } });
    // The edit record as SPEC-2 §O names it (written by the rewrite rules, R30–R33).
    const edited = withFields(sent, { edit: { count: 1, operator: 'user1', at: sent.timestamp + 5 } });
    expect(payload(edited).meta).toEqual({ edit_msg: { edit_time: sent.timestamp + 5, operator: 'user1', count: 1 } });
    expect((historyRecord(edited)['payload'] as any).meta.edit_msg.count).toBe(1);
    expect(payload(sent)).not.toHaveProperty('meta');
  });
  it('R46: protobuf MessageBody.meta is the JSON string with sender, send_time and chat_type; unedited messages have none', () => {
    const { t } = world();
    const sent = t.send({ from: 'bob', to: 'team', chatType: 'groupchat', type: 'txt', body: { msg: 'v2' } });
    const edited = withFields(sent, { edit: { count: 2, operator: 'alice', at: 99 } });
    expect(JSON.parse(decode(edited).meta)).toEqual({ edit_msg: { edit_time: 99, operator: 'alice', count: 2, sender: 'bob', send_time: sent.timestamp, chat_type: 'chat:group' } });
    expect(Object.hasOwn(decode(sent), 'meta')).toBe(false);
  });
  it('R45, R46: a group message sent with group acks carries msgConfig {allowGroupAck: true}', () => {
    const { t } = world();
    const sent = t.send({ from: 'bob', to: 'team', chatType: 'groupchat', type: 'txt', body: { msg: 'ack me' } });
    const acked = withFields(sent, { needGroupAck: true });
    expect(payload(acked).msgConfig).toEqual({ allowGroupAck: true });
    expect(decode(acked).msgConfig).toMatchObject({ allowGroupAck: true });
    expect(payload(sent)).not.toHaveProperty('msgConfig');
  });
});

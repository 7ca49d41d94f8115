import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MESSAGE_TYPES } from '../../src/core/model.ts';
import { StoredMessage } from '../../src/core/stored-message.ts';
import { CLOCK_LIMIT_MS } from '../../src/core/clock.ts';

/** Issue #18: the packed stored message gives back exactly what it was given. */
describe('StoredMessage (#18: packed fields, content as text)', () => {
  it('kinds and time round-trip for every value a clock may hold', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: CLOCK_LIMIT_MS }), fc.constantFrom('chat', 'groupchat', 'chatroom' as const), fc.constantFrom(...MESSAGE_TYPES),
        fc.constantFrom('sdk', 'rest', 'import' as const), fc.boolean(),
        (ts, chatType, type, via, writes) => {
          const m = new StoredMessage('7', 'a', 'b', chatType, type, '{"msg":"x"}', '', ts, via, writes, undefined, undefined, undefined);
          expect([m.timestamp, m.chatType, m.type, m.via, m.writesConversation]).toEqual([ts, chatType, type, via, writes]);
        },
      ),
    );
  });

  it('body and ext are parsed afresh on each read; assigning them (an edit) replaces the text', () => {
    const m = new StoredMessage('7', 'a', 'b', 'chat', 'txt', JSON.stringify({ msg: '你好 😀' }), '{}', 1, 'sdk', true, undefined, undefined, undefined);
    expect(m.body).toEqual({ msg: '你好 😀' });
    expect(m.body).not.toBe(m.body);
    (m.body as { msg: string }).msg = 'mutated';
    expect(m.body).toEqual({ msg: '你好 😀' });
    expect(m.ext).toEqual({});
    expect(m.extJson).toBe('{}');
    m.body = { msg: 'v2' };
    m.ext = { k: [1, { d: null }] };
    expect([m.bodyJson, m.extJson]).toEqual(['{"msg":"v2"}', '{"k":[1,{"d":null}]}']);
    m.ext = {};
    expect(m.extJson).toBe('{}');
  });

  it('rare fields: roam_ignore, directed users and edit info keep their identity (wire caches compare edit)', () => {
    const edit = { count: 1, operator: 'a', at: 5 };
    const m = new StoredMessage('7', 'a', 'g', 'groupchat', 'txt', '{}', '{"x":1}', 1, 'rest', false, ['b'], ['c'], edit);
    expect([m.roamIgnore, m.directedUsers, m.edit, m.ext]).toEqual([['b'], ['c'], edit, { x: 1 }]);
    expect(m.edit).toBe(edit);
    const next = { count: 2, operator: 'b', at: 6 };
    m.edit = next;
    expect(m.edit).toBe(next);
  });

  it('JSON.stringify gives the plain message', () => {
    const m = new StoredMessage('7', 'a', 'b', 'chat', 'txt', '{"msg":"x"}', '{}', 1_700_000_000_123, 'rest', false, ['b'], undefined, undefined);
    expect(JSON.parse(JSON.stringify(m))).toEqual({
      id: '7', from: 'a', to: 'b', chatType: 'chat', type: 'txt', body: { msg: 'x' }, ext: {}, timestamp: 1_700_000_000_123, via: 'rest', writesConversation: false, roamIgnore: ['b'],
    });
  });
});

// A Jest 30 test with the default config (CommonJS): require the package and exercise the engine and mock.fetch.
// Copied into the consumer project as roaming.test.js.
const { createRoamingMock } = require('roaming-mock');
const { decodeHistoryMessage } = require('roaming-mock/client');
const demo = require('roaming-mock/fixtures/demo.json');

describe('roaming-mock under jest', () => {
  const mock = createRoamingMock({ fixture: demo, frozen: true, seed: 3 });
  let tenant;
  beforeEach(() => {
    mock.reset();
    tenant = mock.tenant('demo#roaming'); // reset() rebuilds the tenants: take a fresh handle
  });

  test('the engine lists alice\'s conversations, pinned first', () => {
    expect(tenant.conversations('alice').conversations.map((c) => c.id)).toEqual(['bob', 'team', 'dave', 'carol']);
  });

  test('history pages through mock.fetch decode to the stored messages', async () => {
    const { token } = mock.tokens.issue(tenant, 'alice');
    const res = await mock.fetch(new Request('http://im.test/demo/roaming/users/alice/messageroaming', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ queue: 'bob@easemob.com', start: -1, pull_number: 3, is_positive: false, msgType: '' }),
    }));
    expect(res.status).toBe(200);
    const { data } = await res.json();
    expect(data.is_last).toBe(false);
    const ids = data.msgs.map((m) => decodeHistoryMessage(m.msg).id);
    expect(ids).toEqual(tenant.history('alice', { chatType: 'chat', id: 'bob', pageSize: 3 }).messages.map((m) => m.id));
  });

  test('a message sent to the engine shows up, and reset() forgets it', () => {
    tenant.send({ from: 'dave', to: 'alice', chatType: 'chat', type: 'txt', body: { msg: 'from jest' } });
    expect(tenant.conversations('alice').conversations.find((c) => c.id === 'dave').unread).toBe(6);
    mock.reset();
    expect(mock.tenant('demo#roaming').conversations('alice').conversations.find((c) => c.id === 'dave').unread).toBe(5);
  });
});

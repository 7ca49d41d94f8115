import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { createRoamingMock, type RoamingMock } from '../../src/index.ts';
import { startServer } from '../../src/adapters/server.ts';
import { roamingMiddleware } from '../../src/adapters/express.ts';
import { verifyProvider, PACT_TOKENS } from '../../src/contracts/index.ts';
import { CLI } from '../support/cli.ts';

const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const closeServer = (server: Server) => new Promise<void>((r) => {
  server.close(() => r());
  server.closeAllConnections();
});

/** A provider to verify: a mock behind some door; `stateUrl` is its state endpoint. */
async function withProvider<T>(door: 'server' | 'express', mock: RoamingMock, fn: (url: string) => Promise<T>): Promise<T> {
  if (door === 'server') {
    const running = await startServer(mock, { port: 0 });
    try {
      return await fn(running.url);
    } finally {
      await running.close();
    }
  }
  const app = express();
  app.use(express.json());
  app.use(roamingMiddleware(mock));
  const server = createServer(app);
  const url = await listen(server);
  try {
    return await fn(url);
  } finally {
    await closeServer(server);
  }
}

/** Forward to `target`, dropping the last conversation of every list page: an off-by-one provider. */
function offByOneProxy(target: string): Server {
  return createServer((req, res) => {
    const up = request(target + (req.url ?? ''), { method: req.method, headers: req.headers }, (r) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => {
        let body = Buffer.concat(chunks).toString('utf8');
        if (req.url?.includes('/user_channels') && r.statusCode === 200) {
          const json = JSON.parse(body) as { data?: { channel_infos?: unknown[] } };
          json.data?.channel_infos?.pop();
          body = JSON.stringify(json);
        }
        res.writeHead(r.statusCode ?? 500, { 'content-type': r.headers['content-type'] ?? 'application/json' });
        res.end(body);
      });
    });
    req.pipe(up);
  });
}

describe('roaming-mock verify: the bundled contract', () => {
  it.each(['server', 'express'] as const)('verifies against the mock behind the %s door', async (door) => {
    const result = await withProvider(door, createRoamingMock({}), (url) => verifyProvider({ providerBaseUrl: url, stateChangeUrl: `${url}/_mock/provider-states` }));
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
  });
  it('verifies with no options (built-in mock, bundled contracts)', async () => {
    expect(await verifyProvider({})).toEqual({ ok: true });
  });
});

describe('roaming-mock verify: broken providers fail, naming the interaction', () => {
  it('an off-by-one page', async () => {
    const result = await withProvider('server', createRoamingMock({}), async (url) => {
      const proxy = offByOneProxy(url);
      const proxyUrl = await listen(proxy);
      try {
        return await verifyProvider({ providerBaseUrl: proxyUrl, stateChangeUrl: `${url}/_mock/provider-states` });
      } finally {
        await closeServer(proxy);
      }
    });
    expect(result.ok).toBe(false);
    expect(result.error).toContain("the first page (2) of alice's conversations");
  });
  it('a delete of 51 ids accepted', async () => {
    const result = await withProvider('server', createRoamingMock({ config: { deleteIdsLimit: 51 } }), (url) => verifyProvider({ providerBaseUrl: url, stateChangeUrl: `${url}/_mock/provider-states` }));
    expect(result.ok).toBe(false);
    expect(result.error).toContain('a delete of 51 message ids');
  });
  it('a REST message that writes the conversation', async () => {
    const result = await withProvider('server', createRoamingMock({ config: { restMessagesWriteConversation: true } }), (url) => verifyProvider({ providerBaseUrl: url, stateChangeUrl: `${url}/_mock/provider-states` }));
    expect(result.ok).toBe(false);
    expect(result.error).toContain("alice's conversations after REST sends only");
  });
});

describe('a third-party pact (an SDK team\'s own) verifies against the mock', () => {
  it('with its own interactions and states from the vocabulary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'third-party-'));
    const file = join(dir, 'acme-app-roaming-service.json');
    writeFileSync(file, JSON.stringify({
      consumer: { name: 'acme-app' },
      provider: { name: 'roaming-service' },
      interactions: [
        {
          description: 'bob fetches the 3 newest messages with carol',
          providerStates: [{ name: 'bob and carol have 7 messages', params: { a: 'bob', b: 'carol', count: 7 } }],
          request: { method: 'POST', path: '/pact/roaming/users/bob/messageroaming', headers: { Authorization: `Bearer ${PACT_TOKENS.bob}`, 'Content-Type': 'application/json' }, body: { queue: 'carol@easemob.com', start: -1, pull_number: 3 } },
          response: {
            status: 200,
            body: { data: { msgs: [{ msg: 'AAAA' }, { msg: 'AAAA' }, { msg: 'AAAA' }], is_last: false, next_key: '1' } },
            matchingRules: { body: { '$.data.msgs[*].msg': { matchers: [{ match: 'regex', regex: '^[A-Za-z0-9+/]+=*$' }] }, '$.data.next_key': { matchers: [{ match: 'regex', regex: '^\\d+$' }] } } },
          },
        },
        {
          description: 'carol, with a token of our own choosing, lists her conversations',
          providerStates: [{ name: 'carol has the token acme-token-123' }, { name: 'group team has 2 messages' }],
          request: { method: 'GET', path: '/pact/roaming/users/carol/user_channels', headers: { Authorization: 'Bearer acme-token-123' } },
          response: {
            status: 200,
            body: { data: { channel_infos: [{ channel_id: 'pact#roaming_team@conference.easemob.com', unread_num: 2, meta: { id: '1' } }] } },
            matchingRules: { body: { '$.data.channel_infos[0].meta': { matchers: [{ match: 'type' }] } } },
          },
        },
        {
          description: 'alice, after deleting older messages, fetches what is left',
          providerStates: [{ name: 'alice deleted messages before -65s' }],
          request: { method: 'POST', path: '/pact/roaming/users/alice/messageroaming', headers: { Authorization: `Bearer ${PACT_TOKENS.alice}`, 'Content-Type': 'application/json' }, body: { queue: 'bob@easemob.com', start: -1, pull_number: 50 } },
          response: {
            status: 200,
            body: { data: { msgs: [{ msg: 'AAAA' }, { msg: 'AAAA' }, { msg: 'AAAA' }, { msg: 'AAAA' }], is_last: true, next_key: '' } },
            matchingRules: { body: { '$.data.msgs[*].msg': { matchers: [{ match: 'regex', regex: '^[A-Za-z0-9+/]+=*$' }] } } },
          },
        },
      ],
      metadata: { pactSpecification: { version: '3.0.0' } },
    }));
    const result = await withProvider('server', createRoamingMock({}), (url) =>
      verifyProvider({ pacts: [file], provider: 'roaming-service', providerBaseUrl: url, stateChangeUrl: `${url}/_mock/provider-states` }),
    );
    // Both states of the second interaction hold: carol's own token, and the group's 2 messages (from alice and bob).
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
  });
});

describe('roaming-mock verify (CLI)', () => {
  it('exit 0 on the bundled contracts; 2 on bad usage', () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, [...CLI, 'verify', ...args], { encoding: 'utf8', timeout: 120_000 });
    const ok = cli();
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('verification passed');
    expect(cli('--pact', '/nonexistent').status).toBe(2);
    expect(cli('--header', 'no-colon').status).toBe(2);
  }, 240_000);
});

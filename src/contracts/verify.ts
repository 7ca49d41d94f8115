import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../adapters/server.ts';
import { createRoamingMock } from '../mock.ts';
import { loadPeer } from '../node/optional-peer.ts';
import { packageFile } from '../node/package-files.ts';

/** The contracts this package publishes. */
export const BUNDLED_CONTRACTS = packageFile('contracts');

export interface VerifyOptions {
  /** Pact files or folders of them. Default: the bundled contracts. */
  pacts?: string[];
  /** The server to verify. Default: the built-in mock, started here on a free loopback port. */
  providerBaseUrl?: string;
  /** Pact's state-change endpoint. Default with the built-in mock: its `/_mock/provider-states`. */
  stateChangeUrl?: string;
  /** `Name: value` headers that replace the contract's (a real server needs a real `Authorization`). */
  headers?: string[];
  /** Name of the provider in the pacts. Default `roaming-service`. */
  provider?: string;
  brokerUrl?: string;
  brokerToken?: string;
  /** Publish the verification result to the broker (needs `providerVersion`). */
  publish?: boolean;
  providerVersion?: string;
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error';
}

export class VerifyUsageError extends Error {}

/** Files or folders → the pact files in them. */
export function pactFiles(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (!existsSync(p)) throw new VerifyUsageError(`--pact ${p}: no such file or folder`);
    if (statSync(p).isDirectory()) {
      for (const f of readdirSync(p).sort()) if (f.endsWith('.json')) out.push(join(p, f));
    } else out.push(p);
  }
  return out;
}

function checkHeaders(headers: string[]): string[] {
  for (const h of headers) if (!/^[A-Za-z0-9-]+:\s*\S/.test(h)) throw new VerifyUsageError(`--header ${JSON.stringify(h)}: must be "Name: value"`);
  return headers;
}

/** A Pact state handler (structurally: Pact's types stay out of this package's declarations, Pact being optional). */
type StateParams = unknown;
type StateHandler = Record<'setup' | 'teardown', (params?: StateParams) => Promise<Record<string, never> | undefined>>;

/**
 * Pact 16's state hooks (its `providerStatesSetupUrl` is deprecated) for a state-change URL: every state, whatever
 * its name — the vocabulary is templated (`{user} deleted messages before {time}`) and broker pacts bring their
 * own — is posted there as `{state, params, action}`, the body Pact's own state-change requests carry.
 */
function forwardStates(url: string): Record<string, StateHandler> {
  const post = async (state: string, params: StateParams, action: 'setup' | 'teardown') => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ state, params: params ?? {}, action }) });
    const text = await res.text();
    if (!res.ok) throw new Error(`provider state "${state}" (${action}) failed: ${res.status} ${text}`);
    const body: unknown = text ? JSON.parse(text) : undefined;
    return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, never>) : undefined;
  };
  return new Proxy({} as Record<string, StateHandler>, {
    get: (_target, state) => (typeof state === 'string' ? { setup: (p: StateParams) => post(state, p, 'setup'), teardown: (p: StateParams) => post(state, p, 'teardown') } : undefined),
  });
}

/**
 * Verify pacts against a provider: by default the bundled contracts against the built-in mock. The Pact
 * verifier prints a report per interaction; the result says whether all of them passed.
 */
export async function verifyProvider(options: VerifyOptions = {}): Promise<{ ok: boolean; error?: string }> {
  const headers = checkHeaders(options.headers ?? []);
  const files = options.pacts ? pactFiles(options.pacts) : options.brokerUrl ? [] : pactFiles([BUNDLED_CONTRACTS]);
  if (files.length === 0 && !options.brokerUrl) throw new VerifyUsageError('no pact files found (give --pact FILE|DIR or --broker-url)');
  if (options.publish && !options.providerVersion) throw new VerifyUsageError('--publish needs --provider-version');
  // Pact is an optional peer (46 MB): loaded only here.
  const { Verifier } = await loadPeer('@pact-foundation/pact', 'Pact verification (roaming-mock verify)', '^16', () => import('@pact-foundation/pact'));
  let close: (() => Promise<void>) | undefined;
  let baseUrl = options.providerBaseUrl;
  let stateUrl = options.stateChangeUrl;
  if (!baseUrl) {
    const running = await startServer(createRoamingMock({}), { port: 0 });
    close = () => running.close();
    baseUrl = running.url;
    stateUrl ??= `${running.url}/_mock/provider-states`;
  }
  try {
    await new Verifier({
      provider: options.provider ?? 'roaming-service',
      providerBaseUrl: baseUrl,
      ...(files.length > 0 ? { pactUrls: files } : {}),
      // Pact's option type intersects HTTP and message state handlers; these are the HTTP kind.
      ...(stateUrl ? { stateHandlers: forwardStates(stateUrl) as never } : {}),
      ...(headers.length > 0 ? { customProviderHeaders: headers } : {}),
      ...(options.brokerUrl ? { pactBrokerUrl: options.brokerUrl } : {}),
      ...(options.brokerToken ? { pactBrokerToken: options.brokerToken } : {}),
      ...(options.publish ? { publishVerificationResult: true, providerVersion: options.providerVersion! } : {}),
      logLevel: options.logLevel ?? 'warn',
    }).verifyProvider();
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    await close?.();
  }
}

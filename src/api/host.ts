import type { Engine } from '../core/engine.ts';
import type { TenantApi } from '../core/tenant-api.ts';
import type { FixtureInput } from '../fixtures/types.ts';
import type { TokenStore } from './auth.ts';
import type { FaultRules } from './faults.ts';
import type { Journal } from './journal.ts';

/**
 * What the routes and the msync hub need of the mock — the engine's clock and tenants, tokens, faults, the
 * journal, load and reset, stats — and nothing more: the API layer depends on this, `mock.ts` provides it.
 */
export interface MockHost extends Pick<Engine, 'clock' | 'seed' | 'tenant' | 'findTenant' | 'tenants' | 'createTenant' | 'removeTenant' | 'onMessage' | 'stats'> {
  load(fixture: FixtureInput, options?: { mode?: 'replace' | 'merge' }): TenantApi[];
  reset(options?: { empty?: boolean; tenant?: string; clock?: boolean }): void;
  readonly tokens: TokenStore;
  readonly faults: FaultRules;
  readonly journal: Journal;
  /** Requests served outside the control plane so far. */
  readonly traffic: { requests: number };
  /** Set by `serve --snapshot FILE`: `POST /_mock/snapshot/save` calls it. */
  snapshotSaver: (() => { file: string; bytes: number }) | undefined;
}

import type { Tenant } from './model.ts';

/**
 * What every cache derived from a tenant's state is keyed on (ranked lists here, rendered pages in the API):
 * the change counter every tenant-API call and fixture load bumps. One function, so a test can plant a missed
 * invalidation in every cache at once and see the model-based test fail.
 */
export function cacheStamp(t: Tenant): number {
  return t.version;
}

/**
 * R20(b): with messageRetentionDays set, what a reader sees changes as the clock alone moves (messages expire), so
 * caches keyed on the stamp must also key on the time.
 */
export function clockDependent(t: Tenant): boolean {
  return t.config.messageRetentionDays !== null;
}

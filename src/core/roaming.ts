import { RoamingError } from './errors.ts';
import type { Tenant } from './model.ts';

/** Which door a call came through: R1 answers differently on the SDK-facing and the REST endpoints. */
export type Door = 'sdk' | 'rest';

/** R1: roaming is a paid add-on; every roaming operation checks it first. */
export function requireRoaming(t: Tenant, door: Door): void {
  if (t.config.roamingEnabled) return;
  if (door === 'sdk') {
    throw new RoamingError('roaming_disabled_sdk', `messageroaming function not open for ${t.appKey} (config.roamingEnabled is false)`, 'roamingEnabled');
  }
  throw new RoamingError('roaming_disabled_rest', `this appKey not open message roaming: ${t.appKey} (config.roamingEnabled is false)`, 'roamingEnabled');
}

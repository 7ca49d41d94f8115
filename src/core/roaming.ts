import { RoamingError } from './errors.ts';
import type { Tenant } from './model.ts';

/** R1 refused: roaming (or chat-room roaming) is off for this tenant. The API words it per plane. */
export class RoamingDisabled extends RoamingError {
  constructor(
    readonly appKey: string,
    readonly setting: 'roamingEnabled' | 'chatroomRoaming',
    description: string,
  ) {
    super('roaming_disabled', description, setting);
  }
}

/** R1 (reworded by SPEC-2 §N): chat and group roaming are on by default; the switch stays for tests. Every roaming operation checks it first. */
export function requireRoaming(t: Tenant): void {
  if (t.config.roamingEnabled) return;
  throw new RoamingDisabled(t.appKey, 'roamingEnabled', `messageroaming function not open for ${t.appKey} (config.roamingEnabled is false)`);
}

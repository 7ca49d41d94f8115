import { Command } from '../api/msync/frames.ts';
import { pb } from '../api/wire/proto.ts';
import { MASK } from './mask.ts';

/**
 * A frame with its token replaced by MASK in `MSync.auth` (any command) and a login's `Provision.auth` and
 * `authToken`, re-encoded so the raw bytes in the session hold no token either. Other frames pass unchanged.
 */
export function maskFrame(bytes: Uint8Array): Uint8Array {
  let msync;
  try {
    msync = pb.MSync.decode(bytes) as unknown as Record<string, any>;
  } catch {
    return bytes;
  }
  const login = Number(msync['command'] ?? 0) === Command.PROVISION;
  if (!msync['auth'] && !login) return bytes;
  // Every frame may carry the token in `auth` (the SDK's LOGOUT does too).
  if (msync['auth']) msync['auth'] = `$t$${MASK}`;
  if (login && msync['payload']?.length) {
    const provision = pb.Provision.decode(msync['payload']) as unknown as Record<string, any>;
    if (provision['auth']) provision['auth'] = `$t$${MASK}`;
    if (provision['authToken']) provision['authToken'] = JSON.stringify({ token: `$t$${MASK}` });
    msync['payload'] = pb.Provision.encode(provision as never).finish();
  }
  return pb.MSync.encode(msync as never).finish();
}

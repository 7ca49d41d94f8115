import { describe, expect, it } from 'vitest';
import { loadPeer, MissingPeerError } from '../../src/node/optional-peer.ts';

describe('optional peers', () => {
  it('a missing peer is one line naming the package and the install command', async () => {
    const err = await loadPeer('no-such-peer-package', 'Pact verification', '^16', () => import('no-such-peer-package' as string)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingPeerError);
    expect((err as Error).message).toBe('[roaming-mock] Pact verification needs no-such-peer-package, which is not installed. Run: npm install --save-dev no-such-peer-package@^16');
  });
  it('other failures while loading a peer are not disguised as a missing package', async () => {
    const boom = new Error('broken inside the peer');
    await expect(loadPeer('msw', 'MSW handlers', '^2', () => Promise.reject(boom))).rejects.toBe(boom);
  });
});

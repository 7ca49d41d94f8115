/** An optional peer dependency that is not installed: its message is one line with the install command. */
export class MissingPeerError extends Error {
  constructor(
    readonly peer: string,
    feature: string,
    range: string,
  ) {
    super(`[roaming-mock] ${feature} needs ${peer}, which is not installed. Run: npm install --save-dev ${peer}@${JSON.stringify(range).slice(1, -1)}`);
    this.name = 'MissingPeerError';
  }
}

const notFound = (err: unknown, peer: string): boolean => {
  const e = err as { code?: string; message?: string };
  return (e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND') && (e.message ?? '').includes(`'${peer}'`);
};

/**
 * Load an optional peer only when a feature needs it (`verify` → Pact, `generate` → faker), so that installing
 * roaming-mock does not install them and a missing one is a clear instruction, not a stack trace.
 */
export async function loadPeer<T>(peer: string, feature: string, range: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if (notFound(err, peer)) throw new MissingPeerError(peer, feature, range);
    throw err;
  }
}

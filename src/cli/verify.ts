import { VerifyUsageError, verifyProvider, type VerifyOptions } from '../contracts/verify.ts';

/** `roaming-mock verify`: 0 all interactions pass, 1 some failed, 2 bad usage. */
export async function runVerify(options: VerifyOptions): Promise<number> {
  try {
    const result = await verifyProvider(options);
    if (result.ok) {
      console.log('[roaming-mock] verification passed');
      return 0;
    }
    console.error('[roaming-mock] verification failed (see the report above)');
    return 1;
  } catch (err) {
    if (err instanceof VerifyUsageError) {
      console.error(`[roaming-mock] ${err.message}`);
      return 2;
    }
    throw err;
  }
}

/** Pact tools: the provider-state vocabulary and the verifier (`roaming-mock/contracts`). */
export { verifyProvider, pactFiles, BUNDLED_CONTRACTS, VerifyUsageError } from './verify.ts';
export type { VerifyOptions } from './verify.ts';
export { STATES, PACT_TOKENS, PACT_APP_KEY, applyProviderState, resetPactTenant } from './states.ts';

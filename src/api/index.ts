/** What the doors (src/adapters) may use of the API layer: plain shapes and conversions, nothing of the core. */
export { MAX_BODY_BYTES } from './request.ts';
export type { ApiRequest, ApiResponse } from './request.ts';
export { fromFetchRequest, toFetchResponse, tooLargeResponse } from './fetch.ts';
export type { Route, Router } from './router.ts';
export { hubOf } from './msync/hub.ts';
export { MsyncSession, MAX_DEVICES_PER_USER } from './msync/session.ts';
export { createControlGuard, exposureWarning } from './control-guard.ts';
export type { ControlGuard, ControlGuardOptions } from './control-guard.ts';

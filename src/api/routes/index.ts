import type { Route } from '../router.ts';
import { restRoutes } from './rest.ts';
import { sdkRoutes } from './sdk.ts';

/** The service's own routes under `/{org}/{app}` (the control plane is composed in by mock.ts). */
export const tenantRoutes: readonly Route[] = [...sdkRoutes, ...restRoutes];

import type { Route } from '../router.ts';
import { restRoutes } from './rest.ts';
import { changeRoutes } from './changes.ts';
import { sdkRoutes } from './sdk.ts';
import { serverRoutes } from './server.ts';

/** The service's own routes, each with `:org/:app` (the control plane is composed in by mock.ts). */
export const tenantRoutes: readonly Route[] = [...sdkRoutes, ...restRoutes, ...changeRoutes, ...serverRoutes];

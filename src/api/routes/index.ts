import type { Route } from '../router.ts';
import { controlRoutes } from './control.ts';
import { controlToolRoutes } from './control-tools.ts';
import { controlInspectRoutes } from './control-inspect.ts';
import { restRoutes } from './rest.ts';
import { changeRoutes } from './changes.ts';
import { sdkRoutes } from './sdk.ts';

/** The one route table: every door serves exactly these. */
export const routes: readonly Route[] = [...sdkRoutes, ...restRoutes, ...changeRoutes, ...controlRoutes, ...controlToolRoutes, ...controlInspectRoutes];

import type { Route } from '../api/router.ts';
import { bundledFixtureRoutes, type BundledFixtures } from './bundled.ts';
import { inspectorRoutes, type InspectorAssets } from './inspector.ts';
import { controlInspectRoutes } from './inspect.ts';
import { controlRoutes } from './state.ts';
import { controlInfoRoutes, controlToolRoutes } from './tools.ts';

export type { BundledFixtures } from './bundled.ts';
export type { InspectorAssets } from './inspector.ts';

/** What other parts contribute to the control plane; `mock.ts` joins them here. */
export interface ControlParts {
  /** The Pact provider-state route (src/contracts). */
  readonly providerState: Route;
  /** The bundled fixtures, loaded when a route first asks. */
  readonly bundledFixtures: () => Promise<BundledFixtures>;
  /** The inspector page and script, loaded when first served. */
  readonly inspector: () => Promise<InspectorAssets>;
}

/** The `/_mock` plane (SPEC §3.4), in the order the OpenAPI description lists it. */
export function controlPlane(parts: ControlParts): Route[] {
  return [
    ...controlRoutes,
    ...controlToolRoutes,
    parts.providerState,
    ...controlInfoRoutes,
    ...controlInspectRoutes,
    ...bundledFixtureRoutes(parts.bundledFixtures),
    ...inspectorRoutes(parts.inspector),
  ];
}

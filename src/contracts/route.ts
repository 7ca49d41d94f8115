import { badArg, describe } from '../core/errors.ts';
import { requireObject } from '../api/params.ts';
import type { Route } from '../api/router.ts';
import { json } from '../api/wire/envelope.ts';
import { applyProviderState } from './states.ts';

/** `POST /_mock/provider-states`: what the Pact verifier calls before each interaction (contributed to the control plane). */
export const providerStateRoute: Route = {
  method: 'POST',
  path: '/_mock/provider-states',
  name: 'control.providerState',
  plane: 'control',
  doc: { summary: 'Pact state change: reset the contract tenant and apply a state of the vocabulary', body: '{state, params?, action?: "setup" | "teardown"}' },
  auth: 'none',
  handler(ctx) {
    const b = requireObject(ctx.body());
    if (typeof b['state'] !== 'string') throw badArg('state', `required: a provider state of the vocabulary, got ${describe(b['state'])}`);
    const action = b['action'] ?? 'setup';
    if (action !== 'setup' && action !== 'teardown') throw badArg('action', `must be "setup" or "teardown", got ${describe(action)}`);
    const params = b['params'] ?? {};
    if (typeof params !== 'object' || params === null || Array.isArray(params)) throw badArg('params', `must be an object, got ${describe(params)}`);
    return json(200, applyProviderState(ctx.mock, b['state'], params as Record<string, unknown>, action));
  },
};

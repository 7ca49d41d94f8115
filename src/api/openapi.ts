import type { Route } from './router.ts';
import { VERSION } from './version.ts';

const ERROR_SCHEMA = {
  type: 'object',
  required: ['error', 'exception', 'timestamp', 'duration', 'error_description'],
  properties: {
    error: { type: 'string', examples: ['illegal_argument'] },
    exception: { type: 'string' },
    timestamp: { type: 'integer' },
    duration: { type: 'integer' },
    error_description: { type: 'string', examples: ['limit: must be an integer in [1, 50], got 51'] },
  },
};

/** `/:org/:app/users/:user` → `/{org}/{app}/users/{user}`. */
export const openApiPath = (pattern: string): string => pattern.replace(/:([A-Za-z]+)/g, '{$1}');

/** OpenAPI 3.1, generated from the route table itself so it cannot drift; each route carries its words. */
export function openApiDocument(routes: readonly Route[], origin: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) {
    const doc = route.doc;
    const pathParams = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const queryParams = Object.entries(doc.query ?? {}).map(([name, description]) => ({ name, in: 'query', required: false, description, schema: { type: 'string' } }));
    (paths[openApiPath(route.path)] ??= {})[route.method.toLowerCase()] = {
      operationId: route.name,
      summary: doc.summary,
      tags: [route.plane],
      ...(route.auth === 'none' ? { security: [] } : {}),
      parameters: [...pathParams, ...queryParams],
      ...(doc.body ? { requestBody: { required: true, description: doc.body, content: { 'application/json': { schema: {} } } } } : {}),
      responses: {
        '200': { description: 'OK (REST envelope, or the raw shape SPEC §3 names)', content: { 'application/json': { schema: { type: 'object' } } } },
        default: { description: 'The service\'s error envelope', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'roaming-mock', version: VERSION, description: 'A local mock of the Easemob IM message roaming service: SDK-facing and REST endpoints under /{org}/{app}, and the control plane under /_mock.' },
    servers: [{ url: origin }],
    tags: [
      { name: 'auth', description: 'Tokens (R17)' },
      { name: 'sdk', description: 'What the client SDKs call (SPEC §3.1)' },
      { name: 'rest', description: 'What app servers call (SPEC §3.2)' },
      { name: 'control', description: 'The mock\'s control plane (SPEC §3.4)' },
    ],
    components: {
      schemas: { Error: ERROR_SCHEMA },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
    security: [{ bearer: [] }],
    paths,
  };
}

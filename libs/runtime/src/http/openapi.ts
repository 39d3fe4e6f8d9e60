/**
 * The service's OpenAPI 3.1 document, built from the routes as they were registered
 * (api-router.ts): the request schemas in it are the ones that validate requests.
 * Every refusal is the one problem+json shape (problem.ts), documented once.
 */
import type { TObject, TSchema } from '@sinclair/typebox';
import { paramsSchemaOf, type RouteSpec } from './api-router';
import { isPublic } from '@motcua/auth';

export type JsonObject = Record<string, unknown>;

export interface OpenApiInfo {
  service: string;
  description: string;
}

/** TypeBox marks its schemas with symbols; the document carries plain JSON Schema. */
const plain = (schema: TSchema): JsonObject => JSON.parse(JSON.stringify(schema)) as JsonObject;

const ProblemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details. Branch on `code`, never on `title` or `detail`.',
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri', description: 'https://motcua.vn/problems/<code in kebab case>' },
    title: { type: 'string', description: 'the code again, for clients that show only the title' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    code: { type: 'string', pattern: '^[A-Z_]+\\.[A-Z0-9_]+$', examples: ['REQUEST.INVALID', 'INTAKE.UNKNOWN_PROCEDURE'] },
    detail: { type: 'string', description: 'what went wrong, in English, for the developer' },
    instance: { type: 'string', description: 'the request path' },
    errors: {
      type: 'array',
      description: 'the failing fields, e.g. `body/applicant/phone`',
      items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
    traceId: { type: 'string', pattern: '^[0-9a-f]{32}$', description: 'the request trace: quote it to ops' },
  },
};

const IdempotencyKeyParameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes the POST safe to retry: the same key with the same body answers the first response again (header `Idempotent-Replayed: true`); with a different body, 422 REQUEST.IDEMPOTENCY_KEY_REUSED; while the first is running, 409 with Retry-After.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
};

export const openApiPath = (expressPath: string): string => expressPath.replace(/:(\w+)/g, '{$1}');

function parametersOf(schema: TObject, where: 'path' | 'query'): JsonObject[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).map(([name, property]) => {
    const { description, ...rest } = plain(property);
    return { name, in: where, required: where === 'path' || required.has(name), ...(description ? { description } : {}), schema: rest };
  });
}

function operationId(route: RouteSpec): string {
  const words = route.path
    .split('/')
    .filter((part) => part && part !== 'v1')
    .map((part) => (part.startsWith(':') ? `by-${part.slice(1)}` : part))
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return [route.method, ...words].map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
}

/** How the document states a route's access: OpenAPI `security`, the roles in words and as `x-motcua-access`. */
function accessOf(route: RouteSpec): { security: JsonObject[]; note: string; responses: JsonObject } {
  const access = route.access;
  if (isPublic(access)) return { security: [], note: `Public: ${access.public}.`, responses: {} };
  const problem = { $ref: '#/components/responses/Problem' };
  const security: JsonObject[] = [];
  const who: string[] = [];
  if (access.officers?.length) {
    security.push({ officerJwt: [] });
    who.push(`officers with role ${access.officers.join(', ')}`);
  }
  if (access.integrators) {
    security.push({ apiKey: [] });
    who.push(`integrators whose API key holds \`${access.integrators}\``);
  }
  if (access.anonymousWhen) {
    security.push({});
    who.push(`anyone when ${access.anonymousWhen}`);
  }
  return { security, note: `Who may call: ${who.join('; ')}.`, responses: { 401: problem, 403: problem, ...(access.integrators ? { 429: problem } : {}) } };
}

function operationOf(route: RouteSpec): JsonObject {
  const access = accessOf(route);
  const parameters = [
    ...parametersOf(paramsSchemaOf(route), 'path'),
    ...(route.query ? parametersOf(route.query, 'query') : []),
    ...(route.headers ?? []).map((h) => ({ name: h.name, in: 'header', required: h.required ?? false, description: h.description, schema: { type: 'string', maxLength: 64 } })),
    ...(route.method === 'post' ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : []),
  ];
  const responses: JsonObject = {};
  for (const [status, response] of Object.entries(route.responses)) {
    const types = response.contentTypes ?? ['application/json'];
    responses[status] = {
      description: response.description,
      ...(response.headers ? { headers: Object.fromEntries(Object.entries(response.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }])) } : {}),
      content: Object.fromEntries(types.map((type) => [type, type.includes('json') && response.schema ? { schema: plain(response.schema) } : {}])),
    };
  }
  Object.assign(responses, access.responses);
  responses['default'] = { $ref: '#/components/responses/Problem' };
  const body = route.body;
  return {
    operationId: operationId(route),
    summary: route.summary,
    description: route.description ? `${route.description}\n\n${access.note}` : access.note,
    security: access.security,
    'x-motcua-access': route.access,
    tags: [route.path.split('/')[route.path.startsWith('/v1/') ? 2 : 1] ?? 'service'],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body
      ? { requestBody: { required: ((body as TObject).required?.length ?? 0) > 0, content: { 'application/json': { schema: plain(body) } } } }
      : {}),
    ...(route.rawBody ? { requestBody: { required: true, description: route.rawBody.description, content: { [route.rawBody.contentType]: { schema: { type: 'string', contentMediaType: route.rawBody.contentType, maxLength: route.rawBody.limitBytes } } } } } : {}),
    responses,
  };
}

export function openApiDocument(info: OpenApiInfo, routes: RouteSpec[]): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const route of [...routes].sort((a, b) => a.path.localeCompare(b.path))) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operationOf(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: `motcua ${info.service} API`,
      version: '1.0.0',
      description: `${info.description}\n\nConventions, errors, idempotency and limits: docs/api.md in the motcua repository.`,
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    paths,
    components: {
      schemas: { Problem: ProblemSchema },
      responses: {
        Problem: {
          description: 'The request was refused or failed: problem+json with a stable code, the failing fields and the trace id.',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
      parameters: { IdempotencyKey: IdempotencyKeyParameter },
      securitySchemes: {
        officerJwt: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'An officer token: `sub` (officer id), `role` (reception, specialist, leader, courier, ops) and `centre` claims, RS256 from the identity provider (HS256 only in the embedded edition, where `motcua token` mints them). An officer acts only on their own centre\'s dossiers; ops read every centre\'s.',
        },
        apiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'X-API-Key',
          description: 'An integrator key from `motcua keys create`, scoped to centres and operations and rate-limited (429 with Retry-After).',
        },
      },
    },
  };
}

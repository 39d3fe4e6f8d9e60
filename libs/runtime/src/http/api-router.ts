/**
 * Routes that describe themselves: each one is registered with the TypeBox schemas of
 * its path parameters, query, body and answers. The same schemas validate the request
 * before the handler runs and make the service's OpenAPI document (openapi.ts), so
 * what is documented is what is enforced. A route without a query schema takes no
 * query; a path parameter without a schema is an identifier (letters, digits `._:-`).
 * Each route also declares who may call it (`access`): the router refuses everyone
 * else before the input is even parsed, and hands the handler the caller.
 */
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { Type, type Static, type TObject, type TSchema } from '@sinclair/typebox';
import { AppError, ErrorCodes } from '@motcua/errors';
import { authorize, type Access, type Principal } from '@motcua/auth';
import { principalOf } from './authentication.middleware';
import { parseBody, parseParams, parseQuery } from './validate';

export type HttpMethod = 'get' | 'post' | 'patch' | 'delete';

export interface ResponseSpec {
  description: string;
  /** JSON Schema of the answer, when it is JSON. */
  schema?: TSchema;
  /** `application/json` unless said otherwise (`text/html; charset=utf-8`, `application/pdf`, `text/csv`…). */
  contentTypes?: string[];
  /** Response headers worth a client's attention (`Location`). */
  headers?: Record<string, string>;
}

export interface RouteDefinition {
  /** Express path (`/v1/dossiers/:id`); becomes `/v1/dossiers/{id}` in the document. */
  path: string;
  summary: string;
  description?: string;
  /** Who may call: public (and why), or the officer roles and the integrator operation admitted. */
  access: Access;
  params?: TObject;
  query?: TObject;
  /** JSON body (`application/json`). */
  body?: TSchema;
  /** A body that is not JSON (the PDF the verify endpoint checks): handed to the route as a Buffer, up to `limitBytes`. */
  rawBody?: { contentType: string; description: string; limitBytes: number };
  /** Headers the route reads beyond credentials (a callback's signature). */
  headers?: { name: string; description: string; required?: boolean }[];
  responses: Record<number, ResponseSpec>;
}

export interface RouteSpec extends RouteDefinition {
  method: HttpMethod;
}

type Parsed<S, Otherwise> = S extends TSchema ? Static<S> : Otherwise;
/** `'/v1/items/:id/parts/:part'` → `'id' | 'part'`. */
type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}` ? Name | ParamNames<`/${Rest}`> : P extends `${string}:${infer Name}` ? Name : never;

export interface RouteInput<D extends RouteDefinition> {
  params: Parsed<D['params'], { [K in ParamNames<D['path']>]: string }>;
  query: Parsed<D['query'], Record<string, never>>;
  body: Parsed<D['body'], undefined>;
  /** The authenticated caller; always set unless the route is public. */
  principal: D['access'] extends { public: string } | { anonymousWhen: string } ? Principal | undefined : Principal;
  req: Request;
  res: Response;
}

export type RouteHandler<D extends RouteDefinition> = (input: RouteInput<D>) => unknown;

export interface ApiRouter {
  /** Mount this in the service's routers. */
  router: Router;
  get<const D extends RouteDefinition>(definition: D, handler: RouteHandler<D>): void;
  post<const D extends RouteDefinition>(definition: D, handler: RouteHandler<D>): void;
  patch<const D extends RouteDefinition>(definition: D, handler: RouteHandler<D>): void;
  delete<const D extends RouteDefinition>(definition: D, handler: RouteHandler<D>): void;
}

/** `?format=json|html` of a printable document: HTML (to print) unless JSON is asked for. */
export const DocumentFormatQuery = Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('html')])) }, { additionalProperties: false });

/** `limit` and `offset` of a list: a page of at most `maxLimit` items, no further than a million in. */
export const pageQuery = (maxLimit: number, defaultLimit = 50) => ({
  limit: Type.Integer({ minimum: 1, maximum: maxLimit, default: defaultLimit }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});

/** A printable document's answer: the HTML page by default, its data with `?format=json`. */
export const printableResponse = (description: string): ResponseSpec => ({ description, contentTypes: ['text/html; charset=utf-8', 'application/json'] });

const specsByRouter = new WeakMap<Router, RouteSpec[]>();

/** The routes registered on a router through apiRouter(), in order; none for a plain express Router. */
export function routeSpecsOf(router: Router): RouteSpec[] {
  return specsByRouter.get(router) ?? [];
}

/** What a path parameter is when the route says nothing more: an identifier, so `..` and `/` never reach a handler. */
export const PathId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' });
const NoQuery = Type.Object({}, { additionalProperties: false });
const JSON_TYPES = ['application/json', 'application/*+json'];

export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
}

/** The parameters' schema: the route's own, or an identifier for each `:name` in the path. */
export function paramsSchemaOf(definition: RouteDefinition): TObject {
  if (definition.params) return definition.params;
  return Type.Object(Object.fromEntries(pathParamNames(definition.path).map((name) => [name, PathId])), { additionalProperties: false });
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

export function apiRouter(): ApiRouter {
  const router = Router();
  const specs: RouteSpec[] = [];
  specsByRouter.set(router, specs);

  const register = (method: HttpMethod, definition: RouteDefinition, handler: RouteHandler<RouteDefinition>): void => {
    specs.push({ ...definition, method });
    const params = paramsSchemaOf(definition);
    const query = definition.query ?? NoQuery;
    const run: RequestHandler = async (req, res) => {
      const principal = authorize(definition.access, principalOf(res));
      if (definition.body && hasBody(req) && !req.is(JSON_TYPES)) {
        throw new AppError(ErrorCodes.REQUEST_UNSUPPORTED_MEDIA_TYPE, 'validation', `send the body as application/json, not ${req.get('content-type') ?? 'without a content type'}`, {
          status: 415,
        });
      }
      const input = {
        params: parseParams(params, req.params),
        query: parseQuery(query, req.query),
        body: definition.body ? parseBody(definition.body, req.body) : undefined,
        principal,
        req,
        res,
      };
      await handler(input as RouteInput<RouteDefinition>);
    };
    if (definition.rawBody) router[method](definition.path, express.raw({ type: definition.rawBody.contentType, limit: definition.rawBody.limitBytes }), run);
    else router[method](definition.path, run);
  };

  return {
    router,
    get: (definition, handler) => register('get', definition, handler as RouteHandler<RouteDefinition>),
    post: (definition, handler) => register('post', definition, handler as RouteHandler<RouteDefinition>),
    patch: (definition, handler) => register('patch', definition, handler as RouteHandler<RouteDefinition>),
    delete: (definition, handler) => register('delete', definition, handler as RouteHandler<RouteDefinition>),
  };
}

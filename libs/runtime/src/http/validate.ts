/**
 * Request validation against the same TypeBox/JSON schemas the API documents:
 * unknown fields refused, every failing field reported by path.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Static, TSchema } from '@sinclair/typebox';
import { AppError, ErrorCodes } from '@motcua/errors';

const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false });
addFormats(ajv);
const queryAjv = new Ajv({ allErrors: true, strict: false, coerceTypes: true, useDefaults: true });
addFormats(queryAjv);

const cache = new WeakMap<TSchema, ValidateFunction>();
const queryCache = new WeakMap<TSchema, ValidateFunction>();

function compiled(schema: TSchema, forQuery: boolean): ValidateFunction {
  const store = forQuery ? queryCache : cache;
  let validate = store.get(schema);
  if (!validate) {
    validate = (forQuery ? queryAjv : ajv).compile(schema);
    store.set(schema, validate);
  }
  return validate;
}

function check<S extends TSchema>(schema: S, value: unknown, where: 'body' | 'query' | 'params', forQuery: boolean): Static<S> {
  const validate = compiled(schema, forQuery);
  if (validate(value)) return value as Static<S>;
  const fields = (validate.errors ?? []).map((e) => ({
    path: `${where}${e.instancePath}${e.keyword === 'additionalProperties' ? `/${String(e.params['additionalProperty'])}` : ''}${e.keyword === 'required' ? `/${String(e.params['missingProperty'])}` : ''}`,
    message: e.keyword === 'additionalProperties' ? 'unknown field' : (e.message ?? 'invalid'),
  }));
  throw new AppError(ErrorCodes.REQUEST_INVALID, 'validation', `invalid ${where}: ${fields.map((f) => `${f.path} ${f.message}`).join('; ')}`, { fields });
}

export function parseBody<S extends TSchema>(schema: S, body: unknown): Static<S> {
  return check(schema, body ?? {}, 'body', false);
}

/** Query strings are text: numbers and booleans are coerced, defaults applied. */
export function parseQuery<S extends TSchema>(schema: S, query: unknown): Static<S> {
  return check(schema, { ...(query as object) }, 'query', true);
}

/** Path parameters are text too: coerced like a query (a partition number), reported under `params/`. */
export function parseParams<S extends TSchema>(schema: S, params: unknown): Static<S> {
  return check(schema, { ...(params as object) }, 'params', true);
}

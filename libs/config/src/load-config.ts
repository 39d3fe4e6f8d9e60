/**
 * Typed configuration read once at start. A service declares a TypeBox schema
 * whose property names are the environment variable names; anything missing or
 * malformed stops start-up with a message naming the variable.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { Static, TObject } from '@sinclair/typebox';
import { AppError, ErrorCodes } from '@motcua/errors';

const ajv = new Ajv({ coerceTypes: true, useDefaults: true, allErrors: true, removeAdditional: true, strict: false });
addFormats(ajv);

export function loadConfig<S extends TObject>(schema: S, env: Record<string, string | undefined> = process.env): Static<S> {
  const known = Object.keys(schema.properties);
  const input: Record<string, unknown> = {};
  for (const name of known) {
    const raw = env[name];
    if (raw !== undefined && raw !== '') input[name] = raw;
  }
  const validate = ajv.compile(schema);
  if (!validate(input)) {
    const problems = (validate.errors ?? []).map((e) => {
      const variable = e.instancePath.replace(/^\//, '') || String(e.params['missingProperty'] ?? '');
      return `${variable}: ${e.message ?? 'invalid'}${variable && env[variable] !== undefined ? ` (got "${env[variable]}")` : ''}`;
    });
    throw new AppError(ErrorCodes.CONFIG_INVALID, 'validation', `invalid configuration: ${problems.join('; ')}`, {
      fields: problems.map((p) => ({ path: p.split(':')[0] ?? '', message: p })),
    });
  }
  return input as Static<S>;
}

/** ajv validators for every catalogue schema, compiled once and reused. */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { AppError, ErrorCodes, type FieldError } from '@motcua/errors';
import { catalogue, type EventName } from './events.schema';
import { EVENT_TYPE_PREFIX } from './constants';

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);

const compiled = new Map<string, ValidateFunction>();
for (const [name, entry] of Object.entries(catalogue)) {
  compiled.set(`${EVENT_TYPE_PREFIX}${entry.service}.${name}.v1`, ajv.compile(entry.schema));
}

export function knownEventTypes(): string[] {
  return [...compiled.keys()];
}

export function validateEventData(type: string, data: unknown): { valid: true } | { valid: false; errors: FieldError[] } {
  const validate = compiled.get(type);
  if (!validate) return { valid: false, errors: [{ path: 'type', message: `unknown event type ${type}` }] };
  if (validate(data)) return { valid: true };
  return {
    valid: false,
    errors: (validate.errors ?? []).map((e) => ({
      path: e.instancePath || '/',
      message: e.keyword === 'additionalProperties' ? `unknown field "${String(e.params['additionalProperty'])}"` : (e.message ?? 'invalid'),
    })),
  };
}

export function ensureValidData(type: string, data: unknown): void {
  const result = validateEventData(type, data);
  if (!result.valid) {
    throw new AppError(ErrorCodes.CONTRACT_INVALID_EVENT, 'permanent', `refusing to produce an invalid ${type}: ${result.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, {
      fields: result.errors,
      retryable: false,
    });
  }
}

export type { EventName };

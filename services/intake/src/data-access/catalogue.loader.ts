/**
 * Loads the built-in procedures and centres from data/*.json, validating each
 * entry; a bad entry stops start-up naming the file, the entry and the field.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { Type } from '@sinclair/typebox';
import { AppError, ErrorCodes } from '@motcua/errors';
import { returnChannelTypes } from '@motcua/contracts';
import type { Catalogue, Centre, Procedure } from '../domain/catalogue';

const DocumentSpec = Type.Object({ code: Type.String({ minLength: 1 }), name: Type.String({ minLength: 1 }) }, { additionalProperties: false });
const ProcedureSchema = Type.Object(
  {
    code: Type.String({ pattern: '^[0-9]\\.[0-9]{6}$' }),
    verified: Type.Boolean(),
    name: Type.String({ minLength: 1 }),
    sector: Type.String({ minLength: 1 }),
    deadline: Type.Union([
      Type.Object({ kind: Type.Literal('sameDay'), cutoff: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }) }, { additionalProperties: false }),
      Type.Object({ kind: Type.Literal('workingDays'), days: Type.Integer({ minimum: 1, maximum: 90 }) }, { additionalProperties: false }),
    ]),
    requiredDocuments: Type.Array(DocumentSpec),
    feeVnd: Type.Integer({ minimum: 0 }),
    returnChannels: Type.Array(Type.Union(returnChannelTypes.map((t) => Type.Literal(t))), { minItems: 1 }),
    requiresSignature: Type.Boolean(),
    supplementClock: Type.Union([Type.Literal('restart'), Type.Literal('resume')]),
  },
  { additionalProperties: false },
);
const CentreSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9-]+$' }),
    code: Type.String({ pattern: '^[A-Z0-9]{2,8}$' }),
    name: Type.String({ minLength: 1 }),
    receptionPoints: Type.Array(
      Type.Object({ id: Type.String({ pattern: '^[a-z0-9-]+$' }), name: Type.String({ minLength: 1 }), kind: Type.Union([Type.Literal('main'), Type.Literal('satellite')]) }, { additionalProperties: false }),
      { minItems: 1 },
    ),
    transferRounds: Type.Array(Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' })),
  },
  { additionalProperties: false },
);

const ajv = new Ajv({ allErrors: true, strict: false });
const validateProcedure = ajv.compile(ProcedureSchema);
const validateCentre = ajv.compile(CentreSchema);

/** 1-based line of the n-th entry of `key` in the file, found by scanning for its opening brace. */
function lineOfEntry(text: string, key: string, index: number): number {
  const start = text.indexOf(`"${key}"`);
  let depth = 0;
  let seen = -1;
  for (let i = text.indexOf('[', start) + 1; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '{') {
      if (depth === 0 && ++seen === index) return text.slice(0, i).split('\n').length;
      depth += 1;
    } else if (ch === '}') depth -= 1;
    else if (ch === ']' && depth === 0) break;
  }
  return 0;
}

function loadEntries<T>(file: string, key: string, validate: ReturnType<typeof ajv.compile>): { entries: T[]; raw: Record<string, unknown> } {
  const text = readFileSync(file, 'utf8');
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new AppError(ErrorCodes.CONFIG_INVALID, 'validation', `${file}: not valid JSON: ${(error as Error).message}`);
  }
  const entries = raw[key];
  if (!Array.isArray(entries)) throw new AppError(ErrorCodes.CONFIG_INVALID, 'validation', `${file}: "${key}" must be an array`);
  entries.forEach((entry, index) => {
    if (!validate(entry)) {
      const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'}`).join('; ');
      throw new AppError(ErrorCodes.CONFIG_INVALID, 'validation', `${file}:${lineOfEntry(text, key, index)}: ${key}[${index}] is invalid: ${problems}`);
    }
  });
  return { entries: entries as T[], raw };
}

export function loadCatalogue(dataDir: string = join(__dirname, '..', '..', 'data')): Catalogue {
  const procedures = loadEntries<Procedure>(join(dataDir, 'procedures.json'), 'procedures', validateProcedure).entries;
  const { entries: centres, raw } = loadEntries<Centre>(join(dataDir, 'centres.json'), 'centres', validateCentre);
  return { procedures, centres, sampleCentres: raw['sample'] === true };
}

/**
 * The shape of the three catalogue files (data/procedures.json, centres.json,
 * officers.json) as TypeBox schemas, and their checking with ajv. Pure: the loader
 * reads the files and turns the problems found here into messages with file and line.
 */
import Ajv, { type ErrorObject } from 'ajv';
import { Type, type TSchema } from '@sinclair/typebox';
import { returnChannelTypes } from '@motcua/contracts';
import type { DeadlineRule } from '@motcua/working-time';

/** One thing wrong in a file; `path` points at the offending value, e.g. `['centres', 3, 'code']`. */
export interface CatalogueProblem {
  path: (string | number)[];
  message: string;
}

const TimeText = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'a local time of day, HH:mm' });
const Slug = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', description: 'lower-case words joined by hyphens' });
const Text = Type.String({ minLength: 1 });
/** Every file says where its data comes from and how sure it is. */
const FileHeader = { $comment: Type.String({ minLength: 1 }), sample: Type.Optional(Type.Boolean()) };

/** A string from a fixed list; one error naming the allowed values instead of one per union branch. */
const OneOf = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ type: 'string', enum: [...values] });

/** Deadline rules told apart by `kind`, so a bad rule is reported against its own branch only. */
const DeadlineSchema = Type.Unsafe<DeadlineRule>({
  type: 'object',
  required: ['kind'],
  discriminator: { propertyName: 'kind' },
  oneOf: [
    Type.Object({ kind: Type.Literal('sameDay'), cutoff: TimeText }, { additionalProperties: false }),
    Type.Object({ kind: Type.Literal('workingDays'), days: Type.Integer({ minimum: 1, maximum: 90 }) }, { additionalProperties: false }),
  ],
});

const DocumentSpecSchema = Type.Object({ code: Text, name: Text }, { additionalProperties: false });

export const ProcedureSchema = Type.Object(
  {
    code: Type.String({ pattern: '^[0-9]\\.[0-9]{6}$', description: 'national procedure code, e.g. 1.001193' }),
    verified: Type.Boolean(),
    name: Text,
    sector: Text,
    deadline: DeadlineSchema,
    requiredDocuments: Type.Array(DocumentSpecSchema),
    feeVnd: Type.Integer({ minimum: 0 }),
    returnChannels: Type.Array(Type.String(), { minItems: 1 }),
    requiresSignature: Type.Boolean(),
    supplementClock: OneOf(['restart', 'resume']),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const ReceptionPointSchema = Type.Object(
  { id: Slug, name: Text, kind: OneOf(['main', 'satellite']), address: Type.Optional(Text) },
  { additionalProperties: false },
);

export const CentreSchema = Type.Object(
  {
    id: Slug,
    code: Type.String({ pattern: '^[A-Z0-9]{2,8}$', description: 'short upper-case code used in dossier codes' }),
    adminUnitCode: Type.Optional(Type.String({ pattern: '^[0-9]{5}$', description: 'national administrative unit code (mã đơn vị hành chính cấp xã)' })),
    name: Text,
    kind: OneOf(['ward', 'commune']),
    dossierCodeTemplate: Type.Optional(Text),
    receptionPoints: Type.Array(ReceptionPointSchema, { minItems: 1 }),
    transferRounds: Type.Array(Type.String()),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const OfficerSchema = Type.Object(
  {
    id: Slug,
    name: Text,
    centreId: Slug,
    role: OneOf(['reception', 'specialist', 'leader', 'courier', 'ops']),
    sectors: Type.Array(Text),
  },
  { additionalProperties: false },
);

export const ProceduresFileSchema = Type.Object({ ...FileHeader, procedures: Type.Array(ProcedureSchema) }, { additionalProperties: false });
export const CentresFileSchema = Type.Object(
  { ...FileHeader, defaultDossierCodeTemplate: Text, centres: Type.Array(CentreSchema, { minItems: 1 }) },
  { additionalProperties: false },
);
export const OfficersFileSchema = Type.Object({ ...FileHeader, officers: Type.Array(OfficerSchema) }, { additionalProperties: false });

/** The return channels a procedure may list (from the contracts). */
export const knownReturnChannels: ReadonlySet<string> = new Set(returnChannelTypes);

const ajv = new Ajv({ allErrors: true, strict: false, discriminator: true });

function pointerToPath(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** ajv's message with the detail it keeps in params: the extra property or the allowed values. */
function describe(error: ErrorObject): string {
  const params = error.params as { additionalProperty?: string; allowedValues?: unknown[] };
  if (params.additionalProperty) return `${error.message ?? 'is invalid'} (${params.additionalProperty})`;
  if (params.allowedValues) return `must be one of ${params.allowedValues.join(', ')}`;
  return error.message ?? 'is invalid';
}

/** A checker for one file's shape: every problem, with the path of the offending value. */
export function shapeChecker(schema: TSchema): (data: unknown) => CatalogueProblem[] {
  const validate = ajv.compile(schema);
  return (data) => (validate(data) ? [] : (validate.errors ?? []).map((error) => ({ path: pointerToPath(error.instancePath), message: describe(error) })));
}

/** `centres[3].receptionPoints[0].kind` for `['centres', 3, 'receptionPoints', 0, 'kind']`. */
export function formatPath(path: (string | number)[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '') || '(file)';
}

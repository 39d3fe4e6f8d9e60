/** Building blocks shared by the event schemas. */
import { Type, type Static, type TProperties } from '@sinclair/typebox';

export const IsoDateTime = Type.String({ format: 'date-time', maxLength: 40 });
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' });
export const ShortText = Type.String({ minLength: 1, maxLength: 500 });
export const LongText = Type.String({ minLength: 1, maxLength: 20000 });

export const roles = ['citizen', 'integrator', 'reception', 'specialist', 'leader', 'courier', 'ops', 'system'] as const;
export const Role = Type.Union(roles.map((r) => Type.Literal(r)));
export type Role = Static<typeof Role>;

export const Actor = Type.Object(
  { role: Role, id: Type.Optional(Id), name: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export type Actor = Static<typeof Actor>;

export const returnChannelTypes = ['counter', 'postal_point', 'postal_home', 'electronic'] as const;
export const ReturnChannel = Type.Object(
  {
    type: Type.Union(returnChannelTypes.map((t) => Type.Literal(t))),
    postalPointId: Type.Optional(Id),
    receptionPointId: Type.Optional(Id),
    address: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
  },
  { additionalProperties: false },
);
export type ReturnChannel = Static<typeof ReturnChannel>;

export const Applicant = Type.Object(
  {
    fullName: Type.String({ minLength: 1, maxLength: 200 }),
    idNumber: Type.String({ pattern: '^[0-9]{9}$|^[0-9]{12}$', maxLength: 12 }),
    phone: Type.String({ pattern: '^0[0-9]{9}$', maxLength: 10 }),
    address: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type Applicant = Static<typeof Applicant>;

export const DocumentRef = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 64 }),
    name: Type.String({ minLength: 1, maxLength: 300 }),
    copies: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  },
  { additionalProperties: false },
);
export type DocumentRef = Static<typeof DocumentRef>;

export const ResultDraft = Type.Object(
  { title: Type.String({ minLength: 1, maxLength: 300 }), body: LongText },
  { additionalProperties: false },
);
export type ResultDraft = Static<typeof ResultDraft>;

/** Every business event names the dossier it is about, so any consumer can key, route and project it. */
export const dossierFields = {
  dossierId: Id,
  dossierCode: Type.String({ minLength: 1, maxLength: 64 }),
  centreId: Id,
  actor: Type.Optional(Actor),
};

export function eventData<P extends TProperties>(properties: P) {
  return Type.Object({ ...dossierFields, ...properties }, { additionalProperties: false });
}

/** The three fields every business event starts with, taken from any entity that knows its dossier. */
export function dossierRef(entity: { dossierId: string; dossierCode: string; centreId: string }): { dossierId: string; dossierCode: string; centreId: string } {
  return { dossierId: entity.dossierId, dossierCode: entity.dossierCode, centreId: entity.centreId };
}

/** Refusal at intake: record why a dossier was not taken in, and print the refusal slip (form 03). */
import { Type } from '@sinclair/typebox';
import { assertCentre } from '@motcua/auth';
import { Applicant, DocumentRef, ShortText } from '@motcua/contracts';
import { apiRouter, DocumentFormatQuery, printableResponse } from '@motcua/runtime';
import { refusalSlipOf } from '../../domain/intake.documents';
import { refusalNotFound } from '../../domain/intake.errors';
import type { Refusal } from '../../domain/refusal.entity';
import { refuseAtIntake } from '../../domain/refuse-at-intake.use-case';
import { dossierReaders, intakeWriters, type IntakeRouteDeps } from './dossiers.routes';
import { callerOf, sendDocument } from './identity';

export const RefusalBody = Type.Object(
  {
    procedureCode: Type.String({ minLength: 1, maxLength: 32 }),
    centreId: Type.String({ minLength: 1, maxLength: 64 }),
    receptionPointId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    applicant: Applicant,
    documents: Type.Array(DocumentRef, { maxItems: 50 }),
    reason: ShortText,
  },
  { additionalProperties: false },
);

/** The record without the full id number: the slip prints its last four digits too. */
export const refusalView = (r: Refusal) => ({
  ...r,
  applicant: { fullName: r.applicant.fullName, idNumberLast4: r.applicant.idNumber.slice(-4) },
});

const refusalAnswer = { description: 'the refusal, with the last four digits of the id number only' };

export function refusalRoutes({ run, reads, ctx }: IntakeRouteDeps) {
  const api = apiRouter();

  api.post(
    {
      path: '/v1/refusals',
      summary: 'Record a dossier refused at intake',
      access: intakeWriters,
      body: RefusalBody,
      responses: { 201: { ...refusalAnswer, headers: { Location: 'the refusal\'s URL' } } },
    },
    async ({ body, principal, res }) => {
      const refusal = await refuseAtIntake(run, ctx, { ...body, actor: callerOf(ctx.catalogue, principal) });
      res.status(201).location(`/v1/refusals/${refusal.id}`).json(refusalView(refusal));
    },
  );

  api.get({ path: '/v1/refusals/:id', summary: 'A refusal', access: dossierReaders, responses: { 200: refusalAnswer } }, async ({ params, principal, res }) => {
    const refusal = await reads.refusal(params.id);
    if (!refusal) throw refusalNotFound(params.id);
    assertCentre(principal, refusal.centreId, 'read');
    res.json(refusalView(refusal));
  });

  api.get(
    { path: '/v1/refusals/:id/slip', summary: 'The refusal slip (form 03)', access: dossierReaders, query: DocumentFormatQuery, responses: { 200: printableResponse('the slip') } },
    async ({ params, query, principal, res }) => {
      const refusal = await reads.refusal(params.id);
      if (!refusal) throw refusalNotFound(params.id);
      assertCentre(principal, refusal.centreId, 'read');
      sendDocument(res, query.format, refusalSlipOf(ctx.catalogue, refusal));
    },
  );

  return api.router;
}
